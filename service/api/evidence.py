"""The sections of an investigator's account page, each read only when asked for.

Times are epoch seconds in the store and ``DateTime`` here; flags carry their
reporter because only investigators can reach an ``Account`` at all (the
frontend's badge type has no path to any of this).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import strawberry

from graph.cypher import rows
from graph.score_history import ScoreChange, ScoreTrigger
from graph.store.views import (
    ActionEntry,
    ClusterView,
    ContactEntry,
    ContractEntry,
    FlagEntry,
    GroupEntry,
    PortraitEntry,
)


def when(epoch: int | None) -> datetime | None:
    """Epoch seconds as the store keeps them, as an aware UTC datetime."""
    return None if epoch is None else datetime.fromtimestamp(epoch, tz=UTC)


@strawberry.type(description="An enforcement action the account received.")
class Action:
    action: str
    reason: str | None
    at: datetime | None
    expires_at: datetime | None
    by: str | None

    @classmethod
    def of(cls, e: ActionEntry) -> Action:
        return cls(
            action=e.action, reason=e.reason, at=when(e.at), expires_at=when(e.expires_at), by=e.by
        )


@strawberry.type(description="One shared identifier behind a same-person link.")
class LinkEvidence:
    kind: str = strawberry.field(description="payment, device, phone, email, portrait, ip, …")
    value: str = strawberry.field(description="The identifier; a keyed hash for personal data.")
    shared_by: int = strawberry.field(description="Accounts holding it: the rarer, the stronger.")
    weight: float = strawberry.field(description="Its log-likelihood weight in the link.")


@strawberry.type(description="Why two accounts are thought to be one person.")
class SamePersonLink:
    a: strawberry.ID
    b: strawberry.ID
    confidence: float
    evidence: list[LinkEvidence]


@strawberry.type(description="A same-person cluster with the evidence of every link.")
class DuplicateCluster:
    id: strawberry.ID
    confidence: float | None
    members: list[strawberry.ID]
    links: list[SamePersonLink]

    @classmethod
    def of(cls, c: ClusterView) -> DuplicateCluster:
        return cls(
            id=strawberry.ID(c.id),
            confidence=c.confidence,
            members=[strawberry.ID(m) for m in c.members],
            links=[
                SamePersonLink(
                    a=strawberry.ID(link.a),
                    b=strawberry.ID(link.b),
                    confidence=link.confidence,
                    evidence=[
                        LinkEvidence(
                            kind=e.kind, value=e.value, shared_by=e.shared_by, weight=e.weight
                        )
                        for e in link.evidence
                    ],
                )
                for link in c.links
            ],
        )


@strawberry.type(description="A feedback ring the account belongs to.")
class RingMembership:
    id: strawberry.ID
    confidence: float | None
    size: int
    members: list[strawberry.ID]

    @classmethod
    def of(cls, g: GroupEntry) -> RingMembership:
        members = [strawberry.ID(m) for m in g.members]
        return cls(id=strawberry.ID(g.id), confidence=g.confidence, size=g.size, members=members)


@strawberry.type(description="A contract, from this account's side, with the feedback on it.")
class ContractSide:
    id: strawberry.ID
    role: str = strawberry.field(description="CLIENT (hired) or FREELANCER (worked on it).")
    counterpart: strawberry.ID
    amount: float | None
    started_at: datetime | None
    rating_given: int | None
    rating_received: int | None

    @classmethod
    def of(cls, k: ContractEntry) -> ContractSide:
        return cls(
            id=strawberry.ID(k.id), role=k.role, counterpart=strawberry.ID(k.counterpart),
            amount=k.amount, started_at=when(k.started_at),
            rating_given=k.rating_given, rating_received=k.rating_received,
        )  # fmt: skip


@strawberry.type(
    description="A message or job post that asked to leave the platform or broke the text policy."
)
class ContactAttempt:
    id: strawberry.ID
    kind: str = strawberry.field(description="MESSAGE or JOB_POST.")
    at: datetime | None
    categories: list[str]
    excerpt: str | None = strawberry.field(
        description="The match with a little context, digits and addresses masked; null "
        "once TRUSTMESH_EXCERPT_RETENTION_DAYS have passed."
    )

    @classmethod
    def of(cls, kind: str, c: ContactEntry) -> ContactAttempt:
        return cls(
            id=strawberry.ID(c.id), kind=kind, at=when(c.at), categories=list(c.categories),
            excerpt=c.excerpt or None,
        )  # fmt: skip


@strawberry.type(description="A portfolio item: its picture is hashed, never kept.")
class PortfolioEntry:
    id: strawberry.ID
    at: datetime | None
    title: str | None

    @classmethod
    def of(cls, p: rows.PortfolioView) -> PortfolioEntry:
        return cls(id=strawberry.ID(p.id), at=when(p.at), title=p.title or None)


@strawberry.type(description="A message the account sent: never its text.")
class SentMessage:
    id: strawberry.ID
    to: strawberry.ID
    at: datetime | None
    length: int | None = strawberry.field(description="The text's length in characters.")
    categories: list[str] = strawberry.field(
        description="Off-platform and text-policy categories it broke, if any."
    )

    @classmethod
    def of(cls, m: rows.SentMessageView) -> SentMessage:
        return cls(id=strawberry.ID(m.id), to=strawberry.ID(m.recipient), at=when(m.at),
                   length=m.length, categories=list(m.categories))  # fmt: skip


@strawberry.type(description="Time logged on a contract, with the contract's dates.")
class TimeLogEntry:
    id: strawberry.ID
    contract: strawberry.ID
    start: datetime | None
    end: datetime | None
    hours: float
    manual: bool
    contract_start: datetime | None
    contract_end: datetime | None

    @classmethod
    def of(cls, t: rows.TimeLogView) -> TimeLogEntry:
        return cls(
            id=strawberry.ID(t.id), contract=strawberry.ID(t.contract), start=when(t.start),
            end=when(t.end), hours=round((t.end - t.start) / 3600, 2), manual=bool(t.manual),
            contract_start=when(t.contract_start), contract_end=when(t.contract_end),
        )  # fmt: skip


@strawberry.type(description="A portrait the account uploaded, with its preview.")
class PortraitImage:
    phash: str = strawberry.field(description="Its perceptual hash: what LOGO_PORTRAIT names.")
    thumbnail: str | None = strawberry.field(
        description="A data: URL of a 64-pixel JPEG; null where previews are not kept."
    )
    not_a_photo: float | None
    first_seen: datetime | None
    last_seen: datetime | None

    @classmethod
    def of(cls, p: PortraitEntry) -> PortraitImage:
        return cls(
            phash=p.phash,
            thumbnail=f"data:image/jpeg;base64,{p.thumb}" if p.thumb else None,
            not_a_photo=p.not_a_photo, first_seen=when(p.first_seen), last_seen=when(p.last_seen),
        )  # fmt: skip


@strawberry.type(description="A user's report against the account (confidential reporter).")
class FlagReport:
    id: strawberry.ID
    reason: str
    at: datetime | None
    reporter: strawberry.ID
    details: str | None
    target_kind: str | None

    @classmethod
    def of(cls, f: FlagEntry) -> FlagReport:
        return cls(
            id=strawberry.ID(f.id), reason=f.reason, at=when(f.at),
            reporter=strawberry.ID(f.reporter), details=f.details, target_kind=f.target_kind,
        )  # fmt: skip


strawberry.enum(ScoreTrigger, description="Which scoring wrote a score-history entry.")


@strawberry.type(
    description="A change of the account's score: its band, recommended action or reason "
    "codes, or a move of 5 points or more since the entry before."
)
class ScoreChangeEntry:
    at: datetime
    trigger: ScoreTrigger
    score: float
    band: str
    recommended_action: str
    codes: list[str]
    added: list[str] = strawberry.field(
        description="Codes not in the entry before (every code, for the oldest entry kept)."
    )
    removed: list[str]

    @classmethod
    def listed(cls, changes: Sequence[ScoreChange], first: int) -> list[ScoreChangeEntry]:
        """``changes`` newest first, each compared with the one after it."""
        shown = []
        for i, c in enumerate(changes[:first]):
            before = set(changes[i + 1].codes) if i + 1 < len(changes) else set()
            shown.append(
                cls(at=datetime.fromtimestamp(c.at, tz=UTC), trigger=c.trigger, score=c.score,
                    band=c.band, recommended_action=c.action or "NONE", codes=list(c.codes),
                    added=[x for x in c.codes if x not in before],
                    removed=sorted(before - set(c.codes)))
            )  # fmt: skip
        return shown
