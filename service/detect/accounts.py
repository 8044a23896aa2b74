"""Who is behind an account: duplicates, shared logins, ban evasion."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar

from graph import duplicates, sharing
from graph.model import AccountStatus, EvidenceKind
from graph.projection import Projection
from service.detect.base import (
    IDENTIFIER_KINDS,
    Clusters,
    Detector,
    Finding,
    Found,
    Product,
    typed,
)
from service.detect.verdicts import Verdicts, stable_ids
from service.scoring import ReasonCode

# how a POSSIBLE_DUPLICATE sentence names what a pair shares
KIND_WORDS = {
    "device": "a device",
    "ip": "an IP address",
    "prefix": "a network",
    "payment": "a payment method",
    "phone": "a phone number",
    "email": "an email address",
    "portrait": "a photo",
}


@dataclass(frozen=True)
class DuplicateAccounts(Detector):
    """DUPLICATE_ACCOUNT: calibrated Fellegi–Sunter links (graph.duplicates)
    clustered, with investigators' dismissed and confirmed pairs applied
    first; POSSIBLE_DUPLICATE: a likely pair outside any common cluster, at
    its probability (one rare identifier, say, or a card and a laptop)."""

    config: duplicates.DuplicateConfig = field(default_factory=duplicates.DuplicateConfig)

    name: ClassVar[str] = "duplicates"
    needs: ClassVar[tuple[Product, ...]] = (Product.IDENTIFIERS,)
    gives: ClassVar[tuple[Product, ...]] = (Product.CLUSTERS,)
    codes: ClassVar[tuple[ReasonCode, ...]] = (
        ReasonCode.DUPLICATE_ACCOUNT,
        ReasonCode.POSSIBLE_DUPLICATE,
    )
    SENTENCE: ClassVar[str] = (
        "Shares identifying details with {others} other account(s) "
        "that appear to belong to the same person (cluster {cluster})."
    )
    POSSIBLE: ClassVar[str] = (
        "May belong to the same person as {other} ({chance:.0%} likely): shares {kinds}."
    )

    def run(self, p: Projection, found: Found) -> list[Finding]:
        ids = p.ids
        verdicts = Verdicts(p)
        pairs = duplicates.score_pairs(
            len(p), found.identifiers, p.same_agency_pairs(), self.config, p.name
        )
        dismissed = [
            (q.a, q.b)
            for q in pairs
            if verdicts.pair_dismissed(ids[q.a], ids[q.b], [e.value for e in q.evidence])
        ]
        confirmed = [
            (p.index[acc], p.index[other])
            for acc, code, other in verdicts.confirmed
            if code == ReasonCode.DUPLICATE_ACCOUNT and acc in p.index and other in p.index
        ]
        clusters = duplicates.clusters(
            len(p), pairs, self.config, dismissed=dismissed, confirmed=confirmed
        )
        cluster_ids = stable_ids(
            [{ids[m] for m in c.members} for c in clusters], p.previous_clusters, "dup"
        )
        out = []
        for cid, cluster in zip(cluster_ids, clusters, strict=True):
            shared = sorted({(e.value, e.kind) for link in cluster.links for e in link.evidence})
            for m in cluster.members:
                others = [ids[o] for o in cluster.members if o != m]
                sentence = self.SENTENCE.format(others=len(others), cluster=cid)
                evidence, kinds = typed(
                    (EvidenceKind.ACCOUNT, others),
                    *(((IDENTIFIER_KINDS[kind], (value,)) for value, kind in shared)),
                )
                code = ReasonCode.DUPLICATE_ACCOUNT
                out.append(Finding(m, code, cluster.confidence, sentence, evidence, kinds))
        of = {m: cid for cid, c in zip(cluster_ids, clusters, strict=True) for m in c.members}
        blocked = set(dismissed)
        possible = {
            (q.a, q.b): q
            for q in pairs
            if duplicates.possible(q, self.config)
            and (q.a, q.b) not in blocked
            and not (q.a in of and of[q.a] == of.get(q.b))
        }
        for q in possible.values():
            words = ", ".join(sorted({KIND_WORDS[e.kind] for e in q.evidence}))
            parts = [(IDENTIFIER_KINDS[e.kind], (e.value,)) for e in q.evidence]
            for me, other in ((q.a, q.b), (q.b, q.a)):
                sentence = self.POSSIBLE.format(other=ids[other], chance=q.probability, kinds=words)
                code = ReasonCode.POSSIBLE_DUPLICATE
                evidence, kinds = typed((EvidenceKind.ACCOUNT, (ids[other],)), *parts)
                out.append(Finding(me, code, q.probability, sentence, evidence, kinds))
        chances = {key: q.probability for key, q in possible.items()}
        found.give(Product.CLUSTERS, Clusters(cluster_ids, clusters, of, chances))
        return out


@dataclass(frozen=True)
class SharedLogins(Detector):
    """SHARED_LOGIN: impossible journeys, concurrent sessions, too many countries."""

    config: sharing.SharingConfig = field(default_factory=sharing.SharingConfig)

    name: ClassVar[str] = "shared_logins"
    codes: ClassVar[tuple[ReasonCode, ...]] = (ReasonCode.SHARED_LOGIN,)
    SENTENCE: ClassVar[str] = (
        "Logged in from {countries} countries with {hops} impossible journeys and "
        "{concurrent} concurrent sessions on different devices."
    )

    def run(self, p: Projection, found: Found) -> list[Finding]:
        out = []
        for i in range(len(p)):
            verdict = sharing.detect(p.logins_of(i), p.country[i], self.config)
            if verdict is None:
                continue
            sentence = self.SENTENCE.format(
                countries=len(verdict.countries),
                hops=verdict.impossible_hops,
                concurrent=verdict.concurrent,
            )
            evidence, kinds = typed(
                (EvidenceKind.DEVICE, verdict.devices), (EvidenceKind.COUNTRY, verdict.countries)
            )
            code = ReasonCode.SHARED_LOGIN
            out.append(Finding(i, code, verdict.severity, sentence, evidence, kinds))
        return out


@dataclass(frozen=True)
class BanEvasion(Detector):
    """LINKED_TO_BLOCKED: the same person as a blocked account, or on an
    uncrowded device or payment method of one.

    Sharing a device is not proof of one person (a family laptop), but it is
    what ban evasion looks like first; it weighs half of a same-person link.
    """

    crowd: int = 10  # holders beyond which a device or card says nothing
    shared_severity: float = 0.5

    name: ClassVar[str] = "ban_evasion"
    needs: ClassVar[tuple[Product, ...]] = (Product.CLUSTERS,)
    codes: ClassVar[tuple[ReasonCode, ...]] = (ReasonCode.LINKED_TO_BLOCKED,)
    SAME_PERSON: ClassVar[str] = (
        "Appears to be the same person as blocked account(s) (cluster {cluster})."
    )
    SHARED: ClassVar[str] = "Uses a device or payment method of blocked account(s)."

    def run(self, p: Projection, found: Found) -> list[Finding]:
        clusters = found.clusters
        out = []
        for cid, cluster in zip(clusters.ids, clusters.found, strict=True):
            blocked = [m for m in cluster.members if p.status[m] == AccountStatus.BLOCKED]
            for m in cluster.members:
                others = tuple(p.ids[b] for b in blocked if b != m)
                if others:
                    sentence = self.SAME_PERSON.format(cluster=cid)
                    code = ReasonCode.LINKED_TO_BLOCKED
                    evidence, kinds = typed((EvidenceKind.ACCOUNT, others))
                    out.append(Finding(m, code, cluster.confidence, sentence, evidence, kinds))
        for m, blocked_ids, values in self._shares_with_blocked(p):
            if m not in clusters.of or not any(
                clusters.of.get(p.index[b]) == clusters.of[m] for b in blocked_ids
            ):
                evidence, kinds = typed(
                    (EvidenceKind.ACCOUNT, blocked_ids),
                    *((IDENTIFIER_KINDS[kind], (value,)) for kind, value in values),
                )
                code = ReasonCode.LINKED_TO_BLOCKED
                out.append(Finding(m, code, self.shared_severity, self.SHARED, evidence, kinds))
        return out

    def _shares_with_blocked(
        self, p: Projection
    ) -> list[tuple[int, list[str], list[tuple[str, str]]]]:
        """Accounts on an uncrowded device or payment method of a BLOCKED account."""
        # only values a blocked account holds matter: find those first
        # (blocked accounts are few), then their holders
        tainted = {
            (kind, value)
            for kind in ("device", "payment")
            for account, value in p.identifiers.of(kind)
            if p.status[account] == AccountStatus.BLOCKED
        }
        holders: dict[tuple[str, str], list[int]] = defaultdict(list)
        for kind in ("device", "payment"):
            for account, value in p.identifiers.of(kind):
                if (kind, value) in tainted:
                    holders[(kind, value)].append(account)
        found: dict[int, tuple[set[str], set[tuple[str, str]]]] = {}
        for (kind, value), members in holders.items():
            if len(members) > self.crowd:
                continue
            blocked = [m for m in members if p.status[m] == AccountStatus.BLOCKED]
            for m in members:
                others = {p.ids[b] for b in blocked if b != m}
                if others:
                    entry = found.setdefault(m, (set(), set()))
                    entry[0].update(others)
                    entry[1].add((kind, value))
        return [(m, sorted(b), sorted(v)) for m, (b, v) in sorted(found.items())]
