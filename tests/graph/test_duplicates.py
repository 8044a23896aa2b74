"""Duplicate-account scoring on hand-built identifier tables, and clustering
checked against networkx on seeded random graphs."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.duplicates import DuplicateConfig, Identifiers, PairScore, clusters, score_pairs

N = 10_000  # a marketplace of this size around the accounts under test


def _ids(*links: tuple[str, int, str]) -> Identifiers:
    ids = Identifiers()
    for kind, account, value in links:
        ids.add(kind, account, value)
    return ids


def _linked(pairs: list[PairScore]) -> set[tuple[int, int]]:
    return {(p.a, p.b) for p in pairs if p.probability >= DuplicateConfig().threshold}


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
            pairs.append(PairScore(a, b, 0.0, prob, ()))
        ours = {c.members for c in clusters(n, pairs)}
        graph = nx.Graph()
        graph.add_edges_from(
            (p.a, p.b) for p in pairs if p.probability >= DuplicateConfig().threshold
        )
        reference = {tuple(sorted(c)) for c in nx.connected_components(graph)}
        assert ours == reference


@pytest.mark.parametrize("seed", range(5))
def test_grouping_matches_a_dict_of_sets(seed: int) -> None:
    from collections import defaultdict

    from graph.duplicates import _groups

    rng = random.Random(seed)
    rows = [(rng.randrange(40), f"v{rng.randrange(25)}") for _ in range(rng.randrange(1, 120))]
    reference: dict[str, set[int]] = defaultdict(set)
    for account, value in rows:
        reference[value].add(account)
    assert _groups(rows) == {v: sorted(m) for v, m in reference.items() if len(m) >= 2}
