"""API keys in the graph: only a SHA-256 hash of each key, with its role.

A key's public *id* is the first 12 hex digits of its hash: enough to tell
keys apart in a listing and to revoke one, useless for rebuilding the key.
:class:`KeyStore` is mixed into :class:`graph.store.CypherStore`; :class:`Keys`
is the matching part of the store protocol.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from graph import cypher
from graph.cypher.query import Query
from graph.plan import Params, Statement

KEY_ID_LENGTH = 12


@dataclass(frozen=True)
class KeyEntry:
    id: str
    role: str
    name: str
    created_at: int | None


class Keys(Protocol):
    async def add_api_key(self, key_hash: str, role: str, name: str, at: int) -> None: ...

    async def api_key(self, key_hash: str) -> tuple[str, str] | None:
        """(role, name) of a key by its hash."""

    async def api_keys(self) -> list[KeyEntry]:
        """Every key, oldest first, by id (never the hash or the key)."""

    async def revoke_api_key(self, key_id: str) -> bool:
        """Delete the key with this id; False if there is none."""


class KeyStore(abc.ABC):
    @abc.abstractmethod
    async def _read(self, query: Query, params: Params | None = None) -> list[Any]: ...

    @abc.abstractmethod
    async def _write_all(self, statements: Sequence[Statement]) -> None: ...

    async def add_api_key(self, key_hash: str, role: str, name: str, at: int) -> None:
        params = {"hash": key_hash, "role": role, "name": name, "at": at}
        await self._write_all([Statement(cypher.admin.MERGE_API_KEY, params)])

    async def api_key(self, key_hash: str) -> tuple[str, str] | None:
        rows = await self._read(cypher.admin.READ_API_KEY, {"hash": key_hash})
        return (rows[0][0], rows[0][1]) if rows else None

    async def api_keys(self) -> list[KeyEntry]:
        rows = await self._read(cypher.admin.LIST_API_KEYS)
        return [KeyEntry(h[:KEY_ID_LENGTH], role, name or "", at) for h, role, name, at in rows]

    async def revoke_api_key(self, key_id: str) -> bool:
        if len(key_id) != KEY_ID_LENGTH:
            return False
        params = {"prefix": key_id.lower()}
        if not await self._read(cypher.admin.FIND_API_KEY, params):
            return False
        await self._write_all([Statement(cypher.admin.DELETE_API_KEY, params)])
        return True
