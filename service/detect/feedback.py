"""Feedback manipulation: rings, self-dealing and throwaway raters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from graph import accomplices, rings
from graph.model import EvidenceKind
from graph.projection import Projection
from graph.reputation import ReputationConfig, reputation
from service.detect.base import Detector, Finding, Found, Product, Rings, typed
from service.detect.verdicts import stable_ids
from service.scoring import ReasonCode


@dataclass(frozen=True)
class FeedbackRings(Detector):
    """FEEDBACK_RING: dense lockstep blocks (FRAUDAR) and reciprocal cycles.

    A cycle inside one person's accounts is self-dealing, not a ring; a
    throwaway client that praised only one ring's freelancers belongs to the
    ring even if its single contract was too thin for the dense-block search,
    and so does a freelancer praised by the ring's clients and hardly anyone
    else.
    """

    config: rings.RingConfig = field(default_factory=rings.RingConfig)
    cycle_density: float = 1.0  # a 2- or 3-cycle is a complete block
    cycle_score: float = 0.8

    name: ClassVar[str] = "feedback_rings"
    needs: ClassVar[tuple[Product, ...]] = (Product.CLUSTERS,)
    gives: ClassVar[tuple[Product, ...]] = (Product.RINGS,)
    codes: ClassVar[tuple[ReasonCode, ...]] = (ReasonCode.FEEDBACK_RING,)
    local: ClassVar[bool] = False  # a ring is found in the whole review graph
    SENTENCE: ClassVar[str] = (
        "Part of a group of {size} accounts that hire and top-rate each "
        "other in lockstep (ring {ring})."
    )

    def run(self, p: Projection, found: Found) -> list[Finding]:
        cluster_of = found.clusters.of
        dense = rings.fraudar(p.reviews, self.config)
        throwaway = accomplices.throwaway_raters(p.reviews, p.created_at, dense, self.config)
        cycles = [
            c
            for c in accomplices.reciprocal(p.reviews, self.config)
            if not _one_person(c, cluster_of)
        ]
        groups: list[tuple[set[int], rings.Ring]] = [
            (set(r.clients) | set(r.freelancers), r) for r in dense
        ]
        ring_index = {f: i for i, r in enumerate(dense) for f in r.freelancers}
        freelancer_of = {r.contract: r.freelancer for r in p.reviews}
        for client, contracts in throwaway.items():
            owners = {ring_index.get(freelancer_of[c], -1) for c in contracts}
            if len(owners) == 1 and (owner := owners.pop()) >= 0:
                groups[owner][0].add(client)
        for freelancer, owner in accomplices.ring_sellers(p.reviews, dense, self.config).items():
            groups[owner][0].add(freelancer)
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
            ring = rings.Ring(cycle, cycle, contracts, self.cycle_density, self.cycle_score)
            groups.append((members, ring))
        ring_ids = stable_ids([{p.ids[m] for m in g} for g, _ in groups], p.previous_rings, "ring")
        ring_of: dict[int, str] = {}
        out = []
        for rid, (members, ring) in zip(ring_ids, groups, strict=True):
            sentence = self.SENTENCE.format(size=len(members), ring=rid)
            for m in members:
                # in several rings: shown in the first by id, whichever found it first
                ring_of[m] = min(ring_of.get(m, rid), rid)
                others = [p.ids[o] for o in sorted(members) if o != m]
                evidence, kinds = typed(
                    (EvidenceKind.ACCOUNT, others), (EvidenceKind.CONTRACT, ring.contracts)
                )
                code = ReasonCode.FEEDBACK_RING
                out.append(Finding(m, code, ring.score, sentence, evidence, kinds))
        found.give(Product.RINGS, Rings(ring_ids, groups, ring_of, throwaway))
        return out


@dataclass(frozen=True)
class SelfDealing(Detector):
    """SELF_DEALING: a reviewed contract between two accounts of one person,
    or of a possible duplicate pair at the pair's probability."""

    name: ClassVar[str] = "self_dealing"
    needs: ClassVar[tuple[Product, ...]] = (Product.CLUSTERS,)
    codes: ClassVar[tuple[ReasonCode, ...]] = (ReasonCode.SELF_DEALING,)
    SENTENCE: ClassVar[str] = (
        "A contract with feedback between two accounts of the same person (cluster {cluster})."
    )
    POSSIBLE: ClassVar[str] = (
        "A contract with feedback between two accounts that may be one person "
        "({chance:.0%} likely)."
    )

    def run(self, p: Projection, found: Found) -> list[Finding]:
        clusters = found.clusters
        out = []
        for review in p.reviews:
            a, b = review.client, review.freelancer
            chance = clusters.same_person(a, b)
            if not chance:
                continue
            cluster = clusters.of.get(a)
            sentence = (
                self.SENTENCE.format(cluster=cluster)
                if cluster is not None and cluster == clusters.of.get(b)
                else self.POSSIBLE.format(chance=chance)
            )
            for me, other in ((a, b), (b, a)):
                evidence = (p.ids[other], review.contract)
                kinds = (EvidenceKind.ACCOUNT, EvidenceKind.CONTRACT)
                out.append(Finding(me, ReasonCode.SELF_DEALING, chance, sentence, evidence, kinds))
        return out


