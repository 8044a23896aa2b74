from __future__ import annotations

from service.scoring import (
    Dimension,
    History,
    PastAction,
    Reason,
    ReasonCode,
    band,
    combine,
)


def test_new_accounts_start_standard_and_history_earns_trust() -> None:
    new = combine([], History())
    assert new.band == "STANDARD" and new.recommended_action == "NONE"
    veteran = combine([], History(age_days=900, earned=25.0))
    assert veteran.band == "TRUSTED" and veteran.score > new.score


def test_bands() -> None:
    assert [band(x) for x in (95, 80, 79.9, 60, 59, 35, 10)] == [
        "TRUSTED",
        "TRUSTED",
        "STANDARD",
        "STANDARD",
        "CAUTION",
        "CAUTION",
        "HIGH_RISK",
    ]


def test_reasons_lower_the_score_and_their_dimension_only() -> None:
    ring = Reason(ReasonCode.FEEDBACK_RING, 1.0, "x", ("acc-2",))
    scored = combine([ring], History())
    assert scored.score < 35 and scored.band == "HIGH_RISK"
    assert scored.dimensions[Dimension.FEEDBACK_INTEGRITY] < 30
    assert scored.dimensions[Dimension.IDENTITY] == 100.0


def test_ladder_escalates_when_warned_before_for_the_same_behaviour() -> None:
    mild = Reason(ReasonCode.SHARED_LOGIN, 0.5, "x", ())
    first = combine([mild], History()).recommended_action
    again = combine([mild], History(), [PastAction("WARNING", "shared_login: lent account")])
    unrelated = combine([mild], History(), [PastAction("WARNING", "fake_name")])
    assert first == "WARNING"
    assert again.recommended_action == "RESTRICTION"
    assert unrelated.recommended_action == first


def test_ban_evasion_means_block() -> None:
    linked = Reason(ReasonCode.LINKED_TO_BLOCKED, 0.95, "x", ("acc-9",))
    assert combine([linked], History()).recommended_action == "BLOCK"
