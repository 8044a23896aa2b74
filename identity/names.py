"""Is a display name a person's name? The FAKE_NAME check.

Marketplaces require freelancers to use their real name. What is *not* a
person's name: business words, digits, URLs/emails/handles, emoji, keyboard
mash, a registered brand, shouting in capitals, single letters. What must
pass: mononyms, every script (CJK, Cyrillic, Arabic, Devanagari, …), hyphens
and apostrophes, particles (van der, bin, de la), initials ("J. R. Smith").

Verified exceptions go through the investigator verdict mechanism (dismiss
FAKE_NAME for the account) or the ``allow`` set of exact names passed in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

BUSINESS_WORDS = frozenset(
    {
        "llc", "inc", "ltd", "gmbh", "corp", "co", "company", "agency", "studio", "studios",
        "solutions", "services", "team", "official", "group", "consulting", "digital",
        "media", "marketing", "tech", "technologies", "labs", "support", "experts",
        "developer", "developers", "designer", "freelancer", "best", "pro", "top", "expert",
        "seo", "web", "apps", "agency's",
    }
)  # fmt: skip

_URL = re.compile(r"(https?://|www\.|\.(com|net|org|io|co|biz|info)\b)", re.I)
_EMAIL_OR_HANDLE = re.compile(r"@|#|_|\b\w+\d+\w*\b")
_DIGIT = re.compile(r"\d")
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")
_VOWELS = set("aeiouyàáâãäåèéêëìíîïòóôõöùúûüý")


@dataclass(frozen=True)
class NameVerdict:
    fake: bool
    severity: float
    why: tuple[str, ...]


def _is_emoji_or_symbol(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("So", "Sk", "Sm", "Cs") or ord(ch) >= 0x1F000


def _latin_letters(word: str) -> str:
    return "".join(ch for ch in word.lower() if "a" <= ch <= "z")


def _mash(word: str) -> bool:
    """Keyboard runs (asdf, qwerty), repeats (jkjkjk, aaaa) or no vowels at length."""
    letters = _latin_letters(word)
    if len(letters) < 4 or len(letters) != len(word):
        return False
    if any(letters[i : i + 4] in row for row in _KEYBOARD_ROWS for i in range(len(letters) - 3)):
        return True
    if len(set(letters)) <= 2:
        return True
    return len(letters) >= 5 and not any(ch in _VOWELS for ch in letters)


class BrandNames:
    """Registered brand names, matched case-insensitively. Build it once per
    run: lower-casing thousands of brands per account was most of the name
    check's time at a million accounts."""

    def __init__(self, names: Iterable[str]) -> None:
        self._keys = frozenset(n.lower() for n in names)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._keys


def check_name(
    name: str, brands: BrandNames | Collection[str] = (), allow: Collection[str] = ()
) -> NameVerdict:
    """A verdict with the reasons found; ``fake`` when any reason applies."""
    known = brands if isinstance(brands, BrandNames) else BrandNames(brands)
    text = unicodedata.normalize("NFC", name.strip())
    if text in allow:
        return NameVerdict(False, 0.0, ())
    why: list[str] = []
    words = re.split(r"\s+", text)
    lowered = [w.strip(".,'’-").lower() for w in words]
    if _URL.search(text):
        why.append("contains a web address")
    if "@" in text or "#" in text or "_" in text:
        why.append("contains a handle or an email address")
    if _DIGIT.search(text):
        why.append("contains digits")
    if any(_is_emoji_or_symbol(ch) for ch in text):
        why.append("contains emoji or symbols")
    if any(w in BUSINESS_WORDS for w in lowered):
        why.append("contains business words")
    # the whole name, not any word: a brand registry holds Ford and Apple,
    # and Harrison Ford is a person
    if text in known:
        why.append("is a registered brand name")
    letters = [ch for ch in text if ch.isalpha()]
    latin = [ch for ch in letters if ch.isascii()]
    if len(latin) >= 6 and all(ch.isupper() for ch in latin) and len(latin) == len(letters):
        why.append("is written in capitals")
    if letters and len(letters) == 1:
        why.append("is a single letter")
    if any(_mash(w) for w in words):
        why.append("looks like keyboard mash")
    severity = min(1.0, 0.5 + 0.25 * (len(why) - 1)) if why else 0.0
    return NameVerdict(bool(why), severity, tuple(why))
