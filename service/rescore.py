"""The nightly rescore: project the graph, run every detector, score, write back.

``analyse`` is pure (a projection in, scores and groups out); ``rescore``
adds the store I/O and timings. A run is idempotent and safe to kill: every
account's score is written by one statement, links and groups are tagged
with the run id, and the previous run's leftovers are removed only after the
new run is fully written.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from graph import duplicates, flags, rings, sharing
from graph.projection import Projection
from graph.store import GraphStore, RescoreWrite
from identity.logos import LogoRegistry
from service.identity_findings import identity_findings
from service.logos import load_registry
from service.scoring import History, PastAction, Reason, TrustScore, combine

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


def stable_ids(groups: list[set[str]], previous: Mapping[str, set[str]], prefix: str) -> list[str]:
    """Ids that survive membership changes and are deterministic for one graph.

    A new group inherits the id of the previous group it overlaps most (each
    old id is given out once, biggest overlaps first); the rest are named
    after their members.
    """
    old_of = {account: old_id for old_id, old in previous.items() for account in old}
    overlaps: dict[tuple[int, str], int] = defaultdict(int)
    for i, members in enumerate(groups):
        for account in members:
            if (old_id := old_of.get(account)) is not None:
                overlaps[(i, old_id)] += 1
    candidates = sorted((-n, old_id, i) for (i, old_id), n in overlaps.items())
    assigned: dict[int, str] = {}
    taken: set[str] = set()
    for _, old_id, i in candidates:
        if i not in assigned and old_id not in taken:
            assigned[i] = old_id
            taken.add(old_id)
    out = []
    for i, members in enumerate(groups):
        if i in assigned:
            out.append(assigned[i])
            continue
        digest = hashlib.blake2b("\n".join(sorted(members)).encode(), digest_size=5).hexdigest()
        out.append(f"{prefix}-{digest}")
    return out


class _Verdicts:
    """Investigator dismissals and confirmations, by (account, code, evidence)."""

    def __init__(self, projection: Projection) -> None:
        self.dismissed: dict[tuple[str, str], list[tuple[str, set[str]]]] = defaultdict(list)
        self.confirmed: set[tuple[str, str, str]] = set()
        self.confirmed_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for v in projection.verdicts:
            if v.decision == "DISMISSED":
                seen = set(json.loads(v.fingerprint or "[]"))
                self.dismissed[(v.account, v.code)].append((v.evidence, seen))
            elif v.decision == "CONFIRMED":
                self.confirmed.add((v.account, v.code, v.evidence))
                self.confirmed_of[v.account].append((v.code, v.evidence))

    def suppressed(self, account: str, code: str, evidence: Iterable[str]) -> bool:
        """Dismissed, and nothing new has appeared since."""
        current = set(evidence)
        return any(current <= seen for _, seen in self.dismissed.get((account, code), []))

    def apply_confirmations(self, account: str, found: list[Reason]) -> list[Reason]:
        """A confirmed finding is kept at full severity, even when the detector no
        longer sees it (confirmed duplicate links are forced links instead)."""
        out = list(found)
        for code, evidence in sorted(self.confirmed_of.get(account, [])):
            if code == "DUPLICATE_ACCOUNT":
                continue
            matching = [i for i, r in enumerate(out) if r.code == code]
            for i in matching:
                out[i] = replace(out[i], severity=1.0)
            if not matching:
                out.append(Reason(code, 1.0, "Confirmed by an investigator.", (evidence,)))
        return out

    def pair_dismissed(self, a: str, b: str, evidence: Iterable[str]) -> bool:
        current = set(evidence)
        for x, y in ((a, b), (b, a)):
            for other, seen in self.dismissed.get((x, "DUPLICATE_ACCOUNT"), []):
                if other == y and current <= seen:
                    return True
        return False


def analyse(p: Projection, now: int, logos: LogoRegistry | None = None) -> Analysis:
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    n = len(p)
    ids = p.ids
    reasons: list[list[Reason]] = [[] for _ in range(n)]
    verdicts = _Verdicts(p)

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
        kept = [
            r
            for r in reasons[i]
            if r.code == "DUPLICATE_ACCOUNT" or not verdicts.suppressed(ids[i], r.code, r.evidence)
        ]
        if kept or ids[i] in verdicts.confirmed_of:
            kept = verdicts.apply_confirmations(ids[i], kept)
        created = p.created_at[i]
        history = History(
            age_days=max(0.0, (now - created) / 86400) if created is not None else 0.0,
            good_contracts=good[i],
        )
        histories.append(history)
        scores.append(combine(_merge(kept), history, past.get(i, [])))
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
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for kind in ("device", "payment"):
        for account, value in p.identifiers.links.get(kind, []):
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


def _merge(reasons: list[Reason]) -> list[Reason]:
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


def _score_row(
    account: str, s: TrustScore, cluster: str | None, ring: str | None
) -> dict[str, object]:
    return {
        "id": account,
        "score": s.score,
        "band": s.band,
        "dimensions": json.dumps(s.dimensions, sort_keys=True),
        "reasons": json.dumps([r.as_dict() for r in s.reasons]),
        "action": s.recommended_action,
        "cluster": cluster,
        "ring": ring,
    }


def to_rows(p: Projection, analysis: Analysis) -> RescoreWrite:
    ids = p.ids
    scores = [
        _score_row(ids[i], s, analysis.cluster_of.get(i), analysis.ring_of.get(i))
        for i, s in enumerate(analysis.scores)
    ]
    same_person = [
        {
            "a": ids[link.a],
            "b": ids[link.b],
            "confidence": round(min(1.0, link.probability), 4),
            "evidence": json.dumps(
                [
                    {
                        "kind": e.kind,
                        "value": e.value,
                        "shared_by": e.shared_by,
                        "weight": round(e.weight, 2),
                    }
                    for e in link.evidence
                ]
            ),
        }
        for _, cluster in analysis.clusters
        for link in cluster.links
    ]
    clusters = [
        {
            "id": cid,
            "confidence": round(c.confidence, 4),
            "size": len(c.members),
            "members": [ids[m] for m in c.members],
        }
        for cid, c in analysis.clusters
    ]
    ring_rows = [
        {
            "id": rid,
            "score": r.score,
            "density": r.density,
            "kind": "lockstep" if r.clients != r.freelancers else "reciprocal",
            "size": len(members),
            "members": [ids[m] for m in sorted(members)],
        }
        for rid, members, r in analysis.rings
    ]
    return RescoreWrite(scores, same_person, clusters, ring_rows)


@dataclass
class RescoreReport:
    accounts: int
    clusters: int
    rings: int
    timings: dict[str, float]


async def rescore(
    store: GraphStore, now: int | None = None, on_stage: Callable[[str], None] | None = None
) -> RescoreReport:
    now = int(time.time()) if now is None else now
    timings: dict[str, float] = {}

    def stage(name: str) -> None:
        if on_stage is not None:
            on_stage(name)

    stage("projection")
    clock = time.perf_counter()
    projection = await store.project()
    timings["projection"] = time.perf_counter() - clock
    stage("algorithms")
    analysis = analyse(projection, now, await load_registry(store))
    timings.update(analysis.timings)
    stage("write-back")
    clock = time.perf_counter()
    rows = to_rows(projection, analysis)
    run = hashlib.blake2b(f"{now}:{time.time_ns()}".encode(), digest_size=8).hexdigest()
    await store.write_rescore(run, rows)
    timings["write_back"] = time.perf_counter() - clock
    return RescoreReport(len(projection), len(analysis.clusters), len(analysis.rings), timings)


# Findings a neighbourhood can recompute on its own; rings and throwaway raters
# need the whole review graph and are carried over from the last nightly run.
LOCAL_CODES = frozenset(
    {
        "DUPLICATE_ACCOUNT", "SHARED_LOGIN", "SELF_DEALING", "LINKED_TO_BLOCKED", "FLAGGED",
        "LOGO_PORTRAIT", "DUPLICATE_PORTRAIT", "FAKE_NAME", "OFF_PLATFORM_CONTACT",
    }
)  # fmt: skip


def _stored_reasons(text: str | None) -> list[Reason]:
    return [
        Reason(r["code"], float(r["severity"]), r["explanation"], tuple(r["evidence"]))
        for r in json.loads(text or "[]")
    ]


async def rescore_accounts(
    store: GraphStore,
    account_ids: Iterable[str],
    now: int | None = None,
    logos: LogoRegistry | None = None,
) -> int:
    """Rescore only ``account_ids`` from their neighbourhood; returns how many.

    Local findings are recomputed with the new evidence; ring and throwaway
    findings, clusters and rings themselves stay as the last nightly run left
    them (that run owns the group ids).
    """
    wanted = sorted(set(account_ids))
    if not wanted:
        return 0
    now = int(time.time()) if now is None else now
    projection = await store.project(wanted)
    analysis = analyse(projection, now, logos)
    ring_of = {a: rid for rid, members in projection.previous_rings.items() for a in members}
    rows = []
    for account in wanted:
        i = projection.index.get(account)
        if i is None:
            continue
        fresh = [r for r in analysis.scores[i].reasons if r.code in LOCAL_CODES]
        carried = [
            r for r in _stored_reasons(projection.previous_reasons[i]) if r.code not in LOCAL_CODES
        ]
        score = combine(_merge(fresh + carried), analysis.histories[i], analysis.past.get(i, []))
        rows.append(_score_row(account, score, analysis.cluster_of.get(i), ring_of.get(account)))
    run = "local-" + hashlib.blake2b(f"{now}:{time.time_ns()}".encode(), digest_size=6).hexdigest()
    await store.write_scores(run, rows)
    return len(rows)
