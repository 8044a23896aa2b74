"""The in-memory projection of the graph that the nightly rescore works on.

Pulled from the store in bulk (one query per kind of fact), with accounts
numbered 0..n-1 so the algorithms work on integer tables. Plain data only:
the detectors never see the database, so the same steps can run elsewhere.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from graph.flags import FlagRecord
from graph.hours import Log
from graph.hours import decode as decode_log
from graph.identifiers import Identifiers
from graph.logins import decode, unpack
from graph.model import LoginRecord
from graph.rings import Review
from graph.spam import Sent
from identity.signatures import Signatures, WorkHashes


@dataclass(frozen=True)
class ActionRecord:
    account: int
    action: str
    reason: str
    at: int
    expires_at: int | None


@dataclass(frozen=True, kw_only=True)
class PortraitRecord(Signatures):
    account: int
    phash: str
    dhash: str
    whash: str
    not_a_photo: float
    current: bool  # the picture the profile shows now

    @property
    def signature(self) -> str:
        """pHash | dHash | wHash as uploaded (48 hex)."""
        return f"{self.phash}{self.dhash}{self.whash}"


@dataclass(frozen=True)
class ContactAttempt:
    """A message or job post whose text asked to move off the platform or
    broke the text policy."""

    sender: int
    recipient: str | None  # None for a job post
    id: str
    at: int
    categories: tuple[str, ...]  # off-platform (identity.text)
    policy: tuple[str, ...] = ()  # text policy (identity.policy)


@dataclass(frozen=True, kw_only=True)
class WorkPicture(WorkHashes):
    """A portfolio item (``owner`` an account index) or a registered stock or
    template work (``owner`` None, ``source`` its registry name), with the
    signatures of its picture."""

    owner: int | None
    id: str
    at: int
    source: str = ""


@dataclass(frozen=True)
class VerdictRecord:
    account: str
    code: str
    evidence: str
    decision: str  # DISMISSED | CONFIRMED
    fingerprint: str


@dataclass
class Projection:
    ids: list[str] = field(default_factory=list)
    kind: list[str | None] = field(default_factory=list)
    name: list[str | None] = field(default_factory=list)
    country: list[str | None] = field(default_factory=list)
    created_at: list[int | None] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    previous_score: list[float | None] = field(default_factory=list)
    previous_reasons: list[str | None] = field(default_factory=list)  # JSON, last run
    # each account's login window, packed as stored (graph.logins): decoded all
    # at once they took three times the memory (27 against 8.5 MiB at 20,000
    # demo accounts); logins_of() decodes one account's
    windows: list[str | None] = field(default_factory=list)
    identifiers: Identifiers = field(default_factory=Identifiers)
    memberships: list[tuple[int, int]] = field(default_factory=list)  # (member, agency)
    reviews: list[Review] = field(default_factory=list)
    flags: list[FlagRecord] = field(default_factory=list)
    portraits: list[PortraitRecord] = field(default_factory=list)
    contact_attempts: list[ContactAttempt] = field(default_factory=list)
    portfolio: list[WorkPicture] = field(default_factory=list)
    works: list[WorkPicture] = field(default_factory=list)  # the registry of known work
    # each freelancer's time logs (an account index -> its logs), packed as
    # read (graph.hours.decode): 5.9M logs at 1M demo accounts; see time_logs_of()
    time_logs: dict[int, list[str]] = field(default_factory=dict)
    # each sender's messages (an account index -> its messages)
    sent: dict[int, list[Sent]] = field(default_factory=dict)
    # (client id, freelancer id) -> earliest contract start
    contracts: dict[tuple[str, str], int] = field(default_factory=dict)
    actions: list[ActionRecord] = field(default_factory=list)
    email_domains: dict[int, str] = field(default_factory=dict)  # keyed hashes
    verdicts: list[VerdictRecord] = field(default_factory=list)
    previous_clusters: dict[str, set[str]] = field(default_factory=dict)
    previous_rings: dict[str, set[str]] = field(default_factory=dict)
    index: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    def add_account(
        self,
        account_id: str,
        kind: str | None,
        name: str | None,
        country: str | None,
        created_at: int | None,
        status: str | None,
        window: str | None,
        score: float | None,
        reasons: str | None = None,
    ) -> None:
        self.index[account_id] = len(self.ids)
        self.ids.append(account_id)
        self.kind.append(_shared(kind))
        self.name.append(name)
        self.country.append(_shared(country))
        self.created_at.append(created_at)
        self.status.append(sys.intern(status or "ACTIVE"))
        self.previous_score.append(score)
        self.previous_reasons.append(reasons)
        self.windows.append(window)

    def logins_of(self, account: int) -> list[LoginRecord]:
        """``account``'s recent logins, oldest first, decoded on each call."""
        return [decode(e) for e in unpack(self.windows[account])]

    def time_logs_of(self, freelancer: int) -> list[Log]:
        """``freelancer``'s time logs, decoded on each call."""
        return [decode_log(e) for e in self.time_logs.get(freelancer, ())]

    def same_agency_pairs(self) -> list[tuple[int, int]]:
        """Pairs of accounts that declared one agency (members, and the agency itself)."""
        members: dict[int, list[int]] = {}
        for member, agency in self.memberships:
            members.setdefault(agency, [agency]).append(member)
        out: list[tuple[int, int]] = []
        for group in members.values():
            for i, a in enumerate(group):
                out.extend((a, b) for b in group[i + 1 :])
        return out


def _shared(value: str | None) -> str | None:
    """One string object per distinct value of a column with a few values:
    a million accounts hold a handful of kinds, statuses and countries."""
    return None if value is None else sys.intern(value)
