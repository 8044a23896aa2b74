"""The badge response cache: what it may serve, to whom, and for how long."""

from __future__ import annotations

from graph.store import CypherStore
from service.api.badges import ResponseCache
from service.api.documents import badge_only, is_mutation
from service.keys import create_key
from service.runtime import make_ingestor
from service.settings import Settings
from tests.conftest import lines
from tests.service.api.client import code_of, serving


def test_only_pure_badge_queries_qualify() -> None:
    assert badge_only('{ trustBadge(accountId: "a") { band } }', None)
    assert badge_only(
        '{ x: trustBadge(accountId: "a") { band } trustBadges(accountIds: []) { band } }', None
    )
    assert not badge_only('{ trustBadge(accountId: "a") { band } account(id: "a") { id } }', None)
    assert not badge_only('mutation { rescoreAccount(accountId: "a") { id } }', None)
    assert not badge_only(
        '{ ...F } fragment F on Query { trustBadge(accountId: "a") { band } }', None
    )
    assert not badge_only("{ trustBadge(", None)  # does not parse: strawberry explains
    two = 'query A { trustBadge(accountId: "a") { band } } query B { search(query: "a") { id } }'
    assert badge_only(two, "A") and not badge_only(two, "B") and not badge_only(two, None)
    assert is_mutation('mutation { rescoreAccount(accountId: "a") { id } }', None)
    assert not is_mutation('{ trustBadge(accountId: "a") { band } }', None)


def test_the_cache_expires_and_evicts() -> None:
    cache = ResponseCache(size=2, ttl_s=10)
    cache.put("a", b"1", now=0)
    cache.put("b", b"2", now=0)
    cache.put("c", b"3", now=0)
    assert cache.get("a", now=1) is None  # evicted, least recently stored
    assert cache.get("c", now=1) == b"3" and cache.get("c", now=11) is None


async def test_cached_answers_go_only_to_badge_readers_until_a_mutation(
    store: CypherStore, settings: Settings
) -> None:
    keys = {r: await create_key(store, r) for r in ("frontend", "ingest")}
    badge = '{ trustBadge(accountId: "fl-1") { band memberSince } }'
    account = {"type": "account", "id": "fl-1", "kind": "FREELANCER", "name": "Ana Lima",
               "country": "BR", "created_at": "2024-01-01T00:00:00Z"}  # fmt: skip
    cached = settings.model_copy(update={"badge_cache_s": 3600.0})
    async with serving(store, cached, keys["frontend"]) as api:
        assert (await api.ask(badge)) == {"data": {"trustBadge": None}}
        # the account arrives through another process: the cached answer stands
        # (the badge cache below never keeps unknown accounts, so this is the
        # response cache speaking)
        await make_ingestor(store, cached).ingest(lines([account]))
        assert (await api.ask(badge)) == {"data": {"trustBadge": None}}
        # it never answers a caller who may not read badges
        assert code_of(await api.ask(badge, key="")) == "UNAUTHENTICATED"
        assert code_of(await api.ask(badge, key=keys["ingest"])) == "FORBIDDEN"
        # a mutation on this server drops every cached answer
        flag = (
            'mutation { flag(reporter: "cl-1", target: "fl-1", targetKind: "account", '
            'reason: "fake_profile") { received } }'
        )
        assert "errors" not in await api.ask(flag, key=keys["ingest"])
        fresh = await api.ask(badge)
        assert fresh["data"]["trustBadge"]["memberSince"] == "2024-01-01"
