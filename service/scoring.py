"""The trust score: detector findings combined into one explained number.

Pure rules over plain data (no database, no GraphQL).

* Every account starts from a **base** of 70 — STANDARD, so a new account is
  not punished for being new — and earns up to +25 from history: account age
  and completed, well-reviewed contracts from fair raters.
* Each **reason** ``{code, severity, explanation, evidence}`` multiplies the
  score by ``1 - weight(code) × severity``; its dimension's sub-score takes
  the same factor from 100.
* **Bands**: TRUSTED ≥ 80, STANDARD ≥ 60, CAUTION ≥ 35, HIGH_RISK below.
* **Recommended action** comes from the worst reason on the enforcement
  ladder, one rung higher when the account was already warned or restricted
  for the same behaviour (an earlier action whose reason names the code).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from graph.model import EvidenceKind


class Action(StrEnum):
    """A recommended action: none, or a rung of the enforcement ladder
    (graph.model.ActionKind without LIFT; a test holds the two equal)."""

    NONE = "NONE"
    NOTIFICATION = "NOTIFICATION"
    WARNING = "WARNING"
    RESTRICTION = "RESTRICTION"
    TIMED_RESTRICTION = "TIMED_RESTRICTION"
    BLOCK = "BLOCK"


LADDER = tuple(Action)  # in escalating order


class Band(StrEnum):
    """Where a score falls; stored and served as its value."""

    TRUSTED = "TRUSTED"
    STANDARD = "STANDARD"
    CAUTION = "CAUTION"
    HIGH_RISK = "HIGH_RISK"


# each band's lowest score, best first
BANDS = ((Band.TRUSTED, 80.0), (Band.STANDARD, 60.0), (Band.CAUTION, 35.0), (Band.HIGH_RISK, 0.0))


class Dimension(StrEnum):
    IDENTITY = "identity"
    ACCOUNT_INTEGRITY = "account_integrity"
    FEEDBACK_INTEGRITY = "feedback_integrity"
    COMMUNITY_REPORTS = "community_reports"
    REPUTATION = "reputation"
    WORK_INTEGRITY = "work_integrity"  # whether the work sold is real: hours, portfolio


DIMENSIONS = tuple(Dimension)


class ReasonCode(StrEnum):
    DUPLICATE_ACCOUNT = "DUPLICATE_ACCOUNT"
    DUPLICATE_PORTRAIT = "DUPLICATE_PORTRAIT"
    LOGO_PORTRAIT = "LOGO_PORTRAIT"
    FAKE_NAME = "FAKE_NAME"
    LINKED_TO_BLOCKED = "LINKED_TO_BLOCKED"
    SHARED_LOGIN = "SHARED_LOGIN"
    OFF_PLATFORM_CONTACT = "OFF_PLATFORM_CONTACT"
    FEEDBACK_RING = "FEEDBACK_RING"
    SELF_DEALING = "SELF_DEALING"
    THROWAWAY_RATER = "THROWAWAY_RATER"
    FLAGGED = "FLAGGED"
    POOR_FEEDBACK = "POOR_FEEDBACK"
    POSSIBLE_DUPLICATE = "POSSIBLE_DUPLICATE"
    COPIED_PORTFOLIO = "COPIED_PORTFOLIO"
    PADDED_HOURS = "PADDED_HOURS"
    PROHIBITED_JOB = "PROHIBITED_JOB"
    NOT_A_JOB = "NOT_A_JOB"
    SCAM_REQUEST = "SCAM_REQUEST"
    FEEDBACK_EXTORTION = "FEEDBACK_EXTORTION"
    ABUSIVE_MESSAGE = "ABUSIVE_MESSAGE"
    SUSPICIOUS_LINK = "SUSPICIOUS_LINK"
    SPAM_MESSAGES = "SPAM_MESSAGES"
    DENY_LISTED = "DENY_LISTED"


# codes no detector gives: applied from a team's lists (service.lists)
LIST_CODES = frozenset({ReasonCode.DENY_LISTED})

# code -> (dimension, weight)
CODES: dict[ReasonCode, tuple[Dimension, float]] = {
    ReasonCode.DUPLICATE_ACCOUNT: (Dimension.IDENTITY, 0.6),
    ReasonCode.DUPLICATE_PORTRAIT: (Dimension.IDENTITY, 0.35),
    ReasonCode.LOGO_PORTRAIT: (Dimension.IDENTITY, 0.25),
    ReasonCode.FAKE_NAME: (Dimension.IDENTITY, 0.3),
    ReasonCode.LINKED_TO_BLOCKED: (Dimension.IDENTITY, 0.95),
    ReasonCode.SHARED_LOGIN: (Dimension.ACCOUNT_INTEGRITY, 0.6),
    ReasonCode.OFF_PLATFORM_CONTACT: (Dimension.ACCOUNT_INTEGRITY, 0.35),
    ReasonCode.FEEDBACK_RING: (Dimension.FEEDBACK_INTEGRITY, 0.75),
    ReasonCode.SELF_DEALING: (Dimension.FEEDBACK_INTEGRITY, 0.75),
    ReasonCode.THROWAWAY_RATER: (Dimension.FEEDBACK_INTEGRITY, 0.55),
    ReasonCode.FLAGGED: (Dimension.COMMUNITY_REPORTS, 0.5),
    ReasonCode.POOR_FEEDBACK: (Dimension.REPUTATION, 0.5),
    # a lead, not a finding: alone it keeps a new account STANDARD (70 × 0.85)
    ReasonCode.POSSIBLE_DUPLICATE: (Dimension.IDENTITY, 0.15),
    # passing off others' work is about the work sold, not who sells it
    ReasonCode.COPIED_PORTFOLIO: (Dimension.WORK_INTEGRITY, 0.5),
    ReasonCode.PADDED_HOURS: (Dimension.WORK_INTEGRITY, 0.6),
    ReasonCode.PROHIBITED_JOB: (Dimension.ACCOUNT_INTEGRITY, 0.6),
    # a first freelancer ad or unclear post: a WARNING (0.2 at severity 1)
    ReasonCode.NOT_A_JOB: (Dimension.ACCOUNT_INTEGRITY, 0.2),
    ReasonCode.SCAM_REQUEST: (Dimension.ACCOUNT_INTEGRITY, 0.7),
    # blackmail for a rating corrupts feedback as a ring does
    ReasonCode.FEEDBACK_EXTORTION: (Dimension.FEEDBACK_INTEGRITY, 0.7),
    ReasonCode.ABUSIVE_MESSAGE: (Dimension.ACCOUNT_INTEGRITY, 0.5),
    # one shortened link alone is a lead (0.25); a look-alike site is phishing
    ReasonCode.SUSPICIOUS_LINK: (Dimension.ACCOUNT_INTEGRITY, 0.5),
    # a nuisance before a danger: a first burst is a WARNING (0.35 at severity 1)
    ReasonCode.SPAM_MESSAGES: (Dimension.ACCOUNT_INTEGRITY, 0.35),
    # a team's own decision (service.lists): HIGH_RISK from any start (95 x 0.2)
    ReasonCode.DENY_LISTED: (Dimension.ACCOUNT_INTEGRITY, 0.8),
}

# codes that, found with confidence (severity >= 0.9), warrant more than the
# severity ladder says
MINIMUM_ACTION = {
    ReasonCode.LINKED_TO_BLOCKED: Action.BLOCK,
    ReasonCode.SELF_DEALING: Action.RESTRICTION,
    # the rulebook's ban-worthy offences: prohibited services, blackmail for
    # feedback, padded hours, and scams asking for money
    ReasonCode.PROHIBITED_JOB: Action.BLOCK,
    ReasonCode.FEEDBACK_EXTORTION: Action.BLOCK,
    ReasonCode.PADDED_HOURS: Action.BLOCK,
    ReasonCode.SCAM_REQUEST: Action.BLOCK,
    # threats and slurs: kept off the platform for a while at least
    ReasonCode.ABUSIVE_MESSAGE: Action.TIMED_RESTRICTION,
    # a site posing as the marketplace or a payment provider is phishing
    ReasonCode.SUSPICIOUS_LINK: Action.RESTRICTION,
    # copied work comes down until it is replaced
    ReasonCode.COPIED_PORTFOLIO: Action.RESTRICTION,
}


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    severity: float
    explanation: str
    evidence: tuple[str, ...]
    kinds: tuple[EvidenceKind, ...] = ()  # of each evidence item, in order; () if unknown
    floor: Action | None = None  # the least action it warrants (a deny list's choice)
    # items the explanation counts past those the evidence names (a stock
    # photo's thousands of profiles); kept only until the scores are stored
    unlisted: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": round(self.severity, 3),
            "explanation": self.explanation,
            "evidence": list(self.evidence),
            "kinds": list(self.kinds),
        }

    def items(self) -> list[tuple[EvidenceKind, str]]:
        """Each evidence item with its kind (OTHER where it was never typed)."""
        kinds = self.kinds if len(self.kinds) == len(self.evidence) else ()
        return [
            (kinds[i] if kinds else EvidenceKind.OTHER, value)
            for i, value in enumerate(self.evidence)
        ]


@dataclass(frozen=True)
class History:
    """What an account has done well: the positive side of trust."""

    age_days: float = 0.0
    # good ratings earned, net of bad ones: each weighed by its REV2
    # reliability, from raters outside rings (graph.reputation)
    earned: float = 0.0


@dataclass(frozen=True)
class PastAction:
    action: str  # graph.model.ActionKind, as stored
    reason: str  # the investigator's words, which may name a code


@dataclass
class TrustScore:
    score: float
    band: Band
    dimensions: dict[str, float]  # by Dimension
    reasons: list[Reason] = field(default_factory=list)
    recommended_action: Action = Action.NONE


def band(score: float) -> Band:
    for name, floor in BANDS:
        if score >= floor:
            return name
    return Band.HIGH_RISK


def score_range(score: float | None) -> str | None:
    """The 20-point range a badge shows instead of the score, e.g. '80-100'."""
    if score is None:
        return None
    low = min(int(score) // 20 * 20, 80)
    return f"{low}-{low + 20}"


def base_score(history: History) -> float:
    age = min(history.age_days / 365, 1.0) * 8
    work = min(max(history.earned, 0.0) / 10, 1.0) * 17
    return 70.0 + age + work


def _rung(action: str) -> int:
    return LADDER.index(Action(action)) if action in LADDER else 0


def recommended_action(reasons: Sequence[Reason], past: Iterable[PastAction]) -> Action:
    if not reasons:
        return Action.NONE
    rung = 0
    for reason in reasons:
        risk = CODES[reason.code][1] * reason.severity
        level = (
            1 if risk < 0.2 else 2 if risk < 0.4 else 3 if risk < 0.6 else 4 if risk < 0.8 else 5
        )
        if reason.code in MINIMUM_ACTION and reason.severity >= 0.9:
            level = max(level, _rung(MINIMUM_ACTION[reason.code]))
        if reason.floor is not None:
            level = max(level, _rung(reason.floor))
        for earlier in past:
            said = earlier.reason.upper().replace(" ", "_")
            if reason.code in said and _rung(earlier.action) >= _rung(Action.WARNING):
                level = max(level, min(_rung(earlier.action) + 1, len(LADDER) - 1))
        rung = max(rung, level)
    return LADDER[rung]


def combine(
    reasons: Sequence[Reason], history: History, past: Sequence[PastAction] = ()
) -> TrustScore:
    score = base_score(history)
    if not reasons:  # most accounts: nothing found, only their history counts
        clean = round(max(0.0, min(100.0, score)), 1)
        return TrustScore(clean, band(clean), dict.fromkeys(DIMENSIONS, 100.0), [], Action.NONE)
    dimensions = dict.fromkeys(DIMENSIONS, 100.0)
    for reason in reasons:
        dimension, weight = CODES[reason.code]
        factor = 1 - weight * max(0.0, min(1.0, reason.severity))
        score *= factor
        dimensions[dimension] *= factor
    score = round(max(0.0, min(100.0, score)), 1)
    ordered = sorted(reasons, key=lambda r: (-CODES[r.code][1] * r.severity, r.code))
    return TrustScore(
        score=score,
        band=band(score),
        dimensions={k: round(v, 1) for k, v in dimensions.items()},
        reasons=ordered,
        recommended_action=recommended_action(ordered, past),
    )
