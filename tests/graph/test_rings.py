"""Feedback-manipulation detectors on hand-built review tables."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict

import networkx as nx
import pytest

from graph.accomplices import reciprocal, ring_sellers, throwaway_raters
from graph.reputation import rev2_state
from graph.rings import Review, RingConfig, for_market, fraudar

DAY = 86400


def ring(clients: range, freelancers: range, t0: int, start: int = 0) -> list[Review]:
    out = []
    for k, (c, f) in enumerate(itertools.product(clients, freelancers)):
        out.append(Review(f"r{start + k}", c, f, 5, 15.0, t0 + (k % 10) * DAY))
    return out


def honest_market(rnd: random.Random, clients: range, freelancers: range) -> list[Review]:
    out = []
    for k in range(600):
        c, f = rnd.choice(clients), rnd.choice(freelancers)
        rating = rnd.choices([5, 4, 3, 2], weights=[55, 30, 10, 5])[0]
        out.append(Review(f"h{k}", c, f, rating, rnd.uniform(50, 3000), rnd.randrange(365) * DAY))
    return out


def test_lockstep_ring_found_despite_camouflage() -> None:
    rnd = random.Random(1)
    market = honest_market(rnd, range(100, 400), range(400, 500))
    fraud = ring(range(10, 18), range(20, 23), 200 * DAY)
    # camouflage: the ring's clients also hire popular honest freelancers
    fraud += [Review(f"cam{c}", c, 400 + c % 3, 5, 20.0, 150 * DAY) for c in range(10, 18)]
    found = fraudar(market + fraud)
    assert len(found) == 1
    assert set(found[0].clients) == set(range(10, 18))
    assert set(found[0].freelancers) == set(range(20, 23))


def test_loyal_client_is_not_a_ring() -> None:
    loyal = [Review(f"l{k}", 1, 2, 5, 800.0, k * 30 * DAY) for k in range(12)]
    assert fraudar(loyal) == []
    assert throwaway_raters(loyal, [0, 0, 0]) == {}


def test_two_equal_rings_both_found() -> None:
    both = ring(range(10, 16), range(20, 22), 100 * DAY) + ring(
        range(30, 36), range(40, 42), 200 * DAY, start=100
    )
    found = fraudar(both)
    assert sorted(r.freelancers for r in found) == [(20, 21), (40, 41)]


def test_reciprocal_cycles_match_networkx() -> None:
    for seed in range(5):
        rnd = random.Random(seed)
        reviews = [
            Review(f"c{k}", a, b, 5, 10.0, 0)
            for k, (a, b) in enumerate((rnd.randrange(40), rnd.randrange(40)) for _ in range(120))
            if a != b
        ]
        graph = nx.DiGraph((r.client, r.freelancer) for r in reviews)
        reference = {tuple(sorted(c)) for c in nx.simple_cycles(graph, length_bound=3)}
        assert set(reciprocal(reviews)) == reference


def test_throwaway_raters() -> None:
    created = [0] * 10
    created[5] = 100 * DAY
    burst = [Review(f"t{k}", 5, 7, 5, 10.0, 110 * DAY + k * DAY) for k in range(3)]
    honest_first_job = [Review("x", 6, 7, 5, 30.0, 20 * DAY)]
    assert throwaway_raters(burst + honest_first_job, created) == {5: ("t0", "t1", "t2")}


def test_rev2_distrusts_a_rater_who_contradicts_everyone() -> None:
    reviews = [Review(f"g{k}", c, 9, 5, 100.0, 0) for k, c in enumerate(range(6))]
    reviews.append(Review("bad", 7, 9, 1, 100.0, 0))
    fairness, goodness, _ = rev2_state(reviews, 10)
    assert goodness[9] > 0.5
    assert fairness[7] < min(fairness[c] for c in range(6))


def _rev2_reference(reviews: list[Review], n: int, iterations: int = 30) -> list[float]:
    """REV2's fairness update written out one review at a time, as in the paper."""
    fairness, goodness = [1.0] * n, [0.0] * n
    reliability = [1.0] * len(reviews)
    for _ in range(iterations):
        num: dict[int, float] = defaultdict(float)
        den: dict[int, int] = defaultdict(int)
        for r, rel in zip(reviews, reliability, strict=True):
            num[r.freelancer] += rel * (r.rating - 3) / 2
            den[r.freelancer] += 1
        for ratee, total in num.items():
            goodness[ratee] = max(-1.0, min(1.0, total / den[ratee]))
        reliability = [
            (fairness[r.client] + 1 - abs((r.rating - 3) / 2 - goodness[r.freelancer]) / 2) / 2
            for r in reviews
        ]
        sums: dict[int, float] = defaultdict(float)
        counts: dict[int, int] = defaultdict(int)
        for r, rel in zip(reviews, reliability, strict=True):
            sums[r.client] += rel
            counts[r.client] += 1
        for rater, total in sums.items():
            fairness[rater] = total / counts[rater]
    return fairness


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rev2_matches_the_review_by_review_reference(seed: int) -> None:
    rng = random.Random(seed)
    n = 60
    reviews = [
        Review(f"c{k}", rng.randrange(n), rng.randrange(n), rng.choice([1, 3, 4, 5, 5]), 10.0, 0)
        for k in range(400)
    ]
    fairness = rev2_state(reviews, n)[0].tolist()
    assert fairness == pytest.approx(_rev2_reference(reviews, n), abs=1e-9)


