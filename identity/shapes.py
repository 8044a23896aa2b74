"""A text's shape: keyed b-bit MinHash, so repeated texts meet without being kept.

Spam is one text sent to many people, reworded a little for each ("Hi Anna",
"Hi Tom", a word swapped). A text's words and word pairs form a set; two
texts' sets overlap (Jaccard similarity) nearly wholly when one is the
other reworded, and little when they are different texts. b-bit minwise
hashing (Li and König, WWW 2010) keeps an estimate of that overlap in 32
bytes: SLOTS minimum hashes, 8 bits each.

The words are hashed with a key derived from the deployment's hashing
secret: without the key a stored shape cannot be tested against a guessed
text. The text itself is never stored.
"""

from __future__ import annotations

import hashlib
import itertools
import re

import numpy as np
from anyascii import anyascii

SLOTS = 32  # minimum hashes per shape: the overlap's estimate is within ±0.09
# Texts shorter than this repeat honestly ("Thanks, will do!", "Sent you the
# files") and say too little to tell one template from another.
MIN_WORDS = 12
# Shapes this similar are one text. On bench/corpus/policy.jsonl (496 texts
# of 11 words or more) one edit (a greeting, a name, two words swapped) kept
# 0.53 or more, two edits 0.44; 99.9% of pairs of different texts stayed
# under 0.35, the rest being one template's variants (tests/identity/test_shapes.py).
NEAR = 0.5
_WORDS = re.compile(r"[a-z]+|[0-9]+")
_CHANCE = 1 / 256  # two different 8-bit minimums agree this often
# one multiply-shift hash per slot over the keyed 64-bit word hashes
_MIXERS = np.random.default_rng(0x5EED).integers(1, 2**63, size=(2, SLOTS), dtype=np.uint64)
_MULTIPLY = _MIXERS[0] | np.uint64(1)  # odd: a bijection on 64-bit words
_ADD = _MIXERS[1]


class TextShaper:
    """Shapes of texts under one key (:meth:`identity.pii.PiiHasher.derived`)."""

    def __init__(self, key: bytes) -> None:
        if not 16 <= len(key) <= 64:  # blake2b's key sizes, and enough of one
            raise ValueError("a text shape key is 16 to 64 bytes")
        self._key = key

    def shape(self, text: str) -> str | None:
        """The text's shape (2 × SLOTS hex digits); None under MIN_WORDS words."""
        plain = text.lower() if text.isascii() else anyascii(text).lower()
        # numbers are a template's blanks (prices, dates, order numbers)
        words = ["0" if w[0].isdigit() else w for w in _WORDS.findall(plain)]
        if len(words) < MIN_WORDS:
            return None
        # word pairs keep some order: a shuffled bag of words is another text
        features = {*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))}
        digests = b"".join(
            hashlib.blake2b(f.encode(), digest_size=8, key=self._key).digest() for f in features
        )
        hashed = np.frombuffer(digests, dtype=np.uint64)
        mixed = hashed[:, None] * _MULTIPLY + _ADD  # wraps modulo 2**64, as meant
        # the lowest bits: a minimum's highest are zeros, whatever the text
        low: bytes = (mixed.min(axis=0) & np.uint64(0xFF)).astype(np.uint8).tobytes()
        return low.hex()


def similarity(a: str, b: str) -> float:
    """The estimated overlap (Jaccard) of the two texts' word sets, 0..1."""
    left, right = bytes.fromhex(a), bytes.fromhex(b)
    agree = sum(x == y for x, y in zip(left, right, strict=True)) / len(left)
    return max(0.0, (agree - _CHANCE) / (1 - _CHANCE))


def near(a: str, b: str, least: float = NEAR) -> bool:
    """Whether two shapes are one text reworded a little."""
    return similarity(a, b) >= least
