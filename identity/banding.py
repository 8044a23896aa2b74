"""The banded near-duplicate search of :mod:`identity.similar`, in numpy.

Signatures are three 64-bit hashes; their twelve 16-bit chunks are the
bands, and two pictures are candidates when a band is identical. Done one
picture at a time in Python, the candidate checks became most of the
nightly rescore's identity stage at 1M accounts (82 s, with the centre and
turned signatures' two extra searches). Here each band is one sort and one
``searchsorted``, candidate pairs come out as index arrays, and the
Hamming distances of all of them are one ``bitwise_count``.

The rule checked is :meth:`identity.similar.Picture.linked`, to the bit: the
structural distance within ``max_bits`` with colours agreeing (a colour of
-1 is unknown and agrees with anything), or, with ``negatives``, the
distance to the other's negative within :data:`INVERTED_BITS`. Bands holding
more than ``max_bucket`` pictures (flat colours, blank pictures) are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from identity.portraits import NEAR_DUPLICATE_COLOUR_BITS

# An inverted copy against the complement of the original's hashes, measured
# on generated photos seeds 0-199: median 7 bits, p99 14, max 21; no pair of
# different photos came within 26 (19,900 pairs). Its colours cannot be
# compared (inversion turns every hue), so the structural limit is stricter
# than the colour-checked NEAR_DUPLICATE_BITS.
INVERTED_BITS = 18

BANDS = 12  # 16-bit chunks of the three hashes
_ALL = np.uint64((1 << 64) - 1)


@dataclass(frozen=True)
class Signatures:
    """Pictures as arrays: ``hashes`` (n, 3) uint64 (pHash, dHash, wHash),
    ``colour`` (n,) int64 colour hashes, -1 where unknown."""

    hashes: np.ndarray
    colour: np.ndarray


def linked_pairs(
    queries: Signatures,
    targets: Signatures | None,
    max_bits: int,
    negatives: bool,
    max_bucket: int = 200,
) -> np.ndarray:
    """(k, 2) index pairs (query, target) that the rule links, possibly
    repeated. ``targets=None`` searches the queries among themselves and
    gives each pair once, smaller index first."""
    found = []
    within = targets is None
    other = queries if targets is None else targets
    # plain bands; with negatives also the complemented query against plain targets
    kinds = [(False, within)] + ([(True, False)] if negatives else [])
    for band in range(BANDS):
        for flipped, same_set in kinds:
            q, t = _band_candidates(
                _band(queries.hashes, band, flipped), _band(other.hashes, band, False),
                max_bucket, same_set,
            )  # fmt: skip
            if flipped and within:
                keep = q != t
                q, t = q[keep], t[keep]
            ok = _linked(queries, other, q, t, max_bits, negatives)
            found.append(np.stack([q[ok], t[ok]], axis=1))
    return np.concatenate(found)


def _band(hashes: np.ndarray, band: int, flipped: bool) -> np.ndarray:
    column = hashes[:, band // 4]
    if flipped:
        column = column ^ _ALL
    return ((column >> np.uint64(16 * (band % 4))) & np.uint64(0xFFFF)).astype(np.int64)


def _band_candidates(
    query: np.ndarray, target: np.ndarray, max_bucket: int, same_set: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs sharing a band value, the value's bucket at most
    ``max_bucket`` targets; within one set, each unordered pair once."""
    if not len(query) or not len(target):
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    order = np.argsort(target, kind="stable")
    values, starts, sizes = np.unique(target[order], return_index=True, return_counts=True)
    if same_set:
        # every position pairs with the positions after it in its bucket
        bucket = np.repeat(np.arange(len(sizes)), sizes)
        usable = ((sizes >= 2) & (sizes <= max_bucket))[bucket]
        positions = np.flatnonzero(usable)
        counts = (starts + sizes)[bucket[positions]] - positions - 1
        first = np.repeat(positions, counts)
        a, b = order[first], order[first + 1 + _ramps(counts)]
        return np.minimum(a, b), np.maximum(a, b)
    slot = np.minimum(np.searchsorted(values, query), len(values) - 1)
    hit = (values[slot] == query) & (sizes[slot] <= max_bucket)
    q_index = np.flatnonzero(hit)
    counts = sizes[slot[q_index]]
    q = np.repeat(q_index, counts)
    t = order[np.repeat(starts[slot[q_index]], counts) + _ramps(counts)]
    return q, t


def _ramps(counts: np.ndarray) -> np.ndarray:
    """0, 1, …, c-1 for each count c, end to end."""
    ramps: np.ndarray = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return ramps


def _linked(
    queries: Signatures,
    targets: Signatures,
    q: np.ndarray,
    t: np.ndarray,
    max_bits: int,
    negatives: bool,
) -> np.ndarray:
    distance = np.bitwise_count(queries.hashes[q] ^ targets.hashes[t]).sum(axis=1)
    qc, tc = queries.colour[q], targets.colour[t]
    unknown = (qc < 0) | (tc < 0)
    agree = unknown | (np.bitwise_count(qc ^ tc) <= NEAR_DUPLICATE_COLOUR_BITS)
    linked: np.ndarray = (distance <= max_bits) & agree
    if negatives:
        linked |= (distance > max_bits) & (192 - distance <= INVERTED_BITS)
    return linked
