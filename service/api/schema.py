"""GraphQL types built from the store's domain records; no logic lives here.

This is the foundation's read-only slice (one account by id). It exposes
counts rather than device ids, IPs or hashes: the endpoint has no
authentication yet, so it shows nothing an investigator-only view would.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry
from strawberry.types import Info

from graph.model import AccountRecord
from graph.store import GraphStore


def _when(epoch: int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, tz=UTC)


@strawberry.type(description="A marketplace account as trustmesh sees it.")
class Account:
    id: strawberry.ID
    kind: str | None
    name: str | None
    country: str | None
    created_at: datetime | None
    status: str
    agency: strawberry.ID | None
    device_count: int
    ip_count: int
    payment_method_count: int
    recent_login_count: int

    @classmethod
    def from_record(cls, record: AccountRecord) -> Account:
        return cls(
            id=strawberry.ID(record.id),
            kind=record.kind,
            name=record.name,
            country=record.country,
            created_at=_when(record.created_at),
            status=record.status,
            agency=strawberry.ID(record.agency) if record.agency else None,
            device_count=len(record.devices),
            ip_count=len(record.ips),
            payment_method_count=len(record.payment_fingerprints),
            recent_login_count=len(record.recent_logins),
        )


@strawberry.type
class Query:
    @strawberry.field(description="One account by id, or null when unknown.")
    async def account(self, info: Info[dict[str, Any], None], id: strawberry.ID) -> Account | None:
        store: GraphStore = info.context["store"]
        record = await store.account(str(id))
        return None if record is None else Account.from_record(record)


schema = strawberry.Schema(query=Query)


def schema_sdl() -> str:
    """The SDL committed as ``schema.graphql``; a test fails when they drift."""
    return schema.as_str() + "\n"
