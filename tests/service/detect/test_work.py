"""Work integrity and conduct on hand-built projections: who may share a
picture, and when a request for work before a contract stops counting."""

from __future__ import annotations

from PIL import Image

from graph.projection import ContactAttempt, Projection, WorkPicture
from identity.policy import policy_categories
from identity.portraits import work_hashes
from identity.transforms import TRANSFORMS
from service.demo import images
from service.demo.artwork import on_template, template
from service.detect.pipeline import analyse
from service.scoring import ReasonCode

NOW = 400 * 86_400


def picture(
    owner: int | None, item: str, image: Image.Image, at: int, source: str = ""
) -> WorkPicture:
    """A portfolio item of ``owner``, or (owner None) a registered work of ``source``."""
    h = work_hashes(image.convert("RGB"))
    return WorkPicture(owner=owner, id=item, at=at, phash=h.phash, dhash=h.dhash, whash=h.whash,
                       trimmed=h.trimmed, colour=h.colour, circled=h.circled, inner=h.inner,
                       turned=h.turned, source=source)  # fmt: skip


def accounts(*names: str) -> Projection:
    p = Projection()
    for i, name in enumerate(names):
        p.add_account(f"a{i}", "FREELANCER", name, "PT", 0, None, None, None)
    return p


def codes(p: Projection) -> list[set[ReasonCode]]:
    return [{r.code for r in s.reasons} for s in analyse(p, now=NOW).scores]


def test_one_persons_accounts_may_show_the_same_work() -> None:
    work = images.photo(31)
    p = accounts("Ana Souza", "Ana Souza", "Rui Lima")
    # a0 and a1 are one person (same card and phone); a2 is someone else
    for kind, value in (("payment", "card-1"), ("phone", "ph-1")):
        p.identifiers.add(kind, 0, value)
        p.identifiers.add(kind, 1, value)
    p.portfolio = [
        picture(0, "pf-a", work, 10),
        picture(1, "pf-b", TRANSFORMS["resize-64"](work), 20),
        picture(2, "pf-c", TRANSFORMS["jpeg-q30"](work), 30),
    ]
    first, second, stranger = codes(p)
    assert ReasonCode.COPIED_PORTFOLIO not in first | second
    assert ReasonCode.COPIED_PORTFOLIO in stranger


def test_different_work_on_one_layout_is_no_copy() -> None:
    layout = template(7)
    p = accounts("Ana Souza", "Rui Lima")
    p.portfolio = [
        picture(0, "pf-a", on_template(layout, images.photo(41)), 10),
        picture(1, "pf-b", on_template(layout, images.photo(42)), 20),
    ]
    p.works = [picture(None, "layout", layout, 0, source="Templates")]
    assert codes(p) == [set(), set()]


def test_work_before_a_contract_stops_counting_once_there_is_one() -> None:
    p = accounts("Ana Souza", "Rui Lima")
    ask = "Start on the full logo now, I'll open the contract once I see it."
    categories = tuple(policy_categories(ask))
    assert categories == ("scam:work_before_contract",)
    p.contact_attempts = [ContactAttempt(1, "a0", "m1", 1_000, (), categories)]
    assert ReasonCode.SCAM_REQUEST in codes(p)[1]
    p.contracts[("a1", "a0")] = 500  # the two already have a contract
    assert ReasonCode.SCAM_REQUEST not in codes(p)[1]


def test_a_registered_work_copied_past_the_bucket_limit_is_found_on_every_copy() -> None:
    """More copies of one stock picture than a band bucket holds (200): the
    crowd is covered, not skipped, so no copier goes unnoticed."""
    stock = images.photo(77)
    changes = ("resize-64", "resize-512", "jpeg-q30", "crop-10%", "pad-coloured")
    copies = [TRANSFORMS[change](stock) for change in changes]
    p = accounts(*(f"Person {i}" for i in range(230)))
    p.portfolio = [picture(i, f"pf-{i}", copies[i % 5], 10 + i) for i in range(230)]
    p.works = [picture(None, "stock-1", stock, 0, source="Stockhouse")]
    scores = analyse(p, now=NOW).scores
    found = [[r for r in s.reasons if r.code is ReasonCode.COPIED_PORTFOLIO] for s in scores]
    assert all(len(reasons) == 1 for reasons in found)
    assert all("Stockhouse" in reasons[0].explanation for reasons in found)
