"""Neighbourhood and connection searches: against networkx, then on the real store."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from typing import Any

import networkx as nx
import pytest

from graph.neighborhood import ACCOUNT, Hop, View, connection, neighborhood
from graph.store import CypherStore
from service.ingest.pipeline import Ingestor
from tests.conftest import lines


def _random_world(seed: int) -> nx.Graph:
    """Accounts a0.. and things d0.. (devices), each account on 0-3 things."""
    rng = random.Random(seed)
    g = nx.Graph()
    accounts = [f"a{i}" for i in range(60)]
    things = [f"d{i}" for i in range(45)]
    g.add_nodes_from(accounts, kind=ACCOUNT)
    g.add_nodes_from(things, kind="Device")
    for a in accounts:
        for d in rng.sample(things, rng.randrange(4)):
            g.add_edge(a, d)
    return g


def _expander(g: nx.Graph, cap: int = 1000):  # type: ignore[no-untyped-def]
    async def expand(accounts: Sequence[str]) -> list[Hop]:
        hops = []
        for a in accounts:
            for d in sorted(g[a]):
                others = sorted(o for o in g[d] if o != a)
                hops.append(Hop(a, "USED_DEVICE", "Device", d, len(others), tuple(others[:cap])))
        return hops

    return expand


def _accounts(view: View) -> set[str]:
    return {n.ref for n in view.nodes if n.kind == ACCOUNT}


@pytest.mark.parametrize("seed", range(6))
async def test_connection_is_a_shortest_path(seed: int) -> None:
    g = _random_world(seed)
    rng = random.Random(seed + 100)
    for _ in range(25):
        a, b = rng.sample([n for n in g if n.startswith("a")], 2)
        found = await connection(_expander(g), a, b, max_depth=3)
        try:
            hops = nx.shortest_path_length(g, a, b) // 2
        except nx.NetworkXNoPath:
            hops = 99
        if hops > 3:
            assert found is None
            continue
        assert found is not None
        refs = [n.ref for n in found.nodes]
        assert refs[0] == a and refs[-1] == b
        assert len(refs) == 2 * hops + 1
        for x, y in itertools.pairwise(refs):
            assert g.has_edge(x, y)
        assert len(found.edges) == len(refs) - 1


@pytest.mark.parametrize("seed", range(6))
async def test_neighborhood_holds_exactly_the_accounts_within_depth(seed: int) -> None:
    g = _random_world(seed)
    for depth in (1, 2, 3):
        view = await neighborhood(_expander(g), "a0", depth, limit=10_000)
        near = nx.single_source_shortest_path_length(g, "a0", cutoff=2 * depth)
        assert _accounts(view) == {n for n in near if n.startswith("a")}
        assert not view.truncated
        keys = {n.key for n in view.nodes}
        assert all(e.source in keys and e.target in keys for e in view.edges)


async def test_neighborhood_stops_at_the_limit_and_says_so() -> None:
    g = _random_world(1)
    full = await neighborhood(_expander(g), "a0", 3, limit=10_000)
    cut = await neighborhood(_expander(g), "a0", 3, limit=10)
    assert len(full.nodes) > 10
    assert len(cut.nodes) <= 10 and cut.truncated
    keys = {n.key for n in cut.nodes}
    assert all(e.source in keys and e.target in keys for e in cut.edges)


def _account(i: str) -> dict[str, Any]:
    return {"type": "account", "id": i, "kind": "FREELANCER", "name": f"Person {i}",
            "country": "PT", "created_at": "2024-01-01T00:00:00Z"}  # fmt: skip


async def test_store_expansion_links_devices_and_contracts(
    store: CypherStore, ingestor: Ingestor
) -> None:
    t = "2024-02-01T00:00:00Z"
    events: list[dict[str, Any]] = [_account(i) for i in ("x", "y", "z", "w")] + [
        {"type": "login", "account": "x", "at": t, "device": "shared-dev", "ip": "10.0.0.1"},
        {"type": "login", "account": "y", "at": t, "device": "shared-dev", "ip": "10.0.0.2"},
        {"type": "contract", "id": "k1", "client": "y", "freelancer": "z", "amount": 20,
         "started_at": t},
    ]  # fmt: skip
    report = await ingestor.ingest(lines(events))
    assert report.accepted == len(events), report
    hops = await store.expand(["x"])
    assert {(h.kind, h.thing, h.others) for h in hops} >= {("Device", "shared-dev", ("y",))}
    path = await connection(store.expand, "x", "z", max_depth=3)
    assert path is not None
    assert [n.key for n in path.nodes] == [
        "Account:x", "Device:shared-dev", "Account:y", "Contract:k1", "Account:z"
    ]  # fmt: skip
    assert [e.relation for e in path.edges] == ["USED_DEVICE", "USED_DEVICE", "HIRED", "WORKED_ON"]
    assert await connection(store.expand, "x", "w", max_depth=3) is None
    view = await neighborhood(store.expand, "x", 1, limit=50)
    assert _accounts(view) == {"x", "y"}
    summaries = {row.id: row.name for row in await store.account_summaries(["x", "nobody"])}
    assert summaries == {"x": "Person x"}
