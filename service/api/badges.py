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
from asyncio import Future
from datetime import date

import strawberry
from strawberry.dataloader import AbstractCache, DataLoader

from graph.cypher import rows
from graph.store.ports import ScoreStore
from service.api.evidence import when
from service.api.ttlcache import TtlCache
from service.scoring import score_range

MAX_BADGES = 500


@strawberry.type(description="What a profile page may show: no reasons, no links, no flags.")
class TrustBadge:
    account_id: strawberry.ID
    band: str = strawberry.field(description="TRUSTED, STANDARD, CAUTION, HIGH_RISK or UNRATED.")
    score_range: str | None = strawberry.field(description="A 20-point range, e.g. '80-100'.")
    member_since: date | None


def badge_from_row(row: rows.Badge) -> TrustBadge:
    joined = when(row.created_at)
    return TrustBadge(
        account_id=strawberry.ID(row.id),
        band=row.band or "UNRATED",
        score_range=score_range(row.score),
        member_since=joined.date() if joined else None,
    )


class BadgeCache(AbstractCache[str, TrustBadge | None]):
    """Badges by account id, shared by every request's loader (strawberry's
    ``cache_map`` hook): a loader asks the store only for ids not held here.

    Holds the loader's futures, each trusted ``ttl_s`` seconds. A future that
    failed, or that found no account, is dropped when next asked for, so an
    error is retried and a new account's badge shows once it is ingested.
    """

    def __init__(self, size: int, ttl_s: float) -> None:
        self._futures: TtlCache[Future[TrustBadge | None]] = TtlCache(size, ttl_s)

    def get(self, key: str) -> Future[TrustBadge | None] | None:
        future = self._futures.get(key, time.monotonic())
        if future is not None and future.done() and _unusable(future):
            self._futures.pop(key)
            return None
        return future

    def set(self, key: str, value: Future[TrustBadge | None]) -> None:
        self._futures.put(key, value, time.monotonic())

    def delete(self, key: str) -> None:
        self._futures.pop(key)

    def clear(self) -> None:
        self._futures.clear()


def _unusable(done: Future[TrustBadge | None]) -> bool:
    """Failed, cancelled, or no such account: ask the store again next time."""
    return done.cancelled() or done.exception() is not None or done.result() is None


def badge_loader(store: ScoreStore, cache: BadgeCache) -> DataLoader[str, TrustBadge | None]:
    """One store round trip per request for the badges ``cache`` lacks."""

    async def load(ids: list[str]) -> list[TrustBadge | None]:
        found = {row.id: badge_from_row(row) for row in await store.badges(ids)}
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load, max_batch_size=MAX_BADGES, cache_map=cache)


class ResponseCache(TtlCache[bytes]):
    """Whole badge response bodies by (document, variables, operation name),
    answered by :mod:`service.api.fastpath` in front of strawberry."""
