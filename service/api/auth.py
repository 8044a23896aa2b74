"""Who is calling: the role behind a Bearer key, cached briefly.

Looking a key up costs a store round trip, and the frontend sends the same
key with every badge request. Roles are kept for ``key_cache_s`` seconds;
revoking a key through this server drops the cache at once, a revocation
made elsewhere (the CLI, another worker) takes effect within that time.
Unknown keys are not cached, so a key created elsewhere works at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from graph.store.keys import KEY_ID_LENGTH
from graph.store.ports import KeyRing
from service.api.ttlcache import TtlCache
from service.keys import key_hash

MAX_CACHED_KEYS = 10_000


@dataclass(frozen=True)
class Caller:
    """Who a request acts as: the key's role, id and name (never the key)."""

    role: str
    key_id: str
    name: str

    @property
    def actor(self) -> str:
        """How audit records name the person behind the key."""
        return f"key:{self.key_id}" + (f" ({self.name})" if self.name else "")


class RoleCache(TtlCache[Caller]):
    """Callers by key hash (the key itself is never kept)."""

    def __init__(self, ttl_s: float) -> None:
        super().__init__(MAX_CACHED_KEYS, ttl_s)

    async def caller(self, store: KeyRing, key: str) -> Caller | None:
        return await self.caller_by_hash(store, key_hash(key))

    async def caller_by_hash(self, store: KeyRing, digest: str) -> Caller | None:
        """The caller behind a key's hash (a console session holds only that)."""
        now = time.monotonic()
        cached = self.get(digest, now)
        if cached is not None:
            return cached
        found = await store.api_key(digest)
        if found is None:
            self.pop(digest)
            return None
        caller = Caller(found.role, digest[:KEY_ID_LENGTH], found.name or "")
        self.put(digest, caller, now)
        return caller

    async def role(self, store: KeyRing, key: str) -> str | None:
        caller = await self.caller(store, key)
        return None if caller is None else caller.role

    def known(self, key: str) -> str | None:
        """The key's hash if it was found in the store lately, else None (no
        store call: the rate limit asks it before any lookup)."""
        digest = key_hash(key)
        return digest if self.get(digest, time.monotonic()) is not None else None


def bearer_key(header: str) -> str | None:
    """The key of an ``Authorization: Bearer KEY`` header, however spaced."""
    scheme, _, key = header.strip().partition(" ")
    key = key.strip()
    return key if scheme.lower() == "bearer" and key else None
