"""Every detector over one projection, and the scores they add up to.

``analyse`` is pure: a projection in, scores, groups and timings out. The
steps run in the declared order of :func:`detectors` because later ones read
earlier products (``needs``/``gives``): duplicate clusters turn a contract
into self-dealing and make a brigade one voice; rings and throwaway raters
decide which reviews count as good history.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from graph import duplicates, rings
from graph.model import EvidenceKind
from graph.projection import Projection
from identity.logos import LogoRegistry
from service.detect.accounts import BanEvasion, DuplicateAccounts, SharedLogins
from service.detect.base import Detector, Found, check_order
from service.detect.conduct import SpamMessages, TextPolicy
from service.detect.feedback import FeedbackRings, PoorFeedback, SelfDealing, ThrowawayRaters
from service.detect.identity import FakeNames, OffPlatformContact, Portraits
from service.detect.reports import Flags
from service.detect.verdicts import Verdicts
from service.detect.work import CopiedPortfolio, PaddedHours
from service.scoring import History, PastAction, Reason, ReasonCode, TrustScore, combine


def detectors(logos: LogoRegistry | None = None) -> list[Detector]:
    """The steps of a rescore, in order."""
    steps: list[Detector] = [
        Portraits(logos),
        FakeNames(logos),
        OffPlatformContact(),
        TextPolicy(),
        SpamMessages(),
        DuplicateAccounts(),
        SharedLogins(),
        FeedbackRings(),
        SelfDealing(),
        CopiedPortfolio(),
        PaddedHours(),
        PoorFeedback(),
        ThrowawayRaters(),
        Flags(),
        BanEvasion(),
    ]
    check_order(steps)
    return steps


@dataclass
class Analysis:
    scores: list[TrustScore]
    clusters: list[tuple[str, duplicates.Cluster]]
    rings: list[tuple[str, set[int], rings.Ring]]
    cluster_of: dict[int, str] = field(default_factory=dict)
    ring_of: dict[int, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step
    histories: list[History] = field(default_factory=list)
    past: dict[int, list[PastAction]] = field(default_factory=dict)


def analyse(p: Projection, now: int, logos: LogoRegistry | None = None) -> Analysis:
    timings: dict[str, float] = {}
    reasons: list[list[Reason]] = [[] for _ in range(len(p))]
    found = Found()
    for step in detectors(logos):
        clock = time.perf_counter()
        for finding in step.run(p, found):
            reasons[finding.account].append(finding.reason())
        timings[step.name] = time.perf_counter() - clock
    clock = time.perf_counter()
    past: dict[int, list[PastAction]] = defaultdict(list)
    for act in p.actions:
        past[act.account].append(PastAction(act.action, act.reason))
    histories = _histories(p, found, now)
    verdicts = Verdicts(p)
    scores = [
        combine(
            merge_reasons(_judged(verdicts, p.ids[i], reasons[i])), histories[i], past.get(i, [])
        )
        for i in range(len(p))
    ]
    timings["scoring"] = time.perf_counter() - clock
    clusters, ring_groups = found.clusters, found.rings
    return Analysis(
        scores=scores,
        clusters=list(zip(clusters.ids, clusters.found, strict=True)),
        rings=[
            (rid, members, ring)
            for rid, (members, ring) in zip(ring_groups.ids, ring_groups.groups, strict=True)
        ],
        cluster_of=clusters.of,
        ring_of=ring_groups.of,
        timings=timings,
        histories=histories,
        past=dict(past),
    )


def _histories(p: Projection, found: Found, now: int) -> list[History]:
    """Age, and the good ratings earned from raters outside rings (graph.reputation)."""
    earned = found.raters.earned
    return [
        History(
            age_days=max(0.0, (now - created) / 86400) if created is not None else 0.0,
            earned=earned[i],
        )
        for i, created in enumerate(p.created_at)
    ]


def _judged(verdicts: Verdicts, account: str, found: list[Reason]) -> list[Reason]:
    """Findings after investigators' verdicts; duplicate links were judged pair
    by pair inside their step."""
    kept: list[Reason] = []
    for finding in found:
        if finding.code == ReasonCode.DUPLICATE_PORTRAIT:
            if (left := verdicts.without_dismissed_pairs(account, finding)) is not None:
                kept.append(left)
        elif finding.code == ReasonCode.DUPLICATE_ACCOUNT or not verdicts.suppressed(
            account, finding.code, finding.evidence
        ):
            kept.append(finding)
    if kept or account in verdicts.confirmed_of:
        kept = verdicts.apply_confirmations(account, kept)
    return kept


def merge_reasons(reasons: list[Reason]) -> list[Reason]:
    """One reason per code: the most severe, with every piece of evidence,
    the most severe finding's first (and in one order whatever order the
    findings came in: the engines return rows in different orders)."""
    by_code: dict[ReasonCode, list[Reason]] = defaultdict(list)
    for r in reasons:
        by_code[r.code].append(r)
    out = []
    for code, group in sorted(by_code.items()):
        group.sort(key=lambda r: (-r.severity, r.evidence))
        worst = group[0]
        items: dict[str, EvidenceKind] = {}
        for r in group:
            for kind, value in r.items():
                # in order; a kind someone typed wins over OTHER (a confirmation's)
                if items.get(value, EvidenceKind.OTHER) is EvidenceKind.OTHER:
                    items[value] = kind
        severity = min(1.0, worst.severity)
        evidence, kinds = tuple(items), tuple(items.values())
        out.append(
            Reason(code, severity, worst.explanation, evidence, kinds, worst.floor, worst.unlisted)
        )
    return out
