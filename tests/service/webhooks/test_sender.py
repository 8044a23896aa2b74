"""The sender against real HTTP receivers on loopback."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import replace

from prometheus_client import CollectorRegistry

from graph.store import CypherStore
from service.webhooks.payload import verify
from service.webhooks.secrets import SecretBox
from service.webhooks.sender import Sender, WebhookMetrics
from service.webhooks.subscriptions import add_subscription, replay
from tests.service.webhooks.conftest import FAST, accounts, scored, sender
from tests.service.webhooks.receiver import Receiver

BANDS = ["account.band_changed"]


async def test_a_receiver_can_verify_each_call_and_deduplicate_by_event_id(
    store: CypherStore, box: SecretBox, receiver: Receiver
) -> None:
    _, secret = await add_subscription(store, box, receiver.url, BANDS, "t")
    ids = await accounts(store, 3)
    await store.write_scores("r1", scored(ids, "HIGH_RISK", 12.0, "BLOCK"))
    assert await sender(store, box).drain()
    assert len(receiver.calls) == 3
    for call in receiver.calls:
        header = call.headers["Trustmesh-Signature"]
        assert verify(secret, call.body, header, int(time.time()))
        assert not verify(secret, call.body + b" ", header, int(time.time()))  # tampered
        assert not verify("whsec_other-secret-0123456789", call.body, header, int(time.time()))
        assert not verify(secret, call.body, header, int(time.time()) + 3600)  # replayed late
        body = json.loads(call.body)
        assert call.headers["Trustmesh-Event-Id"] == body["id"]
        assert set(body) == {"id", "type", "created_at", "account", "data"}
        assert body["data"] == {
            "before": {"band": "UNRATED"},
            "after": {"band": "HIGH_RISK", "score_range": "0-20"},
            "recommended_action": "BLOCK",
        }
    assert sorted(json.loads(c.body)["account"] for c in receiver.calls) == ids


async def test_a_receiver_down_then_up_gets_everything_in_order(
    store: CypherStore, box: SecretBox
) -> None:
    down = Receiver().start()
    port = down.port
    down.stop()  # nothing listens on the port now
    await add_subscription(store, box, f"http://127.0.0.1:{port}/hook", BANDS, "t")
    ids = await accounts(store, 5)
    for step, band in enumerate(["CAUTION", "HIGH_RISK", "STANDARD"]):
        await store.write_scores(f"r{step}", scored(ids, band, 50.0))
    s = sender(store, box)
    assert await s.drain()
    assert s.report.delivered == 0 and s.report.failed >= 1
    [failed] = await store.failed_deliveries(None, 10)  # the head holds the queue
    assert failed.status == "pending" and failed.attempts >= 1
    assert "Connect" in (failed.error or "")
    up = Receiver(port=port).start()
    try:
        await asyncio.sleep(FAST.max_backoff_s * 1.3)
        assert await s.drain()
        bodies = [json.loads(c.body) for c in up.calls]
        assert len(bodies) == 15
        # each account sees its changes in the order they were made
        for account in ids:
            mine = [b["data"]["after"]["band"] for b in bodies if b["account"] == account]
            assert mine == ["CAUTION", "HIGH_RISK", "STANDARD"]
        assert [b["created_at"] for b in bodies] == sorted(b["created_at"] for b in bodies)
        assert await store.failed_deliveries(None, 10) == []
    finally:
        up.stop()


async def test_errors_and_timeouts_retry_then_die_and_can_be_replayed(
    store: CypherStore, box: SecretBox, receiver: Receiver
) -> None:
    sub, _ = await add_subscription(store, box, receiver.url, BANDS, "t")
    ids = await accounts(store, 2)
    await store.write_scores("r1", scored(ids, "CAUTION", 50.0))
    receiver.status = 500
    config = replace(FAST, retry_s=0.3)
    s = Sender(store, box, config, WebhookMetrics(CollectorRegistry()))
    assert await s.drain()
    [first] = await store.failed_deliveries(sub.id, 10)
    assert first.error == "HTTP 500" and first.status == "pending"
    deadline = time.monotonic() + 10
    while s.report.dead == 0 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        assert await s.drain()
    failed = await store.failed_deliveries(sub.id, 10)
    # the first event died after its retry window; the second then took its place
    dead = [f for f in failed if f.status == "dead"]
    assert dead and all(f.attempts >= 2 and f.error == "HTTP 500" for f in dead)
    same = {c.headers["Trustmesh-Event-Id"] for c in receiver.calls}
    assert len(same) <= 2 < len(receiver.calls)  # retries carry the same event id

    receiver.status, receiver.delay_s = 200, 1.0  # now too slow for the budget
    slow = Sender(store, box, replace(config, timeout_s=0.2, retry_s=3600))
    assert await store.replay_dead(sub.id, None) >= 1
    assert await slow.drain()
    assert any("Timeout" in (f.error or "") for f in await store.failed_deliveries(sub.id, 10))

    receiver.delay_s = 0.0
    await asyncio.sleep(FAST.max_backoff_s * 1.3)
    calls_before = len(receiver.calls)
    assert await slow.drain()
    await replay(store, "admin", sub.id, None)  # anything dead goes again
    assert await slow.drain()
    arrived = {json.loads(c.body)["account"] for c in receiver.calls[calls_before:]}
    assert arrived == set(ids)
    assert await store.failed_deliveries(sub.id, 10) == []
    assert s.metrics.deliveries.labels("failed")._value.get() >= 1


async def test_a_slow_receiver_does_not_hold_up_a_fast_one(
    store: CypherStore, box: SecretBox, receiver: Receiver
) -> None:
    slow = Receiver(delay_s=0.2).start()
    try:
        await add_subscription(store, box, slow.url, BANDS, "t")
        await add_subscription(store, box, receiver.url, BANDS, "t")
        ids = await accounts(store, 20)
        await store.write_scores("r1", scored(ids, "CAUTION", 50.0))
        stop = asyncio.Event()
        running = asyncio.create_task(sender(store, box).run(stop))
        deadline = time.monotonic() + 20
        while len(receiver.calls) < 20 and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert len(receiver.calls) == 20
        assert len(slow.calls) < 20  # at 0.2 s a call it is still at work
        while len(slow.calls) < 20 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        stop.set()
        await running
        assert len({c.headers["Trustmesh-Event-Id"] for c in slow.calls}) == 20
    finally:
        slow.stop()


async def test_one_sender_at_a_time(store: CypherStore, box: SecretBox, receiver: Receiver) -> None:
    first, second = sender(store, box), sender(store, box)
    assert await first.tick()
    assert not await second.tick()  # the first holds the lease
    assert not await second.drain()
    await first._stop()  # releases it
    assert await second.tick()
