"""Who else belongs to feedback manipulation, beside the dense blocks of
:func:`graph.rings.fraudar`:

* :func:`reciprocal` — pairs and 3-cycles of top-rated hiring in opposite
  directions (A hires B, B hires A), in lockstep;
* :func:`throwaway_raters` — clients whose whole history is a short burst of
  praising one freelancer or one ring, on an account created just before;
* :func:`ring_sellers` — freelancers praised by one ring's clients and
  hardly anyone else, whom the block's trim dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from graph.rings import Review, Ring, RingConfig, for_market


def reciprocal(
    reviews: Sequence[Review], config: RingConfig | None = None
) -> list[tuple[int, ...]]:
    """Accounts that hire each other with top ratings, in lockstep: 2-cycles
    and 3-cycles whose mutual praise is small contracts in one short window.

    Partners who have traded and rated each other over months (a trading
    community, a loyal client and freelancer) are not a ring, however often
    they have done it.
    """
    config = for_market(reviews, config)
    hires: dict[int, set[int]] = defaultdict(set)
    praise: dict[tuple[int, int], list[Review]] = defaultdict(list)
    for r in reviews:
        if r.rating >= config.top_rating:
            hires[r.client].add(r.freelancer)
            praise[(r.client, r.freelancer)].append(r)
    cycles: set[tuple[int, ...]] = set()
    for a, targets in hires.items():
        for b in targets:
            if a in hires.get(b, ()):
                cycles.add(tuple(sorted((a, b))))
            for c in hires.get(b, ()):
                if c not in (a, b) and a in hires.get(c, ()):
                    cycles.add(tuple(sorted((a, b, c))))
    return sorted(c for c in cycles if _in_lockstep(c, praise, config))


def _in_lockstep(
    cycle: tuple[int, ...], praise: dict[tuple[int, int], list[Review]], config: RingConfig
) -> bool:
    """The cycle's mutual praise fits one window and is mostly small contracts."""
    inside = [r for a in cycle for b in cycle if a != b for r in praise.get((a, b), ())]
    times = [r.at for r in inside]
    if max(times) - min(times) > config.window_s:
        return False
    small = sum(r.amount <= config.small_amount for r in inside) / len(inside)
    return small >= config.min_small_share


def throwaway_raters(
    reviews: Sequence[Review],
    created_at: Sequence[int | None],
    rings: Sequence[Ring] = (),
    config: RingConfig | None = None,
) -> dict[int, tuple[str, ...]]:
    """Clients whose only activity is a burst of praise for one freelancer or ring.

    Returns client → the contracts that show it.
    """
    config = for_market(reviews, config)
    by_client: dict[int, list[Review]] = defaultdict(list)
    for r in reviews:
        by_client[r.client].append(r)
    ring_of: dict[int, int] = {}
    for i, ring in enumerate(rings):
        for f in ring.freelancers:
            ring_of[f] = i
    out = {}
    for client, own in by_client.items():
        targets = {ring_of.get(r.freelancer, -1 - r.freelancer) for r in own}
        if len(targets) != 1 or any(r.rating < config.top_rating for r in own):
            continue
        # one small 5-star contract is how most honest clients start: it takes
        # repetition, or a ring on the other end, to call a client throwaway
        if len(own) < 2 and next(iter(targets)) < 0:
            continue
        first = min(r.at for r in own)
        last = max(r.at for r in own)
        created = created_at[client]
        young = created is not None and first - created <= config.throwaway_age_s
        burst = last - first <= config.window_s
        # praising a ring, "small" may stretch to twice the block search's cut
        cut = config.small_amount * (2 if next(iter(targets)) >= 0 else 1)
        small = sum(r.amount <= cut for r in own) >= len(own) / 2
        if young and burst and small:
            out[client] = tuple(sorted(r.contract for r in own))
    return out


def ring_sellers(
    reviews: Sequence[Review], rings: Sequence[Ring], config: RingConfig | None = None
) -> dict[int, int]:
    """Freelancers outside every ring whose praise comes from one ring's
    clients: ``min_clients`` of them or more, in one window, and at least
    ``min_top_share`` of everything the freelancer was rated. The block's
    core trims a seller that too few of the ring hired; this takes it back.

    Returns freelancer → index of the ring in ``rings``.
    """
    config = config or RingConfig()
    inside = {m for r in rings for m in r.freelancers}
    client_ring: dict[int, int] = {}
    for i, ring in enumerate(rings):
        for c in ring.clients:
            client_ring.setdefault(c, i)
    received: dict[int, list[Review]] = defaultdict(list)
    for r in reviews:
        if r.freelancer not in inside:
            received[r.freelancer].append(r)
    out = {}
    for freelancer, own in received.items():
        by_ring: dict[int, list[Review]] = defaultdict(list)
        for r in own:
            if r.rating >= config.top_rating and r.client in client_ring:
                by_ring[client_ring[r.client]].append(r)
        for i, praise in by_ring.items():
            times = [r.at for r in praise]
            if (
                len({r.client for r in praise}) >= config.min_clients
                and len(praise) >= config.min_top_share * len(own)
                and max(times) - min(times) <= config.window_s
            ):
                out[freelancer] = i
                break
    return out
