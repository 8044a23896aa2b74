"""Duplicate accounts: Fellegi–Sunter scoring of account pairs, then clusters.

Every pair of accounts that shares at least one identifier value is a
candidate. For each kind of identifier the pair either *agrees* (shares a
value), *disagrees* (both have values, none shared) or says nothing. Agreement
on a value shared by ``n`` of ``N`` accounts weighs ``log2(m / u)`` with
``u = n / N`` — the term-frequency adjustment that makes a card shared by two
accounts strong evidence and an IP shared by three hundred (a coworking
space, carrier NAT) almost none. Disagreement weighs ``log2((1 - m) / (1 - u))``.

Two departures from textbook Fellegi–Sunter, both measured on the demo
marketplace's benign look-alikes:

* **Location evidence is not independent.** A device, its IP and the IP's /24
  travel together, so they count once: the strongest of the three.
* **A link needs personal evidence.** Location alone (a family laptop, an
  office) never links two accounts; at least one of payment, phone, email or
  portrait must agree, and a photo alone (stolen photos travel) proposes no
  pair. Between members of one declared agency, location evidence is
  ignored altogether.

The weights are then **calibrated**: ``probability`` is a logistic map of
the Fellegi–Sunter log-odds plus the names' agreement (graph.names), fitted
on marketplaces with known answers (``bench/calibration.py``), so that among
pairs scored p about p are one person. Names are what tell a couple sharing
a card and a laptop (one surname, two given names) from one person with two
accounts. A pair at ``threshold`` or above that shares two or more
independent identifiers is the same person; any other pair at ``possible``
or above is a possible duplicate.

Values shared by more than ``max_group`` accounts generate no candidate pairs
(their weight would be negligible anyway), which keeps the candidate set
linear in practice; a location shared by more than ``crowd`` accounts is a
public place and counts for nothing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from graph.identifiers import Identifiers, shared_values
from graph.names import NameMatch, compare

LOCATION_KINDS = ("device", "ip", "prefix")
PERSONAL_KINDS = ("payment", "phone", "email", "portrait")
# kinds that can make two accounts a candidate pair on their own. A photo
# cannot: stolen photos are reused across strangers (DUPLICATE_PORTRAIT's
# business), so a shared photo only adds to a pair something else proposed.
PROPOSING_KINDS = ("payment", "phone", "email")

# m: how often two accounts of one person share this kind of identifier.
M_PROBABILITY: Mapping[str, float] = {
    "device": 0.6,
    "ip": 0.6,
    "prefix": 0.7,
    "payment": 0.5,
    "phone": 0.45,
    "email": 0.45,
    "portrait": 0.3,
}


@dataclass(frozen=True)
class Evidence:
    kind: str
    value: str
    shared_by: int
    weight: float


@dataclass(frozen=True)
class PairScore:
    a: int
    b: int
    weight: float  # Fellegi–Sunter log2 likelihood ratio of the identifiers
    probability: float  # calibrated: names included
    evidence: tuple[Evidence, ...]
    names: NameMatch = NameMatch.UNKNOWN


# log2 odds the names add, against names with nothing in common; a missing
# name is no support either. Fitted with the calibration (bench/calibration.py).
NAME_BITS: Mapping[NameMatch, float] = {
    NameMatch.SAME: 5.5,
    NameMatch.RELATIVE: -6.5,
    NameMatch.OTHER: 0.0,
    NameMatch.UNKNOWN: 0.0,
}


@dataclass(frozen=True)
class DuplicateConfig:
    threshold: float = 0.9  # probability at which a pair is one person
    possible: float = 0.5  # probability at which a pair is shown as a possible duplicate
    # calibration of the log2 odds: p = 1 / (1 + 2 ** -(slope * odds + intercept + names));
    # fitted by bench/calibration.py on seeds the sweep does not report
    slope: float = 0.04
    intercept: float = 3.83
    name_bits: Mapping[NameMatch, float] = field(default_factory=lambda: dict(NAME_BITS))
    # prior P(same person) of a random pair is ``duplicate_share / N``: about
    # one account in twenty has a twin. With u ~ 1/N per rare value the log
    # odds of a pair do not depend on N; the calibration maps them.
    duplicate_share: float = 0.05
    # Chance collisions of a card or phone between strangers are a property of
    # the population, not of how many accounts this graph holds: frequencies
    # are taken against at least this many accounts, so a small marketplace
    # (or a test) is judged like a real one.
    min_population: int = 100_000
    max_group: int = 50
    # A device or IP seen on more accounts than this is a public place (a
    # coworking space, a carrier's NAT, an internet café): no evidence at all.
    crowd: int = 10


def score_pairs(
    n_accounts: int,
    identifiers: Identifiers,
    same_agency: Iterable[tuple[int, int]] = (),
    config: DuplicateConfig | None = None,
    names: Sequence[str | None] = (),
) -> list[PairScore]:
    """Every candidate pair with its weight, calibrated probability and evidence.

    ``names`` are the accounts' display names, by index (none: names unknown).
    """
    config = config or DuplicateConfig()
    n = max(n_accounts, config.min_population)
    agency_pairs = {(min(a, b), max(a, b)) for a, b in same_agency}
    has_kind: dict[str, np.ndarray] = {}
    agreements: dict[tuple[int, int], dict[str, Evidence]] = defaultdict(dict)
    # proposing kinds first: a location or a photo only adds evidence to
    # pairs they proposed (the crowd of pairs sharing just an office IP is
    # never built)
    ordered = sorted(identifiers.kinds.items(), key=lambda item: item[0] not in PROPOSING_KINDS)
    for kind, held in ordered:
        is_location = kind in LOCATION_KINDS
        proposes = kind in PROPOSING_KINDS
        mask = np.zeros(n_accounts, dtype=bool)
        mask[np.frombuffer(held.accounts, dtype=np.int64)] = True
        has_kind[kind] = mask
        m = M_PROBABILITY[kind]
        for value, members in shared_values(held).items():
            size = len(members)
            limit = config.crowd if is_location else config.max_group
            if size < 2 or size > limit:
                continue
            weight = math.log2(m * (n - 1) / (size - 1))  # u = (size-1)/(N-1)
            shared = Evidence(kind, value, size, weight)
            for i in range(size):
                for j in range(i + 1, size):
                    key = (members[i], members[j])
                    if not proposes and key not in agreements:
                        continue
                    found = agreements[key]
                    best = found.get(kind)
                    if best is None or shared.weight > best.weight:
                        found[kind] = shared
    prior = math.log2(config.duplicate_share / n)
    out = []
    for (a, b), found in agreements.items():
        if not any(kind in found for kind in PROPOSING_KINDS):
            continue  # location alone never links two accounts
        location: list[Evidence] = []
        if (a, b) not in agency_pairs:  # an office is not a person
            location = [found[k] for k in LOCATION_KINDS if k in found]
        weight = max((e.weight for e in location), default=0.0)
        evidence: list[Evidence] = list(location)
        for kind in PERSONAL_KINDS:
            if kind in found:
                weight += found[kind].weight
                evidence.append(found[kind])
            elif kind in has_kind and has_kind[kind][a] and has_kind[kind][b]:
                m = M_PROBABILITY[kind]
                weight += math.log2(1 - m)  # u is tiny for personal identifiers
        match = compare(names[a], names[b]) if names else NameMatch.UNKNOWN
        probability = calibrated(weight + prior, match, config)
        out.append(PairScore(a, b, weight, probability, tuple(evidence), match))
    out.sort(key=lambda p: (p.a, p.b))
    return out


def same_person(pair: PairScore, config: DuplicateConfig) -> bool:
    """Probable enough, on two or more independent identifiers: two personal
    ones, or one and a place (a device, its IP and /24 counting once) under
    names that do not differ. A couple keeping their own surnames who share
    a card and a laptop look exactly like one person with two names; they
    stay a possible duplicate, a lead for an investigator."""
    if pair.probability < config.threshold:
        return False
    kinds = {e.kind for e in pair.evidence}
    personal = len(kinds - set(LOCATION_KINDS))
    placed = bool(kinds & set(LOCATION_KINDS))
    return personal >= 2 or (personal == 1 and placed and pair.names != NameMatch.OTHER)


def possible(pair: PairScore, config: DuplicateConfig) -> bool:
    """Shown as a possible duplicate: likely, but not the same person by the rule."""
    return pair.probability >= config.possible and not same_person(pair, config)


def calibrated(odds: float, names: NameMatch, config: DuplicateConfig) -> float:
    """The probability of one person, from log2 odds and the names' agreement."""
    bits = config.slope * odds + config.intercept + config.name_bits.get(names, 0.0)
    return 1.0 / (1.0 + math.pow(2.0, -max(-60.0, min(60.0, bits))))


