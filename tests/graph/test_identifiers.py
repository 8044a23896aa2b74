"""Identifier holdings as columns, and their grouping checked against a dict of sets."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from graph.identifiers import Identifiers, shared_values


@pytest.mark.parametrize("seed", range(5))
def test_grouping_matches_a_dict_of_sets(seed: int) -> None:
    rng = random.Random(seed)
    rows = [(rng.randrange(40), f"v{rng.randrange(25)}") for _ in range(rng.randrange(1, 120))]
    held = Identifiers()
    reference: dict[str, set[int]] = defaultdict(set)
    for account, value in rows:
        held.add("device", account, value)
        reference[value].add(account)
    assert list(held.of("device")) == rows
    assert shared_values(held.of("device")) == {
        v: sorted(m) for v, m in reference.items() if len(m) >= 2
    }
    assert shared_values(held.of("phone")) == {}
