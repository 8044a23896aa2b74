"""The admin role's webhooks and allow/deny lists (service.webhooks, service.lists).

A subscription's secret is returned once, by ``addWebhook``; list values
come back only in their stored form (hashes for personal data).
"""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.types import Info

from graph.cypher.lists import ListRow
from graph.cypher.webhooks import DeliveryRow
from service.api.context import Context
from service.api.evidence import when
from service.api.permissions import ADMINS, refusing
from service.api.types import AuditRecord
from service.enforcement import entries
from service.list_admin import TRAIL as LISTS_TRAIL
from service.list_admin import add_values, create_list, delete_list, remove_values
from service.webhooks.secrets import SecretBox
from service.webhooks.subscriptions import TRAIL as WEBHOOKS_TRAIL
from service.webhooks.subscriptions import (
    Subscription,
    add_subscription,
    remove_subscription,
    replay,
    send_test,
    subscriptions,
)

MAX_ROWS = 1000


@strawberry.type
class Webhook:
    id: strawberry.ID
    url: str
    events: list[str]
    created_at: datetime
    created_by: str
    description: str
    parallel: int = strawberry.field(
        description="Calls in flight: 1 keeps strict order; above 1, order holds per account."
    )

    @classmethod
    def of(cls, sub: Subscription) -> Webhook:
        return cls(
            id=strawberry.ID(sub.id), url=sub.url, events=[e.value for e in sub.events],
            created_at=datetime.fromtimestamp(sub.created_at, tz=UTC),
            created_by=sub.created_by, description=sub.description, parallel=sub.parallel,
        )  # fmt: skip


@strawberry.type
class NewWebhook:
    webhook: Webhook
    secret: str = strawberry.field(description="The signing secret: shown once, stored encrypted.")


@strawberry.type(description="A delivery that failed at least once: dead, or waiting to retry.")
class FailedDelivery:
    subscription: strawberry.ID
    event_id: strawberry.ID
    type: str
    account: str | None
    status: str = strawberry.field(description="pending (retrying) or dead.")
    attempts: int
    next_attempt_at: datetime | None
    error: str | None
    created_at: datetime

    @classmethod
    def of(cls, r: DeliveryRow) -> FailedDelivery:
        return cls(
            subscription=strawberry.ID(r.subscription), event_id=strawberry.ID(r.id),
            type=r.type, account=r.account, status=r.status, attempts=int(r.attempts),
            next_attempt_at=when(int(r.next_at)) if r.status == "pending" else None,
            error=r.error, created_at=datetime.fromtimestamp(r.created_at / 1000, tz=UTC),
        )  # fmt: skip


@strawberry.type
class ValueList:
    name: str
    kind: str
    effect: str = strawberry.field(description="deny or allow.")
    action: str | None = strawberry.field(description="deny: the least action a match gets.")
    suppress: list[str] = strawberry.field(description="allow: the reason codes dropped.")
    description: str
    created_at: datetime | None
    created_by: str
    entries: int

    @classmethod
    def of(cls, r: ListRow) -> ValueList:
        return cls(
            name=r.name, kind=r.kind, effect=r.effect, action=r.action,
            suppress=list(r.suppress or []), description=r.description or "",
            created_at=when(r.created_at), created_by=r.created_by, entries=int(r.entries),
        )  # fmt: skip


@strawberry.type
class ListEntry:
    value: str = strawberry.field(description="As stored: a keyed hash for personal data.")
    added_by: str
    reason: str
    added_at: datetime | None
    expires_at: datetime | None


@strawberry.type
class ListChange:
    added: int
    errors: list[str] = strawberry.field(description="'values[i]: what is wrong' per refusal.")
    rescored: int = strawberry.field(
        description="Accounts rescored at once (account ids, holders of an email, phone or card)."
    )


def _box(info: Info[Context, None]) -> SecretBox:
    return SecretBox(info.context.settings.hashing_secret())


async def _trail(info: Info[Context, None], trail: str, limit: int) -> list[AuditRecord]:
    found = await info.context.store.trail(trail, min(max(limit, 1), MAX_ROWS))
    return [AuditRecord.of(e) for e in entries(found)]


