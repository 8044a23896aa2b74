"""The root Mutation.

Ingest for the marketplace backend; verdicts and enforcement for investigators.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any

import strawberry
from strawberry.types import Info

from graph.model import Decision
from graph.store import GraphStore
from service.api.admin import AdminMutation
from service.api.admin_hooks import HooksMutation
from service.api.cases import CaseMutation
from service.api.context import Context
from service.api.permissions import INGESTERS, INVESTIGATORS, api_names, bad_input, refusing
from service.api.types import Account, AuditRecord
from service.api.uploads import UploadMutation
from service.batch import record_verdict
from service.enforcement import AuditEntry, record_appeal, take_action
from service.ingest.types import Line
from service.logos import load_registry
from service.rescore import rescore_accounts


@strawberry.input(description="One event of the ingest format (docs/events.schema.json).")
class EventInput:
    type: str
    id: str | None = None
    kind: str | None = None
    name: str | None = None
    country: str | None = None
    created_at: str | None = None
    email: str | None = None
    phone: str | None = None
    agency: str | None = None
    account: str | None = None
    at: str | None = None
    device: str | None = None
    ip: str | None = None
    lat: float | None = None
    lon: float | None = None
    fingerprint: str | None = None
    client: str | None = None
    freelancer: str | None = None
    amount: float | None = None
    started_at: str | None = None
    ended_at: str | None = None
    contract: str | None = None
    from_: str | None = strawberry.field(name="from", default=None)
    to: str | None = None
    rating: int | None = None
    score: float | None = strawberry.field(default=None, description="Signed rating, -1..1.")
    text: str | None = None
    reporter: str | None = None
    target: str | None = None
    target_kind: str | None = None
    reason: str | None = None
    details: str | None = None
    data: str | None = strawberry.field(
        default=None, description="Base64 bytes of a portrait or portfolio picture."
    )
    title: str | None = None
    start: str | None = None
    end: str | None = None
    manual: bool | None = None
    memo: str | None = None
    action: str | None = None
    expires_at: str | None = None
    by: str | None = None

    def as_event(self) -> dict[str, Any]:
        """The event as the JSON Lines format spells it (``from``, snake_case)."""
        out = {k: v for k, v in vars(self).items() if v is not None}
        if "from_" in out:
            out["from"] = out.pop("from_")
        return out


@strawberry.type
class Rejection:
    index: int
    reason: str


@strawberry.type
class IngestResult:
    accepted: int
    rejected: list[Rejection]


@strawberry.type(description="Receipt for a user's report; says nothing about the outcome.")
class FlagReceipt:
    received: bool
    reference: strawberry.ID


@strawberry.type
class IngestMutation:
    @strawberry.mutation(
        permission_classes=INGESTERS,
        description="Validate and store events; bad ones are rejected with their index.",
    )
    async def ingest_events(
        self, info: Info[Context, None], events: list[EventInput]
    ) -> IngestResult:
        if len(events) > MAX_EVENTS:
            raise bad_input(f"events: at most {MAX_EVENTS} per request, got {len(events)}")
        report = await info.context.ingestor.ingest(
            [Line(f"{i}", json.dumps(e.as_event())) for i, e in enumerate(events)],
            keep_rejects=True,
        )
        return IngestResult(
            accepted=report.accepted,
            rejected=[
                Rejection(index=int(r.source), reason=api_names(r.reason)) for r in report.rejects
            ],
        )

    @strawberry.mutation(
        permission_classes=INGESTERS,
        description="A user's report, sent by the marketplace backend on the user's behalf.",
    )
    async def flag(
        self,
        info: Info[Context, None],
        reporter: strawberry.ID,
        target: strawberry.ID,
        target_kind: str,
        reason: str,
        details: str | None = None,
    ) -> FlagReceipt:
        now = datetime.now(tz=UTC)
        reference = f"flag-{uuid.uuid4().hex}"
        event = {
            "type": "flag", "id": reference, "reporter": str(reporter), "target": str(target),
            "target_kind": target_kind, "reason": reason, "at": now.isoformat(),
        }  # fmt: skip
        if details is not None:
            event["details"] = details
        rejected = await info.context.ingestor.ingest_one("flag", event)
        if rejected is not None:
            raise bad_input(rejected)
        return FlagReceipt(received=True, reference=strawberry.ID(reference))


MAX_EVENTS = 10_000


@strawberry.type
class Verdict:
    account_id: strawberry.ID
    reason_code: str
    evidence_id: str
    decision: str


async def _verdict(
    info: Info[Context, None],
    account_id: str,
    code: str,
    evidence: str,
    note: str,
    decision: str,
) -> Verdict:
    await refusing(
        record_verdict(
            info.context.store, account_id, code, evidence, decision, note, info.context.actor
        )
    )
    return Verdict(
        account_id=strawberry.ID(account_id),
        reason_code=code,
        evidence_id=evidence,
        decision=decision,
    )


@strawberry.type
class InvestigatorMutation:
    @strawberry.mutation(
        permission_classes=INVESTIGATORS,
        description="Not so: later rescores suppress it until new, different evidence appears.",
    )
    async def dismiss_evidence(
        self,
        info: Info[Context, None],
        account_id: strawberry.ID,
        reason_code: str,
        evidence_id: str,
        note: str = "",
    ) -> Verdict:
        return await _verdict(
            info, str(account_id), reason_code, evidence_id, note, Decision.DISMISSED
        )

    @strawberry.mutation(
        permission_classes=INVESTIGATORS,
        description="Confirmed: later rescores keep it at full weight.",
    )
    async def confirm_evidence(
        self,
        info: Info[Context, None],
        account_id: strawberry.ID,
        reason_code: str,
        evidence_id: str,
        note: str = "",
    ) -> Verdict:
        return await _verdict(
            info, str(account_id), reason_code, evidence_id, note, Decision.CONFIRMED
        )

    @strawberry.mutation(
        permission_classes=INVESTIGATORS,
        description="Rescore one account from its neighbourhood.",
    )
    async def rescore_account(
        self, info: Info[Context, None], account_id: strawberry.ID
    ) -> Account | None:
        store: GraphStore = info.context.store
        await rescore_accounts(store, [str(account_id)], logos=await load_registry(store))
        record = await store.account(str(account_id))
        return None if record is None else Account.from_record(record)


async def _audited(change: Awaitable[AuditEntry]) -> AuditRecord:
    """Run an enforcement change and return its audit record."""
    return AuditRecord.of(await refusing(change))


@strawberry.type
class EnforcementMutation:
    @strawberry.mutation(
        permission_classes=INVESTIGATORS,
        description="NOTIFICATION, WARNING, RESTRICTION, TIMED_RESTRICTION (expiresAt "
        "required; lifts itself when it passes) or BLOCK.",
    )
    async def take_action(
        self,
        info: Info[Context, None],
        account_id: strawberry.ID,
        action: str,
        reason: str,
        expires_at: datetime | None = None,
    ) -> AuditRecord:
        if action == "LIFT":
            raise bad_input("action: use liftAction to lift")
        return await _audited(
            take_action(
                info.context.ingestor,
                str(account_id),
                action,
                reason,
                info.context.actor,
                expires_at,
            )
        )

    @strawberry.mutation(permission_classes=INVESTIGATORS)
    async def lift_action(
        self, info: Info[Context, None], account_id: strawberry.ID, reason: str
    ) -> AuditRecord:
        return await _audited(
            take_action(info.context.ingestor, str(account_id), "LIFT", reason, info.context.actor)
        )

    @strawberry.mutation(permission_classes=INVESTIGATORS)
    async def record_appeal(
        self, info: Info[Context, None], account_id: strawberry.ID, text: str
    ) -> AuditRecord:
        return await _audited(
            record_appeal(info.context.store, str(account_id), text, info.context.actor)
        )


@strawberry.type
class Mutation(
    IngestMutation,
    UploadMutation,
    InvestigatorMutation,
    EnforcementMutation,
    CaseMutation,
    AdminMutation,
    HooksMutation,
):
    pass
