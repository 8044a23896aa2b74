"""Sub-linear Hamming search over 192-bit picture signatures (pHash|dHash|wHash).

Multi-index hashing (Norouzi et al., 2012): the signature is cut into
twelve 16-bit chunks and each chunk gets a sorted table. If two signatures
are within ``r`` bits, at least one chunk is within ``r // 12`` bits, so a
query probes, per chunk, every value within that radius (17 values for
radius 1, i.e. r <= 23; 137 for radius 2) with ``searchsorted`` and verifies
the candidates exactly.
Chosen over a BK-tree (pure-Python recursion, slower at 1M) and a brute-force
scan (a numpy popcount over every row) for its latency at a million
signatures, which ``bench/identity.py`` prints.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

CHUNKS = 12  # 16-bit chunks of the 3 x 64-bit signature
_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def signature(phash: str, dhash: str, whash: str) -> np.ndarray:
    """The three hex hashes as 12 uint16 chunks."""
    value = int(phash, 16) << 128 | int(dhash, 16) << 64 | int(whash, 16)
    return np.array([(value >> (16 * k)) & 0xFFFF for k in range(CHUNKS)], dtype=np.uint16)


def _neighbours(radius: int) -> np.ndarray:
    """Every 16-bit mask with at most ``radius`` bits set."""
    masks = [0]
    for r in range(1, radius + 1):
        masks += [sum(1 << b for b in bits) for bits in itertools.combinations(range(16), r)]
    return np.array(masks, dtype=np.uint16)


class HammingIndex:
    """Exact r-neighbour search; ``radius`` fixes the largest r it answers."""

    def __init__(self, signatures: np.ndarray, radius: int) -> None:
        self.codes = np.ascontiguousarray(signatures, dtype=np.uint16).reshape(-1, CHUNKS)
        self.radius = radius
        self._masks = _neighbours(radius // CHUNKS)
        self._order = [np.argsort(self.codes[:, k], kind="stable") for k in range(CHUNKS)]
        self._sorted = [self.codes[order, k] for k, order in enumerate(self._order)]
        self._bytes = self.codes.view(np.uint8).reshape(len(self.codes), -1)

    def __len__(self) -> int:
        return len(self.codes)

    def distances(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        diff = np.bitwise_xor(self._bytes[rows], query.view(np.uint8))
        counted: np.ndarray = _POPCOUNT[diff].sum(axis=1, dtype=np.int32)
        return counted

    def search(self, query: np.ndarray, radius: int | None = None) -> list[tuple[int, int]]:
        """(row, distance) of every stored signature within ``radius`` bits, nearest first."""
        radius = self.radius if radius is None else min(radius, self.radius)
        if not len(self.codes):
            return []
        found: list[np.ndarray] = []
        for k in range(CHUNKS):
            probes = np.bitwise_xor(self._masks, query[k])
            column = self._sorted[k]
            lo = np.searchsorted(column, probes, side="left")
            lengths = np.searchsorted(column, probes, side="right") - lo
            lo, lengths = lo[lengths > 0], lengths[lengths > 0]
            if not len(lo):
                continue
            # all positions lo[i] .. lo[i]+lengths[i]-1, without a Python loop
            offsets = np.repeat(lo - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
            found.append(self._order[k][offsets + np.arange(int(lengths.sum()))])
        if not found:
            return []
        rows = np.concatenate(found)  # duplicates are cheaper to verify than to sort away
        dist = self.distances(query, rows)
        keep = dist <= radius
        ranked = sorted(set(zip(dist[keep].tolist(), rows[keep].tolist(), strict=True)))
        return [(row, d) for d, row in ranked]


def brute_force(signatures: np.ndarray, query: np.ndarray, radius: int) -> list[tuple[int, int]]:
    """The slow reference: every row's distance."""
    codes = np.ascontiguousarray(signatures, dtype=np.uint16).reshape(-1, CHUNKS)
    diff = np.bitwise_xor(codes.view(np.uint8).reshape(len(codes), -1), query.view(np.uint8))
    dist = _POPCOUNT[diff].sum(axis=1, dtype=np.int32)
    rows = np.nonzero(dist <= radius)[0]
    return [(int(r), int(dist[r])) for r in sorted(rows, key=lambda r: (dist[r], r))]


def stack(signatures: Sequence[np.ndarray]) -> np.ndarray:
    if not signatures:
        return np.zeros((0, CHUNKS), dtype=np.uint16)
    return np.stack(signatures).astype(np.uint16)
