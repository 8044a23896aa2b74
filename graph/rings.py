"""Feedback manipulation: lockstep rings, reciprocal praise, throwaway raters.

Input is the table of reviewed contracts (client → freelancer, rating,
amount, time). Everything here is a pure function over that table.

* :func:`fraudar` — greedy peeling for the densest block of the bipartite
  client × freelancer graph (Hooi et al., *FRAUDAR*, KDD 2016). Edges to
  popular freelancers weigh ``1 / log(degree + c)``, so fraudsters cannot
  hide a block by also hiring honest, popular freelancers (camouflage).
  Blocks are peeled repeatedly; each is then *checked* for the lockstep
  signature (top ratings, small contracts, a short window) before it is
  called a ring, so a dense but honest community is not one.

Who else belongs to a ring (reciprocal cycles, throwaway raters, sellers the
block's trim dropped) is :mod:`graph.accomplices`; rater fairness is
:mod:`graph.reputation`.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Review:
    contract: str
    client: int
    freelancer: int
    rating: int  # stars, 1..5
    amount: float
    at: int
    score: float | None = None  # signed rating, -1..1, where the platform gives one

    @property
    def signed(self) -> float:
        """The rating on -1..1: its signed score, or its stars mapped there."""
        return (self.rating - 3) / 2 if self.score is None else self.score


@dataclass(frozen=True)
class RingConfig:
    top_rating: int = 4  # praise: a four is as good as a five to a ring
    # small: at most this, or this share of the marketplace's median contract
    # (a ring's currency is cheap relative to the real work around it)
    small_amount: float = 50.0
    small_share_of_median: float = 0.2
    window_s: int = 45 * 86400
    min_clients: int = 3
    min_freelancers: int = 2
    min_density: float = 0.5
    min_top_share: float = 0.9
    min_small_share: float = 0.7
    max_blocks: int = 10_000
    # account creation to first review (reviews come after the work is done)
    throwaway_age_s: int = 90 * 86400


@dataclass(frozen=True)
class Ring:
    clients: tuple[int, ...]
    freelancers: tuple[int, ...]
    contracts: tuple[str, ...]
    density: float
    score: float


def for_market(reviews: Sequence[Review], config: RingConfig | None = None) -> RingConfig:
    """The configuration with "small" set for this marketplace's contracts."""
    config = config or RingConfig()
    if not reviews:
        return config
    median = float(np.median(np.fromiter((r.amount for r in reviews), float, len(reviews))))
    cut = max(config.small_amount, config.small_share_of_median * median)
    return dataclasses.replace(config, small_amount=cut)


def fraudar(reviews: Sequence[Review], config: RingConfig | None = None) -> list[Ring]:
    """Dense lockstep blocks, peeled greedily with column weighting.

    Peeling breaks ties by order, so the reviews are put in contract order
    first: the rings do not depend on the order a store returned them in.
    """
    config = for_market(reviews, config)
    reviews = sorted(reviews, key=lambda r: r.contract)
    # only candidate edges: top-rated, small contracts — a ring's currency
    edges = [
        r for r in reviews if r.rating >= config.top_rating and r.amount <= config.small_amount
    ]
    by_client: dict[int, list[Review]] = defaultdict(list)
    for r in reviews:
        by_client[r.client].append(r)
    # A dense block never spans two connected components, so each component is
    # peeled on its own: the same blocks, without re-peeling the whole graph
    # after every ring (which made this stage grow quadratically).
    rings = [ring for part in _components(edges) for ring in _peel(part, by_client, config)]
    rings.sort(key=lambda r: (r.clients, r.freelancers))
    return rings


def _peel(
    edges: Sequence[Review], by_client: dict[int, list[Review]], config: RingConfig
) -> list[Ring]:
    """Peel dense blocks off one connected component until none is left."""
    rings: list[Ring] = []
    remaining = list(edges)
    for _ in range(config.max_blocks):
        block = _densest_block(remaining)
        if block is None:
            break
        clients, freelancers = block
        inside = [r for r in remaining if r.client in clients and r.freelancer in freelancers]
        found: set[str] = set()
        # disconnected rings of equal density come out of one peel together
        for part in _components(inside):
            ring = _check(part, by_client, config)
            if ring is not None:
                rings.append(ring)
                found.update(ring.contracts)
        if found:  # keep the rest of the block for later peels (another ring may hide there)
            remaining = [r for r in remaining if r.contract not in found]
        else:
            remaining = [
                r for r in remaining if not (r.client in clients and r.freelancer in freelancers)
            ]
            if len(inside) <= 1:
                break  # what is left is sparse: no block worth checking
    return rings


