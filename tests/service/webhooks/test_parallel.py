"""Subscriptions with calls in flight: order per account, failures held per account."""

from __future__ import annotations

import asyncio
import json

import pytest

from graph.store import CypherStore
from service.errors import ServiceError
from service.webhooks.secrets import SecretBox
from service.webhooks.subscriptions import MAX_PARALLEL, add_subscription, subscriptions
from tests.service.webhooks.conftest import FAST, accounts, scored, sender
from tests.service.webhooks.receiver import Receiver

BANDS = ["account.band_changed"]
STEPS = ["CAUTION", "HIGH_RISK", "STANDARD"]


async def _three_changes_each(store: CypherStore, ids: list[str]) -> None:
    for step, band in enumerate(STEPS):
        await store.write_scores(f"r{step}", scored(ids, band, 50.0))


def _bands_by_account(receiver: Receiver) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for call in receiver.calls:
        if call.status < 300:
            body = json.loads(call.body)
            out.setdefault(body["account"], []).append(body["data"]["after"]["band"])
    return out


async def test_calls_in_flight_keep_each_accounts_order(
    store: CypherStore, box: SecretBox, receiver: Receiver
) -> None:
    strict = Receiver(delay_s=0.03).start()
    receiver.delay_s = 0.03
    try:
        await add_subscription(store, box, receiver.url, BANDS, "t", parallel=4)
        await add_subscription(store, box, strict.url, BANDS, "t")
        ids = await accounts(store, 8)
        await _three_changes_each(store, ids)
        assert await sender(store, box).drain()
        for got in (receiver, strict):
            assert _bands_by_account(got) == {a: STEPS for a in ids}
        assert 2 <= receiver.most_at_once <= 4
        assert strict.most_at_once == 1
    finally:
        strict.stop()


async def test_a_failing_account_holds_back_only_its_own_events(
    store: CypherStore, box: SecretBox, receiver: Receiver
) -> None:
    sub, _ = await add_subscription(store, box, receiver.url, BANDS, "t", parallel=3)
    ids = await accounts(store, 5)
    stuck = ids[2]
    receiver.failing = {stuck}
    await _three_changes_each(store, ids)
    s = sender(store, box)
    assert await s.drain()
    arrived = _bands_by_account(receiver)
    assert arrived == {a: STEPS for a in ids if a != stuck}
    [held] = await store.failed_deliveries(sub.id, 10)
    assert held.account == stuck and held.status == "pending" and held.attempts >= 1
    tried = {json.loads(c.body)["data"]["after"]["band"] for c in receiver.calls if c.status >= 500}
    assert tried == {"CAUTION"}  # its later events waited behind the failing one

    receiver.failing = set()
    await asyncio.sleep(FAST.max_backoff_s * 1.3)
    assert await s.drain()
    assert _bands_by_account(receiver)[stuck] == STEPS
    assert await store.failed_deliveries(sub.id, 10) == []


async def test_a_strict_subscription_stops_at_its_failing_head(
    store: CypherStore, box: SecretBox, receiver: Receiver
) -> None:
    await add_subscription(store, box, receiver.url, BANDS, "t")
    ids = await accounts(store, 4)
    receiver.failing = {ids[0]}
    await store.write_scores("r1", scored(ids, "CAUTION", 50.0))
    assert await sender(store, box).drain()
    statuses = [c.status for c in receiver.calls]
    first = statuses.index(500)
    after = {c.headers["Trustmesh-Event-Id"] for c in receiver.calls[first:]}
    assert set(statuses[first:]) == {500} and len(after) == 1  # only its own retries followed


async def test_parallel_is_checked_and_listed(store: CypherStore, box: SecretBox) -> None:
    for wrong in (0, MAX_PARALLEL + 1):
        with pytest.raises(ServiceError, match=r"^parallel: "):
            await add_subscription(store, box, "https://example.com/h", BANDS, "t", parallel=wrong)
    await add_subscription(store, box, "https://example.com/h", BANDS, "t", parallel=8)
    [listed] = await subscriptions(store)
    assert listed.parallel == 8