def test_partners_who_praise_each_other_over_months_are_no_ring() -> None:
    """A trading community rates each other highly for years; a ring does it
    in a burst of small contracts. Only the burst is a reciprocal ring."""
    years = [Review(f"y{k}", a, b, 5, 10.0, k * 120 * DAY)
             for k, (a, b) in enumerate([(1, 2), (2, 1), (1, 2), (2, 1)])]  # fmt: skip
    burst = [Review(f"b{k}", a, b, 5, 10.0, 400 * DAY + k * DAY)
             for k, (a, b) in enumerate([(3, 4), (4, 3)])]  # fmt: skip
    costly = [Review(f"c{k}", a, b, 5, 900.0, 400 * DAY + k * DAY)
              for k, (a, b) in enumerate([(5, 6), (6, 5)])]  # fmt: skip
    assert reciprocal(years + burst + costly) == [(3, 4)]


def test_a_ring_that_mixes_fours_into_its_fives_is_still_a_ring() -> None:
    rnd = random.Random(4)
    market = honest_market(rnd, range(100, 400), range(400, 500))
    fraud = [
        Review(r.contract, r.client, r.freelancer, 4 if k % 4 == 0 else 5, r.amount, r.at)
        for k, r in enumerate(ring(range(10, 18), range(20, 23), 200 * DAY))
    ]
    found = fraudar(market + fraud)
    assert [(set(r.clients), set(r.freelancers)) for r in found] == [
        (set(range(10, 18)), set(range(20, 23)))
    ]


def test_a_seller_praised_by_the_rings_clients_alone_joins_it() -> None:
    rnd = random.Random(5)
    market = honest_market(rnd, range(100, 400), range(400, 500))
    fraud = ring(range(10, 18), range(20, 23), 200 * DAY)
    # freelancer 25: praised by three of the ring's clients and nobody else
    fraud += [Review(f"s{c}", c, 25, 5, 12.0, 201 * DAY + c) for c in (10, 11, 12)]
    # freelancer 450: hired by three ring clients as camouflage, but popular
    fraud += [Review(f"p{c}", c, 450, 5, 20.0, 202 * DAY) for c in (13, 14, 15)]
    found = fraudar(market + fraud)
    assert ring_sellers(market + fraud, found) == {25: 0}


def test_a_young_client_praising_a_ring_once_joins_it_at_a_ring_sized_amount() -> None:
    fraud = ring(range(10, 18), range(20, 23), 200 * DAY)
    created = [0] * 40
    created[30] = created[31] = 199 * DAY
    fraud.append(Review("t30", 30, 20, 5, 80.0, 203 * DAY))  # within twice the small cut
    fraud.append(Review("t31", 31, 20, 5, 1500.0, 203 * DAY))  # real work
    found = fraudar(fraud)
    assert set(throwaway_raters(fraud, created, found)) & {30, 31} == {30}


def test_small_is_relative_to_the_marketplace() -> None:
    def market(amount: float) -> list[Review]:
        return [Review(f"m{k}", k, 500 + k, 5, amount, k * DAY) for k in range(20)]

    assert for_market(market(1500.0)).small_amount == pytest.approx(300.0)  # a fifth of the median
    assert for_market(market(100.0)).small_amount == RingConfig().small_amount  # never below 50
    assert for_market([]).small_amount == RingConfig().small_amount
    # a ring paying 55 in a marketplace of 1,500 contracts is still found
    rnd = random.Random(8)
    fraud = [
        Review(r.contract, r.client, r.freelancer, r.rating, 55.0, r.at)
        for r in ring(range(10, 18), range(20, 23), 200 * DAY)
    ]
    found = fraudar(honest_market(rnd, range(100, 400), range(400, 500)) + fraud)
    assert [set(r.clients) for r in found] == [set(range(10, 18))]
