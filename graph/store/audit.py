"""The audit trail, and the logo and work registries: append-mostly admin records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, final

from graph import cypher
from graph.cypher import projected, rows
from graph.cypher.query import Query
from graph.plan import Statement
from graph.store.runner import QueryRunner

LOGO_CHUNK = 5000  # rows per registry statement


class AuditWrites(QueryRunner):
    @final
    async def append_audit(self, entry: Mapping[str, Any]) -> None:
        await self._write_all([Statement(cypher.admin.APPEND_AUDIT, dict(entry))])

    @final
    async def latest_action_at(self, account: str) -> int | None:
        found = await self._read(cypher.admin.LATEST_ACTION_AT, {"account": account})
        return int(found[0].at) if found and found[0].at is not None else None

    @final
    async def audit(self, account: str, limit: int) -> list[rows.AuditRow]:
        return await self._read(cypher.admin.READ_AUDIT, {"account": account, "limit": limit})


class LogoWrites(QueryRunner):
    @final
    async def add_logos(self, logos: list[dict[str, str]]) -> None:
        await self._in_chunks(cypher.admin.MERGE_LOGOS, logos)

    @final
    async def logos(self) -> list[projected.StoredLogo]:
        return await self._read(cypher.projection.PROJECT_LOGOS)

    @final
    async def add_works(self, works: list[dict[str, object]]) -> None:
        await self._in_chunks(cypher.admin.MERGE_WORKS, works)

    async def _in_chunks(self, query: Query, entries: Sequence[Mapping[str, object]]) -> None:
        """``query`` over ``entries``, LOGO_CHUNK of them a statement."""
        for start in range(0, len(entries), LOGO_CHUNK):
            part = list(entries[start : start + LOGO_CHUNK])
            await self._write_all([Statement(query, {"rows": part})])

    @final
    async def work_sources(self) -> list[rows.WorkSource]:
        return await self._read(cypher.admin.LIST_WORK_SOURCES)
