"""The badge cache: the loaders' shared cache_map, its age limit and what it keeps out."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from graph.codec import ScoreRecord
from graph.embedded import EmbeddedFalkorDB
from graph.errors import GraphError
from graph.model import WriteBatch
from graph.store import CypherStore
from graph.store.falkordb import FalkorDBStore
from service.api.badges import BadgeCache, badge_loader
from tests.conftest import account_row


def _score(account: str, band: str, score: float) -> ScoreRecord:
    return ScoreRecord(account, score, band, {}, (), None, None, None)


async def test_loaders_share_one_cache_until_it_is_cleared(store: CypherStore) -> None:
    await store.write(WriteBatch(accounts=[account_row("a"), account_row("b")]))
    await store.write_scores("r1", [_score("a", "TRUSTED", 90.0)])
    cache = BadgeCache(100, ttl_s=3600)
    first = await badge_loader(store, cache).load("a")
    assert first is not None and first.band == "TRUSTED"
    await store.write_scores("r2", [_score("a", "HIGH_RISK", 10.0)])
    # another request's loader is answered from the cache, not the store
    again = await badge_loader(store, cache).load("a")
    assert again is not None and again.band == "TRUSTED"
    cache.clear()  # what a mutation on this server does
    fresh = await badge_loader(store, cache).load("a")
    assert fresh is not None and fresh.band == "HIGH_RISK"
    # an account without a score yet is UNRATED, and cached like any other
    unrated = await badge_loader(store, cache).load("b")
    assert unrated is not None and unrated.band == "UNRATED"


async def test_cached_badges_age_out(store: CypherStore) -> None:
    await store.write(WriteBatch(accounts=[account_row("a")]))
    await store.write_scores("r1", [_score("a", "TRUSTED", 90.0)])
    cache = BadgeCache(100, ttl_s=0.0)
    await badge_loader(store, cache).load("a")
    await store.write_scores("r2", [_score("a", "CAUTION", 40.0)])
    aged = await badge_loader(store, cache).load("a")
    assert aged is not None and aged.band == "CAUTION"


async def test_unknown_accounts_are_not_cached(store: CypherStore) -> None:
    cache = BadgeCache(100, ttl_s=3600)
    assert await badge_loader(store, cache).load("later") is None
    await store.write(WriteBatch(accounts=[account_row("later")]))
    assert await badge_loader(store, cache).load("later") is not None


async def test_a_failed_load_is_asked_again() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="tmb-", dir="/tmp"))  # a short socket path
    server = EmbeddedFalkorDB(data_dir).start()
    store = FalkorDBStore(server.socket_path, "badges")
    try:
        await store.write(WriteBatch(accounts=[account_row("a")]))
        cache = BadgeCache(100, ttl_s=3600)
        server.stop()
        with pytest.raises(GraphError):
            await badge_loader(store, cache).load("a")
        server.start()  # the same data back: the failure must not have been kept
        assert await badge_loader(store, cache).load("a") is not None
    finally:
        await store.close()
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
