"""FalkorDB adapter (the embedded default). Only this module imports its driver."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import redis
from falkordb.asyncio import FalkorDB

from graph import cypher
from graph.dialect import FALKORDB, schema_items
from graph.errors import StoreQueryError, StoreUnavailable
from graph.store import CypherStore, Params, Row, Statement


class FalkorDBStore(CypherStore):
    """A graph inside a FalkorDB server reached over its unix socket."""

    dialect = FALKORDB

    def __init__(self, socket_path: Path, graph_name: str, max_connections: int = 16) -> None:
        self.where = f"falkordb:{socket_path}#{graph_name}"
        self._db = FalkorDB(unix_socket_path=str(socket_path), max_connections=max_connections)
        self._graph = self._db.select_graph(graph_name)
        self._graph_name = graph_name

    async def _call(self, name: str, text: str, params: Params | None, read_only: bool) -> Any:
        try:
            if read_only:
                return await self._graph.ro_query(text, dict(params) if params else None)
            return await self._graph.query(text, dict(params) if params else None)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as exc:
            raise StoreUnavailable(self.where, str(exc)) from exc
        except redis.exceptions.ResponseError as exc:
            raise StoreQueryError(name, str(exc)) from exc

    async def ping(self) -> None:
        try:
            await self._db.connection.ping()
        except (redis.exceptions.RedisError, OSError) as exc:
            raise StoreUnavailable(self.where, str(exc)) from exc

    async def _read(self, name: str, text: str, params: Params | None = None) -> list[Row]:
        try:
            result = await self._call(name, text, params, read_only=True)
        except StoreQueryError as exc:
            if "empty key" in str(exc):
                return []  # the graph has not been created yet: nothing to read
            raise
        return list(result.result_set)

    async def _write_all(self, statements: Sequence[Statement]) -> None:
        # FalkorDB applies each query atomically and, with appendfsync always,
        # durably before replying; a batch is durable once the last one returns.
        for st in statements:
            await self._call(st.name, st.text, st.params, read_only=False)

    async def ensure_schema(self) -> None:
        existing: set[tuple[str, str]] = set()
        rows = await self._read("FALKORDB_LIST_INDEXES", cypher.FALKORDB_LIST_INDEXES)
        for label, props in rows:
            existing.update((label, p) for p in props)
        constraints = {
            (c["label"], tuple(c["properties"]))
            for c in await self._list_constraints()
            if c.get("type") == "UNIQUE"
        }
        for item in schema_items():
            if (item.label, item.prop) not in existing:
                await self._call(item.name, self.dialect.ddl(item), None, read_only=False)
            if item.unique and (item.label, (item.prop,)) not in constraints:
                await self._create_unique(item.label, item.prop)

    async def _list_constraints(self) -> list[dict[str, Any]]:
        rows = await self._read("FALKORDB_LIST_CONSTRAINTS", cypher.FALKORDB_LIST_CONSTRAINTS)
        return [
            {"type": r[0], "label": r[1], "properties": list(r[2])} for r in rows
        ]

    async def _create_unique(self, label: str, prop: str) -> None:
        try:
            await self._db.connection.execute_command(
                "GRAPH.CONSTRAINT", "CREATE", self._graph_name, "UNIQUE", "NODE", label,
                "PROPERTIES", "1", prop,
            )  # fmt: skip
        except redis.exceptions.ResponseError as exc:
            if "already exists" not in str(exc).lower():
                raise StoreQueryError(f"constraint {label}.{prop}", str(exc)) from exc
        except (redis.exceptions.ConnectionError, OSError) as exc:
            raise StoreUnavailable(self.where, str(exc)) from exc

    async def drop(self) -> None:
        """Delete the whole graph (tests and ``demo --reset`` only)."""
        try:
            await self._graph.delete()
        except redis.exceptions.ResponseError:
            pass  # nothing to delete

    async def close(self) -> None:
        await self._db.connection.aclose()
