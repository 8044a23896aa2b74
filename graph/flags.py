"""User flags as evidence: weighed by reason and by who reports.

A flag is a claim, not a fact. Each one counts by its reason's weight times
the reporter's credibility (their own trust score and how often their past
flags were upheld by an enforcement action), once per reporter and target,
and a burst of flags from one duplicate cluster or ring counts as one voice
(brigading). Reporter identities stay in the evidence list that only
investigators see.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

REASON_WEIGHT: Mapping[str, float] = {
    "illegal_or_unethical": 0.9,
    "threatening_or_abusive": 0.8,
    "payment_outside_platform": 0.8,
    "fake_profile": 0.6,
    "duplicate_account": 0.6,
    "off_platform_contact": 0.6,
    "spam_or_suspicious_link": 0.6,
    "feedback_manipulation": 0.6,
    "account_sharing": 0.6,
    "asking_free_work": 0.5,
    "logo_or_fake_photo": 0.4,
    "freelancer_ad_not_job": 0.2,
    "something_else": 0.2,
    "unclear_job_post": 0.1,
}


@dataclass(frozen=True)
class FlagRecord:
    id: str
    reporter: int
    target: int
    reason: str
    at: int


@dataclass(frozen=True)
class FlagPressure:
    severity: float  # 0..1
    flags: tuple[str, ...]
    reporters: tuple[int, ...]
    reasons: tuple[str, ...]


def upheld_ratio(flags: Sequence[FlagRecord], actioned_at: Mapping[int, int]) -> dict[int, float]:
    """Per reporter: share of past flags whose target was later actioned.

    Laplace-smoothed ((upheld + 1) / (flags + 2)) so one lucky or unlucky
    flag does not decide a reporter's credibility.
    """
    upheld: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    for f in flags:
        total[f.reporter] += 1
        when = actioned_at.get(f.target)
        if when is not None and when >= f.at:
            upheld[f.reporter] += 1
    return {r: (upheld[r] + 1) / (n + 2) for r, n in total.items()}


def pressure(
    flags: Sequence[FlagRecord],
    reporter_trust: Sequence[float],
    upheld: Mapping[int, float],
    group_of: Mapping[int, str],
) -> dict[int, FlagPressure]:
    """Per flagged account: how much the flags against it should weigh."""
    best: dict[tuple[int, int], tuple[float, FlagRecord]] = {}
    for f in flags:
        credibility = 0.5 * reporter_trust[f.reporter] + 0.5 * upheld.get(f.reporter, 0.5)
        value = REASON_WEIGHT.get(f.reason, 0.2) * credibility
        key = (f.target, f.reporter)
        if key not in best or value > best[key][0]:
            best[key] = (value, f)
    voices: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    kept: dict[int, list[FlagRecord]] = defaultdict(list)
    for (target, reporter), (value, f) in best.items():
        voices[target][group_of.get(reporter, f"self:{reporter}")].append(value)
        kept[target].append(f)
    out = {}
    for target, groups in voices.items():
        # one voice per group: its strongest flag, plus a little for the rest
        total = sum(max(v) + 0.1 * (sum(v) - max(v)) for v in groups.values())
        severity = 1 - math.exp(-total)
        records = sorted(kept[target], key=lambda f: f.id)
        out[target] = FlagPressure(
            severity=round(severity, 3),
            flags=tuple(f.id for f in records),
            reporters=tuple(sorted({f.reporter for f in records})),
            reasons=tuple(sorted({f.reason for f in records})),
        )
    return out
