"""The detectors as declared steps: order, products, codes."""

from __future__ import annotations

import dataclasses
import random

import pytest

from graph.model import ActionKind, EvidenceKind
from graph.projection import Projection
from graph.rings import Review
from service.detect.accounts import DuplicateAccounts
from service.detect.base import DetectionError, Found, Product, check_order
from service.detect.feedback import SelfDealing
from service.detect.identity import Portraits
from service.detect.pipeline import analyse, detectors, merge_reasons
from service.scoring import CODES, LADDER, LIST_CODES, Action, Reason, ReasonCode


def test_every_reason_code_has_one_detector_and_a_weight() -> None:
    declared = [code for step in detectors() for code in step.codes]
    assert sorted(declared) == sorted(set(ReasonCode) - LIST_CODES)
    assert set(CODES) == set(ReasonCode)


def test_every_product_is_given_once_before_it_is_needed() -> None:
    steps = detectors()
    given = [product for step in steps for product in step.gives]
    assert sorted(given) == sorted(Product)
    check_order(steps)  # raises on any violation


def test_a_step_before_what_it_needs_is_refused() -> None:
    with pytest.raises(DetectionError, match="self_dealing: needs clusters"):
        check_order([Portraits(), SelfDealing(), DuplicateAccounts()])
    with pytest.raises(DetectionError, match="gives identifiers again"):
        check_order([Portraits(), Portraits()])


def test_a_product_read_before_it_is_given_is_an_error() -> None:
    with pytest.raises(DetectionError, match="clusters: needed before"):
        SelfDealing().run(Projection(), Found())


def test_detectors_own_their_thresholds() -> None:
    for step in detectors():
        assert dataclasses.is_dataclass(step), step.name
        assert step.codes, step.name


def test_the_recommended_ladder_is_the_enforcement_ladder() -> None:
    assert [a.value for a in LADDER[1:]] == [a.value for a in ActionKind if a != "LIFT"]
    assert LADDER[0] == Action.NONE


def test_an_empty_projection_analyses_to_nothing() -> None:
    empty = analyse(Projection(), now=0)
    assert empty.scores == [] and empty.clusters == [] and empty.rings == []
    assert list(empty.timings) == [step.name for step in detectors()] + ["scoring"]


def _market(bad_for_target: int, good_for_target: int) -> Projection:
    """Forty honest traders rating each other well, and one target."""
    p = Projection()
    for i in range(41):
        p.add_account(f"a{i}", "FREELANCER", f"Ana Silva {chr(65 + i % 26)}", "PT", 0, None,
                      None, None)  # fmt: skip
    rng = random.Random(3)
    k = 0
    for _ in range(400):
        rater, ratee = rng.randrange(1, 41), rng.randrange(1, 41)
        if rater != ratee:
            p.reviews.append(Review(f"k{k}", rater, ratee, rng.choice((4, 5)), 80.0, k * 3600))
            k += 1
    for n, stars in enumerate([1] * bad_for_target + [5] * good_for_target):
        p.reviews.append(Review(f"t{n}", 1 + n % 40, 0, stars, 80.0, (k + n) * 3600))
    return p


def test_reputation_moves_the_score_for_a_pattern_not_for_one_bad_review() -> None:
    now = 400 * 86_400
    fresh = analyse(_market(0, 0), now).scores[0]
    one_in_fifty = analyse(_market(1, 50), now).scores[0]
    pattern = analyse(_market(6, 2), now).scores[0]
    assert fresh.band == "STANDARD" and fresh.reasons == []
    assert not any(r.code == ReasonCode.POOR_FEEDBACK for r in one_in_fifty.reasons)
    assert one_in_fifty.score > fresh.score  # fifty good reviews are earned history
    poor = [r for r in pattern.reasons if r.code == ReasonCode.POOR_FEEDBACK]
    assert poor and poor[0].evidence[0].startswith("t")  # the contracts of the bad ratings
    assert pattern.score < fresh.score - 10
    assert pattern.dimensions["reputation"] < 100


def test_merged_reasons_keep_each_items_kind() -> None:
    K = EvidenceKind
    found = Reason(ReasonCode.DUPLICATE_ACCOUNT, 0.6, "linked", ("b", "card-1"),
                   (K.ACCOUNT, K.PAYMENT))  # fmt: skip
    confirmed = Reason(ReasonCode.DUPLICATE_ACCOUNT, 1.0, "confirmed", ("b", "c"))  # untyped
    other = Reason(ReasonCode.DUPLICATE_ACCOUNT, 0.3, "linked", ("d",), (K.ACCOUNT,))
    (merged,) = merge_reasons([confirmed, found, other])
    assert merged.severity == 1.0 and merged.explanation == "confirmed"
    assert merged.items() == [
        (K.ACCOUNT, "b"),  # typed by the finding, though the confirmation came first
        (K.OTHER, "c"),
        (K.PAYMENT, "card-1"),
        (K.ACCOUNT, "d"),
    ]