def _components(edges: Sequence[Review]) -> list[list[Review]]:
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in edges:
        a, b = find(("c", r.client)), find(("f", r.freelancer))
        if a != b:
            parent[a] = b
    parts: dict[tuple[str, int], list[Review]] = defaultdict(list)
    for r in edges:
        parts[find(("c", r.client))].append(r)
    return list(parts.values())


def _densest_block(edges: Sequence[Review]) -> tuple[set[int], set[int]] | None:
    """FRAUDAR's greedy peeling; returns the node sets of the best prefix."""
    if not edges:
        return None
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    for r in edges:
        pairs[(r.client, r.freelancer)] += 1
    col_degree: dict[int, int] = defaultdict(int)
    for (_, f), n in pairs.items():
        col_degree[f] += n
    weight = {key: n / math.log(col_degree[key[1]] + 5) for key, n in pairs.items()}
    adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], float]]] = defaultdict(list)
    for (c, f), w in weight.items():
        adjacency[("c", c)].append((("f", f), w))
        adjacency[("f", f)].append((("c", c), w))
    suspicious = {node: sum(w for _, w in nbrs) for node, nbrs in adjacency.items()}
    total = sum(weight.values())
    alive = set(adjacency)
    heap = [(value, node) for node, value in suspicious.items()]
    heapq.heapify(heap)
    best_score, best_removed, order = total / len(alive), 0, []
    while len(alive) > 1:
        value, node = heapq.heappop(heap)
        if node not in alive or value != suspicious[node]:
            continue
        alive.discard(node)
        order.append(node)
        total -= value
        for other, w in adjacency[node]:
            if other in alive:
                suspicious[other] -= w
                heapq.heappush(heap, (suspicious[other], other))
        score = total / len(alive)
        if score > best_score:
            best_score, best_removed = score, len(order)
    removed = set(order[:best_removed])
    nodes = [node for node in adjacency if node not in removed]
    clients = {i for kind, i in nodes if kind == "c"}
    freelancers = {i for kind, i in nodes if kind == "f"}
    if not clients or not freelancers:
        return None
    return clients, freelancers


def _busiest_window(edges: Sequence[Review], window: int) -> list[Review]:
    """The edges inside the ``window`` that holds most of them."""
    ordered = sorted(edges, key=lambda r: r.at)
    best, best_start, start = 0, 0, 0
    for end in range(len(ordered)):
        while ordered[end].at - ordered[start].at > window:
            start += 1
        if end - start + 1 > best:
            best, best_start = end - start + 1, start
    return ordered[best_start : best_start + best]


def _trim(edges: Sequence[Review]) -> list[Review]:
    """Drop members tied to under half of the other side (camouflage, bystanders)."""
    current = list(edges)
    while current:
        clients = {r.client for r in current}
        freelancers = {r.freelancer for r in current}
        by_client: dict[int, set[int]] = defaultdict(set)
        by_freelancer: dict[int, set[int]] = defaultdict(set)
        for r in current:
            by_client[r.client].add(r.freelancer)
            by_freelancer[r.freelancer].add(r.client)
        weak_c = {c for c, fs in by_client.items() if len(fs) < len(freelancers) / 2}
        weak_f = {f for f, cs in by_freelancer.items() if len(cs) < len(clients) / 2}
        if not weak_c and not weak_f:
            return current
        current = [r for r in current if r.client not in weak_c and r.freelancer not in weak_f]
    return current


def _check(
    inside: Sequence[Review], by_client: dict[int, list[Review]], config: RingConfig
) -> Ring | None:
    """The lockstep signature, on the block's core: one short window, tightly knit."""
    core = _trim(_busiest_window(inside, config.window_s))
    clients = {r.client for r in core}
    freelancers = {r.freelancer for r in core}
    if len(clients) < config.min_clients or len(freelancers) < config.min_freelancers:
        return None
    pairs = {(r.client, r.freelancer) for r in core}
    density = len(pairs) / (len(clients) * len(freelancers))
    if density < config.min_density:
        return None
    all_between = [r for c in clients for r in by_client[c] if r.freelancer in freelancers]
    top = sum(r.rating >= config.top_rating for r in all_between) / len(all_between)
    small = sum(r.amount <= config.small_amount for r in all_between) / len(all_between)
    if top < config.min_top_share or small < config.min_small_share:
        return None
    score = min(1.0, density * top * (0.5 + 0.5 * small))
    return Ring(
        clients=tuple(sorted(clients)),
        freelancers=tuple(sorted(freelancers)),
        contracts=tuple(sorted({r.contract for r in core})),
        density=round(density, 3),
        score=round(score, 3),
    )
