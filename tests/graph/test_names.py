"""Name agreement between two accounts' display names."""

from __future__ import annotations

import pytest

from graph.names import NameMatch, compare, tokens


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Ana Souza", "Ana Souza", NameMatch.SAME),
        ("Ana Souza", "ana  SOUZA", NameMatch.SAME),
        ("Ana Souza", "A. Souza", NameMatch.SAME),
        ("João Johansson", "J. Johansson", NameMatch.SAME),  # the initial is not the surname's
        ("Ana Souza", "Souza Ana", NameMatch.SAME),
        ("José Núñez", "Jose Nunez", NameMatch.SAME),
        ("Ana Souza", "Rui Souza", NameMatch.RELATIVE),
        ("Souza Ana", "Rui Souza", NameMatch.RELATIVE),
        ("Ana Souza", "Ken Ito", NameMatch.OTHER),
        ("Ana Souza", "Ana Lima", NameMatch.OTHER),  # a shared given name is no family
        ("Ana Souza", "A. B. Souza", NameMatch.RELATIVE),
        ("Ana Souza", "", NameMatch.UNKNOWN),
        (None, "Ana Souza", NameMatch.UNKNOWN),
    ],
)
def test_compare(a: str | None, b: str, expected: NameMatch) -> None:
    assert compare(a, b) == expected
    assert compare(b, a) == expected


def test_tokens_drop_accents_case_and_punctuation() -> None:
    assert tokens("  Zoë O'Brien-Smith ") == ["zoe", "o", "brien", "smith"]
