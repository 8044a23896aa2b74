"""A rescore's write-back on the real store: what a later run no longer finds is swept."""

from __future__ import annotations

from typing import Any

from graph.model import WriteBatch
from graph.store import CypherStore
from graph.store.records import RescoreWrite
from tests.conftest import account_row


def _run(same_person: list[tuple[str, str]], members: list[str]) -> RescoreWrite:
    size = len(members)
    ring = {"id": "r1", "score": 0.8, "density": 1.0, "size": size, "kind": "RING"}
    return RescoreWrite(
        scores=[],
        same_person=[{"a": a, "b": b, "confidence": 0.9, "evidence": "[]"} for a, b in same_person],
        clusters=[{"id": "c1", "confidence": 0.9, "size": size, "members": members}],
        rings=[{**ring, "members": members}],
    )


async def test_links_a_later_run_no_longer_finds_are_swept(store: CypherStore) -> None:
    await store.write(WriteBatch(accounts=[account_row(i) for i in ("a", "b", "c")]))
    await store.write_rescore("run-1", _run([("a", "b"), ("b", "c")], ["a", "b", "c"]))
    first: dict[str, Any] = await store.counts()
    assert (first["SAME_PERSON"], first["IN_CLUSTER"], first["IN_RING"]) == (2, 3, 3)

    # the cluster and the ring survive with fewer members; one link is gone
    await store.write_rescore("run-2", _run([("a", "b")], ["a", "b"]))
    after = await store.counts()
    assert (after["SAME_PERSON"], after["IN_CLUSTER"], after["IN_RING"]) == (1, 2, 2)
    assert (after["Cluster"], after["Ring"]) == (1, 1)
