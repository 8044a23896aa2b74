"""The detectors as declared steps: order, products, codes."""

from __future__ import annotations

import dataclasses

import pytest

from graph.model import ActionKind
from graph.projection import Projection
from service.detect.accounts import DuplicateAccounts
from service.detect.base import DetectionError, Found, Product, check_order
from service.detect.feedback import SelfDealing
from service.detect.identity import Portraits
from service.detect.pipeline import analyse, detectors
from service.scoring import CODES, LADDER, Action, ReasonCode


def test_every_reason_code_has_one_detector_and_a_weight() -> None:
    declared = [code for step in detectors() for code in step.codes]
    assert sorted(declared) == sorted(ReasonCode)
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
