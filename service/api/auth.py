"""Who is calling: the role behind a Bearer key, cached briefly.

Looking a key up costs a store round trip, and the frontend sends the same
key with every badge request. Roles are kept for ``key_cache_s`` seconds;
revoking a key through this server drops the cache at once, a revocation
made elsewhere (the CLI, another worker) takes effect within that time.
Unknown keys are not cached, so a key created elsewhere works at once.
"""

from __future__ import annotations

import time

from graph.store import GraphStore
from service.keys import key_hash

MAX_CACHED_KEYS = 10_000


class RoleCache:
    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._roles: dict[str, tuple[float, str]] = {}

    async def role(self, store: GraphStore, key: str) -> str | None:
        digest = key_hash(key)
        now = time.monotonic()
        cached = self._roles.get(digest)
        if cached is not None and now - cached[0] <= self.ttl_s:
            return cached[1]
        found = await store.api_key(digest)
        if found is None:
            self._roles.pop(digest, None)
            return None
        if len(self._roles) >= MAX_CACHED_KEYS:
            self._roles.clear()
        self._roles[digest] = (now, found[0])
        return found[0]

    def clear(self) -> None:
        self._roles.clear()


def bearer_key(header: str) -> str | None:
    scheme, _, key = header.partition(" ")
    key = key.strip()
    return key if scheme.lower() == "bearer" and key else None
