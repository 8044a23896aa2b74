"""Detection quality against ground truth: precision, recall, F1, ROC AUC.

A pattern counts as detected for an account when the matching reason code is
in its score. AUC ranks accounts by ``100 - score`` against "has any pattern"
(Mann–Whitney U, ties counted half).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# A pattern counts as found by any of its codes: a possible duplicate is a
# duplicate found at a lower confidence.
PATTERN_CODES: dict[str, tuple[str, ...]] = {
    "duplicate_account": ("DUPLICATE_ACCOUNT", "POSSIBLE_DUPLICATE"),
    "shared_login": ("SHARED_LOGIN",),
    "feedback_ring": ("FEEDBACK_RING",),
    "self_dealing": ("SELF_DEALING",),
    "logo_portrait": ("LOGO_PORTRAIT",),
    "duplicate_portrait": ("DUPLICATE_PORTRAIT",),
    "fake_name": ("FAKE_NAME",),
    "off_platform_contact": ("OFF_PLATFORM_CONTACT",),
    "copied_portfolio": ("COPIED_PORTFOLIO",),
    "padded_hours": ("PADDED_HOURS",),
    "prohibited_job": ("PROHIBITED_JOB",),
    "not_a_job": ("NOT_A_JOB",),
    "scam_request": ("SCAM_REQUEST",),
    "feedback_extortion": ("FEEDBACK_EXTORTION",),
    "abusive_message": ("ABUSIVE_MESSAGE",),
    "suspicious_link": ("SUSPICIOUS_LINK",),
    "spam_messages": ("SPAM_MESSAGES",),
}


@dataclass(frozen=True)
class PatternQuality:
    pattern: str
    support: int
    flagged: int
    precision: float
    recall: float
    f1: float


def quality(labels: Mapping[str, set[str]], codes: Mapping[str, set[str]]) -> list[PatternQuality]:
    out = []
    for pattern, named in PATTERN_CODES.items():
        truth = {a for a, ps in labels.items() if pattern in ps}
        found = {a for a, cs in codes.items() if cs.intersection(named) and a in labels}
        hits = len(truth & found)
        precision = hits / len(found) if found else (1.0 if not truth else 0.0)
        recall = hits / len(truth) if truth else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out.append(PatternQuality(pattern, len(truth), len(found), precision, recall, f1))
    return out


def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """AUC of ``scores`` (higher = more suspicious) for the positive class."""
    ranked = sorted(zip(scores, positive, strict=True))
    n_pos = sum(positive)
    n_neg = len(positive) - n_pos
    if not n_pos or not n_neg:
        return float("nan")
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid = (i + 1 + j) / 2  # average 1-based rank of the tie group
        rank_sum += mid * sum(1 for _, p in ranked[i:j] if p)
        i = j
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


# Codes that are leads for an investigator rather than findings: a possible
# duplicate alone keeps an account STANDARD. False positives count findings;
# leads on look-alikes are counted beside them.
LEADS = frozenset({"POSSIBLE_DUPLICATE"})


@dataclass(frozen=True)
class LookAlikeRate:
    wrong: int  # clean accounts given a pattern finding
    leads: int  # clean accounts given only a lead
    accounts: int

    @property
    def rate(self) -> float:
        return self.wrong / self.accounts if self.accounts else 0.0


def false_positive_rates(
    benign: Mapping[str, set[str]], labels: Mapping[str, set[str]], codes: Mapping[str, set[str]]
) -> dict[str, LookAlikeRate]:
    """Per look-alike: clean accounts wrongly given a finding, or only a lead."""
    watched = {code for named in PATTERN_CODES.values() for code in named}
    out: dict[str, LookAlikeRate] = {}
    kinds = sorted({k for ks in benign.values() for k in ks})
    for kind in kinds:
        clean = [a for a, ks in benign.items() if kind in ks and not labels.get(a)]
        given = [codes.get(a, set()) & watched for a in clean]
        wrong = sum(1 for g in given if g - LEADS)
        leads = sum(1 for g in given if g and not g - LEADS)
        out[kind] = LookAlikeRate(wrong, leads, len(clean))
    return out


def average_precision(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """Average precision of ``scores`` (higher = more suspicious): recall
    gained at each distinct score times the precision there, tied items
    entering together (scikit-learn's definition)."""
    n_pos = sum(positive)
    if not n_pos:
        return float("nan")
    ranked = sorted(zip(scores, positive, strict=True), key=lambda pair: -pair[0])
    total, seen, hits, i = 0.0, 0, 0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        group_hits = sum(1 for _, p in ranked[i:j] if p)
        seen += j - i
        hits += group_hits
        total += group_hits * hits / seen
        i = j
    return total / n_pos
