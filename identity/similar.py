"""Grouping near-identical pictures without comparing every pair.

Each picture carries three 64-bit hashes (pHash, dHash, wHash). Candidates
come from *banding*: the twelve 16-bit chunks of the three hashes are keys,
and two pictures are candidates when any chunk is identical (the multi-index
hashing idea: a near copy differs in a few bits, so some chunk survives
whole). Candidates are then verified with the summed Hamming distance
(:data:`identity.portraits.NEAR_DUPLICATE_BITS`) and, as a second independent
test, their colour hashes, then joined into connected components. An
inverted copy has (nearly) the complement of every hash, so each picture's
complemented chunks are looked up too and verified against
:data:`identity.banding.INVERTED_BITS`. The search itself is numpy
(:mod:`identity.banding`); :class:`Picture` and :func:`same_photo` state the
rule one pair at a time, for the evaluation and as the tests' reference.

A portrait has more signatures than its whole picture (see
:class:`Views`): round-framed, its centre, and round-framed turned both ways.
Each is compared only with the signature a transformed copy would share —
the centre with whole pictures, the turned ones with round-framed ones —
because every extra comparison is another chance for strangers to meet.
Buckets holding more than ``max_bucket`` pictures (a much-copied stock
photo, a flat colour) are covered by a few leaders rather than paired
through (:mod:`identity.banding`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from identity.banding import INVERTED_BITS, MAX_BUCKET, Signatures, linked_pairs
from identity.portraits import (
    CIRCLED_BITS,
    INNER_BITS,
    NEAR_DUPLICATE_BITS,
    NEAR_DUPLICATE_COLOUR_BITS,
)


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Views:
    """Every signature of one portrait that the near-duplicate rule compares.

    Portraits stored before a signature existed simply lack it (``None`` or
    empty): the comparisons that need it are skipped.
    """

    whole: tuple[Picture, ...]  # as uploaded and, when different, border-trimmed
    circled: Picture | None = None  # in a round frame
    inner: Picture | None = None  # the centre (identity.portraits.INNER_CUT cut away)
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


class Stored(Protocol):
    """What a portrait's stored signatures look like, wherever they come from
    (:class:`identity.portraits.PortraitHashes`, the rescore's projection)."""

    @property
    def signature(self) -> str: ...
    @property
    def trimmed(self) -> str: ...
    @property
    def colour(self) -> str: ...
    @property
    def circled(self) -> str: ...
    @property
    def inner(self) -> str: ...
    @property
    def turned(self) -> str: ...


def views_of(key: Hashable, stored: Stored) -> Views:
    """:func:`portrait_views` of a portrait's stored signatures."""
    return portrait_views(key, stored.signature, stored.trimmed, stored.colour,
                          stored.circled, stored.inner, stored.turned)  # fmt: skip


def _pictures(key: Hashable, signatures: str, colour: str = "") -> list[Picture]:
    """48-hex-digit signatures laid end to end, as pictures."""
    return [
        Picture.from_hex(key, signatures[i : i + 16], signatures[i + 16 : i + 32],
                         signatures[i + 32 : i + 48], colour)
        for i in range(0, len(signatures) - 47, 48)
    ]  # fmt: skip


def same_photo(
    a: Views, b: Views, whole_bits: int = NEAR_DUPLICATE_BITS, inner_bits: int = INNER_BITS
) -> bool:
    """The whole near-duplicate rule for two portraits (what
    :func:`same_photo_groups` applies at scale); stricter limits for the
    whole and centre signatures narrow it."""
    if any(x.linked(y, whole_bits) for x in a.whole for y in b.whole):
        return True
    if a.circled and b.circled and a.circled.linked(b.circled, CIRCLED_BITS, negatives=False):
        return True
    for one, other in ((a, b), (b, a)):
        if one.inner and any(one.inner.linked(w, inner_bits, False) for w in other.whole):
            return True
        if other.circled and any(t.linked(other.circled, CIRCLED_BITS, False) for t in one.turned):
            return True
    return False


def same_photo_groups(
    views: Sequence[Views],
    whole_bits: int = NEAR_DUPLICATE_BITS,
    inner_bits: int = INNER_BITS,
    max_bucket: int = MAX_BUCKET,
) -> list[list[int]]:
    """Indexes of portraits that :func:`same_photo` (with the same limits)
    joins, directly or through others (groups of two or more), without
    comparing every pair. A caller with a stricter rule asks for it here:
    looser groups chain look-alikes into crowds that it would then have to
    take apart pair by pair."""
    whole, whole_of = _flat(views, lambda v: v.whole)
    circled, circled_of = _flat(views, lambda v: (v.circled,) if v.circled else ())
    inner, inner_of = _flat(views, lambda v: (v.inner,) if v.inner else ())
    turned, turned_of = _flat(views, lambda v: v.turned)
    links = [
        np.stack([query_of[pairs[:, 0]], target_of[pairs[:, 1]]], axis=1)
        for query_of, target_of, pairs in (
            (whole_of, whole_of, linked_pairs(whole, None, whole_bits, True, max_bucket)),
            (circled_of, circled_of, linked_pairs(circled, None, CIRCLED_BITS, False, max_bucket)),
            (inner_of, whole_of, linked_pairs(inner, whole, inner_bits, False, max_bucket)),
            (turned_of, circled_of, linked_pairs(turned, circled, CIRCLED_BITS, False, max_bucket)),
        )
    ]
    return _joined(len(views), np.concatenate(links))


def near_duplicate_groups(
    pictures: Sequence[Picture],
    max_bits: int = NEAR_DUPLICATE_BITS,
    max_bucket: int = MAX_BUCKET,
    negatives: bool = True,
) -> list[list[int]]:
    """Indexes of pictures grouped by near-identity (groups of two or more)."""
    pairs = linked_pairs(signatures(pictures), None, max_bits, negatives, max_bucket)
    return _joined(len(pictures), pairs)


def signatures(pictures: Sequence[Picture]) -> Signatures:
    """Pictures as the arrays :mod:`identity.banding` searches."""
    hashes = np.array([(p.phash, p.dhash, p.whash) for p in pictures], dtype=np.uint64)
    colour = np.array([-1 if p.colour is None else p.colour for p in pictures], dtype=np.int64)
    return Signatures(hashes.reshape(len(pictures), 3), colour)


def _flat(
    views: Sequence[Views], pick: Callable[[Views], Sequence[Picture]]
) -> tuple[Signatures, np.ndarray]:
    """One kind of signature of every portrait, and whose each one is."""
    pictures: list[Picture] = []
    owners: list[int] = []
    for i, v in enumerate(views):
        for pic in pick(v):
            pictures.append(pic)
            owners.append(i)
    return signatures(pictures), np.array(owners, dtype=np.int64)


def _joined(n: int, pairs: np.ndarray) -> list[list[int]]:
    """Connected components of ``n`` items under the index ``pairs`` (two or
    more members each, members ascending, groups by their first member)."""
    if not len(pairs):
        return []
    ones = np.ones(len(pairs), dtype=np.int8)
    graph = coo_matrix((ones, (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, component in enumerate(label.tolist()):
        groups[component].append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
