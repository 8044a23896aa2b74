"""The banded near-duplicate search of :mod:`identity.similar`, in numpy.

Signatures are three 64-bit hashes; their twelve 16-bit chunks are the
bands, and two pictures are candidates when a band is identical. Done one
picture at a time in Python, the candidate checks became most of the
nightly rescore's identity stage at 1M accounts (82 s, with the centre and
turned signatures' two extra searches). Here each band is one sort and one
``searchsorted``, candidate pairs come out as index arrays, and their
Hamming distances are ``bitwise_count`` over a chunk of them at a time.

The rule checked is :meth:`identity.similar.Picture.linked`, to the bit: the
structural distance within ``max_bits`` with colours agreeing (a colour of
-1 is unknown and agrees with anything), or, with ``negatives``, the
distance to the other's negative within :data:`INVERTED_BITS`.

A band value held by more than ``max_bucket`` pictures is a crowd: a stock
photo copied by hundreds of accounts, a flat colour, or a chunk common in
plain pictures. Pairing all of it is quadratic; skipping it loses the most
copied pictures of all, and only once a marketplace grows past the limit.
So a crowd is *covered* instead: at most :data:`COVER_LEADERS` leaders,
each the first member that no earlier leader links, and every member is
checked against the leaders alone. Copies of one picture then hang on one leader
and join one group, at a cost linear in the crowd; two members that link
only to each other, under leaders that link neither, are missed (as the
skip missed them all).
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
# Pictures a band bucket pairs through; past it the bucket is covered. How
# copies fare at a given crowding: bench/portfolio.py --crowd.
MAX_BUCKET = 200
# Leaders a crowd is covered by. One picture's copies under a few edits need
# a few; a crowd that needs more is a chunk common to different pictures
# (one template's layout around different work, at 1M demo accounts tens of
# thousands), and each leader costs a check of every member.
COVER_LEADERS = 16
CHUNK = 1 << 18  # candidate pairs checked at once: ~25 MB of gathered hashes
_EMPTY = np.empty(0, dtype=np.int64)
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
    max_bucket: int = MAX_BUCKET,
    chunk: int = CHUNK,
) -> np.ndarray:
    """(k, 2) index pairs (query, target) that the rule links, possibly
    repeated. ``targets=None`` searches the queries among themselves and
    gives each pair smaller index first; candidates are checked ``chunk``
    at a time."""
    if not len(queries.hashes) or (targets is not None and not len(targets.hashes)):
        return np.empty((0, 2), dtype=np.int64)
    found = []
    within = targets is None
    other = queries if targets is None else targets
    # plain bands; with negatives also the complemented query against plain targets
    kinds = [(False, within)] + ([(True, False)] if negatives else [])
    for band in range(BANDS):
        for flipped, same_set in kinds:
            query = _band(queries.hashes, band, flipped)
            buckets = _Buckets.of(_band(other.hashes, band, False))
            crowded = int(buckets.sizes.max()) > max_bucket
            # which bucket each query falls in: needed across sets, and for a crowd
            asking, slot = buckets.slots(query) if crowded or not same_set else (_EMPTY, _EMPTY)
            if same_set:
                q, t = _pairs_within(buckets, max_bucket)
            else:
                q, t = _pairs_asked(buckets, asking, slot, max_bucket)
            if crowded:
                crowd_q, crowd_t = _crowd_pairs(buckets, asking, slot, other, max_bits, max_bucket)
                q, t = np.concatenate([q, crowd_q]), np.concatenate([t, crowd_t])
            if within:
                keep = q != t  # a picture and itself, or itself negated
                q, t = np.minimum(q[keep], t[keep]), np.maximum(q[keep], t[keep])
            ok = _linked(queries, other, q, t, max_bits, negatives, chunk)
            found.append(np.stack([q[ok], t[ok]], axis=1))
    return np.concatenate(found)


def _band(hashes: np.ndarray, band: int, flipped: bool) -> np.ndarray:
    column = hashes[:, band // 4]
    if flipped:
        column = column ^ _ALL
    return ((column >> np.uint64(16 * (band % 4))) & np.uint64(0xFFFF)).astype(np.int64)


@dataclass(frozen=True)
class _Buckets:
    """One band's targets grouped by value: ``order`` sorts the targets,
    bucket ``k`` (value ``values[k]``) is ``order[starts[k]:][:sizes[k]]``."""

    order: np.ndarray
    values: np.ndarray
    starts: np.ndarray
    sizes: np.ndarray

    @classmethod
    def of(cls, target: np.ndarray) -> _Buckets:
        order = np.argsort(target, kind="stable")
        values, starts, sizes = np.unique(target[order], return_index=True, return_counts=True)
        return cls(order, values, starts, sizes)

    def slots(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The queries that hold a target's value, and their buckets."""
        slot = np.minimum(np.searchsorted(self.values, query), len(self.values) - 1)
        asking = np.flatnonzero(self.values[slot] == query)
        return asking, slot[asking]