@dataclass(frozen=True)
class Cluster:
    members: tuple[int, ...]
    confidence: float
    links: tuple[PairScore, ...]


def clusters(
    n_accounts: int,
    pairs: Sequence[PairScore],
    config: DuplicateConfig | None = None,
    dismissed: Iterable[tuple[int, int]] = (),
    confirmed: Iterable[tuple[int, int]] = (),
) -> list[Cluster]:
    """Connected components of the links at or above the threshold.

    Investigator verdicts override the model: a dismissed pair is not a link,
    a confirmed pair is one (confidence 1).
    """
    config = config or DuplicateConfig()
    blocked = {(min(a, b), max(a, b)) for a, b in dismissed}
    forced = {(min(a, b), max(a, b)) for a, b in confirmed}
    linked = [
        p
        for p in pairs
        if ((p.a, p.b) not in blocked and same_person(p, config)) or (p.a, p.b) in forced
    ]
    known = {(p.a, p.b) for p in linked}
    linked += [PairScore(a, b, math.inf, 1.0, ()) for a, b in sorted(forced - known)]
    if not linked:
        return []
    rows = np.array([p.a for p in linked])
    cols = np.array([p.b for p in linked])
    graph = coo_matrix((np.ones(len(linked)), (rows, cols)), shape=(n_accounts, n_accounts))
    _, labels = connected_components(graph, directed=False)
    by_label: dict[int, list[PairScore]] = defaultdict(list)
    for pair in linked:
        by_label[int(labels[pair.a])].append(pair)
    out = []
    for links in by_label.values():
        members = tuple(sorted({m for p in links for m in (p.a, p.b)}))
        confidence = min(1.0, max(p.probability for p in links))
        out.append(Cluster(members, confidence, tuple(links)))
    out.sort(key=lambda c: c.members)
    return out