@dataclass(frozen=True)
class ThrowawayRaters(Detector):
    """THROWAWAY_RATER: a new client whose only activity is a burst of top
    ratings; the less fair a rater (REV2), the more severe."""

    base: float = 0.6
    unfairness: float = 0.4  # added in proportion to 1 - fairness

    name: ClassVar[str] = "throwaway_raters"
    needs: ClassVar[tuple[Product, ...]] = (Product.RINGS, Product.RATERS)
    codes: ClassVar[tuple[ReasonCode, ...]] = (ReasonCode.THROWAWAY_RATER,)
    local: ClassVar[bool] = False  # needs the rings of the whole review graph
    SENTENCE: ClassVar[str] = (
        "A new client account whose only activity is a short burst of top ratings "
        "for one freelancer or ring."
    )

    def run(self, p: Projection, found: Found) -> list[Finding]:
        fairness = found.raters.fairness
        return [
            Finding(
                client,
                ReasonCode.THROWAWAY_RATER,
                self.base + self.unfairness * (1 - fairness[client]),
                self.SENTENCE,
                tuple(contracts),
                (EvidenceKind.CONTRACT,) * len(contracts),
            )
            for client, contracts in found.rings.throwaway.items()
        ]


@dataclass(frozen=True)
class PoorFeedback(Detector):
    """POOR_FEEDBACK: fair trading partners rate the account badly.

    Reputation is REV2's goodness with its cold-start prior
    (graph.reputation): a new account without ratings, or one bad rating
    among many good ones, says nothing; a pattern of bad ratings from raters
    whose own ratings agree with everyone else's does. Gives the reputation
    the good-history bonus is earned from.
    """

    config: ReputationConfig = field(default_factory=ReputationConfig)
    most_evidence: int = 20  # contracts listed, worst first

    name: ClassVar[str] = "reputation"
    needs: ClassVar[tuple[Product, ...]] = (Product.RINGS,)
    gives: ClassVar[tuple[Product, ...]] = (Product.RATERS,)
    codes: ClassVar[tuple[ReasonCode, ...]] = (ReasonCode.POOR_FEEDBACK,)
    local: ClassVar[bool] = False  # fairness is a property of the whole review graph
    SENTENCE: ClassVar[str] = (
        "Rated poorly by trading partners whose own ratings are fair: "
        "{bad} bad of {all} ratings received (reputation {goodness:+.2f} on -1..+1)."
    )

    def run(self, p: Projection, found: Found) -> list[Finding]:
        estimate = reputation(p.reviews, len(p), found.rings.suspicious(), self.config)
        out = []
        for account, contracts in estimate.poor.items():
            goodness = estimate.goodness[account]
            sentence = self.SENTENCE.format(
                bad=len(contracts), all=estimate.received[account], goodness=goodness
            )
            severity = min(1.0, -goodness)
            evidence, kinds = typed((EvidenceKind.CONTRACT, contracts[: self.most_evidence]))
            code = ReasonCode.POOR_FEEDBACK
            out.append(Finding(account, code, severity, sentence, evidence, kinds))
        found.give(Product.RATERS, estimate)
        return out


def _one_person(cycle: tuple[int, ...], cluster_of: Mapping[int, str]) -> bool:
    return len({cluster_of.get(m, f"solo{m}") for m in cycle}) == 1
