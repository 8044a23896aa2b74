"""Grouping near-identical pictures without comparing every pair.

Each picture carries three 64-bit hashes (pHash, dHash, wHash). Candidates
come from *banding*: the twelve 16-bit chunks of the three hashes are keys,
and two pictures are candidates when any chunk is identical (the multi-index
hashing idea: a near copy differs in a few bits, so some chunk survives
whole). Candidates are then verified with the summed Hamming distance
(:data:`identity.portraits.NEAR_DUPLICATE_BITS`) and, as a second independent
test, their colour hashes, then joined with union-find.
Buckets holding more than ``max_bucket`` pictures (a flat colour, a blank
image) are skipped: every picture in them would be a candidate of every
other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from identity.portraits import NEAR_DUPLICATE_BITS, NEAR_DUPLICATE_COLOUR_BITS


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


def near_duplicate_groups(
    pictures: Sequence[Picture], max_bits: int = NEAR_DUPLICATE_BITS, max_bucket: int = 200
) -> list[list[int]]:
    """Indexes of pictures grouped by near-identity (groups of two or more)."""
    buckets: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for i, pic in enumerate(pictures):
        for h, value in enumerate((pic.phash, pic.dhash, pic.whash)):
            for chunk in range(4):
                buckets[(h, chunk, (value >> (16 * chunk)) & 0xFFFF)].append(i)
    parent = list(range(len(pictures)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > max_bucket:
            continue
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                pair = (a, b) if a < b else (b, a)
                if pair in checked:
                    continue
                checked.add(pair)
                if pictures[a].distance(pictures[b]) <= max_bits and pictures[a].colours_agree(
                    pictures[b]
                ):
                    ra, rb = find(a), find(b)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(pictures)):
        groups[find(i)].append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
