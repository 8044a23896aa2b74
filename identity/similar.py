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

A portrait has more signatures than its whole picture (see
:class:`Views`): round-framed, its centre, and round-framed turned both ways.
Each is compared only with the signature a transformed copy would share —
the centre with whole pictures, the turned ones with round-framed ones —
because every extra comparison is another chance for strangers to meet.
Buckets holding more than ``max_bucket`` pictures (a flat colour, a blank
image) are skipped: every picture in them would be a candidate of every
other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from identity.portraits import (
    CIRCLED_BITS,
    INNER_BITS,
    NEAR_DUPLICATE_BITS,
    NEAR_DUPLICATE_COLOUR_BITS,
)

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


@dataclass(frozen=True)
class Views:
    """Every signature of one portrait that the near-duplicate rule compares.

    Portraits stored before a signature existed simply lack it (``None`` or
    empty): the comparisons that need it are skipped.
    """

    whole: tuple[Picture, ...]  # as uploaded and, when different, border-trimmed
    circled: Picture | None = None  # in a round frame
    inner: Picture | None = None  # the centre (identity.portraits.INNER_SHARE)
    turned: tuple[Picture, ...] = ()  # round-framed, turned +-TURN_DEGREES


def portrait_views(
    key: Hashable,
    raw: str,
    trimmed: str,
    colour: str,
    circled: str = "",
    inner: str = "",
    turned: str = "",
) -> Views:
    """A stored portrait's signatures (hex, as in the graph) as :class:`Views`.

    The whole pictures and the centre carry the colour hash (crops keep the
    colours; a trimmed photo re-framed on a coloured ground still meets its
    original); the round-framed ones are compared by structure alone.
    """
    whole = [raw] + ([trimmed] if trimmed and trimmed != raw else [])
    return Views(
        whole=tuple(_pictures(key, "".join(whole), colour)),
        circled=next(iter(_pictures(key, circled)), None),
        inner=next(iter(_pictures(key, inner, colour)), None),
        turned=tuple(_pictures(key, turned)),
    )


def _pictures(key: Hashable, signatures: str, colour: str = "") -> list[Picture]:
    """48-hex-digit signatures laid end to end, as pictures."""
    return [
        Picture.from_hex(key, signatures[i : i + 16], signatures[i + 16 : i + 32],
                         signatures[i + 32 : i + 48], colour)
        for i in range(0, len(signatures) - 47, 48)
    ]  # fmt: skip


def same_photo(a: Views, b: Views) -> bool:
    """The whole near-duplicate rule for two portraits (what
    :func:`same_photo_groups` applies at scale)."""
    if any(x.linked(y) for x in a.whole for y in b.whole):
        return True
    if a.circled and b.circled and a.circled.linked(b.circled, CIRCLED_BITS, negatives=False):
        return True
    for one, other in ((a, b), (b, a)):
        if one.inner and any(one.inner.linked(w, INNER_BITS, False) for w in other.whole):
            return True
        if other.circled and any(t.linked(other.circled, CIRCLED_BITS, False) for t in one.turned):
            return True
    return False


def same_photo_groups(views: Sequence[Views]) -> list[list[int]]:
    """Indexes of portraits that :func:`same_photo` joins, directly or through
    others (groups of two or more), without comparing every pair."""
    whole, whole_of = _flat(views, lambda v: v.whole)
    circled, circled_of = _flat(views, lambda v: (v.circled,) if v.circled else ())
    inner, inner_of = _flat(views, lambda v: (v.inner,) if v.inner else ())
    turned, turned_of = _flat(views, lambda v: v.turned)
    links = [
        (owner[a], owner[b])
        for owner, groups in (
            (whole_of, near_duplicate_groups(whole)),
            (circled_of, near_duplicate_groups(circled, CIRCLED_BITS, negatives=False)),
        )
        for a, *rest in groups
        for b in rest
    ]
    links += [(inner_of[q], whole_of[t]) for q, t in cross_links(inner, whole, INNER_BITS)]
    links += [(turned_of[q], circled_of[t]) for q, t in cross_links(turned, circled, CIRCLED_BITS)]
    return _joined(len(views), links)


def _joined(n: int, links: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Connected components of ``n`` items under ``links`` (two or more
    members each, members ascending, groups by their first member)."""
    if not links:
        return []
    pairs = np.asarray(links, dtype=np.int64)
    graph = coo_matrix((np.ones(len(pairs), dtype=np.int8), (pairs[:, 0], pairs[:, 1])), (n, n))
    _, label = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, component in enumerate(label.tolist()):
        groups[component].append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def _flat(
    views: Sequence[Views], pick: Callable[[Views], Sequence[Picture]]
) -> tuple[list[Picture], list[int]]:
    """One kind of signature of every portrait, and whose each one is."""
    pictures, owners = [], []
    for i, v in enumerate(views):
        for pic in pick(v):
            pictures.append(pic)
            owners.append(i)
    return pictures, owners


def cross_links(
    queries: Sequence[Picture], targets: Sequence[Picture], max_bits: int, max_bucket: int = 200
) -> list[tuple[int, int]]:
    """(query, target) indexes of every query linked to a target (structure
    within ``max_bits``, colours agreeing), found by banding the targets."""
    buckets: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for j, pic in enumerate(targets):
        for band in _chunk_keys(pic, 0):
            buckets[band].append(j)
    out = []
    for i, query in enumerate(queries):
        tried: set[int] = set()
        for band in _chunk_keys(query, 0):
            members = buckets.get(band, [])
            if len(members) > max_bucket:
                continue
            for j in members:
                if j not in tried:
                    tried.add(j)
                    if query.linked(targets[j], max_bits, negatives=False):
                        out.append((i, j))
    return out


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
    links: list[tuple[int, int]] = []
    checked: set[tuple[int, int]] = set()

    def check(a: int, b: int) -> None:
        pair = (a, b) if a < b else (b, a)
        if a == b or pair in checked:
            return
        checked.add(pair)
        if pictures[a].linked(pictures[b], max_bits, negatives):
            links.append(pair)

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
    return _joined(len(pictures), links)


def _chunk_keys(pic: Picture, flip: int) -> list[tuple[int, int, int]]:
    """(hash, chunk, 16-bit value) band keys, of the hashes XOR ``flip``."""
    return [
        (h, chunk, ((value ^ flip) >> (16 * chunk)) & 0xFFFF)
        for h, value in enumerate((pic.phash, pic.dhash, pic.whash))
        for chunk in range(4)
    ]
