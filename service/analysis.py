"""Every detector over one projection, and the scores they add up to.

``analyse`` is pure: a projection in, scores, groups and timings out. The
stages run in order because later ones read earlier findings: duplicate
clusters turn a contract into self-dealing and discount brigading flags;
rings and throwaway raters decide which reviews count as good history.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from graph import duplicates, flags, rings, sharing
from graph.projection import Projection
from identity.logos import LogoRegistry
from service.identity_findings import identity_findings
from service.scoring import History, PastAction, Reason, TrustScore, combine
from service.verdicts import Verdicts, stable_ids

STATUS_ACTIONS = ("RESTRICTION", "TIMED_RESTRICTION", "BLOCK")


@dataclass
class Analysis:
    scores: list[TrustScore]
    clusters: list[tuple[str, duplicates.Cluster]]
    rings: list[tuple[str, set[int], rings.Ring]]
    cluster_of: dict[int, str] = field(default_factory=dict)
    ring_of: dict[int, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    histories: list[History] = field(default_factory=list)
    past: dict[int, list[PastAction]] = field(default_factory=dict)


def analyse(p: Projection, now: int, logos: LogoRegistry | None = None) -> Analysis:
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    n = len(p)
    ids = p.ids
    reasons: list[list[Reason]] = [[] for _ in range(n)]
    verdicts = Verdicts(p)

    # 0. identity policy: portraits, names, off-platform contact
    identifiers = duplicates.Identifiers({k: list(v) for k, v in p.identifiers.links.items()})
    for code, i, severity, explanation, evidence in identity_findings(p, identifiers, logos):
        reasons[i].append(Reason(code, severity, explanation, evidence))
    timings["identity"] = time.perf_counter() - clock
    clock = time.perf_counter()

    # 1. duplicate accounts
    pairs = duplicates.score_pairs(n, identifiers, p.same_agency_pairs())
    dismissed = [
        (q.a, q.b)
        for q in pairs
        if verdicts.pair_dismissed(ids[q.a], ids[q.b], [e.value for e in q.evidence])
    ]
    confirmed = [
        (p.index[acc], p.index[other])
        for acc, code, other in verdicts.confirmed
        if code == "DUPLICATE_ACCOUNT" and acc in p.index and other in p.index
    ]
    found = duplicates.clusters(n, pairs, dismissed=dismissed, confirmed=confirmed)
    cluster_ids = stable_ids(
        [{ids[m] for m in c.members} for c in found], p.previous_clusters, "dup"
    )
    cluster_of = {m: cid for cid, c in zip(cluster_ids, found, strict=True) for m in c.members}
    for cid, cluster in zip(cluster_ids, found, strict=True):
        values = sorted({e.value for link in cluster.links for e in link.evidence})
        for m in cluster.members:
            others = [ids[o] for o in cluster.members if o != m]
            reasons[m].append(
                Reason(
                    "DUPLICATE_ACCOUNT",
                    cluster.confidence,
                    f"Shares identifying details with {len(others)} other account(s) "
                    f"that appear to belong to the same person (cluster {cid}).",
                    tuple(others + values),
                )
            )
    timings["duplicates"] = time.perf_counter() - clock

    # 2. shared logins
    clock = time.perf_counter()
    for i in range(n):
        verdict = sharing.detect(p.logins[i], p.country[i])
        if verdict is not None:
            reasons[i].append(
                Reason(
                    "SHARED_LOGIN",
                    verdict.severity,
                    f"Logged in from {len(verdict.countries)} countries with "
                    f"{verdict.impossible_hops} impossible journeys and {verdict.concurrent} "
                    "concurrent sessions on different devices.",
                    verdict.devices + verdict.countries,
                )
            )
    timings["shared_logins"] = time.perf_counter() - clock

    # 3. feedback manipulation
    clock = time.perf_counter()
    found_rings = rings.fraudar(p.reviews)
    throwaway = rings.throwaway_raters(p.reviews, p.created_at, found_rings)
    cycles = [c for c in rings.reciprocal(p.reviews) if not _within_cluster(c, cluster_of)]
    ring_groups: list[tuple[set[int], rings.Ring]] = [
        (set(r.clients) | set(r.freelancers), r) for r in found_rings
    ]
    # a throwaway client that praised only one ring's freelancers belongs to the
    # ring even if its single contract was too thin for the dense-block search
    ring_index = {f: i for i, r in enumerate(found_rings) for f in r.freelancers}
    freelancer_of = {r.contract: r.freelancer for r in p.reviews}
    for client, contracts in throwaway.items():
        owners = {ring_index.get(freelancer_of[c], -1) for c in contracts}
        if len(owners) == 1 and (owner := owners.pop()) >= 0:
            ring_groups[owner][0].add(client)
    reviews_by_client: dict[int, list[rings.Review]] = defaultdict(list)
    for r in p.reviews:
        reviews_by_client[r.client].append(r)
    for cycle in cycles:
        members = set(cycle)
        contracts = tuple(
            sorted(
                r.contract
                for member in cycle
                for r in reviews_by_client[member]
                if r.freelancer in members
            )
        )
        ring_groups.append((members, rings.Ring(cycle, cycle, contracts, 1.0, 0.8)))
    ring_ids = stable_ids([{ids[m] for m in g} for g, _ in ring_groups], p.previous_rings, "ring")
    ring_of: dict[int, str] = {}
    for rid, (members, ring) in zip(ring_ids, ring_groups, strict=True):
        for m in members:
            ring_of.setdefault(m, rid)
            reasons[m].append(
                Reason(
                    "FEEDBACK_RING",
                    ring.score,
                    f"Part of a group of {len(members)} accounts that hire and top-rate each "
                    f"other in lockstep (ring {rid}).",
                    tuple([ids[o] for o in sorted(members) if o != m] + list(ring.contracts)),
                )
            )
    for review in p.reviews:
        a, b = review.client, review.freelancer
        if a in cluster_of and cluster_of[a] == cluster_of.get(b):
            for me, other in ((a, b), (b, a)):
                reasons[me].append(
                    Reason(
                        "SELF_DEALING",
                        1.0,
                        "A contract with feedback between two accounts of the same person "
                        f"(cluster {cluster_of[a]}).",
                        (ids[other], review.contract),
                    )
                )
    fairness, _ = rings.rev2(p.reviews, n)
    for client, contracts in throwaway.items():
        reasons[client].append(
            Reason(
                "THROWAWAY_RATER",
                0.6 + 0.4 * (1 - fairness[client]),
                "A new client account whose only activity is a short burst of top ratings "
                "for one freelancer or ring.",
                contracts,
            )
        )
    timings["feedback"] = time.perf_counter() - clock

    # 4. flags, weighed by reporters' credibility; brigades count once
    clock = time.perf_counter()
    actioned: dict[int, int] = {}
    past: dict[int, list[PastAction]] = defaultdict(list)
    for act in p.actions:
        past[act.account].append(PastAction(act.action, act.reason))
        if act.action in STATUS_ACTIONS:
            actioned[act.account] = min(actioned.get(act.account, act.at), act.at)
    trust = [(s if s is not None else 70.0) / 100 for s in p.previous_score]
    group_of = {i: g for i, g in {**ring_of, **cluster_of}.items()}
    upheld = flags.upheld_ratio(p.flags, actioned)
    for target, found_pressure in flags.pressure(p.flags, trust, upheld, group_of).items():
        if found_pressure.severity >= 0.2:
            reasons[target].append(
                Reason(
                    "FLAGGED",
                    found_pressure.severity,
                    f"Reported by {len(found_pressure.reporters)} user(s) for "
                    f"{', '.join(found_pressure.reasons).replace('_', ' ')}.",
                    found_pressure.flags,
                )
            )
    timings["flags"] = time.perf_counter() - clock

    # 5. ban evasion, history, the score
    clock = time.perf_counter()
    for cid, cluster in zip(cluster_ids, found, strict=True):
        blocked = [m for m in cluster.members if p.status[m] == "BLOCKED"]
        for m in cluster.members:
            others = [ids[b] for b in blocked if b != m]
            if others:
                reasons[m].append(
                    Reason(
                        "LINKED_TO_BLOCKED",
                        cluster.confidence,
                        f"Appears to be the same person as blocked account(s) (cluster {cid}).",
                        tuple(others),
                    )
                )
    for m, blocked_ids, values in _shares_with_blocked(p):
        if m not in cluster_of or not any(
            cluster_of.get(p.index[b]) == cluster_of[m] for b in blocked_ids
        ):
            reasons[m].append(
                Reason(
                    "LINKED_TO_BLOCKED",
                    0.5,
                    "Uses a device or payment method of blocked account(s).",
                    tuple(blocked_ids + values),
                )
            )
    good: dict[int, int] = defaultdict(int)
    suspicious = set(ring_of) | {
        i for i, rs in enumerate(reasons) if any(r.code == "THROWAWAY_RATER" for r in rs)
    }
    for review in p.reviews:
        if (
            review.rating >= 4
            and fairness[review.client] >= 0.7
            and review.client not in suspicious
        ):
            good[review.freelancer] += 1
    scores = []
    histories = []
    for i in range(n):
        # duplicate links were judged pair by pair above; other findings here
        kept: list[Reason] = []
        for finding in reasons[i]:
            if finding.code == "DUPLICATE_PORTRAIT":
                if (left := verdicts.without_dismissed_pairs(ids[i], finding)) is not None:
                    kept.append(left)
            elif finding.code == "DUPLICATE_ACCOUNT" or not verdicts.suppressed(
                ids[i], finding.code, finding.evidence
            ):
                kept.append(finding)
        if kept or ids[i] in verdicts.confirmed_of:
            kept = verdicts.apply_confirmations(ids[i], kept)
        created = p.created_at[i]
        history = History(
            age_days=max(0.0, (now - created) / 86400) if created is not None else 0.0,
            good_contracts=good[i],
        )
        histories.append(history)
        scores.append(combine(merge_reasons(kept), history, past.get(i, [])))
    timings["scoring"] = time.perf_counter() - clock
    return Analysis(
        scores=scores,
        clusters=list(zip(cluster_ids, found, strict=True)),
        rings=[
            (rid, members, ring) for rid, (members, ring) in zip(ring_ids, ring_groups, strict=True)
        ],
        cluster_of=cluster_of,
        ring_of=ring_of,
        timings=timings,
        histories=histories,
        past=dict(past),
    )


def _shares_with_blocked(p: Projection, crowd: int = 10) -> list[tuple[int, list[str], list[str]]]:
    """Accounts on an uncrowded device or payment method of a BLOCKED account.

    Not proof of one person (a family laptop), but what ban evasion looks like
    first; it weighs half of a same-person link.
    """
    # only values a blocked account holds matter: find those first (blocked
    # accounts are few), then their holders
    tainted = {
        (kind, value)
        for kind in ("device", "payment")
        for account, value in p.identifiers.links.get(kind, [])
        if p.status[account] == "BLOCKED"
    }
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for kind in ("device", "payment"):
        for account, value in p.identifiers.links.get(kind, []):
            if (kind, value) in tainted:
                holders[(kind, value)].append(account)
    found: dict[int, tuple[set[str], set[str]]] = {}
    for (_, value), members in holders.items():
        if len(members) > crowd:
            continue
        blocked = [m for m in members if p.status[m] == "BLOCKED"]
        for m in members:
            others = {p.ids[b] for b in blocked if b != m}
            if others:
                entry = found.setdefault(m, (set(), set()))
                entry[0].update(others)
                entry[1].add(value)
    return [(m, sorted(b), sorted(v)) for m, (b, v) in sorted(found.items())]


def _within_cluster(cycle: tuple[int, ...], cluster_of: Mapping[int, str]) -> bool:
    """A cycle inside one person's accounts is self-dealing, not a ring."""
    return len({cluster_of.get(m, f"solo{m}") for m in cycle}) == 1


def merge_reasons(reasons: list[Reason]) -> list[Reason]:
    """One reason per code: the most severe, with every piece of evidence."""
    by_code: dict[str, list[Reason]] = defaultdict(list)
    for r in reasons:
        by_code[r.code].append(r)
    out = []
    for code, group in sorted(by_code.items()):
        worst = max(group, key=lambda r: r.severity)
        evidence = tuple(dict.fromkeys(e for r in group for e in r.evidence))
        out.append(Reason(code, min(1.0, worst.severity), worst.explanation, evidence))
    return out
