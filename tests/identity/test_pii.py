from __future__ import annotations

import pytest

from identity.errors import InvalidEmail, InvalidPhone, WeakSecret
from identity.pii import PiiHasher, normalize_email, normalize_payment, normalize_phone


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("John.Doe+upwork@GMail.com", "johndoe@gmail.com"),
        ("j.o.h.n.doe@googlemail.com", "johndoe@gmail.com"),
        ("  Mary.Ann+x@Example.ORG ", "mary.ann@example.org"),  # dots matter outside Gmail
    ],
)
def test_email_normalisation(raw: str, normal: str) -> None:
    assert normalize_email(raw) == normal


@pytest.mark.parametrize(
    "bad", ["no-at-sign", "a@b@c.com", "+tag@example.com", "a@localhost", "a b@x.com"]
)
def test_bad_emails_are_explained(bad: str) -> None:
    with pytest.raises(InvalidEmail, match="not an email address"):
        normalize_email(bad)


def test_phone_variants_meet_in_e164() -> None:
    assert normalize_phone("+351 912 345 678") == "+351912345678"
    assert normalize_phone("912-345-678", "PT") == "+351912345678"
    assert normalize_phone("(415) 555-0123", "US") == "+14155550123"
    with pytest.raises(InvalidPhone, match="international form"):
        normalize_phone("12", "US")
    with pytest.raises(InvalidPhone):
        normalize_phone("call me maybe")


def test_payment_numbers_are_compacted_tokens_kept() -> None:
    assert normalize_payment("4111 1111-1111 1111") == "4111111111111111"
    assert normalize_payment(" tok_ABC ") == "tok_ABC"


def test_hashes_are_keyed_and_separated_by_kind() -> None:
    one, two = PiiHasher(b"k" * 32), PiiHasher(b"j" * 32)
    assert one.email("A.B@gmail.com") == one.email("ab+x@googlemail.com")
    assert one.email("ab@gmail.com") != two.email("ab@gmail.com")
    assert one.payment("14155550123") != one.phone("+14155550123")
    assert len(one.email("ab@gmail.com")) == 32
    with pytest.raises(WeakSecret, match="TRUSTMESH_SECRET"):
        PiiHasher(b"short")


def test_a_typed_in_value_hashes_as_ingest_would() -> None:
    hasher = PiiHasher(b"k" * 32)
    assert hasher.candidates(" A.Na+work@GMAIL.com ") == [("email", hasher.email("ana@gmail.com"))]
    assert hasher.candidates("+351 912 000 111") == [("phone", hasher.phone("912000111", "PT"))]
    assert hasher.candidates("4000-0000-0000-0002") == [
        ("payment", hasher.payment("4000 0000 0000 0002"))
    ]
    for nothing in ("Maria", "dup-a", "12 34", "a@b"):
        assert hasher.candidates(nothing) == []
