"""Duplicate-account scoring on hand-built identifier tables, and clustering
checked against networkx on seeded random graphs."""

from __future__ import annotations

import random

import networkx as nx

from graph.duplicates import (
    DuplicateConfig,
    Evidence,
    PairScore,
    clusters,
    possible,
    same_person,
    score_pairs,
)
from graph.identifiers import Identifiers
from graph.names import NameMatch

N = 10_000  # a marketplace of this size around the accounts under test
KINDS = ["payment", "phone", "email", "device", "ip", "prefix"]


def _ids(*links: tuple[str, int, str]) -> Identifiers:
    ids = Identifiers()
    for kind, account, value in links:
        ids.add(kind, account, value)
    return ids


def _linked(pairs: list[PairScore]) -> set[tuple[int, int]]:
    return {(p.a, p.b) for p in pairs if same_person(p, DuplicateConfig())}


def _two_personal(kinds: set[str]) -> bool:
    return len(kinds - {"device", "ip", "prefix"}) >= 2


def _possible(pairs: list[PairScore]) -> set[tuple[int, int]]:
    return {(p.a, p.b) for p in pairs if possible(p, DuplicateConfig())}


def test_two_rare_personal_identifiers_link() -> None:
    pairs = score_pairs(
        N,
        _ids(("payment", 1, "card"), ("payment", 2, "card"), ("phone", 1, "p"), ("phone", 2, "p")),
    )
    assert _linked(pairs) == {(1, 2)}
    assert {e.kind for e in pairs[0].evidence} == {"payment", "phone"}


def test_one_shared_identifier_is_not_enough() -> None:
    pairs = score_pairs(
        N, _ids(("phone", 1, "p"), ("phone", 2, "p"), ("email", 1, "e1"), ("email", 2, "e2"))
    )
    assert pairs and not _linked(pairs)


def test_one_rare_identifier_under_one_name_is_a_possible_duplicate() -> None:
    card = _ids(("payment", 1, "card"), ("payment", 2, "card"))
    names = ["", "Ana Souza", "A. Souza", "Maria Souza", "Ken Ito"]
    same = score_pairs(N, card, names=names)
    assert _possible(same) == {(1, 2)} and not _linked(same)
    # the same card between relatives (one surname) is no lead; under
    # unrelated names it is a weaker one
    relatives = score_pairs(N, card, names=["", "Ana Souza", "Maria Souza"])
    assert not _possible(relatives) and not _linked(relatives)
    strangers = score_pairs(N, card, names=["", "Ana Souza", "Ken Ito"])
    assert relatives[0].probability < strangers[0].probability < same[0].probability


def test_a_couple_sharing_a_card_and_a_laptop_is_told_apart_by_names() -> None:
    shared = _ids(
        ("payment", 1, "card"), ("payment", 2, "card"), ("device", 1, "pc"), ("device", 2, "pc")
    )
    relatives = score_pairs(N, shared, names=["", "Ana Souza", "Rui Souza"])
    one_person = score_pairs(N, shared, names=["", "Ana Souza", "Souza Ana"])
    assert relatives[0].names == NameMatch.RELATIVE and not _possible(relatives)
    assert not _linked(relatives)
    assert one_person[0].names == NameMatch.SAME and _linked(one_person)
    # under unrelated names they stay a lead: a couple keeping their surnames
    couple = score_pairs(N, shared, names=["", "Ana Souza", "Ken Ito"])
    assert _possible(couple) == {(1, 2)} and not _linked(couple)


def test_probability_grows_with_the_evidence() -> None:
    config = DuplicateConfig()
    odds = [-20.0, -5.0, 0.0, 5.0, 20.0]
    from graph.duplicates import calibrated

    for names in NameMatch:
        chances = [calibrated(x, names, config) for x in odds]
        assert chances == sorted(chances) and chances[0] > 0.0 and chances[-1] <= 1.0
    assert calibrated(0.0, NameMatch.SAME, config) > calibrated(0.0, NameMatch.OTHER, config)
    assert calibrated(0.0, NameMatch.OTHER, config) > calibrated(0.0, NameMatch.RELATIVE, config)


def test_family_laptop_and_home_ip_alone_never_link() -> None:
    family = [("device", a, "laptop") for a in (1, 2, 3)] + [("ip", a, "home") for a in (1, 2, 3)]
    family += [("prefix", a, "net") for a in (1, 2, 3)]
    family += [("email", a, f"e{a}") for a in (1, 2, 3)] + [
        ("payment", a, f"c{a}") for a in (1, 2, 3)
    ]
    assert score_pairs(N, _ids(*family)) == []


def test_agency_office_evidence_is_ignored_between_members() -> None:
    links = [("device", a, "office-pc") for a in (1, 2)] + [("phone", a, "desk") for a in (1, 2)]
    strangers = score_pairs(N, _ids(*links))
    colleagues = score_pairs(N, _ids(*links), same_agency=[(1, 2)])
    assert _linked(strangers) == {(1, 2)}
    assert not _linked(colleagues)


def test_common_values_weigh_little() -> None:
    rare = score_pairs(
        N, _ids(("phone", 1, "p"), ("phone", 2, "p"), ("ip", 1, "x"), ("ip", 2, "x"))
    )
    crowd = [("ip", a, "cowork") for a in range(1, 41)] + [("phone", 1, "p"), ("phone", 2, "p")]
    crowded = [p for p in score_pairs(N, _ids(*crowd)) if (p.a, p.b) == (1, 2)]
    assert rare[0].weight > crowded[0].weight + 4
    assert _linked(rare) and not _linked(crowded)


def test_verdicts_override_the_model() -> None:
    pairs = score_pairs(
        N, _ids(("payment", 1, "c"), ("payment", 2, "c"), ("phone", 1, "p"), ("phone", 2, "p"))
    )
    assert [c.members for c in clusters(N, pairs)] == [(1, 2)]
    assert clusters(N, pairs, dismissed=[(2, 1)]) == []
    forced = clusters(N, [], confirmed=[(5, 7)])
    assert [(c.members, c.confidence) for c in forced] == [((5, 7), 1.0)]


def test_clusters_match_networkx_components_on_random_graphs() -> None:
    for seed in range(5):
        rnd = random.Random(seed)
        n = 300
        pairs = []
        for _ in range(250):
            a, b = sorted(rnd.sample(range(n), 2))
            prob = rnd.random()
            shared = tuple(Evidence(k, f"{k}-{a}", 2, 10.0) for k in rnd.sample(KINDS, 2))
            # names OTHER: a place only counts with names that agree
            pairs.append(PairScore(a, b, 0.0, prob, shared, NameMatch.OTHER))
        ours = {c.members for c in clusters(n, pairs)}
        graph = nx.Graph()
        graph.add_edges_from(
            (p.a, p.b)
            for p in pairs
            if p.probability >= DuplicateConfig().threshold
            and _two_personal({e.kind for e in p.evidence})
        )
        reference = {tuple(sorted(c)) for c in nx.connected_components(graph)}
        assert ours == reference
