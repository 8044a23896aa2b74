"""Grouping near-identical pictures without comparing every pair.

Each picture carries three 64-bit hashes (pHash, dHash, wHash). Candidates
come from *banding*: the twelve 16-bit chunks of the three hashes are keys,
and two pictures are candidates when any chunk is identical (the multi-index
hashing idea: a near copy differs in a few bits, so some chunk survives
whole). Candidates are then verified with the summed Hamming distance
(:data:`identity.portraits.NEAR_DUPLICATE_BITS`) and, as a second independent
test, their colour hashes, then joined with union-find. An inverted copy has
(nearly) the complement of every hash, so each picture's complemented chunks
are looked up too and verified against :data:`INVERTED_BITS`.
Buckets holding more than ``max_bucket`` pictures (a flat colour, a blank
image) are skipped: every picture in them would be a candidate of every
other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from identity.portraits import CIRCLED_BITS, NEAR_DUPLICATE_BITS, NEAR_DUPLICATE_COLOUR_BITS

_ALL = (1 << 64) - 1

# An inverted copy against the complement of the original's hashes, measured
# on generated photos seeds 0-199: median 7 bits, p99 14, max 21; no pair of
# different photos came within 26 (19,900 pairs). Its colours cannot be
# compared (inversion turns every hue), so the structural limit is stricter
# than the colour-checked NEAR_DUPLICATE_BITS.
INVERTED_BITS = 18


@dataclass(frozen=True)
class Picture:
    key: Hashable
    phash: int
    dhash: int
    whash: int
    colour: int | None = None  # colour hash; None when unknown (older data)

    @classmethod
    def from_hex(
        cls, key: Hashable, phash: str, dhash: str, whash: str, colour: str = ""
    ) -> Picture:
        tone = int(colour, 16) if colour else None
        return cls(key, int(phash, 16), int(dhash, 16), int(whash, 16), tone)

    def colours_agree(self, other: Picture) -> bool:
        if self.colour is None or other.colour is None:
            return True
        return (self.colour ^ other.colour).bit_count() <= NEAR_DUPLICATE_COLOUR_BITS

    def distance(self, other: Picture) -> int:
        return (
            (self.phash ^ other.phash).bit_count()
            + (self.dhash ^ other.dhash).bit_count()
            + (self.whash ^ other.whash).bit_count()
        )

    def inverted_distance(self, other: Picture) -> int:
        """Distance to the other picture's negative."""
        return 192 - self.distance(other)

    def linked(
        self, other: Picture, max_bits: int = NEAR_DUPLICATE_BITS, negatives: bool = True
    ) -> bool:
        """The near-duplicate rule: a near copy with agreeing colours, or
        (with ``negatives``) a near copy of the negative."""
        if self.distance(other) <= max_bits:
            return self.colours_agree(other)
        return negatives and self.inverted_distance(other) <= INVERTED_BITS


def portrait_pictures(key: Hashable, raw: str, trimmed: str, colour: str) -> list[Picture]:
    """A portrait as the near-duplicate rule sees it: as uploaded and, when
    different, border-trimmed (a photo re-framed on a coloured ground still
    meets its original), both with the colour hash."""
    signatures = [raw] + ([trimmed] if trimmed and trimmed != raw else [])
    return [Picture.from_hex(key, s[:16], s[16:32], s[32:48], colour) for s in signatures]


def circled_picture(key: Hashable, circled: str) -> Picture | None:
    """The round-framed signature (:func:`identity.portraits.circled_signature`)
    as a picture; ``None`` for portraits stored before it existed."""
    if len(circled) != 48:
        return None
    return Picture.from_hex(key, circled[:16], circled[16:32], circled[32:48])


def same_photo(
    a: Sequence[Picture], b: Sequence[Picture], a_round: Picture | None, b_round: Picture | None
) -> bool:
    """The whole near-duplicate rule for two portraits: any of their
    signatures linked, or their round-framed signatures within CIRCLED_BITS."""
    if any(x.linked(y) for x in a for y in b):
        return True
    return (
        a_round is not None
        and b_round is not None
        and a_round.linked(b_round, CIRCLED_BITS, negatives=False)
    )


def circled_groups(pictures: Sequence[Picture]) -> list[list[int]]:
    """:func:`near_duplicate_groups` for round-framed signatures."""
    return near_duplicate_groups(pictures, CIRCLED_BITS, negatives=False)


def near_duplicate_groups(
    pictures: Sequence[Picture],
    max_bits: int = NEAR_DUPLICATE_BITS,
    max_bucket: int = 200,
    negatives: bool = True,
) -> list[list[int]]:
    """Indexes of pictures grouped by near-identity (groups of two or more)."""
    buckets: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for i, pic in enumerate(pictures):
        for key in _chunk_keys(pic, 0):
            buckets[key].append(i)
    parent = list(range(len(pictures)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    checked: set[tuple[int, int]] = set()

    def check(a: int, b: int) -> None:
        pair = (a, b) if a < b else (b, a)
        if a == b or pair in checked:
            return
        checked.add(pair)
        if pictures[a].linked(pictures[b], max_bits, negatives):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

    for members in buckets.values():
        if 2 <= len(members) <= max_bucket:
            for a_pos, a in enumerate(members):
                for b in members[a_pos + 1 :]:
                    check(a, b)
    for a, pic in enumerate(pictures if negatives else ()):
        for key in _chunk_keys(pic, _ALL):  # my complemented chunks, their chunks
            members = buckets.get(key, [])
            if len(members) <= max_bucket:
                for b in members:
                    check(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(pictures)):
        groups[find(i)].append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def _chunk_keys(pic: Picture, flip: int) -> list[tuple[int, int, int]]:
    """(hash, chunk, 16-bit value) band keys, of the hashes XOR ``flip``."""
    return [
        (h, chunk, ((value ^ flip) >> (16 * chunk)) & 0xFFFF)
        for h, value in enumerate((pic.phash, pic.dhash, pic.whash))
        for chunk in range(4)
    ]
