"""Text as the policy rules read it: the disguises people use taken off.

People who know a word is watched write around it: "f e e", "f.e.e",
"d3p0sit", "раy" with a Cyrillic р, "fifty dollars", "feeeee". The rules in
:mod:`identity.policy` are written against plain lower-case ASCII English,
so every text is brought there first, in this order:

1. homoglyphs to the ASCII letter they imitate (Unicode's confusables, from
   ``confusable-homoglyphs``), then anything else transliterated to ASCII
   (``anyascii``: accents dropped, full-width and mathematical letters
   read, zero-width characters gone);
2. letters spaced or dotted apart joined again ("f e e" -> "fee"), and split
   into words where several were spaced out in a row ("b e f o r e t h e"
   -> "before the"; ``wordninja``'s English word frequencies);
3. leetspeak read as letters inside words that mix the two, where that
   makes an English word ("d3p0sit" -> "deposit"; "mp3" stays);
4. spelled-out numbers as digits (``text2num``: "fifty" -> "50");
5. a letter repeated three times or more cut to two ("feeeee" -> "fee").

Pure functions; nothing here knows what the rules look for.
"""

from __future__ import annotations

import functools
import re

import wordninja
from anyascii import anyascii
from confusable_homoglyphs import confusables
from text_to_num import alpha2digit


@functools.cache
def _homoglyphs() -> dict[int, str]:
    """Non-ASCII characters Unicode lists as confusable with one ASCII
    letter or digit (Cyrillic а, Greek ο, Latin small capitals …)."""
    table: dict[int, str] = {}
    for char, entries in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        ascii_twins = [e["c"] for e in entries if len(e["c"]) == 1 and e["c"].isalnum()]
        ascii_twins = [c for c in ascii_twins if c.isascii()]
        if ascii_twins:
            # a letter before a digit: "о" imitates o far more often than 0
            table[ord(char)] = sorted(ascii_twins, key=str.isdigit)[0]
    return table


# Letters written apart: three or more single letters with one separator
# between each ("f e e", "f.e.e", "f-e-e", "f*e*e").
_SPACED = re.compile(r"(?<![a-z0-9])(?:[a-z][ .\-_*]){2,}[a-z](?![a-z0-9])")
_SEPARATORS = re.compile(r"[ .\-_*]")

# Leetspeak: a word with letters and the digits or signs that stand for them.
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "@": "a", "$": "s", "!": "i", "|": "l"})  # fmt: skip
_WORD = re.compile(r"[a-z0-9@$!|]+")
# numbers with units, which mix letters and digits honestly: 24h, 3d, 5k, 2nd
_HONEST_MIX = re.compile(r"^\d+(?:st|nd|rd|th|k|m|h|hr|hrs|d|x|s|px|mb|gb|yo|pm|am)$")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_SPACES = re.compile(r"[ \t]+")


# chat shorthand spaced out on purpose: "u r a", "r u n"
_CHAT_LETTERS = frozenset("uryacin")
# names the rules look for that a general English vocabulary splits ("insta gram")
_KEEP_WHOLE = ("instagram", "facebook", "tiktok", "paypal", "whatsapp", "telegram", "linkedin",
               "youtube", "onlyfans", "bitcoin", "upwork", "snapchat", "twitter", "gmail",
               "onboarding", "freelancer", "deliverables")  # fmt: skip


@functools.lru_cache(maxsize=1 << 14)
def _known(word: str) -> bool:
    """An English word (or a name the rules need whole)."""
    return word in _KEEP_WHOLE or wordninja.split(word) == [word]


def _words_in(letters: str) -> str:
    if _known(letters):
        return letters
    for name in _KEEP_WHOLE:
        if (at := letters.find(name)) >= 0:
            parts = (_words_in(letters[:at]), name, _words_in(letters[at + len(name) :]))
            return " ".join(p for p in parts if p)
    return " ".join(wordninja.split(letters))


def _joined(match: re.Match[str]) -> str:
    letters = _SEPARATORS.sub("", match.group())
    return match.group() if set(letters) <= _CHAT_LETTERS else _words_in(letters)


def _unspaced(text: str) -> str:
    return _SPACED.sub(_joined, text)


def _leet_word(match: re.Match[str]) -> str:
    word = match.group()
    if word.isalpha() or word.isdigit() or _HONEST_MIX.match(word):
        return word
    # signs around a word are punctuation ("fee!!!", "$50"), not letters
    core = word.strip("@$!|")
    if not any(c.isalpha() for c in core) or _HONEST_MIX.match(core):
        return word
    plain = core.translate(_LEET)
    if not _known(plain):
        return word  # mp3, b2b, h264: no word hides in them
    start = word.index(core[0])
    return word[:start] + plain + word[start + len(core) :]


def normalise(text: str) -> str:
    """``text`` in plain lower-case ASCII, disguises removed (module docstring)."""
    plain = anyascii(text.translate(_homoglyphs())).lower()
    plain = _unspaced(plain)
    if any(c in plain for c in "013457@$!|8"):
        plain = _WORD.sub(_leet_word, plain)
    if any(w in plain for w in _NUMBER_HINTS):
        plain = alpha2digit(plain, "en")
    plain = _REPEATS.sub(r"\1\1", plain)
    return _SPACES.sub(" ", plain)


# a spelled number holds one of these (alpha2digit costs ~8 us; most texts hold none)
_NUMBER_HINTS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve", "teen", "twenty", "thirty", "forty", "fifty",
                 "sixty", "seventy", "eighty", "ninety", "hundred", "thousand")  # fmt: skip
