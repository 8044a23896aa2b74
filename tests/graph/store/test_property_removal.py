"""Writes that clear several properties of one node clear those and no others.

FalkorDB 4.16 corrupts a node's properties when one update removes two or
more of them (rule 11 of graph.cypher); each statement here can, so each is
checked on a node with more properties than it touches.
"""

from __future__ import annotations

from typing import Any

from graph.cases import CaseStatus
from graph.codec import ScoreRecord
from graph.model import WriteBatch
from graph.store import CypherStore
from service.erasure import erase
from service.ingest.pipeline import Ingestor
from service.rescore import rescore
from tests.conftest import account_row, closed_case, lines

NOW = 1_735_689_600


async def _props(store: CypherStore, label: str, key: str, value: str) -> dict[str, Any]:
    [found] = [dict(p) for kind, p in (await store.dump()).nodes if kind == label
               and dict(p).get(key) == value]  # fmt: skip
    return found


def _unchanged(before: dict[str, Any], after: dict[str, Any], changed: set[str]) -> None:
    kept = {k: v for k, v in before.items() if k not in changed}
    assert {k: after.get(k) for k in kept} == kept


async def test_reopening_and_unassigning_a_case(store: CypherStore) -> None:
    await closed_case(store, "a", NOW)
    closed = await _props(store, "Case", "id", "case-1")
    assert closed["outcome"] == "CONFIRMED" and closed["closed_at"] == NOW + 2

    await store.set_case_status("case-1", CaseStatus.OPEN, None, NOW + 3)
    reopened = await _props(store, "Case", "id", "case-1")
    assert "outcome" not in reopened and "closed_at" not in reopened
    assert reopened["status"] == "OPEN" and reopened["updated_at"] == NOW + 3
    _unchanged(closed, reopened, {"status", "outcome", "closed_at", "updated_at", "active"})

    await store.assign_case("case-1", None, None, NOW + 4)
    unassigned = await _props(store, "Case", "id", "case-1")
    assert "assignee" not in unassigned and "assignee_name" not in unassigned
    _unchanged(reopened, unassigned, {"assignee", "assignee_name", "updated_at"})


async def test_an_account_leaving_its_cluster_and_ring(store: CypherStore) -> None:
    await store.write(WriteBatch(accounts=[account_row("a")]))
    grouped = ScoreRecord("a", 20.0, "HIGH_RISK", {"identity": 20.0}, (), "BLOCK", "c1", "r1")
    await store.write_scores("r1", [grouped], at=NOW)
    before = await _props(store, "Account", "id", "a")
    assert (before["duplicate_cluster"], before["ring"]) == ("c1", "r1")

    alone = grouped._replace(score=90.0, band="TRUSTED", recommended_action="NONE",
                             duplicate_cluster=None, ring=None)  # fmt: skip
    await store.write_scores("r2", [alone], at=NOW + 1)
    after = await _props(store, "Account", "id", "a")
    assert "duplicate_cluster" not in after and "ring" not in after
    assert (after["score"], after["band"], after["recommended_action"]) == (
        90.0, "TRUSTED", "NONE"
    )  # fmt: skip
    changed = {"score", "band", "recommended_action", "duplicate_cluster", "ring", "scored_run",
               "score_history", "score_noted", "score_mark"}  # fmt: skip
    _unchanged(before, after, changed)
    assert len(after["score_history"]) == 2


async def test_a_purged_excerpt_takes_nothing_else(
    store: CypherStore, ingestor: Ingestor, marketplace: list[dict[str, Any]]
) -> None:
    message = {"type": "message", "id": "m-1", "from": "fl-1", "to": "cl-1",
               "at": "2024-03-01T00:00:00Z",
               "text": "Great brief! whatsapp me on +44 7700 900123 to skip the fees"}  # fmt: skip
    await ingestor.ingest(lines([*marketplace, message]))
    before = await _props(store, "Message", "id", "m-1")
    assert before["excerpt"] and before["excerpt_until"]

    await store.purge_excerpts(before["excerpt_until"] + 1)
    after = await _props(store, "Message", "id", "m-1")
    assert "excerpt" not in after and "excerpt_until" not in after
    _unchanged(before, after, {"excerpt", "excerpt_until"})


async def test_erasure_keeps_what_it_says_it_keeps(
    store: CypherStore, ingestor: Ingestor, marketplace: list[dict[str, Any]]
) -> None:
    timed = {"type": "action", "account": "fl-1", "action": "TIMED_RESTRICTION",
             "reason": "review", "at": "2024-03-01T00:00:00Z",
             "expires_at": "2099-01-01T00:00:00Z", "by": "inv-1"}  # fmt: skip
    await ingestor.ingest(lines([*marketplace, timed]))
    await rescore(store, now=NOW)
    before = await _props(store, "Account", "id", "fl-1")
    assert before["status"] == "RESTRICTED" and before["status_until"]

    await erase(store, ["fl-1"], "admin (dpo)", "request")
    after = await _props(store, "Account", "id", "fl-1")
    kept = {k: before[k] for k in ("id", "kind", "created_at", "status", "status_until")}
    assert {k: after.get(k) for k in kept} == kept
    assert set(after) == {*kept, "erased_at"}
