"""The nightly rescore: project the graph, analyse it, write the scores back.

:func:`service.detect.pipeline.analyse` is pure; ``rescore`` adds the store I/O and
timings. A run is idempotent and safe to kill: every account's score is
written by one statement, links and groups are tagged with the run id, and
the previous run's leftovers are removed only after the new run is fully
written.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from graph import codec
from graph.codec import ScoreRecord
from graph.model import EvidenceKind
from graph.projection import Projection
from graph.store.ports import Outbox, ProjectionReader, ScoreStore, ValueLists
from graph.store.records import RescoreWrite
from identity.logos import LogoRegistry
from service.collector import collector_paused
from service.detect.pipeline import Analysis, analyse, detectors, merge_reasons
from service.lists import ValueList, listed, matches
from service.logos import load_registry
from service.scoring import Band, Reason, ReasonCode, TrustScore, combine


class Rescoring(ProjectionReader, ScoreStore, ValueLists, Outbox, Protocol):
    """What a rescore needs of the store: the graph and the lists in, the
    scores (and the outbox events announcing their changes) out."""


async def _on_lists(store: Rescoring, p: Projection, now: int) -> dict[int, list[ValueList]]:
    """The allow and deny lists each account of ``p`` is on."""
    active = [ValueList.of(row) for row in await store.active_lists(now)]
    return matches(p, active) if active else {}


def _stored(account: str, s: TrustScore, cluster: str | None, ring: str | None) -> ScoreRecord:
    return ScoreRecord(
        account=account,
        score=s.score,
        band=s.band,
        dimensions=s.dimensions,
        reasons=tuple(codec.reason(r.code, r.severity, r.explanation, r.evidence, r.kinds)
                      for r in s.reasons),
        recommended_action=s.recommended_action,
        duplicate_cluster=cluster,
        ring=ring,
    )  # fmt: skip


def to_rows(p: Projection, analysis: Analysis) -> RescoreWrite:
    ids = p.ids
    scores = [
        _stored(ids[i], s, analysis.cluster_of.get(i), analysis.ring_of.get(i))
        for i, s in enumerate(analysis.scores)
    ]
    same_person = [
        {
            "a": ids[link.a],
            "b": ids[link.b],
            "confidence": round(min(1.0, link.probability), 4),
            "evidence": codec.encode_link_evidence(
                [codec.LinkEvidence(e.kind, e.value, e.shared_by, e.weight) for e in link.evidence]
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
    store: Rescoring, now: int | None = None, on_stage: Callable[[str], None] | None = None
) -> RescoreReport:
    now = int(time.time()) if now is None else now
    timings: dict[str, float] = {}

    def stage(name: str) -> None:
        if on_stage is not None:
            on_stage(name)

    with collector_paused():
        stage("retention")
        await store.purge_excerpts(now)
        stage("projection")
        clock = time.perf_counter()
        projection = await store.project()
        timings["projection"] = time.perf_counter() - clock
        stage("algorithms")
        analysis = analyse(projection, now, await load_registry(store))
        timings.update(analysis.timings)
        for i, on in (await _on_lists(store, projection, now)).items():
            reasons = merge_reasons(listed(analysis.scores[i].reasons, on))
            analysis.scores[i] = combine(reasons, analysis.histories[i], analysis.past.get(i, []))
        stage("write-back")
        clock = time.perf_counter()
        rows = to_rows(projection, analysis)
        run = hashlib.blake2b(f"{now}:{time.time_ns()}".encode(), digest_size=8).hexdigest()
        await store.write_rescore(run, rows, first_band=Band.STANDARD, at=now)
        timings["write_back"] = time.perf_counter() - clock
        stage("outbox")
        # events no subscription wants are dropped now, so a store no sender
        # ever drains (no serve, no `webhooks deliver`) does not grow an outbox
        await store.fan_out()
        await store.prune_outbox()
    return RescoreReport(len(projection), len(analysis.clusters), len(analysis.rings), timings)


# Findings a neighbourhood can recompute on its own; the others (rings,
# throwaway raters) are carried over from the last nightly run.
LOCAL_CODES = frozenset(code for step in detectors() if step.local for code in step.codes)


def _stored_reasons(text: str | None) -> list[Reason]:
    return [
        Reason(
            ReasonCode(r.code),
            r.severity,
            r.explanation,
            r.evidence,
            tuple(EvidenceKind(k) for k in r.kinds),
        )
        for r in codec.decode_reasons(text)
    ]


async def rescore_accounts(
    store: Rescoring,
    account_ids: Iterable[str],
    now: int | None = None,
    logos: LogoRegistry | None = None,
) -> int:
    """Rescore only ``account_ids`` from their neighbourhood; returns how many.

    Local findings are recomputed with the new evidence; ring and throwaway
    findings, clusters and rings themselves stay as the last nightly run left
    them (that run owns the group ids). An account the new evidence puts in a
    duplicate cluster with one of ``account_ids`` is rescored too: the link
    is news to both sides.
    """
    wanted = sorted(set(account_ids))
    if not wanted:
        return 0
    now = int(time.time()) if now is None else now
    projection = await store.project(wanted)
    analysis = analyse(projection, now, logos)
    partners = _cluster_partners(projection, analysis.cluster_of, wanted)
    if partners:
        # projected again around them, so their own evidence is whole too
        wanted = sorted(set(wanted) | partners)
        projection = await store.project(wanted)
        analysis = analyse(projection, now, logos)
    # an account in several rings is shown in the first by id, as the nightly run does
    ring_of: dict[str, str] = {}
    for rid, members in sorted(projection.previous_rings.items()):
        for a in members:
            ring_of.setdefault(a, rid)
    on_lists = await _on_lists(store, projection, now)
    rows = []
    for account in wanted:
        i = projection.index.get(account)
        if i is None:
            continue
        fresh = [r for r in analysis.scores[i].reasons if r.code in LOCAL_CODES]
        carried = [
            r for r in _stored_reasons(projection.previous_reasons[i]) if r.code not in LOCAL_CODES
        ]
        reasons = merge_reasons(listed(fresh + carried, on_lists.get(i, [])))
        score = combine(reasons, analysis.histories[i], analysis.past.get(i, []))
        rows.append(_stored(account, score, analysis.cluster_of.get(i), ring_of.get(account)))
    run = "local-" + hashlib.blake2b(f"{now}:{time.time_ns()}".encode(), digest_size=6).hexdigest()
    await store.write_scores(run, rows, first_band=Band.STANDARD, at=now)
    return len(rows)


def _cluster_partners(
    projection: Projection, cluster_of: dict[int, str], wanted: list[str]
) -> set[str]:
    """Accounts outside ``wanted`` that share a duplicate cluster with it."""
    clusters = {cluster_of[i] for a in wanted if (i := projection.index.get(a)) in cluster_of}
    return {projection.ids[i] for i, c in cluster_of.items() if c in clusters} - set(wanted)
