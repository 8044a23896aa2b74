"""The numpy banded search against a plain-Python reference of the same rule,
and its crowded buckets against the connected groups of every pair."""

from __future__ import annotations

import random
from collections import Counter

import networkx as nx
import numpy as np

from identity.banding import BANDS, linked_pairs
from identity.similar import Picture, near_duplicate_groups, signatures

ALL = (1 << 64) - 1


def _band(pic: Picture, band: int, flip: int = 0) -> int:
    value = (pic.phash, pic.dhash, pic.whash)[band // 4] ^ flip
    return (value >> (16 * (band % 4))) & 0xFFFF


def _pictures(seed: int) -> list[Picture]:
    """Strangers, near copies, near negatives, recoloured copies and a crowd
    of identical flat pictures (a bucket over the size limit)."""
    rnd = random.Random(seed)
    out: list[Picture] = []

    def flip(h: int, bits: int) -> int:
        mask = 0
        for _ in range(bits):
            mask |= 1 << rnd.randrange(64)
        return h ^ mask

    for k in range(120):
        base = [rnd.getrandbits(64) for _ in range(3)]
        colour = rnd.choice([None, rnd.getrandbits(42)])
        out.append(Picture(len(out), base[0], base[1], base[2], colour))
        copy = [flip(h, rnd.randrange(1, 9)) for h in base]
        recoloured = colour if k % 4 else (colour or 0) ^ 0b1111111
        out.append(Picture(len(out), copy[0], copy[1], copy[2], recoloured))
        if k % 6 == 0:
            negative = [flip(~h & ALL, 2) for h in base]
            out.append(Picture(len(out), negative[0], negative[1], negative[2], None))
    out += [Picture(len(out) + i, 0, 0, 0, 5) for i in range(30)]  # flat: one crowded bucket
    return out


def _flip(rnd: random.Random, h: int, bits: int) -> int:
    for _ in range(bits):
        h ^= 1 << rnd.randrange(64)
    return h


def _reference_within(pics: list[Picture], max_bits: int, max_bucket: int) -> set[tuple[int, int]]:
    found = set()
    for band in range(BANDS):
        size = Counter(_band(p, band) for p in pics)
        for i, a in enumerate(pics):
            for j, b in enumerate(pics):
                if i == j:
                    continue
                plain = i < j and _band(a, band) == _band(b, band)
                plain = plain and 2 <= size[_band(b, band)] <= max_bucket
                negative = (
                    _band(a, band, ALL) == _band(b, band) and size[_band(b, band)] <= max_bucket
                )
                if (plain or negative) and a.linked(b, max_bits, negatives=True):
                    found.add((min(i, j), max(i, j)))
    return found


def _as_set(pairs: np.ndarray, ordered: bool) -> set[tuple[int, int]]:
    if ordered:
        return {(int(a), int(b)) for a, b in pairs}
    return {(min(int(a), int(b)), max(int(a), int(b))) for a, b in pairs}


def test_within_one_set_matches_the_reference() -> None:
    pics = _pictures(4)
    crowd = len(pics) - 30
    # the flat crowd (30 > 20) is covered by its first member, the rest by pairs
    expected = _reference_within(pics[:crowd], 22, max_bucket=20)
    expected |= {(crowd, j) for j in range(crowd + 1, len(pics))}
    got = linked_pairs(signatures(pics), None, 22, negatives=True, max_bucket=20)
    assert _as_set(got, ordered=False) == expected
    # checked a few candidates at a time, across chunk boundaries, alike
    in_chunks = linked_pairs(signatures(pics), None, 22, negatives=True, max_bucket=20, chunk=7)
    assert np.array_equal(in_chunks, got)
    assert len(expected) > 100  # copies and negatives found
    assert all(int(a) < int(b) for a, b in got)


def test_queries_against_targets_match_the_reference() -> None:
    pics = _pictures(5)
    queries, targets = pics[::2], pics[1::2]
    crowd_q = [i for i, q in enumerate(queries) if q.phash == 0]
    crowd_t = [j for j, t in enumerate(targets) if t.phash == 0]
    assert len(crowd_t) > 10 and crowd_q  # the crowd is split between the two
    expected = set()
    for band in range(BANDS):
        size = Counter(_band(t, band) for t in targets)
        for i, q in enumerate(queries):
            for j, t in enumerate(targets):
                shared = _band(q, band) == _band(t, band) and size[_band(t, band)] <= 10
                if shared and q.linked(t, 16, negatives=False):
                    expected.add((i, j))
    expected |= {(i, crowd_t[0]) for i in crowd_q}  # each asks the crowd's one leader
    got = linked_pairs(signatures(queries), signatures(targets), 16, negatives=False, max_bucket=10)
    assert _as_set(got, ordered=True) == expected
    assert len(expected) > 50


def _copied_crowds(seed: int) -> list[Picture]:
    """A few originals copied many times each (a few bits off, as resizing
    and JPEG do), strangers, and diverse pictures sharing one 16-bit chunk."""
    rnd = random.Random(seed)
    out: list[Picture] = []
    for _ in range(rnd.randint(3, 6)):
        base = [rnd.getrandbits(64) for _ in range(3)]
        colour = rnd.getrandbits(42)
        for _ in range(rnd.randint(25, 80)):
            p, d, w = (_flip(rnd, h, rnd.randrange(0, 4)) for h in base)
            out.append(Picture(len(out), p, d, w, colour))
    for _ in range(60):  # one chunk in common, nothing else
        phash = (rnd.getrandbits(64) & ~0xFFFF) | 0x1234
        out.append(Picture(len(out), phash, rnd.getrandbits(64), rnd.getrandbits(64), None))
    for _ in range(100):  # strangers
        out.append(Picture(len(out), rnd.getrandbits(64), rnd.getrandbits(64), rnd.getrandbits(64)))
    rnd.shuffle(out)
    return [Picture(i, p.phash, p.dhash, p.whash, p.colour) for i, p in enumerate(out)]


def test_crowded_buckets_keep_the_groups_of_every_pair() -> None:
    """Past the bucket limit, copies still join their original's group (the
    skip left them all alone), and every pair given is linked by the rule."""
    for seed in range(12):
        pics = _copied_crowds(seed)
        reference = nx.Graph()
        reference.add_nodes_from(range(len(pics)))
        reference.add_edges_from(
            (i, j)
            for i, a in enumerate(pics)
            for j in range(i + 1, len(pics))
            if a.linked(pics[j], 22, negatives=True)
        )
        expected = sorted(sorted(c) for c in nx.connected_components(reference) if len(c) > 1)
        assert near_duplicate_groups(pics, 22, max_bucket=20) == expected, seed
        pairs = linked_pairs(signatures(pics), None, 22, negatives=True, max_bucket=20)
        assert all(pics[a].linked(pics[b], 22, negatives=True) for a, b in pairs.tolist())
        assert len(pairs) <= BANDS * len(pics) * 20  # the cover, never every pair


def test_empty_inputs_give_no_pairs() -> None:
    none = signatures([])
    one = signatures([Picture(0, 1, 2, 3)])
    assert linked_pairs(none, None, 22, True).shape == (0, 2)
    assert linked_pairs(one, none, 22, False).shape == (0, 2)
    assert linked_pairs(none, one, 22, False).shape == (0, 2)
