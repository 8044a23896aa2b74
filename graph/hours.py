"""Padded hours: time logged that cannot all have been worked.

Pure functions over one freelancer's time logs (epoch seconds). Four signs,
each with the logs and hours that show it:

* **overlap**: the same minutes billed on two contracts;
* **long day**: more than ``DAY_LIMIT_H`` hours in some 24 hours, taken from
  each log's start, so a freelancer's time zone does not matter;
* **outside contract**: time before the contract started or after it ended;
* **manual surge**: the share of time entered by hand, week after week, far
  above the freelancer's own earlier weeks and above most freelancers'.

A freelancer who logs ten-hour days on one contract for a month shows none
of them.
"""

from __future__ import annotations

import bisect
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

HOUR, DAY, WEEK = 3600, 86_400, 7 * 86_400
OVERLAP_GRACE_S = 15 * 60  # a timer left running into the next task
OVERLAP_MIN_H = 1.0  # billed twice in all, before it is a finding
DAY_LIMIT_H = 16.0
OUTSIDE_GRACE_S = HOUR  # clocks and time zones disagree a little
OUTSIDE_MIN_H = 1.0
MIN_WEEK_H = 5.0  # weeks with less logged say nothing of a share
SURGE_MARGIN = 0.4  # manual share above the freelancer's earlier weeks
SURGE_WEEKS = 3  # ... for this many weeks: sustained
PEER_QUANTILE = 0.5  # ... and SURGE_MARGIN above this share of freelancers' shares


class Sign(StrEnum):
    OVERLAP = "overlap"
    LONG_DAY = "long_day"
    OUTSIDE_CONTRACT = "outside_contract"
    MANUAL_SURGE = "manual_surge"


@dataclass(frozen=True, slots=True)
class Log:
    id: str
    contract: str
    start: int
    end: int
    manual: bool
    contract_start: int | None = None
    contract_end: int | None = None

    @property
    def hours(self) -> float:
        return (self.end - self.start) / HOUR


def decode(entry: str) -> Log:
    """A log as the projection packs it: id, contract, start, end, manual
    (1 or 0), contract start and end (empty when unknown), tab-separated."""
    id_, contract, start, end, manual, begun, ended = entry.split("\t")
    return Log(id_, contract, int(start), int(end), manual == "1",
               int(begun) if begun else None, int(ended) if ended else None)  # fmt: skip


@dataclass(frozen=True)
class Padding:
    sign: Sign
    logs: tuple[str, ...]  # the logs that show it
    hours: float  # the hours in question


def overlaps(logs: Sequence[Log]) -> Padding | None:
    """Time billed on two contracts at once, beyond a short grace per pair."""
    ordered = sorted(logs, key=lambda g: (g.start, g.id))
    seconds, ids = 0, set[str]()
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.start >= a.end:
                break
            if a.contract == b.contract:
                continue
            shared = min(a.end, b.end) - b.start
            if shared > OVERLAP_GRACE_S:
                seconds += shared
                ids.update((a.id, b.id))
    hours = seconds / HOUR
    return Padding(Sign.OVERLAP, tuple(sorted(ids)), hours) if hours >= OVERLAP_MIN_H else None


def long_days(logs: Sequence[Log]) -> Padding | None:
    """24-hour spans, from each log's start, with more than DAY_LIMIT_H logged."""
    ordered = sorted(logs, key=lambda g: (g.start, g.id))
    starts = [g.start for g in ordered]
    worst, ids, spans = 0.0, set[str](), 0
    covered_until = -1
    for i, first in enumerate(ordered):
        window_end = first.start + DAY
        last = bisect.bisect_left(starts, window_end)
        inside = ordered[i:last]
        hours = sum(min(g.end, window_end) - g.start for g in inside) / HOUR
        if hours > DAY_LIMIT_H:
            worst = max(worst, hours)
            ids.update(g.id for g in inside)
            if first.start >= covered_until:  # count separate days, not every window
                spans += 1
                covered_until = window_end
    if not spans:
        return None
    return Padding(Sign.LONG_DAY, tuple(sorted(ids)), round(worst, 2))


def outside_contract(logs: Sequence[Log]) -> Padding | None:
    """Hours logged before the contract's start or after its end."""
    seconds, ids = 0, []
    for g in logs:
        before = after = 0
        if g.contract_start is not None:
            before = max(0, min(g.end, g.contract_start - OUTSIDE_GRACE_S) - g.start)
        if g.contract_end is not None:
            after = max(0, g.end - max(g.start, g.contract_end + OUTSIDE_GRACE_S))
        if before + after:
            seconds += before + after
            ids.append(g.id)
    hours = seconds / HOUR
    if hours < OUTSIDE_MIN_H:
        return None
    return Padding(Sign.OUTSIDE_CONTRACT, tuple(sorted(ids)), hours)


def weekly_manual_shares(logs: Sequence[Log]) -> list[tuple[int, float, list[str]]]:
    """(week, manual share, manual log ids) for weeks with MIN_WEEK_H or more logged."""
    total: dict[int, float] = defaultdict(float)
    manual: dict[int, float] = defaultdict(float)
    manual_ids: dict[int, list[str]] = defaultdict(list)
    for g in logs:
        week = g.start // WEEK
        total[week] += g.hours
        if g.manual:
            manual[week] += g.hours
            manual_ids[week].append(g.id)
    return [
        (week, manual[week] / total[week], manual_ids[week])
        for week in sorted(total)
        if total[week] >= MIN_WEEK_H
    ]


def manual_share(logs: Sequence[Log]) -> float | None:
    """A freelancer's share of time entered by hand (None: nothing logged)."""
    hours = sum(g.hours for g in logs)
    return sum(g.hours for g in logs if g.manual) / hours if hours else None


def peer_level(shares: Sequence[float]) -> float:
    """The manual share PEER_QUANTILE of freelancers stay at or below (the
    median: those who always enter time by hand do not raise the bar)."""
    if len(shares) < 10:
        return 0.0  # too few peers to say what is usual
    return statistics.quantiles(shares, n=100, method="inclusive")[int(PEER_QUANTILE * 100) - 1]


def manual_surge(logs: Sequence[Log], peers: float) -> Padding | None:
    """SURGE_WEEKS or more weeks whose manual share is SURGE_MARGIN above both
    the median of the freelancer's earlier half of weeks and ``peers``."""
    weeks = weekly_manual_shares(logs)
    if len(weeks) < 2 + SURGE_WEEKS:
        return None
    baseline = statistics.median(share for _, share, _ in weeks[: len(weeks) // 2])
    surging = [
        (share, ids)
        for _, share, ids in weeks[len(weeks) // 2 :]
        if share >= max(baseline, peers) + SURGE_MARGIN
    ]
    if len(surging) < SURGE_WEEKS:
        return None
    ids = sorted({i for _, week_ids in surging for i in week_ids})
    by_id = {g.id: g for g in logs}
    return Padding(Sign.MANUAL_SURGE, tuple(ids), sum(by_id[i].hours for i in ids))


def padding(logs: Sequence[Log], peers: float) -> list[Padding]:
    """Every sign of padding in one freelancer's logs."""
    found = [overlaps(logs), long_days(logs), outside_contract(logs), manual_surge(logs, peers)]
    return [p for p in found if p is not None]
