"""Enforcement by investigators: actions on the ladder, lifts, appeals, the audit log.

Every change goes through the same action event the ingest format has (so it
is validated and counted exactly like a batch-imported one) and leaves an
append-only audit entry: who, when, what, why, and the account's status
before and after.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from graph.cypher import rows
from graph.store.ports import AuditLog, InvestigatorReads
from service.errors import ServiceError, UnknownAccount
from service.ingest.pipeline import Ingestor


@dataclass(frozen=True)
class AuditEntry:
    id: str
    at: int
    who: str
    what: str
    reason: str
    before: str | None
    after: str | None
    detail: str | None


class Enforcing(InvestigatorReads, AuditLog, Protocol):
    """What recording an appeal needs of the store: the account, the log."""


async def _status(store: InvestigatorReads, account: str) -> str:
    record = await store.account(account)
    if record is None:
        raise UnknownAccount(account)
    return record.status


def audit_entry(
    who: str,
    what: str,
    reason: str,
    before: str | None,
    after: str | None,
    detail: str | None = None,
) -> tuple[AuditEntry, dict[str, object]]:
    """A new entry, and the fields a store appends (``ns`` orders entries
    written within one second, in the order they were made)."""
    entry = AuditEntry(
        f"audit-{uuid.uuid4().hex}",
        int(datetime.now(tz=UTC).timestamp()),
        who,
        what,
        reason,
        before,
        after,
        detail,
    )
    return entry, {"ns": time.time_ns(), **vars(entry)}


async def audit(
    store: AuditLog,
    account: str,
    who: str,
    what: str,
    reason: str,
    before: str | None,
    after: str | None,
    detail: str | None = None,
) -> AuditEntry:
    entry, fields = audit_entry(who, what, reason, before, after, detail)
    await store.append_audit({"account": account, **fields})
    return entry


async def take_action(
    ingestor: Ingestor,
    account: str,
    action: str,
    reason: str,
    who: str,
    expires_at: datetime | None = None,
) -> AuditEntry:
    """Apply ``action`` (the ladder, or LIFT) now; raises ServiceError on bad input."""
    store = ingestor.store
    before = await _status(store, account)
    # status follows the latest action by time: an action taken now must come
    # after everything already on record, even within the same second
    latest = await store.latest_action_at(account)
    at = max(int(datetime.now(tz=UTC).timestamp()), (latest or 0) + 1)
    event: dict[str, object] = {
        "type": "action", "account": account, "action": action, "reason": reason,
        "at": datetime.fromtimestamp(at, tz=UTC).isoformat(), "by": who,
    }  # fmt: skip
    if expires_at is not None:
        event["expires_at"] = expires_at.isoformat()
    rejected = await ingestor.ingest_one("action", event)
    if rejected is not None:
        raise ServiceError(rejected)
    after = await _status(store, account)
    return await audit(store, account, who, action, reason, before, after)


async def record_appeal(store: Enforcing, account: str, text: str, who: str) -> AuditEntry:
    if not text.strip():
        raise ServiceError("text: an appeal needs the account's words")
    status = await _status(store, account)
    return await audit(store, account, who, "APPEAL", "appeal recorded", status, status, text)


def entries(found: list[rows.AuditRow]) -> list[AuditEntry]:
    return [
        AuditEntry(r.id, r.at, r.who, r.what, r.reason or "", r.before, r.after, r.detail)
        for r in found
    ]


async def audit_log(store: AuditLog, account: str, limit: int = 100) -> list[AuditEntry]:
    return entries(await store.audit(account, limit))
