"""GraphQL types built from the store's records; no logic beyond shaping them."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.types import Info

from graph.codec import ScoreRecord, StoredReason
from graph.model import AccountRecord, EvidenceKind, LoginRecord
from service.api.context import Context
from service.api.evidence import (
    Action,
    ContactAttempt,
    ContractSide,
    DuplicateCluster,
    FlagReport,
    PortfolioEntry,
    PortraitImage,
    RingMembership,
    ScoreChangeEntry,
    SentMessage,
    TimeLogEntry,
    when,
)
from service.api.permissions import bad_input
from service.enforcement import AuditEntry
from service.scoring import DIMENSIONS

MAX_SECTION = 500


@strawberry.type
class Dimensions:
    identity: float
    account_integrity: float
    feedback_integrity: float
    community_reports: float
    reputation: float = strawberry.field(
        description="What fair trading partners' ratings say (100 before any are poor)."
    )
    work_integrity: float = strawberry.field(
        description="Whether the work sold is real: hours logged, portfolio shown."
    )


strawberry.enum(EvidenceKind, description="What a piece of evidence names.")


@strawberry.type(description="One piece of a reason's evidence: what it names, and its id.")
class EvidenceItem:
    kind: EvidenceKind
    id: str


@strawberry.type
class Reason:
    code: str
    severity: float
    explanation: str
    evidence: list[str] = strawberry.field(description="The ids alone, as items gives them.")
    items: list[EvidenceItem] = strawberry.field(
        description="The evidence, typed: OTHER for a reason stored before evidence had kinds."
    )


@strawberry.type(description="The explained trust score (investigators only).")
class TrustScore:
    score: float
    band: str
    dimensions: Dimensions
    reasons: list[Reason]
    recommended_action: str
    duplicate_cluster: str | None
    ring: str | None


@strawberry.type(description="One login of an account's recent window.")
class Login:
    at: datetime
    country: str | None
    device: str
    ip: str

    @classmethod
    def of(cls, entry: LoginRecord) -> Login:
        return cls(
            at=datetime.fromtimestamp(entry.at, tz=UTC),
            country=entry.country,
            device=entry.device,
            ip=entry.ip,
        )


@strawberry.type(description="A marketplace account as trustmesh sees it (investigators).")
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
    devices: list[str]
    ips: list[str]
    payment_fingerprints: list[str] = strawberry.field(
        description="Keyed hashes of cards and accounts; raw numbers are never stored."
    )
    trust_score: TrustScore | None
    window: strawberry.Private[list[LoginRecord]]

    @classmethod
    def from_record(cls, record: AccountRecord) -> Account:
        return cls(
            id=strawberry.ID(record.id),
            kind=record.kind,
            name=record.name,
            country=record.country,
            created_at=when(record.created_at),
            status=record.status,
            agency=strawberry.ID(record.agency) if record.agency else None,
            device_count=len(record.devices),
            ip_count=len(record.ips),
            payment_method_count=len(record.payment_fingerprints),
            recent_login_count=len(record.recent_logins),
            devices=list(record.devices),
            ips=list(record.ips),
            payment_fingerprints=list(record.payment_fingerprints),
            trust_score=_trust_score(record.score),
            window=record.recent_logins,
        )

    @strawberry.field(
        description="The logins of the window SHARED_LOGIN is judged on, newest first: "
        "when, from which country, device and IP."
    )
    def recent_logins(self, first: int = 200) -> list[Login]:
        newest = sorted(self.window, key=lambda login: login.at, reverse=True)
        return [Login.of(entry) for entry in newest[: _page(first)]]

    @strawberry.field(description="The ladder step the last scoring recommends (NONE if unscored).")
    def recommended_action(self) -> str:
        return self.trust_score.recommended_action if self.trust_score else "NONE"

    @strawberry.field(description="Enforcement history, newest first.")
    async def actions(self, info: Info[Context, None], first: int = 50) -> list[Action]:
        entries = await info.context.store.account_actions(str(self.id), _page(first))
        return [Action.of(e) for e in entries]

    @strawberry.field(description="How the score came to be: its changes, newest first.")
    async def score_history(
        self, info: Info[Context, None], first: int = 20
    ) -> list[ScoreChangeEntry]:
        # one more than shown, so the oldest shown can say what it changed
        changes = await info.context.store.score_history(str(self.id), _page(first) + 1)
        return ScoreChangeEntry.listed(changes, first)

    @strawberry.field(description="The same-person cluster, with the evidence of every link.")
    async def duplicate_cluster(self, info: Info[Context, None]) -> DuplicateCluster | None:
        found = await info.context.store.account_cluster(str(self.id))
        return None if found is None else DuplicateCluster.of(found)

    @strawberry.field(description="Feedback rings the account belongs to.")
    async def rings(self, info: Info[Context, None]) -> list[RingMembership]:
        return [RingMembership.of(g) for g in await info.context.store.account_rings(str(self.id))]

    @strawberry.field(description="Contracts as client or freelancer, newest first, with ratings.")
    async def contracts(self, info: Info[Context, None], first: int = 50) -> list[ContractSide]:
        entries = await info.context.store.account_contracts(str(self.id), _page(first))
        return [ContractSide.of(k) for k in entries]

    @strawberry.field(description="Reports against the account, newest first, with reporters.")
    async def flags(self, info: Info[Context, None], first: int = 50) -> list[FlagReport]:
        entries = await info.context.store.account_flags(str(self.id), _page(first))
        return [FlagReport.of(f) for f in entries]

    @strawberry.field(
        description="What OFF_PLATFORM_CONTACT and the text-policy codes name: the messages "
        "and job posts that asked to move contact or payment off the platform or broke the "
        "text policy, newest first, with their categories."
    )
    async def contact_attempts(
        self, info: Info[Context, None], first: int = 50
    ) -> list[ContactAttempt]:
        now = int(datetime.now(tz=UTC).timestamp())
        found = await info.context.store.account_contact_attempts(str(self.id), now, _page(first))
        return [ContactAttempt.of(kind, c) for kind, c in found]

    @strawberry.field(
        description="Portraits uploaded, latest first, with previews to check by eye."
    )
    async def portraits(self, info: Info[Context, None], first: int = 10) -> list[PortraitImage]:
        entries = await info.context.store.account_portraits(str(self.id), _page(first))
        return [PortraitImage.of(p) for p in entries]

    @strawberry.field(description="Portfolio items, newest first: what COPIED_PORTFOLIO names.")
    async def portfolio(self, info: Info[Context, None], first: int = 50) -> list[PortfolioEntry]:
        entries = await info.context.store.account_portfolio(str(self.id), _page(first))
        return [PortfolioEntry.of(p) for p in entries]

    @strawberry.field(
        description="Messages sent, newest first, with recipients and lengths (never the "
        "text): what SPAM_MESSAGES names."
    )
    async def sent_messages(self, info: Info[Context, None], first: int = 50) -> list[SentMessage]:
        entries = await info.context.store.account_sent_messages(str(self.id), _page(first))
        return [SentMessage.of(m) for m in entries]

    @strawberry.field(description="Time logs, latest first: what PADDED_HOURS names.")
    async def time_logs(self, info: Info[Context, None], first: int = 100) -> list[TimeLogEntry]:
        entries = await info.context.store.account_time_logs(str(self.id), _page(first))
        return [TimeLogEntry.of(t) for t in entries]


def _page(first: int) -> int:
    if not 1 <= first <= MAX_SECTION:
        raise bad_input(f"first: between 1 and {MAX_SECTION}, got {first}")
    return first


def _items(r: StoredReason) -> list[EvidenceItem]:
    kinds = r.kinds if len(r.kinds) == len(r.evidence) else ("OTHER",) * len(r.evidence)
    return [
        EvidenceItem(kind=EvidenceKind(k), id=e) for k, e in zip(kinds, r.evidence, strict=True)
    ]


def _trust_score(stored: ScoreRecord | None) -> TrustScore | None:
    if stored is None:
        return None
    dims = stored.dimensions
    return TrustScore(
        score=float(stored.score),
        band=stored.band or "UNRATED",
        dimensions=Dimensions(**{k: float(dims.get(k, 100.0)) for k in DIMENSIONS}),
        reasons=[
            Reason(
                code=r.code,
                severity=r.severity,
                explanation=r.explanation,
                evidence=list(r.evidence),
                items=_items(r),
            )
            for r in stored.reasons
        ],
        recommended_action=stored.recommended_action or "NONE",
        duplicate_cluster=stored.duplicate_cluster,
        ring=stored.ring,
    )


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
            at=datetime.fromtimestamp(entry.at, tz=UTC),  # always set: not optional
            who=entry.who,
            what=entry.what,
            reason=entry.reason,
            before=entry.before,
            after=entry.after,
            detail=entry.detail,
        )
