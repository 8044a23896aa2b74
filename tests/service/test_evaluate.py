"""Detection quality against ground truth: patterns found by any of their
codes, and leads on look-alikes counted apart from findings."""

from __future__ import annotations

from service.evaluate import false_positive_rates, quality, roc_auc


def test_a_possible_duplicate_finds_the_pattern_but_is_only_a_lead_on_a_look_alike() -> None:
    labels = {"a": {"duplicate_account"}, "b": {"duplicate_account"}, "c": set(), "d": set()}
    benign = {"c": {"family_card"}, "d": {"family_card"}}
    codes = {
        "a": {"DUPLICATE_ACCOUNT"},
        "b": {"POSSIBLE_DUPLICATE"},
        "c": {"POSSIBLE_DUPLICATE"},
        "d": {"SHARED_LOGIN", "POSSIBLE_DUPLICATE"},
    }
    (dup,) = [q for q in quality(labels, codes) if q.pattern == "duplicate_account"]
    assert (dup.support, dup.flagged, dup.recall) == (2, 4, 1.0)
    assert dup.precision == 0.5
    rate = false_positive_rates(benign, labels, codes)["family_card"]
    assert (rate.wrong, rate.leads, rate.accounts) == (1, 1, 2)
    assert rate.rate == 0.5


def test_auc_counts_ties_half() -> None:
    assert roc_auc([1.0, 0.0], [True, False]) == 1.0
    assert roc_auc([0.5, 0.5], [True, False]) == 0.5
