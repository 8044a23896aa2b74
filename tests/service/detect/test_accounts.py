"""Duplicate accounts as graded evidence, and self-dealing at the pair's confidence."""

from __future__ import annotations

from graph.projection import Projection
from graph.rings import Review
from service.detect.pipeline import analyse
from service.scoring import ReasonCode


def _pair(second_name: str, shared: list[tuple[str, str]]) -> Projection:
    """Two accounts sharing ``shared`` identifiers; the second hires the first."""
    p = Projection()
    p.add_account("f1", "FREELANCER", "Ana Souza", "PT", 0, None, None, None)
    p.add_account("c1", "CLIENT", second_name, "PT", 0, None, None, None)
    for kind, value in shared:
        p.identifiers.add(kind, 0, value)
        p.identifiers.add(kind, 1, value)
    p.reviews.append(Review("ctr-1", 1, 0, 5, 40.0, 86_400))
    return p


def _codes(p: Projection) -> list[dict[ReasonCode, float]]:
    scores = analyse(p, now=400 * 86_400).scores
    return [{r.code: r.severity for r in s.reasons} for s in scores]


def test_one_shared_card_under_one_name_is_a_possible_duplicate_and_self_dealing() -> None:
    freelancer, client = _codes(_pair("A. Souza", [("payment", "card-1")]))
    for found in (freelancer, client):
        assert ReasonCode.DUPLICATE_ACCOUNT not in found
        chance = found[ReasonCode.POSSIBLE_DUPLICATE]
        assert 0.5 <= chance < 1.0
        assert found[ReasonCode.SELF_DEALING] == chance  # the contract counts at the pair's odds


def test_two_identifiers_are_the_same_person_and_self_dealing_in_full() -> None:
    freelancer, _ = _codes(_pair("Ana Souza", [("payment", "card-1"), ("phone", "ph-1")]))
    assert ReasonCode.POSSIBLE_DUPLICATE not in freelancer
    assert freelancer[ReasonCode.DUPLICATE_ACCOUNT] >= 0.9
    assert freelancer[ReasonCode.SELF_DEALING] == 1.0


def test_relatives_sharing_a_card_are_not_flagged() -> None:
    freelancer, client = _codes(_pair("Rui Souza", [("payment", "card-1"), ("device", "pc")]))
    assert freelancer == {} and client == {}


def test_the_possible_duplicate_names_the_other_account_and_what_is_shared() -> None:
    scores = analyse(_pair("Ana Souza", [("phone", "ph-1")]), now=400 * 86_400).scores
    (reason,) = [r for r in scores[0].reasons if r.code == ReasonCode.POSSIBLE_DUPLICATE]
    assert reason.evidence == ("c1", "ph-1")
    assert "c1" in reason.explanation and "a phone number" in reason.explanation
