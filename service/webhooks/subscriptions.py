"""Managing webhook subscriptions: what the CLI and the admin API both call.

Every change leaves an entry on the ``webhooks`` admin trail: who, what,
which subscription, never its secret.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from graph.store.ports import Outbox
from service.enforcement import audit_entry
from service.errors import ServiceError
from service.webhooks.payload import WebhookEvent
from service.webhooks.secrets import SecretBox, check_secret, new_secret

TRAIL = "webhooks"
_KNOWN = frozenset(e.value for e in WebhookEvent)
MAX_URL = 2048
MAX_DESCRIPTION = 200
MAX_PARALLEL = 32  # calls in flight to one receiver


@dataclass(frozen=True)
class Subscription:
    id: str
    url: str
    events: tuple[WebhookEvent, ...]
    created_at: int
    created_by: str
    description: str
    parallel: int = 1  # 1: strict order; above: order per account, this many in flight


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    """https anywhere; plain http only to this machine, for development."""
    if len(url) > MAX_URL:
        raise ServiceError(f"url: at most {MAX_URL} characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError as exc:
        raise ServiceError(f"url: {exc}") from exc
    if parts.username or parts.password:
        raise ServiceError("url: no credentials in the URL; receivers check the signature")
    host = (parts.hostname or "").lower()
    if not host:
        raise ServiceError(f"url: {url!r} names no host")
    if parts.scheme == "https" or (parts.scheme == "http" and _loopback(host)):
        return url
    raise ServiceError("url: must be https (or http to localhost, for development)")


def check_events(events: Sequence[str]) -> tuple[WebhookEvent, ...]:
    wanted = [e.strip() for e in events if e.strip()]
    unknown = sorted(set(wanted) - _KNOWN)
    if unknown:
        raise ServiceError(
            f"events: unknown {', '.join(unknown)}; one of {', '.join(sorted(_KNOWN))}"
        )
    if not wanted:
        raise ServiceError("events: name at least one")
    return tuple(WebhookEvent(e) for e in dict.fromkeys(wanted))


async def add_subscription(
    store: Outbox,
    box: SecretBox,
    url: str,
    events: Sequence[str],
    who: str,
    secret: str | None = None,
    description: str = "",
    parallel: int = 1,
) -> tuple[Subscription, str]:
    """Store a subscription; returns it with its secret (shown once)."""
    url = check_url(url.strip())
    wanted = check_events(events)
    chosen = new_secret() if secret is None else check_secret(secret)
    if len(description) > MAX_DESCRIPTION:
        raise ServiceError(f"description: at most {MAX_DESCRIPTION} characters")
    if not 1 <= parallel <= MAX_PARALLEL:
        raise ServiceError(f"parallel: from 1 (strict order) to {MAX_PARALLEL}, not {parallel}")
    at = int(datetime.now(tz=UTC).timestamp())
    sub = Subscription(f"wh_{uuid.uuid4().hex[:16]}", url, wanted, at, who, description, parallel)
    await store.add_subscription(
        {"id": sub.id, "url": url, "events": [e.value for e in wanted],
         "secret": box.seal(chosen), "at": at, "by": who, "description": description,
         "parallel": parallel}
    )  # fmt: skip
    _, entry = audit_entry(who, "WEBHOOK_ADDED", description, None, sub.id, _detail(sub))
    await store.append_trail(TRAIL, entry)
    return sub, chosen


def _detail(sub: Subscription) -> str:
    order = f" parallel {sub.parallel}" if sub.parallel > 1 else ""
    return f"{sub.url} {','.join(sub.events)}{order}"


async def subscriptions(store: Outbox) -> list[Subscription]:
    return [
        Subscription(
            row.id,
            row.url,
            tuple(WebhookEvent(e) for e in row.events if e in _KNOWN),
            int(row.created_at),
            row.created_by,
            row.description or "",
            int(row.parallel),
        )
        for row in await store.subscriptions()
    ]


async def _find(store: Outbox, subscription: str) -> Subscription:
    for sub in await subscriptions(store):
        if sub.id == subscription:
            return sub
    raise ServiceError(f"{subscription}: no such webhook (see `trustmesh webhooks list`)")


async def remove_subscription(store: Outbox, subscription: str, who: str) -> None:
    sub = await _find(store, subscription)
    await store.remove_subscription(sub.id)
    _, entry = audit_entry(who, "WEBHOOK_REMOVED", "", sub.id, None, _detail(sub))
    await store.append_trail(TRAIL, entry)


async def send_test(store: Outbox, subscription: str, who: str) -> str:
    """Queue a ``webhook.test`` event for one subscription; its event id."""
    sub = await _find(store, subscription)
    event_id = str(uuid.uuid4())
    await store.enqueue_test(sub.id, event_id)
    _, entry = audit_entry(who, "WEBHOOK_TESTED", "", sub.id, sub.id, event_id)
    await store.append_trail(TRAIL, entry)
    return event_id


async def replay(store: Outbox, who: str, subscription: str | None, event: str | None) -> int:
    """Queue dead deliveries again (all, one subscription's, or one event's)."""
    if subscription is not None:
        await _find(store, subscription)
    count = await store.replay_dead(subscription, event)
    detail = f"{count} deliveries; subscription {subscription or 'any'}, event {event or 'any'}"
    _, entry = audit_entry(who, "WEBHOOK_REPLAYED", "", None, None, detail)
    await store.append_trail(TRAIL, entry)
    return count
