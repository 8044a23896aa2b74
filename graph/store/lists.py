"""Allow and deny lists and their entries (values already normalised and hashed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, final

from graph import cypher
from graph.cypher.lists import ActiveList, EntryRow, ListRow
from graph.plan import Statement
from graph.store.runner import QueryRunner

ENTRY_CHUNK = 5000  # entries per statement


def entry_key(name: str, value: str) -> str:
    """One entry per list and value: a list name holds no ':' (service.lists)."""
    return f"{name}:{value}"


class ListWrites(QueryRunner):
    @final
    async def create_list(self, row: Mapping[str, Any]) -> None:
        await self._write_all([Statement(cypher.lists.CREATE_LIST, dict(row))])

    @final
    async def lists(self) -> list[ListRow]:
        return await self._read(cypher.lists.READ_LISTS)

    @final
    async def list_info(self, name: str) -> ListRow | None:
        found = await self._read(cypher.lists.READ_LIST, {"name": name})
        return found[0] if found else None

    @final
    async def delete_list(self, name: str) -> None:
        await self._write_all([Statement(cypher.lists.DELETE_LIST, {"name": name})])

    @final
    async def add_list_entries(self, name: str, entries: Sequence[Mapping[str, Any]]) -> None:
        """Rows of value, added_by, reason, added_at, expires_at."""
        keyed = [{"key": entry_key(name, str(e["value"])), **e} for e in entries]
        for start in range(0, len(keyed), ENTRY_CHUNK):
            params = {"name": name, "rows": keyed[start : start + ENTRY_CHUNK]}
            await self._write_all([Statement(cypher.lists.ADD_ENTRIES, params)])

    @final
    async def remove_list_entries(self, name: str, values: Sequence[str]) -> int:
        keys = [entry_key(name, v) for v in values]
        found = await self._read(cypher.lists.COUNT_ENTRIES, {"keys": keys})
        await self._write_all([Statement(cypher.lists.REMOVE_ENTRIES, {"keys": keys})])
        return int(found[0].n) if found else 0

    @final
    async def list_entries(self, name: str, limit: int) -> list[EntryRow]:
        return await self._read(cypher.lists.READ_ENTRIES, {"name": name, "limit": limit})

    @final
    async def active_lists(self, now: int) -> list[ActiveList]:
        return await self._read(cypher.lists.READ_ACTIVE_LISTS, {"now": now})
