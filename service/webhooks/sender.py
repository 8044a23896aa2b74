"""The webhook sender: from the outbox to each subscriber, at least once, in order.

One process at a time sends (a lease in the store, renewed every poll), so
``serve --workers 4`` and a ``webhooks deliver`` beside it never send an
event twice at once. Each subscription drains in its own task: a slow or
failing receiver holds up only its own queue. Within a queue, events go in
``created_at`` order; a delivery that fails is retried with exponential
backoff and holds back the ones behind it, until it has failed for
``webhook_retry_hours``, when it is marked dead and the queue moves on.

Strict order allows one call in flight, so a subscription gets at most one
event per round trip to its receiver. A subscription created with
``parallel`` N > 1 keeps the order per account instead (per case for
``case.closed``): up to N accounts' events are in flight at once, and a
failure holds back only its own account's later events.

A delivery is removed from the outbox only after its receiver answered 2xx:
a sender killed at any point leaves the delivery queued, and the next one
sends it again (receivers deduplicate by ``Trustmesh-Event-Id``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from graph.cypher.webhooks import DeliveryRow, SubscriptionRow
from graph.errors import GraphError
from graph.store.outbox import Failure
from graph.store.ports import Outbox
from service.errors import ServiceError
from service.settings import Settings
from service.webhooks.payload import EVENT_ID_HEADER, SIGNATURE_HEADER, payload, signature
from service.webhooks.secrets import SecretBox

log = logging.getLogger("trustmesh.webhooks")

LEASE = "webhooks"
BATCH = 100  # deliveries read, sent in order, then acknowledged in one write
PRUNE_EVERY = 30  # ticks between removals of delivered events
USER_AGENT = "trustmesh-webhooks/1"
_READ_BACK = 64 * 1024  # bytes of a receiver's answer read; its body is not used
LAG_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400)


@dataclass(frozen=True)
class SenderConfig:
    timeout_s: float
    retry_s: float
    backoff_s: float
    max_backoff_s: float
    lease_s: float
    poll_s: float

    @classmethod
    def of(cls, settings: Settings) -> SenderConfig:
        return cls(
            settings.webhook_timeout_s, settings.webhook_retry_hours * 3600,
            settings.webhook_backoff_s, settings.webhook_max_backoff_s,
            settings.webhook_lease_s, settings.webhook_poll_s,
        )  # fmt: skip

    def backoff(self, attempts: int, rng: random.Random) -> float:
        """Seconds before try ``attempts + 1``: doubling, capped, with ±20% jitter
        so that receivers coming back up are not hit by every queue at once."""
        delay = min(self.backoff_s * 2.0 ** max(attempts - 1, 0), self.max_backoff_s)
        return delay * rng.uniform(0.8, 1.2)


def _lane(row: DeliveryRow, strict: bool) -> str:
    """What a delivery keeps its order within: the whole queue, or its
    account (its case for ``case.closed``; a test event only itself)."""
    if strict:
        return ""
    if row.account:
        return f"a:{row.account}"
    return f"c:{row.subject}" if row.subject else f"e:{row.id}"


class WebhookMetrics:
    """The sender's Prometheus series, in the registry ``/metrics`` serves."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        registry = registry or CollectorRegistry()
        self.deliveries = Counter(
            "trustmesh_webhook_deliveries", "Webhook calls by result (delivered, failed, dead)",
            ["result"], registry=registry,
        )  # fmt: skip
        self.lag = Histogram(
            "trustmesh_webhook_lag_seconds", "From the change's write to its delivery",
            buckets=LAG_BUCKETS, registry=registry,
        )  # fmt: skip
        self.waiting = Gauge(
            "trustmesh_webhook_queued", "Deliveries in the outbox by status (pending, dead)",
            ["status"], registry=registry,
        )  # fmt: skip
        self.oldest = Gauge(
            "trustmesh_webhook_oldest_pending_seconds", "Age of the oldest pending delivery",
            registry=registry,
        )  # fmt: skip


