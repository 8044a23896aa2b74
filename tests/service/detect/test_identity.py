"""Portraits on hand-built projections: one stock photo on many profiles."""

from __future__ import annotations

from graph.model import Decision
from graph.projection import PortraitRecord, Projection, VerdictRecord
from identity.portraits import portrait_hashes
from identity.transforms import TRANSFORMS
from service.demo import images
from service.detect.identity import Portraits, same_photo_explanation
from service.detect.pipeline import analyse
from service.scoring import Reason, ReasonCode

NOW = 400 * 86_400
SHARED = 230  # more profiles than a band bucket holds (identity.banding)


def _shared_photo(count: int = SHARED, logos: frozenset[int] = frozenset()) -> Projection:
    """``count`` accounts showing one photo; those in ``logos`` had their
    upload judged a logo (``not_a_photo`` past the threshold)."""
    photo = images.photo(5)
    hashes = [portrait_hashes(TRANSFORMS[c](photo)) for c in ("resize-64", "jpeg-q30")]
    p = Projection()
    for i in range(count):
        p.add_account(f"a{i:03d}", "FREELANCER", f"Person {i}", "PT", 0, None, None, None)
        h = hashes[i % 2]
        graphic = 0.95 if i in logos else h.not_a_photo
        p.portraits.append(
            PortraitRecord(account=i, phash=h.phash, dhash=h.dhash, whash=h.whash,
                           not_a_photo=graphic, current=True, trimmed=h.trimmed,
                           colour=h.colour, circled=h.circled, inner=h.inner, turned=h.turned)
        )  # fmt: skip
    return p


def _same_photo(reasons: list[Reason]) -> Reason:
    (found,) = [r for r in reasons if r.code is ReasonCode.DUPLICATE_PORTRAIT]
    return found


def _others(reason: Reason) -> int:
    """How many other accounts the finding counts; its sentence must say so."""
    counted = len(reason.evidence) + reason.unlisted
    assert reason.explanation == same_photo_explanation(counted)
    return counted


def test_a_photo_on_hundreds_of_profiles_names_a_few_and_counts_them_all() -> None:
    scores = analyse(_shared_photo(), now=NOW).scores
    most = Portraits.most_listed
    for i, s in enumerate(scores):
        reason = _same_photo(s.reasons)
        assert _others(reason) == SHARED - 1
        assert len(reason.evidence) == most
        assert f"a{i:03d}" not in reason.evidence
        assert len(set(reason.evidence)) == most


def test_dismissing_the_named_others_keeps_the_count_of_the_rest() -> None:
    p = _shared_photo()
    named = _same_photo(analyse(p, now=NOW).scores[0].reasons).evidence
    p.verdicts = [
        VerdictRecord("a000", ReasonCode.DUPLICATE_PORTRAIT, other, Decision.DISMISSED, "[]")
        for other in named[:5]
    ]
    left = _same_photo(analyse(p, now=NOW).scores[0].reasons)
    assert _others(left) == SHARED - 1 - 5
    assert left.evidence == named[5:]


def test_a_picture_judged_a_logo_is_no_stolen_photo_even_beside_photos() -> None:
    scores = analyse(_shared_photo(4, logos=frozenset({1})), now=NOW).scores
    codes = [{r.code for r in s.reasons} for s in scores]
    assert ReasonCode.DUPLICATE_PORTRAIT not in codes[1]
    assert ReasonCode.LOGO_PORTRAIT in codes[1]
    for i in (0, 2, 3):
        reason = _same_photo(scores[i].reasons)
        assert _others(reason) == 2
        assert "a001" not in reason.evidence
