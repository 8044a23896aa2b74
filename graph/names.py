"""How two display names compare, as evidence of one person behind two accounts.

A second account of one person is usually under the same name, an initial
of it, or its parts re-ordered. Relatives share a surname under different
given names: a family sharing a laptop or a card is told apart by exactly
that.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum


class NameMatch(StrEnum):
    SAME = "SAME"  # the same name, an initial of it, or re-ordered
    RELATIVE = "RELATIVE"  # a shared surname, different given names
    OTHER = "OTHER"  # nothing in common
    UNKNOWN = "UNKNOWN"  # a name is missing


def tokens(name: str) -> list[str]:
    """Lower-case words without accents or punctuation."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c if c.isalnum() else " " for c in plain if not unicodedata.combining(c))
    return letters.split()


def search_key(name: str) -> str:
    """What name search matches on: the words, lower-case and without accents,
    so "jose" finds "José" and "o'brien" finds "O'Brien"."""
    return " ".join(tokens(name))


def _compatible(a: str, b: str) -> bool:
    """One word, or an initial of it."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b


def _same(a: list[str], b: list[str]) -> bool:
    """Every word of one name pairs with a word of the other, in any order:
    equal words first, so that an initial is left for the word it stands for."""
    if len(a) != len(b):
        return False
    left, right = list(a), list(b)
    for word in a:
        if word in right:
            left.remove(word)
            right.remove(word)
    for word in left:
        match = next((w for w in right if _compatible(word, w)), None)
        if match is None:
            return False
        right.remove(match)
    return True


def compare(a: str | None, b: str | None) -> NameMatch:
    ta, tb = tokens(a or ""), tokens(b or "")
    if not ta or not tb:
        return NameMatch.UNKNOWN
    if _same(ta, tb):
        return NameMatch.SAME
    surnames = {ta[-1], tb[-1]}
    shared = {w for w in set(ta) & set(tb) if len(w) > 1}
    if shared & surnames:
        return NameMatch.RELATIVE
    return NameMatch.OTHER
