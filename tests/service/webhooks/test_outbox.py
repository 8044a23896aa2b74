"""The outbox is written by the change itself: scores, actions, cases, expiries."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

from graph.cases import CaseOutcome, CaseStatus, CaseSubject
from graph.model import ActionRow, WriteBatch
from graph.plan import plan
from graph.store import CypherStore
from service.cases import open_case, set_case_status
from service.ingest.pipeline import Ingestor
from service.webhooks.secrets import SecretBox
from service.webhooks.subscriptions import add_subscription
from tests.service.webhooks.conftest import accounts, scored, sender
from tests.service.webhooks.receiver import Receiver

EVERYTHING = [
    "account.band_changed", "account.recommended_action_changed", "action.taken", "case.closed",
]  # fmt: skip


async def _events(store: CypherStore) -> int:
    return (await store.counts()).get("Outbox", 0)


async def test_a_score_write_announces_only_changes(store: CypherStore) -> None:
    ids = await accounts(store, 3)
    await store.write_scores("r1", scored(ids, "STANDARD", 70.0), first_band="STANDARD")
    assert await _events(store) == 0  # a first score at the default band is no news
    await store.write_scores(
        "r2", scored(ids[:1], "HIGH_RISK", 20.0, "BLOCK"), first_band="STANDARD"
    )
    # one band change and one recommended-action change
    assert await _events(store) == 2
    await store.write_scores("r3", scored(ids[:1], "HIGH_RISK", 21.0, "BLOCK"))
    assert await _events(store) == 2  # same band, same action: nothing new
    await store.write_scores("r4", scored(["ghost"], "HIGH_RISK", 1.0))
    assert await _events(store) == 2  # not a declared account: no badge, no event


async def test_first_scores_off_the_default_band_are_announced(store: CypherStore) -> None:
    ids = await accounts(store, 2)
    await store.write_scores("r1", scored(ids, "CAUTION", 50.0), first_band="STANDARD")
    assert await _events(store) == 2


async def test_events_reach_only_subscriptions_that_want_them_and_are_pruned(
    store: CypherStore, box: SecretBox, receiver: Receiver
) -> None:
    wants_bands, _ = await add_subscription(store, box, receiver.url, ["account.band_changed"], "t")
    other = Receiver().start()
    try:
        await add_subscription(store, box, other.url, ["case.closed"], "t")
        ids = await accounts(store, 4)
        await store.write_scores("r1", scored(ids, "CAUTION", 50.0, "WARNING"))
        s = sender(store, box)
        assert await s.drain()
        assert len(receiver.calls) == 4 and not other.calls
        assert await _events(store) == 0  # delivered or unwanted: nothing kept
        assert wants_bands.id.startswith("wh_")
    finally:
        other.stop()


async def test_actions_lifts_expiries_and_closed_cases_are_announced(
    store: CypherStore, ingestor: Ingestor, box: SecretBox, receiver: Receiver
) -> None:
    await add_subscription(store, box, receiver.url, EVERYTHING, "t")
    ids = await accounts(store, 1)
    now = int(time.time())
    restriction = {
        "type": "action", "account": ids[0], "action": "TIMED_RESTRICTION", "reason": "spam",
        "at": _iso(now - 100), "expires_at": _iso(now - 10), "by": "inv",
    }  # fmt: skip
    assert await ingestor.ingest_one("t", restriction) is None
    assert await ingestor.ingest_one("t", restriction) is None  # again: no second event
    await store.announce_expiries(now)
    await store.announce_expiries(now + 5)  # the same expiry is announced once
    case = await open_case(store, CaseSubject.ACCOUNT, ids[0], "", "inv")
    await set_case_status(store, case.id, CaseStatus.IN_REVIEW, None, "", "inv")
    await set_case_status(store, case.id, CaseStatus.CLOSED, CaseOutcome.CONFIRMED, "seen", "inv")
    assert await sender(store, box).drain()
    bodies = [json.loads(c.body) for c in receiver.calls]
    assert [(b["type"], b["data"]["after"].get("action")) for b in bodies] == [
        ("action.taken", "TIMED_RESTRICTION"),
        ("action.taken", "EXPIRY"),
        ("case.closed", None),
    ]
    taken, expired, closed = (b["data"] for b in bodies)
    assert taken["after"]["expires_at"].startswith(_iso(now - 10)[:19])
    assert expired["after"]["at"] == taken["after"]["expires_at"]
    assert closed["case"] == case.id and closed["accounts"] == ids
    assert closed["after"] == {"status": "CLOSED", "outcome": "CONFIRMED"}
    assert closed["before"] == {"status": "IN_REVIEW"}
    # nothing a badge does not show: no reasons, no investigator, no evidence
    text = b"".join(c.body for c in receiver.calls)
    assert b"spam" not in text and b"inv" not in text and b"seen" not in text


async def test_one_accounts_events_go_out_in_the_order_they_happened(
    store: CypherStore, box: SecretBox, receiver: Receiver
) -> None:
    """Back-to-back writes land within one millisecond of each other on a
    fast store: events still go out in the order they were written, and one
    batch's actions in the order they were taken."""
    await add_subscription(store, box, receiver.url, EVERYTHING, "t")
    (account,) = await accounts(store, 1)
    now = int(time.time())

    async def take(*actions: tuple[str, str, int]) -> None:
        batch = WriteBatch()
        batch.actions += [
            ActionRow(key=key, account=account, action=action, reason="", at=at, expires_at=None,
                      by="inv")
            for key, action, at in actions
        ]  # fmt: skip
        await store.write(store.prerender(plan(batch)))  # as an ingest worker hands it over

    # keys sort against the times: the rows reach the store in key order
    await take(("k-c", "NOTIFICATION", now - 90), ("k-a", "WARNING", now - 80),
               ("k-b", "RESTRICTION", now - 70))  # fmt: skip
    expected = ["NOTIFICATION", "WARNING", "RESTRICTION"]
    for i in range(12):
        band = ("CAUTION", "HIGH_RISK")[i % 2]
        await store.write_scores(f"r{i}", scored([account], band, 40.0 - i))
        await take((f"k-{i:02d}", "WARNING", now - 60 + i))
        expected += [band, "WARNING"]
    assert await sender(store, box).drain()
    bodies = [json.loads(c.body) for c in receiver.calls]
    got = [b["data"]["after"].get("band") or b["data"]["after"]["action"] for b in bodies]
    assert got == expected


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat()
