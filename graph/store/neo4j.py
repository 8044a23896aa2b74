"""Neo4j 5 adapter (production). Only this module imports the neo4j driver."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import SplitResult, unquote, urlsplit

import neo4j
from neo4j import AsyncGraphDatabase
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable

from graph import cypher
from graph.cypher.query import R, Read
from graph.dialect import NEO4J, schema_items
from graph.errors import StoreQueryError, StoreUnavailable, UnsupportedGraphUrl
from graph.plan import Params, Statement
from graph.store import migrations
from graph.store.cypher_store import CypherStore

SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


def _without_userinfo(parts: SplitResult) -> str:
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=host).geturl()


class Neo4jStore(CypherStore):
    """A Neo4j 5 database reached through the official async driver."""

    dialect = NEO4J

    def __init__(
        self, url: str, user: str | None, password: str | None, database: str | None = None
    ) -> None:
        """``database`` None is the server's home database (Community has one, ``neo4j``).

        Credentials may ride in the URL (``bolt://user:password@host:port``, as
        ``scripts/neo4j start`` prints it); the driver refuses userinfo, so it is
        taken off here, and explicit ``user``/``password`` win over it.
        """
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES:
            raise UnsupportedGraphUrl(_without_userinfo(parts))
        bare = _without_userinfo(parts)
        if parts.username is not None and user is None:
            user, password = unquote(parts.username), unquote(parts.password or "")
        # never the password: ``where`` is shown in errors and logs
        self.where = f"{bare}#{database or 'home'}"
        auth = (user, password or "") if user else None
        # "unknown property" warnings on an empty graph would flood the log
        self._driver = AsyncGraphDatabase.driver(bare, auth=auth, notifications_min_severity="OFF")
        self._database = database

    async def _read(self, query: Read[R], params: Params | None = None) -> list[R]:
        async def work(tx: neo4j.AsyncManagedTransaction) -> list[R]:
            result = await tx.run(query.text, dict(params or {}))
            rows = [record.values() async for record in result]
            return query.records(result.keys(), rows)

        try:
            async with self._driver.session(database=self._database) as session:
                return await session.execute_read(work)
        except ServiceUnavailable as exc:
            raise StoreUnavailable(self.where, str(exc)) from exc
        except (Neo4jError, DriverError) as exc:
            raise StoreQueryError(query.name, str(exc)) from exc

    async def _write_all(self, statements: Sequence[Statement]) -> None:
        # One transaction per batch: Neo4j commits it durably or not at all.
        stamped = self._stamped(statements)

        async def work(tx: neo4j.AsyncManagedTransaction) -> None:
            for st in stamped:
                result = await tx.run(st.text, dict(st.params))
                await result.consume()

        try:
            async with self._driver.session(database=self._database) as session:
                await session.execute_write(work)
        except ServiceUnavailable as exc:
            raise StoreUnavailable(self.where, str(exc)) from exc
        except (Neo4jError, DriverError) as exc:
            raise StoreQueryError(statements[0].name if statements else "?", str(exc)) from exc

    async def ensure_schema(self) -> None:
        for item in schema_items():
            try:
                async with self._driver.session(database=self._database) as session:
                    result = await session.run(self.dialect.ddl(item))
                    await result.consume()
            except ServiceUnavailable as exc:
                raise StoreUnavailable(self.where, str(exc)) from exc
            except Neo4jError as exc:
                raise StoreQueryError(item.name, str(exc)) from exc
        await migrations.run_pending(self, migrations.NEO4J)

    async def _schema_version(self) -> int:
        found = await self._read(cypher.schema.NEO4J_READ_VERSION)
        return int(found[0].n) if found else 0

    async def _set_schema_version(self, version: int) -> None:
        await self._write_all([Statement(cypher.schema.NEO4J_SET_VERSION, {"version": version})])

    async def drop(self) -> None:
        """Delete every node (tests only); batched so large graphs do not blow the heap."""
        while True:
            found = await self._read(cypher.reads.COUNT_ALL_NODES)
            if not found or found[0].n == 0:
                return
            await self._write_all([Statement(cypher.reads.DELETE_SOME_NODES, {})])

    async def close(self) -> None:
        await self._driver.close()
