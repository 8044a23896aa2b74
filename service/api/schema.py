"""GraphQL types built from the store's records; permissions per field.

Two audiences so far:

* the marketplace **frontend** (``frontend`` key) reads trust badges: a
  band, a coarse score range and how long the account has been a member —
  nothing about reasons, linked accounts or flags;
* **investigators** (``investigator`` key) read the account with its full,
  explained trust score.

Every field says which roles may read it; a request without a known key is
UNAUTHENTICATED, a known key without the role is FORBIDDEN.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.dataloader import DataLoader
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.permission import BasePermission
from strawberry.types import Info

from graph.model import AccountRecord
from graph.store import GraphStore
from service.batch import record_verdict
from service.enforcement import AuditEntry, audit_log, record_appeal, take_action
from service.errors import ServiceError
from service.ingest import Line
from service.logos import load_registry
from service.rescore import rescore_accounts

MAX_BADGES = 500


def _when(epoch: int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, tz=UTC)


class _Roles(BasePermission):
    roles: frozenset[str] = frozenset()

    def has_permission(self, source: Any, info: Info[dict[str, Any], None], **kwargs: Any) -> bool:
        role = info.context.get("role")
        if role is None:
            raise GraphQLError(
                "missing or unknown API key: send Authorization: Bearer <key>",
                extensions={"code": "UNAUTHENTICATED"},
            )
        if role not in self.roles:
            raise GraphQLError(
                f"the {role} role may not read this field", extensions={"code": "FORBIDDEN"}
            )
        return True


class BadgeReaders(_Roles):
    roles = frozenset({"frontend", "investigator", "admin"})


class Investigators(_Roles):
    roles = frozenset({"investigator", "admin"})


class Ingesters(_Roles):
    roles = frozenset({"ingest", "admin"})


def bad_input(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


@strawberry.type(description="What a profile page may show: no reasons, no links, no flags.")
class TrustBadge:
    account_id: strawberry.ID
    band: str = strawberry.field(description="TRUSTED, STANDARD, CAUTION, HIGH_RISK or UNRATED.")
    score_range: str | None = strawberry.field(description="A 20-point range, e.g. '80-100'.")
    member_since: date | None


def badge_from_row(row: list[Any]) -> TrustBadge:
    account_id, band, score, created_at, _status = row
    low = None if score is None else min(int(score) // 20 * 20, 80)
    joined = _when(created_at)
    return TrustBadge(
        account_id=strawberry.ID(account_id),
        band=band or "UNRATED",
        score_range=None if low is None else f"{low}-{low + 20}",
        member_since=joined.date() if joined else None,
    )


@strawberry.type
class Dimensions:
    identity: float
    account_integrity: float
    feedback_integrity: float
    community_reports: float


@strawberry.type
class Reason:
    code: str
    severity: float
    explanation: str
    evidence: list[str]


@strawberry.type(description="The explained trust score (investigators only).")
class TrustScore:
    score: float
    band: str
    dimensions: Dimensions
    reasons: list[Reason]
    recommended_action: str
    duplicate_cluster: str | None
    ring: str | None


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
    trust_score: TrustScore | None

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
            trust_score=_trust_score(record.score),
        )


def _trust_score(stored: dict[str, Any] | None) -> TrustScore | None:
    if not stored or stored.get("score") is None:
        return None
    dims = json.loads(stored.get("dimensions") or "{}")
    return TrustScore(
        score=float(stored["score"]),
        band=stored.get("band") or "UNRATED",
        dimensions=Dimensions(
            **{
                k: float(dims.get(k, 100.0))
                for k in (
                    "identity",
                    "account_integrity",
                    "feedback_integrity",
                    "community_reports",
                )
            }
        ),
        reasons=[
            Reason(
                code=r["code"],
                severity=float(r["severity"]),
                explanation=r["explanation"],
                evidence=list(r["evidence"]),
            )
            for r in json.loads(stored.get("reasons") or "[]")
        ],
        recommended_action=stored.get("recommended_action") or "NONE",
        duplicate_cluster=stored.get("duplicate_cluster"),
        ring=stored.get("ring"),
    )


def badge_loader(store: GraphStore) -> DataLoader[str, TrustBadge | None]:
    """One store round trip for every badge a request asks for."""

    async def load(ids: list[str]) -> list[TrustBadge | None]:
        found = {row[0]: badge_from_row(row) for row in await store.badges(ids)}
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load, max_batch_size=MAX_BADGES)


MAX_PAGE = 100


@strawberry.type
class SearchHit:
    id: strawberry.ID
    name: str | None
    kind: str | None
    band: str | None


@strawberry.type(description="A duplicate cluster or feedback ring from the last nightly run.")
class Group:
    id: strawberry.ID
    confidence: float | None
    size: int
    members: list[strawberry.ID]


@strawberry.type(description="A page of groups; pass endCursor as `after` for the next.")
class GroupPage:
    nodes: list[Group]
    end_cursor: str | None
    has_next_page: bool


@strawberry.type
class RiskyAccount:
    id: strawberry.ID
    name: str | None
    kind: str | None
    score: float
    band: str
    recommended_action: str | None


@strawberry.type
class RiskyPage:
    nodes: list[RiskyAccount]
    end_cursor: str | None
    has_next_page: bool


BANDS = ("TRUSTED", "STANDARD", "CAUTION", "HIGH_RISK")


async def _risky_page(store: GraphStore, band: str, first: int, after: str | None) -> RiskyPage:
    if band not in BANDS:
        raise bad_input(f"band: one of {', '.join(BANDS)}")
    if not 1 <= first <= MAX_PAGE:
        raise bad_input(f"first: between 1 and {MAX_PAGE}, got {first}")
    after_score, after_id = -1.0, ""
    if after:
        score_text, _, after_id = after.partition("|")
        try:
            after_score = float(score_text)
        except ValueError:
            raise bad_input("after: not a cursor returned by this field") from None
    rows = await store.riskiest(band, after_score, after_id, first + 1)
    nodes = [
        RiskyAccount(
            id=strawberry.ID(i),
            name=name,
            kind=kind,
            score=float(score),
            band=b,
            recommended_action=action,
        )
        for i, name, kind, score, b, action in rows[:first]
    ]
    cursor = f"{nodes[-1].score}|{nodes[-1].id}" if nodes else None
    return RiskyPage(nodes=nodes, end_cursor=cursor, has_next_page=len(rows) > first)


async def _group_page(store: GraphStore, kind: str, first: int, after: str | None) -> GroupPage:
    if not 1 <= first <= MAX_PAGE:
        raise bad_input(f"first: between 1 and {MAX_PAGE}, got {first}")
    rows = await store.groups(kind, after or "", first + 1)
    nodes = [
        Group(
            id=strawberry.ID(gid),
            confidence=None if confidence is None else float(confidence),
            size=int(size or len(members)),
            members=[strawberry.ID(m) for m in sorted(members)],
        )
        for gid, confidence, size, members in rows[:first]
    ]
    return GroupPage(
        nodes=nodes,
        end_cursor=str(nodes[-1].id) if nodes else None,
        has_next_page=len(rows) > first,
    )


@strawberry.type
class Query:
    @strawberry.field(permission_classes=[BadgeReaders], description="One account's badge.")
    async def trust_badge(
        self, info: Info[dict[str, Any], None], account_id: strawberry.ID
    ) -> TrustBadge | None:
        result: TrustBadge | None = await info.context["badges"].load(str(account_id))
        return result

    @strawberry.field(
        permission_classes=[BadgeReaders], description=f"Up to {MAX_BADGES} badges at once."
    )
    async def trust_badges(
        self, info: Info[dict[str, Any], None], account_ids: list[strawberry.ID]
    ) -> list[TrustBadge | None]:
        if len(account_ids) > MAX_BADGES:
            raise bad_input(f"accountIds: at most {MAX_BADGES} ids, got {len(account_ids)}")
        loaded: list[TrustBadge | None] = await info.context["badges"].load_many(
            [str(i) for i in account_ids]
        )
        return loaded

    @strawberry.field(
        permission_classes=[Investigators], description="By exact account id or name prefix."
    )
    async def search(
        self, info: Info[dict[str, Any], None], query: str, first: int = 20
    ) -> list[SearchHit]:
        if not query.strip():
            raise bad_input("query: empty")
        if not 1 <= first <= MAX_PAGE:
            raise bad_input(f"first: between 1 and {MAX_PAGE}, got {first}")
        rows = await info.context["store"].search(query.strip(), first)
        return [
            SearchHit(id=strawberry.ID(i), name=name, kind=kind, band=band)
            for i, name, kind, band in rows
        ]

    @strawberry.field(
        permission_classes=[Investigators], description="Lowest scores first, in one band."
    )
    async def riskiest_accounts(
        self,
        info: Info[dict[str, Any], None],
        band: str = "HIGH_RISK",
        first: int = 20,
        after: str | None = None,
    ) -> RiskyPage:
        return await _risky_page(info.context["store"], band, first, after)

    @strawberry.field(permission_classes=[Investigators])
    async def duplicate_clusters(
        self, info: Info[dict[str, Any], None], first: int = 20, after: str | None = None
    ) -> GroupPage:
        return await _group_page(info.context["store"], "cluster", first, after)

    @strawberry.field(permission_classes=[Investigators])
    async def feedback_rings(
        self, info: Info[dict[str, Any], None], first: int = 20, after: str | None = None
    ) -> GroupPage:
        return await _group_page(info.context["store"], "ring", first, after)

    @strawberry.field(permission_classes=[Investigators], description="Newest first.")
    async def audit_log(
        self, info: Info[dict[str, Any], None], account_id: strawberry.ID, first: int = 50
    ) -> list[AuditRecord]:
        if not 1 <= first <= MAX_PAGE:
            raise bad_input(f"first: between 1 and {MAX_PAGE}, got {first}")
        return [
            AuditRecord.of(e)
            for e in await audit_log(info.context["store"], str(account_id), first)
        ]

    @strawberry.field(permission_classes=[Investigators], description="One account by id.")
    async def account(self, info: Info[dict[str, Any], None], id: strawberry.ID) -> Account | None:
        store: GraphStore = info.context["store"]
        record = await store.account(str(id))
        return None if record is None else Account.from_record(record)


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
    text: str | None = None
    reporter: str | None = None
    target: str | None = None
    target_kind: str | None = None
    reason: str | None = None
    details: str | None = None
    data: str | None = strawberry.field(default=None, description="Base64 portrait bytes.")
    title: str | None = None
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
        permission_classes=[Ingesters],
        description="Validate and store events; bad ones are rejected with their index.",
    )
    async def ingest_events(
        self, info: Info[dict[str, Any], None], events: list[EventInput]
    ) -> IngestResult:
        if len(events) > MAX_EVENTS:
            raise bad_input(f"events: at most {MAX_EVENTS} per request, got {len(events)}")
        report = await info.context["ingestor"].ingest(
            [Line(f"{i}", json.dumps(e.as_event())) for i, e in enumerate(events)],
            keep_rejects=True,
        )
        return IngestResult(
            accepted=report.accepted,
            rejected=[Rejection(index=int(r.source), reason=r.reason) for r in report.rejects],
        )

    @strawberry.mutation(
        permission_classes=[Ingesters],
        description="A user's report, sent by the marketplace backend on the user's behalf.",
    )
    async def flag(
        self,
        info: Info[dict[str, Any], None],
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
        report = await info.context["ingestor"].ingest(
            [Line("flag", json.dumps(event))], keep_rejects=True
        )
        if report.rejects:
            raise bad_input(report.rejects[0].reason)
        return FlagReceipt(received=True, reference=strawberry.ID(reference))


MAX_EVENTS = 10_000


@strawberry.type
class Verdict:
    account_id: strawberry.ID
    reason_code: str
    evidence_id: str
    decision: str


async def _verdict(
    info: Info[dict[str, Any], None],
    account_id: str,
    code: str,
    evidence: str,
    note: str,
    decision: str,
) -> Verdict:
    try:
        await record_verdict(
            info.context["store"],
            account_id,
            code,
            evidence,
            decision,
            note,
            f"api:{info.context.get('role')}",
        )
    except ServiceError as exc:
        raise bad_input(str(exc)) from None
    return Verdict(
        account_id=strawberry.ID(account_id),
        reason_code=code,
        evidence_id=evidence,
        decision=decision,
    )


@strawberry.type
class InvestigatorMutation:
    @strawberry.mutation(
        permission_classes=[Investigators],
        description="Not so: later rescores suppress it until new, different evidence appears.",
    )
    async def dismiss_evidence(
        self,
        info: Info[dict[str, Any], None],
        account_id: strawberry.ID,
        reason_code: str,
        evidence_id: str,
        note: str = "",
    ) -> Verdict:
        return await _verdict(info, str(account_id), reason_code, evidence_id, note, "DISMISSED")

    @strawberry.mutation(
        permission_classes=[Investigators],
        description="Confirmed: later rescores keep it at full weight.",
    )
    async def confirm_evidence(
        self,
        info: Info[dict[str, Any], None],
        account_id: strawberry.ID,
        reason_code: str,
        evidence_id: str,
        note: str = "",
    ) -> Verdict:
        return await _verdict(info, str(account_id), reason_code, evidence_id, note, "CONFIRMED")

    @strawberry.mutation(
        permission_classes=[Investigators],
        description="Rescore one account from its neighbourhood.",
    )
    async def rescore_account(
        self, info: Info[dict[str, Any], None], account_id: strawberry.ID
    ) -> Account | None:
        store: GraphStore = info.context["store"]
        await rescore_accounts(store, [str(account_id)], logos=await load_registry(store))
        record = await store.account(str(account_id))
        return None if record is None else Account.from_record(record)


@strawberry.type(description="An append-only record of an enforcement change or appeal.")
class AuditRecord:
    id: strawberry.ID
    at: datetime
    who: str
    what: str
    reason: str
    before: str | None
    after: str | None
    detail: str | None

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditRecord:
        return cls(
            id=strawberry.ID(entry.id),
            at=datetime.fromtimestamp(entry.at, tz=UTC),
            who=entry.who,
            what=entry.what,
            reason=entry.reason,
            before=entry.before,
            after=entry.after,
            detail=entry.detail,
        )


def _who(info: Info[dict[str, Any], None]) -> str:
    return f"api:{info.context.get('role')}"


@strawberry.type
class EnforcementMutation:
    @strawberry.mutation(
        permission_classes=[Investigators],
        description="NOTIFICATION, WARNING, RESTRICTION, TIMED_RESTRICTION (expiresAt "
        "required; lifts itself when it passes) or BLOCK.",
    )
    async def take_action(
        self,
        info: Info[dict[str, Any], None],
        account_id: strawberry.ID,
        action: str,
        reason: str,
        expires_at: datetime | None = None,
    ) -> AuditRecord:
        if action == "LIFT":
            raise bad_input("action: use liftAction to lift")
        try:
            entry = await take_action(
                info.context["ingestor"], str(account_id), action, reason, _who(info), expires_at
            )
        except ServiceError as exc:
            raise bad_input(str(exc)) from None
        return AuditRecord.of(entry)

    @strawberry.mutation(permission_classes=[Investigators])
    async def lift_action(
        self, info: Info[dict[str, Any], None], account_id: strawberry.ID, reason: str
    ) -> AuditRecord:
        try:
            entry = await take_action(
                info.context["ingestor"], str(account_id), "LIFT", reason, _who(info)
            )
        except ServiceError as exc:
            raise bad_input(str(exc)) from None
        return AuditRecord.of(entry)

    @strawberry.mutation(permission_classes=[Investigators])
    async def record_appeal(
        self, info: Info[dict[str, Any], None], account_id: strawberry.ID, text: str
    ) -> AuditRecord:
        try:
            entry = await record_appeal(info.context["store"], str(account_id), text, _who(info))
        except ServiceError as exc:
            raise bad_input(str(exc)) from None
        return AuditRecord.of(entry)


@strawberry.type
class Mutation(IngestMutation, InvestigatorMutation, EnforcementMutation):
    pass


KNOWN_CODES = frozenset({"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT"})
MAX_DEPTH = 8
MAX_ALIASES = 20
MAX_TOKENS = 3000


class _MaskInternal(MaskErrors):
    """Anything that is not one of our coded errors or a query the schema
    rejected becomes INTERNAL, with no message from inside the server."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return GraphQLError(
            "internal error", nodes=error.nodes, path=error.path,
            extensions={"code": "INTERNAL"},
        )  # fmt: skip


def _masked(error: GraphQLError) -> bool:
    if (error.extensions or {}).get("code") in KNOWN_CODES:
        return False
    return error.original_error is not None  # an exception in a resolver, not a bad query


def build_schema(dev: bool = False) -> strawberry.Schema:
    """The schema with its protections; introspection only in ``--dev``."""
    # factories: strawberry builds fresh extension instances for each request
    extensions: list[Any] = [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: _MaskInternal(should_mask_error=_masked),
    ]
    if not dev:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(query=Query, mutation=Mutation, extensions=extensions)


schema = build_schema(dev=True)


def schema_sdl() -> str:
    """The SDL committed as ``schema.graphql``; a test fails when they drift."""
    return schema.as_str() + "\n"
