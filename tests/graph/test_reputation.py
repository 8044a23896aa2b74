"""Reputation from fair raters: REV2 goodness with its cold-start prior."""

from __future__ import annotations

import random

from graph.reputation import ReputationConfig, reputation
from graph.rings import Review

DAY = 86_400


def _reviews(ratings: list[tuple[int, int, int]]) -> list[Review]:
    """(rater, ratee, stars) -> reviews on distinct contracts, a day apart."""
    return [
        Review(f"k{i}", rater, ratee, stars, 50.0, i * DAY)
        for i, (rater, ratee, stars) in enumerate(ratings)
    ]


def _honest_market(rng: random.Random, n: int, ratings: int) -> list[tuple[int, int, int]]:
    """Raters who give what the ratee deserves: mostly 4-5 stars."""
    return [(rng.randrange(n), rng.randrange(n), rng.choice((4, 5, 5))) for _ in range(ratings)]


def test_no_ratings_means_no_opinion() -> None:
    found = reputation([], 3)
    assert found.goodness == [0.0, 0.0, 0.0] and found.poor == {}


def test_one_bad_rating_among_fifty_good_says_little() -> None:
    raters = list(range(1, 52))
    ratings = [(r, 0, 5) for r in raters[:50]] + [(raters[50], 0, 1)]
    found = reputation(_reviews(ratings), 60)
    assert found.goodness[0] > 0.8
    assert 0 not in found.poor


def test_a_single_bad_rating_weighs_a_quarter_and_a_pattern_far_more() -> None:
    rng = random.Random(7)
    base = _honest_market(rng, 40, 400)
    one = reputation(_reviews([*base, (1, 99, 1)]), 100)
    assert -0.25 <= one.goodness[99] < -0.2  # -1 over 1 + 3 neutral pseudo-ratings
    mixed = reputation(_reviews([*base, (1, 99, 2), (2, 99, 5), (3, 99, 4)]), 100)
    assert 99 not in mixed.poor
    pattern = [*base] + [(r, 99, 1) for r in (1, 2, 3, 4)] + [(5, 99, 2)]
    found = reputation(_reviews(pattern), 100)
    assert found.goodness[99] < -0.4  # about -4.5 / (5 + 3), times reliability
    assert 99 in found.poor
    assert len(found.poor[99]) == 5  # every bad rating is evidence, worst first
    assert found.poor[99][-1] == f"k{len(pattern) - 1}"  # the 2-star one is the mildest


def test_an_unfair_rater_counts_for_less() -> None:
    """A rater who contradicts everyone (1 star to the well rated) loses
    fairness, so its bad rating of a newcomer weighs less than a fair one's."""
    good = [(r, t, 5) for r in range(10) for t in range(10, 15)]
    contrarian = [(20, t, 1) for t in range(10, 15)]
    unfair = reputation(_reviews([*good, *contrarian, (20, 30, 1), (20, 30, 1)]), 40)
    fair = reputation(_reviews([*good, *contrarian, (0, 30, 1), (1, 30, 1)]), 40)
    assert unfair.fairness[20] < fair.fairness[0]
    assert fair.goodness[30] < unfair.goodness[30] < 0


def test_earned_history_skips_excluded_raters_and_nets_bad_ratings() -> None:
    ratings = [(1, 0, 5), (2, 0, 5), (3, 0, 1), (4, 0, 5)]
    everyone = reputation(_reviews(ratings), 5)
    without_ring = reputation(_reviews(ratings), 5, excluded={4})
    assert 0 < without_ring.earned[0] < everyone.earned[0]
    assert everyone.earned[0] < 4  # the bad rating is netted out


def test_the_prior_and_the_line_are_parameters() -> None:
    ratings = [(1, 0, 3), (2, 0, 2)]  # -0.5 over 2 + 3: -0.1, on the line
    assert 0 not in reputation(_reviews(ratings), 3).poor
    assert 0 in reputation(_reviews(ratings), 3, config=ReputationConfig(prior_ratings=1.0)).poor
    assert 0 in reputation(_reviews(ratings), 3, config=ReputationConfig(poor_below=-0.05)).poor