@dataclass
class SendReport:
    delivered: int = 0
    failed: int = 0
    dead: int = 0
    lags: list[float] = field(default_factory=list)  # seconds, of each delivery


class Sender:
    def __init__(
        self,
        store: Outbox,
        box: SecretBox,
        config: SenderConfig,
        metrics: WebhookMetrics | None = None,
    ) -> None:
        self.store = store
        self.box = box
        self.config = config
        self.metrics = metrics or WebhookMetrics()
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.report = SendReport()
        self._client: aiohttp.ClientSession | None = None
        self._tasks: dict[str, asyncio.Task[int]] = {}
        self._lease_ends = 0.0  # monotonic
        self._ticks = 0
        self._rng = random.Random()

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until ``stop`` is set; store outages are logged and waited out."""
        async with self._opened():
            while not stop.is_set():
                try:
                    await self.tick()
                except (GraphError, ServiceError) as exc:
                    log.warning("webhook sender: %s", exc)
                except Exception:  # a background loop must outlive one bad tick
                    log.exception("webhook sender: unexpected error; trying again")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.config.poll_s)
            await self._stop()

    async def drain(self) -> bool:
        """Deliver everything due now (``webhooks deliver --once``); False if
        another sender holds the lease."""
        async with self._opened():
            try:
                while True:
                    before = self.report.delivered + self.report.failed
                    if not await self.tick():
                        return False
                    await asyncio.gather(*self._tasks.values())
                    if self.report.delivered + self.report.failed == before:
                        await self.store.prune_outbox()
                        return True
            finally:
                await self._stop()

    async def tick(self) -> bool:
        """Renew the lease, queue new events, start each idle queue; whether we hold the lease."""
        now = time.time()
        # Renewed once a third of its term has passed, not every poll: a
        # renewal sets a node property, which on FalkorDB pays a pass over
        # the graph after any creation (34 ms at 1.1M nodes, bench/ingest.py)
        # and a bulk ingest creates nodes all the time. Counted as ours a
        # little less long than the store does.
        if self._lease_ends - time.monotonic() < self.config.lease_s * 0.6:
            if not await self.store.take_lease(
                LEASE, self.holder, int(now), int(now + self.config.lease_s)
            ):
                self._lease_ends = 0.0
                return False
            self._lease_ends = time.monotonic() + self.config.lease_s * 0.9
        await self.store.announce_expiries(int(now))
        await self.store.fan_out()
        for sub in await self.store.subscriptions():
            task = self._tasks.get(sub.id)
            if task is None or task.done():
                self._tasks[sub.id] = asyncio.create_task(self._drain_queue(sub))
        self._ticks += 1
        if self._ticks % PRUNE_EVERY == 0:
            await self.store.prune_outbox()
            await self._gauge()
        return True

    async def _gauge(self) -> None:
        counts = {"pending": 0, "dead": 0}
        oldest: float | None = None
        for stat in await self.store.outbox_stats():
            counts[stat.status] = counts.get(stat.status, 0) + int(stat.n)
            if stat.status == "pending":
                age = time.time() - stat.oldest / 1000
                oldest = age if oldest is None else max(oldest, age)
        for status, n in counts.items():
            self.metrics.waiting.labels(status).set(n)
        self.metrics.oldest.set(oldest or 0.0)

    def _holding(self) -> bool:
        return time.monotonic() < self._lease_ends

    async def _drain_queue(self, sub: SubscriptionRow) -> int:
        """Send one subscription's due deliveries in order; how many arrived."""
        try:
            secret = self.box.open(sub.secret)
            strict = sub.parallel <= 1
            sent = 0
            while self._holding():
                rows = await self._due(sub.id, strict)
                lanes: dict[str, list[DeliveryRow]] = {}
                for row in rows:
                    lanes.setdefault(_lane(row, strict), []).append(row)
                done = await self._send_lanes(sub, secret, list(lanes.values()))
                await self._ack(sub.id, done)
                sent += len(done)
                if not done or len(rows) < BATCH:
                    return sent
            return sent
        except (GraphError, ServiceError) as exc:
            log.warning("webhook %s: %s", sub.id, exc)
            return 0
        except Exception:  # the queue is tried again at the next tick
            log.exception("webhook %s: unexpected error", sub.id)
            return 0

    async def _due(self, subscription: str, strict: bool) -> list[DeliveryRow]:
        """The oldest deliveries due now that no failing one holds back: in
        strict order, those older than every delivery backing off; otherwise
        those of accounts (and cases) with none backing off."""
        now = time.time()
        held = await self.store.held_deliveries(subscription, now)
        if strict:
            rows = await self.store.due_deliveries(subscription, now, BATCH)
            if not held:
                return rows
            first = min((h.created_at, h.id) for h in held)
            return [r for r in rows if (r.created_at, r.id) < first]
        accounts = [h.account for h in held if h.account]
        cases = [h.subject for h in held if h.subject]
        return await self.store.due_deliveries(subscription, now, BATCH, accounts, cases)

    async def _send_lanes(
        self, sub: SubscriptionRow, secret: str, lanes: list[list[DeliveryRow]]
    ) -> list[str]:
        """Each lane's deliveries in order, up to ``sub.parallel`` lanes at
        once; a lane stops at its first failure. The ids delivered."""
        done: list[str] = []
        slots = asyncio.Semaphore(max(1, sub.parallel))

        async def lane(rows: list[DeliveryRow]) -> None:
            async with slots:
                for row in rows:
                    if not self._holding():
                        return
                    error = await self._post(sub.url, secret, row)
                    if error is not None:
                        await self._failed(sub.id, row, error)
                        return
                    done.append(row.id)

        await asyncio.gather(*(lane(rows) for rows in lanes))
        return done

    async def _ack(self, subscription: str, done: list[str]) -> None:
        if done:
            await self.store.ack_deliveries(subscription, done)

    async def _post(self, url: str, secret: str, row: DeliveryRow) -> str | None:
        """Send one event; None when the receiver took it, else why not."""
        assert self._client is not None, "a sender sends inside run() or drain()"
        body = payload(row)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: signature(secret, body, int(time.time())),
            EVENT_ID_HEADER: row.id,
        }
        try:
            async with self._client.post(
                url, data=body, headers=headers, allow_redirects=False
            ) as response:
                status = response.status
                # read a little, so the connection can carry the next call
                await response.content.read(_READ_BACK)
        except (aiohttp.ClientError, TimeoutError) as exc:
            return f"{type(exc).__name__}: {exc}"[:300]
        if 200 <= status < 300:
            lag = max(0.0, time.time() - row.created_at / 1000)
            self.metrics.deliveries.labels("delivered").inc()
            self.metrics.lag.observe(lag)
            self.report.delivered += 1
            self.report.lags.append(lag)
            return None
        return f"HTTP {status}"

    async def _failed(self, subscription: str, row: DeliveryRow, error: str) -> None:
        now = time.time()
        attempts = row.attempts + 1
        since = row.since if row.since is not None else now
        dead = now - since >= self.config.retry_s
        next_at = now + self.config.backoff(attempts, self._rng)
        await self.store.record_failure(
            subscription, row.id, Failure(attempts, now, next_at, error, dead)
        )
        self.metrics.deliveries.labels("dead" if dead else "failed").inc()
        self.report.failed += 1
        self.report.dead += dead
        log.info("webhook %s: event %s failed (%s)%s", subscription, row.id, error,
                 "; dead" if dead else "")  # fmt: skip

    @contextlib.asynccontextmanager
    async def _opened(self) -> AsyncIterator[None]:
        # no redirects (allow_redirects=False above): a receiver that moved is
        # a failure to fix, not to follow
        timeout = aiohttp.ClientTimeout(total=self.config.timeout_s)
        async with aiohttp.ClientSession(timeout=timeout) as client:
            self._client = client
            try:
                yield
            finally:
                self._client = None

    async def _stop(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        self._tasks.clear()
        with contextlib.suppress(GraphError):
            await self.store.release_lease(LEASE, self.holder)
