"""Webhook subscriptions, the outbox's deliveries, the sender's lease, the admin trail."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, final

from graph import cypher
from graph.cypher import rows
from graph.cypher.webhooks import DeliveryRow, HeldRow, LeaseRow, PendingStat, SubscriptionRow
from graph.plan import Statement
from graph.store.runner import QueryRunner

FAN_OUT_CHUNK = 5000  # events fanned out per statement


@dataclass(frozen=True)
class Failure:
    """A delivery that failed: its attempts so far, when to try again, why."""

    attempts: int
    at: float  # epoch seconds
    next_at: float
    error: str
    dead: bool  # tried for long enough: no more retries


class OutboxWrites(QueryRunner):
    @final
    async def add_subscription(self, row: Mapping[str, Any]) -> None:
        await self._write_all([Statement(cypher.webhooks.MERGE_SUBSCRIPTION, dict(row))])

    @final
    async def subscriptions(self) -> list[SubscriptionRow]:
        return await self._read(cypher.webhooks.READ_SUBSCRIPTIONS)

    @final
    async def remove_subscription(self, subscription: str) -> None:
        await self._write_all(
            [Statement(cypher.webhooks.DELETE_SUBSCRIPTION, {"id": subscription})]
        )

    @final
    async def enqueue_test(self, subscription: str, event_id: str) -> None:
        params = {"subscription": subscription, "id": event_id}
        await self._write_all([Statement(cypher.webhooks.ENQUEUE_TEST, params)])

    @final
    async def announce_expiries(self, now: int) -> None:
        await self._write_all([Statement(cypher.webhooks.ANNOUNCE_EXPIRIES, {"now": now})])

    @final
    async def fan_out(self) -> int:
        """Give every new event to the subscriptions that want it; how many
        events there were."""
        found = await self._read(cypher.webhooks.COUNT_UNFANNED)
        waiting = int(found[0].n) if found else 0
        for _ in range(0, waiting, FAN_OUT_CHUNK):
            params = {"limit": FAN_OUT_CHUNK}
            await self._write_all([Statement(cypher.webhooks.FAN_OUT, params)])
        return waiting

    @final
    async def held_deliveries(self, subscription: str, now: float) -> list[HeldRow]:
        params = {"subscription": subscription, "now": now}
        return await self._read(cypher.webhooks.READ_HELD, params)

    @final
    async def due_deliveries(
        self, subscription: str, now: float, limit: int,
        held_accounts: Sequence[str] = (), held_subjects: Sequence[str] = (),
    ) -> list[DeliveryRow]:  # fmt: skip
        params = {
            "subscription": subscription, "now": now, "limit": limit,
            "held_accounts": list(held_accounts), "held_subjects": list(held_subjects),
        }  # fmt: skip
        return await self._read(cypher.webhooks.READ_DUE, params)

    @final
    async def ack_deliveries(self, subscription: str, event_ids: Sequence[str]) -> None:
        params = {"subscription": subscription, "ids": list(event_ids)}
        await self._write_all([Statement(cypher.webhooks.ACK_DELIVERED, params)])

    @final
    async def record_failure(self, subscription: str, event_id: str, failure: Failure) -> None:
        params = {
            "subscription": subscription, "id": event_id, "attempts": failure.attempts,
            "next_at": failure.next_at, "error": failure.error, "now": failure.at,
            "status": "dead" if failure.dead else "pending",
        }  # fmt: skip
        await self._write_all([Statement(cypher.webhooks.RECORD_FAILURE, params)])

    @final
    async def failed_deliveries(self, subscription: str | None, limit: int) -> list[DeliveryRow]:
        params = {"subscription": subscription, "limit": limit}
        return await self._read(cypher.webhooks.READ_FAILED, params)

    @final
    async def replay_dead(self, subscription: str | None, event_id: str | None) -> int:
        params = {"subscription": subscription, "event": event_id}
        found = await self._read(cypher.webhooks.COUNT_DEAD, params)
        await self._write_all([Statement(cypher.webhooks.REPLAY_DEAD, params)])
        return int(found[0].n) if found else 0

    @final
    async def prune_outbox(self) -> None:
        await self._write_all([Statement(cypher.webhooks.PRUNE_OUTBOX, {})])

    @final
    async def outbox_stats(self) -> list[PendingStat]:
        return await self._read(cypher.webhooks.PENDING_STATS)

    @final
    async def take_lease(self, name: str, holder: str, now: int, until: int) -> bool:
        """Take or renew the lease; whether ``holder`` holds it now."""
        params = {"name": name, "holder": holder, "now": now, "until": until}
        await self._write_all([Statement(cypher.webhooks.TAKE_LEASE, params)])
        found: list[LeaseRow] = await self._read(cypher.webhooks.READ_LEASE, {"name": name})
        return bool(found) and found[0].holder == holder

    @final
    async def release_lease(self, name: str, holder: str) -> None:
        params = {"name": name, "holder": holder}
        await self._write_all([Statement(cypher.webhooks.RELEASE_LEASE, params)])

    @final
    async def append_trail(self, trail: str, entry: Mapping[str, Any]) -> None:
        params = {"trail": trail, **entry}
        await self._write_all([Statement(cypher.webhooks.APPEND_TRAIL, params)])

    @final
    async def trail(self, trail: str, limit: int) -> list[rows.AuditRow]:
        return await self._read(cypher.webhooks.READ_TRAIL, {"trail": trail, "limit": limit})