def _pairs_within(b: _Buckets, max_bucket: int) -> tuple[np.ndarray, np.ndarray]:
    """Within one set: each unordered pair sharing a bucket of at most
    ``max_bucket`` once, every position paired with those after it."""
    bucket = np.repeat(np.arange(len(b.sizes)), b.sizes)
    usable = ((b.sizes >= 2) & (b.sizes <= max_bucket))[bucket]
    positions = np.flatnonzero(usable)
    counts = (b.starts + b.sizes)[bucket[positions]] - positions - 1
    first = np.repeat(positions, counts)
    return b.order[first], b.order[first + 1 + _ramps(counts)]


def _pairs_asked(
    b: _Buckets, asking: np.ndarray, slot: np.ndarray, max_bucket: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each asking query against every target of its bucket (``slot``),
    where that bucket holds at most ``max_bucket``."""
    small = b.sizes[slot] <= max_bucket
    q_index, slot = asking[small], slot[small]
    counts = b.sizes[slot]
    q = np.repeat(q_index, counts)
    t = b.order[np.repeat(b.starts[slot], counts) + _ramps(counts)]
    return q, t


def _crowd_pairs(
    b: _Buckets,
    asking: np.ndarray,
    slot: np.ndarray,
    targets: Signatures,
    max_bits: int,
    max_bucket: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each asking query in a crowded bucket (more than ``max_bucket``
    targets) against the bucket's :func:`_cover`."""
    q_parts, t_parts = [_EMPTY], [_EMPTY]
    crowded = b.sizes[slot] > max_bucket
    asking, slot = asking[crowded], slot[crowded]
    by_slot = np.argsort(slot, kind="stable")
    asking, slot = asking[by_slot], slot[by_slot]
    buckets, firsts, counts = np.unique(slot, return_index=True, return_counts=True)
    for k, first, count in zip(buckets.tolist(), firsts.tolist(), counts.tolist(), strict=True):
        members = b.order[b.starts[k] : b.starts[k] + b.sizes[k]]
        leaders = _cover(targets, members, max_bits, COVER_LEADERS)
        q_parts.append(np.repeat(asking[first : first + count], len(leaders)))
        t_parts.append(np.tile(leaders, count))
    return np.concatenate(q_parts), np.concatenate(t_parts)


def _cover(pictures: Signatures, members: np.ndarray, max_bits: int, most: int) -> np.ndarray:
    """Up to ``most`` leaders of ``members``: each the first member that no
    earlier leader links (the plain rule, without negatives)."""
    leaders: list[int] = []
    rest = members
    while len(rest) and len(leaders) < most:
        leader = int(rest[0])
        leaders.append(leader)
        near = _linked(pictures, pictures, np.full(len(rest), leader), rest, max_bits, False)
        near[0] = True  # a leader with an unknown colour still covers itself
        rest = rest[~near]
    return np.array(leaders, dtype=np.int64)


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
    chunk: int = CHUNK,
) -> np.ndarray:
    """Whether the rule links each pair (``q[k]``, ``t[k]``), ``chunk`` at a
    time: the gathered hashes take ~100 bytes a pair, and a band's candidates
    grow with the square of the pictures that share its values."""
    linked = np.empty(len(q), dtype=bool)
    for start in range(0, len(q), chunk):
        qs, ts = q[start : start + chunk], t[start : start + chunk]
        distance = np.bitwise_count(queries.hashes[qs] ^ targets.hashes[ts]).sum(axis=1)
        qc, tc = queries.colour[qs], targets.colour[ts]
        unknown = (qc < 0) | (tc < 0)
        agree = unknown | (np.bitwise_count(qc ^ tc) <= NEAR_DUPLICATE_COLOUR_BITS)
        part = (distance <= max_bits) & agree
        if negatives:
            part |= (distance > max_bits) & (192 - distance <= INVERTED_BITS)
        linked[start : start + chunk] = part
    return linked
