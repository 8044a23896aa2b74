"""API keys in the graph: only a SHA-256 hash of each key, with its role.

A key's public *id* is the first 12 hex digits of its hash: enough to tell
keys apart in a listing and to revoke one, useless for rebuilding the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import final

from graph import cypher
from graph.cypher import rows
from graph.plan import Statement
from graph.store.runner import QueryRunner

KEY_ID_LENGTH = 12


@dataclass(frozen=True)
class KeyEntry:
    id: str
    role: str
    name: str
    created_at: int | None


class KeyWrites(QueryRunner):
    @final
    async def add_api_key(self, key_hash: str, role: str, name: str, at: int) -> None:
        params = {"hash": key_hash, "role": role, "name": name, "at": at}
        await self._write_all([Statement(cypher.admin.MERGE_API_KEY, params)])

    @final
    async def api_key(self, key_hash: str) -> rows.KeyRole | None:
        found = await self._read(cypher.admin.READ_API_KEY, {"hash": key_hash})
        return found[0] if found else None

    @final
    async def api_keys(self) -> list[KeyEntry]:
        return [
            KeyEntry(row.hash[:KEY_ID_LENGTH], row.role, row.name or "", row.created_at)
            for row in await self._read(cypher.admin.LIST_API_KEYS)
        ]

    @final
    async def revoke_api_key(self, key_id: str) -> bool:
        if len(key_id) != KEY_ID_LENGTH:
            return False
        params = {"prefix": key_id.lower()}
        if not await self._read(cypher.admin.FIND_API_KEY, params):
            return False
        await self._write_all([Statement(cypher.admin.DELETE_API_KEY, params)])
        return True