@strawberry.type
class HooksQuery:
    @strawberry.field(permission_classes=ADMINS, description="Webhook subscriptions.")
    async def webhooks(self, info: Info[Context, None]) -> list[Webhook]:
        return [Webhook.of(s) for s in await subscriptions(info.context.store)]

    @strawberry.field(permission_classes=ADMINS, description="Failed deliveries, newest first.")
    async def failed_deliveries(
        self, info: Info[Context, None], subscription: strawberry.ID | None = None, limit: int = 100
    ) -> list[FailedDelivery]:
        found = await info.context.store.failed_deliveries(
            None if subscription is None else str(subscription), min(max(limit, 1), MAX_ROWS)
        )
        return [FailedDelivery.of(r) for r in found]

    @strawberry.field(permission_classes=ADMINS, description="Who changed which webhook.")
    async def webhook_audit(self, info: Info[Context, None], limit: int = 100) -> list[AuditRecord]:
        return await _trail(info, WEBHOOKS_TRAIL, limit)

    @strawberry.field(permission_classes=ADMINS, description="Allow and deny lists.")
    async def value_lists(self, info: Info[Context, None]) -> list[ValueList]:
        return [ValueList.of(r) for r in await info.context.store.lists()]

    @strawberry.field(permission_classes=ADMINS, description="A list's entries, newest first.")
    async def value_list_entries(
        self, info: Info[Context, None], name: str, limit: int = 100
    ) -> list[ListEntry]:
        found = await info.context.store.list_entries(name, min(max(limit, 1), MAX_ROWS))
        return [
            ListEntry(value=e.value, added_by=e.added_by, reason=e.reason,
                      added_at=when(e.added_at), expires_at=when(e.expires_at))
            for e in found
        ]  # fmt: skip

    @strawberry.field(permission_classes=ADMINS, description="Who changed which list.")
    async def value_list_audit(
        self, info: Info[Context, None], limit: int = 100
    ) -> list[AuditRecord]:
        return await _trail(info, LISTS_TRAIL, limit)


@strawberry.type
class HooksMutation:
    @strawberry.mutation(
        permission_classes=ADMINS,
        description="Subscribe a URL (https, or http to localhost) to events; "
        "returns the signing secret once.",
    )
    async def add_webhook(
        self, info: Info[Context, None], url: str, events: list[str],
        secret: str | None = None, description: str = "", parallel: int = 1,
    ) -> NewWebhook:  # fmt: skip
        context = info.context
        added = add_subscription(
            context.store, _box(info), url, events, context.actor, secret, description, parallel
        )
        sub, chosen = await refusing(added)
        return NewWebhook(webhook=Webhook.of(sub), secret=chosen)

    @strawberry.mutation(permission_classes=ADMINS, description="Delete a subscription.")
    async def remove_webhook(self, info: Info[Context, None], id: strawberry.ID) -> bool:
        await refusing(remove_subscription(info.context.store, str(id), info.context.actor))
        return True

    @strawberry.mutation(
        permission_classes=ADMINS, description="Queue a webhook.test event; its event id."
    )
    async def test_webhook(self, info: Info[Context, None], id: strawberry.ID) -> strawberry.ID:
        return strawberry.ID(
            await refusing(send_test(info.context.store, str(id), info.context.actor))
        )

    @strawberry.mutation(
        permission_classes=ADMINS, description="Queue dead deliveries again; how many."
    )
    async def replay_deliveries(
        self, info: Info[Context, None], subscription: strawberry.ID | None = None,
        event_id: strawberry.ID | None = None,
    ) -> int:  # fmt: skip
        sub = None if subscription is None else str(subscription)
        event = None if event_id is None else str(event_id)
        return await refusing(replay(info.context.store, info.context.actor, sub, event))

    @strawberry.mutation(permission_classes=ADMINS, description="A new allow or deny list.")
    async def create_value_list(
        self, info: Info[Context, None], name: str, kind: str, effect: str,
        action: str | None = None, suppress: list[str] | None = None, description: str = "",
    ) -> ValueList:  # fmt: skip
        row = await refusing(
            create_list(
                info.context.store,
                name,
                kind,
                effect,
                info.context.actor,
                action,
                suppress or [],
                description,
            )
        )
        return ValueList.of(row)

    @strawberry.mutation(permission_classes=ADMINS, description="Delete a list and its entries.")
    async def delete_value_list(self, info: Info[Context, None], name: str, reason: str) -> bool:
        await refusing(delete_list(info.context.store, name, info.context.actor, reason))
        return True

    @strawberry.mutation(
        permission_classes=ADMINS,
        description="Add raw values (normalised and hashed as stored identifiers); "
        "applied at each account's next rescore.",
    )
    async def add_list_values(
        self, info: Info[Context, None], name: str, values: list[str], reason: str,
        expires_at: datetime | None = None,
    ) -> ListChange:  # fmt: skip
        report = await refusing(
            add_values(
                info.context.store,
                info.context.hasher,
                name,
                values,
                info.context.actor,
                reason,
                expires_at,
            )
        )
        return ListChange(added=report.added, errors=report.errors, rescored=report.rescored)

    @strawberry.mutation(permission_classes=ADMINS, description="Remove values; how many.")
    async def remove_list_values(
        self, info: Info[Context, None], name: str, values: list[str], reason: str
    ) -> int:
        return await refusing(
            remove_values(
                info.context.store, info.context.hasher, name, values, info.context.actor, reason
            )
        )
