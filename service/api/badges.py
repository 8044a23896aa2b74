"""Trust badges for the frontend: the hottest path, so cached across requests.

A badge is read for every profile view, and scores change a few times a day,
so answers are kept in an LRU cache of ``badge_cache_size`` entries:

* any mutation this process runs clears it (a rescore, an action, an ingest
  that rescored touched accounts — mutations are rare next to badge reads);
* scores written by *another* process (the nightly ``trustmesh rescore``,
  another server worker) are seen within ``badge_cache_s`` seconds.

Misses within one request still go to the store in one round trip (the
DataLoader). Unknown accounts are not cached: a new account's first badge
appears as soon as it is ingested.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from graph.store import GraphStore
from service.api.evidence import when
from service.api.ttlcache import TtlCache

MAX_BADGES = 500


@strawberry.type(description="What a profile page may show: no reasons, no links, no flags.")
class TrustBadge:
    account_id: strawberry.ID
    band: str = strawberry.field(description="TRUSTED, STANDARD, CAUTION, HIGH_RISK or UNRATED.")
    score_range: str | None = strawberry.field(description="A 20-point range, e.g. '80-100'.")
    member_since: date | None


def badge_from_row(row: list[Any]) -> TrustBadge:
    account_id, band, score, created_at, _status = row
    low = None if score is None else min(int(score) // 20 * 20, 80)
    joined = when(created_at)
    return TrustBadge(
        account_id=strawberry.ID(account_id),
        band=band or "UNRATED",
        score_range=None if low is None else f"{low}-{low + 20}",
        member_since=joined.date() if joined else None,
    )


class BadgeCache(TtlCache[TrustBadge]):
    """Badges by account id."""


def badge_loader(store: GraphStore, cache: BadgeCache) -> DataLoader[str, TrustBadge | None]:
    """Cached badges first, then one store round trip for the rest."""

    async def load(ids: list[str]) -> list[TrustBadge | None]:
        now = time.monotonic()
        out: dict[str, TrustBadge | None] = {i: cache.get(i, now) for i in ids}
        missing = [i for i, badge in out.items() if badge is None]
        if missing:
            for row in await store.badges(missing):
                badge = badge_from_row(row)
                cache.put(str(badge.account_id), badge, now)
                out[row[0]] = badge
        return [out.get(i) for i in ids]

    return DataLoader(load_fn=load, max_batch_size=MAX_BADGES)


class ResponseCache(TtlCache[bytes]):
    """Whole badge response bodies by (document, variables, operation name),
    answered by :mod:`service.api.fastpath` in front of strawberry."""
