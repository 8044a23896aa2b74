"""Investigation cases: what one is about, where it stands, how it ended.

A case is opened on an account, a duplicate cluster or a feedback ring, and
holds the accounts it was about when it was opened: clusters and rings are
recomputed every night, so a closed case's outcome must still name the
accounts it judged. That outcome is the label later scoring and evaluation
read (:data:`graph.cypher.cases.CASE_OUTCOMES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CaseSubject(StrEnum):
    ACCOUNT = "ACCOUNT"
    CLUSTER = "CLUSTER"
    RING = "RING"


class CaseStatus(StrEnum):
    OPEN = "OPEN"
    IN_REVIEW = "IN_REVIEW"
    CLOSED = "CLOSED"


class CaseOutcome(StrEnum):
    """How a closed case ended: the investigator's label for its accounts."""

    CONFIRMED = "CONFIRMED"  # the abuse is real
    DISMISSED = "DISMISSED"  # nothing wrong: the detectors were mistaken
    INCONCLUSIVE = "INCONCLUSIVE"  # not enough to say either way


@dataclass(frozen=True)
class CaseFilter:
    """Which cases a listing shows; None filters nothing."""

    status: CaseStatus | None = None
    assignee: str | None = None  # a key id
    account: str | None = None  # cases about this account
    open_only: bool = False  # any status but CLOSED

    def params(self) -> dict[str, object]:
        return {
            "status": None if self.status is None else self.status.value,
            "assignee": self.assignee,
            "account": self.account,
            "open_only": self.open_only,
        }


@dataclass(frozen=True)
class CaseView:
    id: str
    subject: CaseSubject
    subject_id: str
    title: str
    status: CaseStatus
    outcome: CaseOutcome | None
    assignee: str | None  # a key id
    assignee_name: str | None
    opened_by: str
    opened_at: int
    updated_at: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class CaseNote:
    id: str
    at: int
    who: str
    text: str


@dataclass(frozen=True)
class CaseLabel:
    """One account's label from a closed case."""

    account: str
    outcome: CaseOutcome
    case: str
    subject: CaseSubject
    closed_at: int


def transition_error(status: CaseStatus, outcome: CaseOutcome | None) -> str | None:
    """Why a case cannot be set to ``status`` with ``outcome``, or None if it can.

    A closed case always carries its outcome and an open one never does, so
    the label a later run reads is never stale."""
    if status is CaseStatus.CLOSED and outcome is None:
        return "outcome: closing a case needs its outcome (CONFIRMED, DISMISSED or INCONCLUSIVE)"
    if status is not CaseStatus.CLOSED and outcome is not None:
        return "outcome: only a closed case has an outcome"
    return None
