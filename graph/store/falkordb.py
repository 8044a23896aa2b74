"""FalkorDB adapter (the embedded default). Only this module imports its driver."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import hiredis
import redis
import redis.asyncio
from falkordb.asyncio import FalkorDB

from graph import cypher
from graph.cypher.query import STAMP, R, Read
from graph.dialect import FALKORDB, SchemaItem, schema_items
from graph.errors import StoreQueryError, StoreUnavailable
from graph.falkordb_params import params_header, prerender, with_param
from graph.plan import Counted, Params, Statement
from graph.store import migrations
from graph.store.cypher_store import CypherStore

# the idempotency ledger's Redis set sits next to the graph key it belongs to
LEDGER_SUFFIX = ":seen"
# Each account's login window (graph.logins) sits in a Redis hash next to the
# graph too: a string property is parsed out of the query text and updated
# through the graph's matrices, a hash field is one memcpy (the writer's and
# the server's CPU in bench/ingest.py).
WINDOWS_SUFFIX = ":logins"
# the highest data migration applied (graph.store.migrations)
VERSION_SUFFIX = ":version"
# items per command when many go to the ledger or the windows' hash: a
# batch's keys in one, a nightly projection's windows in a few
_BULK_SLICE = 50_000
# errors meaning the server is not there (as opposed to a query it refused)
_UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)
# Before the fork of an AOF rewrite FalkorDB settles every graph's matrices,
# and a server busy longer than its busy-reply-threshold (5 s) answers every
# command "BUSY preparing to fork" without running it. A big graph takes
# that long (a 1M-account ingest, bench/quality.py), so a refused command is
# sent again, for up to this long.
BUSY_WAIT_S = 600.0
T = TypeVar("T")


# the reply, or redis-py's note of a pipeline's command that drew it
_BUSY_REPLY = re.compile(r"(?:^|caused error: )BUSY\b")


def _busy(reply: object) -> bool:
    return isinstance(reply, redis.exceptions.ResponseError) and bool(
        _BUSY_REPLY.search(str(reply))
    )


async def _patiently(attempt: Callable[..., Awaitable[T]], *args: Any) -> T:
    """``attempt(*args)``, again while the server answers BUSY (it ran nothing)."""
    deadline, pause = time.monotonic() + BUSY_WAIT_S, 0.05
    while True:
        try:
            return await attempt(*args)
        except redis.exceptions.ResponseError as exc:
            if not _busy(exc) or time.monotonic() > deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(2.0, pause * 2)


class _PackedInC(redis.asyncio.UnixDomainSocketConnection):
    """Commands packed by hiredis in C, as redis-py's sync client packs them
    when hiredis is installed.

    Its asyncio connection packs in Python, ~3 us an argument: the largest
    cost of the ingesting process when every event's ledger key and every
    account's login window is one. Packed in C they go as native ``SADD``,
    ``SMISMEMBER``, ``HSET``, ``HMGET``, cheaper for the server than a Lua
    script splitting them out of one argument.
    """

    def pack_command(self, *args: Any) -> list[bytes]:
        if isinstance(args[0], str) and " " in args[0]:
            args = (*args[0].split(), *args[1:])  # "CONFIG GET": words apart, as redis-py sends
        return [hiredis.pack_command(args)]


class FalkorDBStore(CypherStore):
    """A graph inside a FalkorDB server reached over its unix socket."""

    dialect = FALKORDB

    def __init__(self, socket_path: Path, graph_name: str, max_connections: int = 16) -> None:
        self.where = f"falkordb:{socket_path}#{graph_name}"
        try:  # the client asks the server at once whether it is a cluster
            self._db = FalkorDB(unix_socket_path=str(socket_path), max_connections=max_connections)
        except _UNREACHABLE as exc:
            raise StoreUnavailable(self.where, str(exc)) from exc
        pool = self._db.connection.connection_pool
        if pool.connection_class is redis.asyncio.UnixDomainSocketConnection:
            pool.connection_class = _PackedInC  # no connection is made before the first command
        # A burst of concurrent requests waits here for a free connection:
        # redis' pool would fail the surplus with "Too many connections", and
        # its BlockingConnectionPool swallows task cancellation (so a request
        # timeout could not stop a query).
        self._slots = asyncio.Semaphore(max_connections)
        self._graph = self._db.select_graph(graph_name)
        self._graph_name = graph_name
        self._ledger = f"{graph_name}{LEDGER_SUFFIX}"
        self._windows_key = f"{graph_name}{WINDOWS_SUFFIX}"
        self._version_key = f"{graph_name}{VERSION_SUFFIX}"

    # a plain function of the light params module: worker processes that
    # unpickle it import that module, not this one
    prerender = staticmethod(prerender)

    async def _seen(self, keys: list[str]) -> set[str]:
        flags = await self._bulk("SMISMEMBER", self._ledger, keys)
        return {key for key, flag in zip(keys, flags, strict=True) if flag == 1}

    async def _ledger_keys(self) -> set[str]:
        try:
            async with self._slots:
                keys = await self._db.connection.smembers(self._ledger)
        except (redis.exceptions.RedisError, OSError) as exc:
            raise StoreUnavailable(self.where, str(exc)) from exc
        return {key.decode() if isinstance(key, bytes) else key for key in keys}

    async def _bulk(self, command: str, key: str, items: list[str], step: int = 1) -> list[Any]:
        """``command`` on ``key`` for ``items``, :data:`_BULK_SLICE` (times
        ``step``: HSET's field-value pairs) at a time; table replies joined."""
        out: list[Any] = []
        connection = self._db.connection
        try:
            async with self._slots:
                for start in range(0, len(items), _BULK_SLICE * step):
                    part = items[start : start + _BULK_SLICE * step]
                    reply = await _patiently(connection.execute_command, command, key, *part)
                    out += reply if isinstance(reply, list) else []
        except (redis.exceptions.RedisError, OSError) as exc:
            raise StoreUnavailable(self.where, str(exc)) from exc
        return out

    async def _stored_windows(self, ids: list[str]) -> dict[str, str]:
        found = await self._bulk("HMGET", self._windows_key, ids)
        return {account_id: window for account_id, window in zip(ids, found, strict=True) if window}

    async def _store_windows(self, windows: dict[str, str]) -> None:
        flat = [x for pair in windows.items() for x in pair]
        await self._bulk("HSET", self._windows_key, flat, step=2)

    async def _forget_windows(self, ids: list[str]) -> None:
        await self._bulk("HDEL", self._windows_key, ids)

    async def _windows(self, ids: list[str], read: list[str | None]) -> list[str | None]:
        """From the hash; ``read`` (the graph's property) only where the hash
        has none, which migration 2 makes never."""
        found = await self._bulk("HMGET", self._windows_key, ids)
        return [window or old for window, old in zip(found, read, strict=True)]

    async def _write_counted(self, counted: Sequence[Counted]) -> None:
        """Each counting query and its ledger entries in one ``MULTI``.

        Redis applies (and, with ``appendfsync always``, logs) a transaction
        as a unit, so a crash leaves both or neither. A query that fails
        inside it does not stop the ``SADD`` after it (Redis has no
        rollback), so those keys are taken back out: the events stay
        uncounted and unseen, as if the batch had never been sent.
        """
        connection = self._db.connection

        async def once(query: str, keys: list[str]) -> object:
            pipe = connection.pipeline(transaction=True)
            pipe.execute_command("GRAPH.QUERY", self._graph_name, query, "--compact")
            pipe.execute_command("SADD", self._ledger, *keys)
            outcome, _ = await pipe.execute(raise_on_error=False)
            if isinstance(outcome, Exception):
                await connection.execute_command("SREM", self._ledger, *keys)
                if _busy(outcome):
                    raise outcome  # nothing ran: sent again
            return outcome

        for item in counted:
            (st,) = self._stamped([item.statement])
            query = st.rendered or params_header(st.params) + st.text
            try:
                async with self._slots:
                    outcome = await _patiently(once, query, item.keys)
            except _UNREACHABLE as exc:
                raise StoreUnavailable(self.where, str(exc)) from exc
            except redis.exceptions.ResponseError as exc:  # busy past BUSY_WAIT_S
                raise StoreQueryError(st.name, str(exc)) from exc
            if isinstance(outcome, Exception):
                raise StoreQueryError(st.name, str(outcome))

    async def _call(
        self,
        name: str,
        text: str,
        params: Params | None,
        read_only: bool,
        rendered: str | None = None,
    ) -> Any:
        if rendered is not None:
            query = rendered
        else:
            query = params_header(params) + text if params else text
        try:
            async with self._slots:
                if read_only:
                    return await _patiently(self._graph.ro_query, query)
                return await _patiently(self._graph.query, query)
        except _UNREACHABLE as exc:
            raise StoreUnavailable(self.where, str(exc)) from exc
        except redis.exceptions.ResponseError as exc:
            raise StoreQueryError(name, str(exc)) from exc

    async def ping(self) -> None:
        try:
            await self._db.connection.ping()
        except (redis.exceptions.RedisError, OSError) as exc:
            raise StoreUnavailable(self.where, str(exc)) from exc

    async def _read(
        self, query: Read[R], params: Params | None = None, rendered: str | None = None
    ) -> list[R]:
        try:
            result = await self._call(
                query.name, query.text, params, read_only=True, rendered=rendered
            )
        except StoreQueryError as exc:
            if "empty key" in str(exc):
                return []  # the graph has not been created yet: nothing to read
            raise
        return query.records([name for _, name in result.header], result.result_set)

    async def _write_all(self, statements: Sequence[Statement]) -> None:
        # FalkorDB applies each query atomically and, with appendfsync always,
        # durably before replying; a batch is durable once the last one returns.
        for st in self._stamped(statements):
            await self._call(st.name, st.text, st.params, read_only=False, rendered=st.rendered)

    def _with_stamp(self, st: Statement, stamp: str) -> Statement:
        if st.rendered is None:
            return super()._with_stamp(st, stamp)
        return replace(st, rendered=with_param(st.rendered, STAMP, stamp))

    async def ensure_schema(self) -> None:
        """Range indexes on every merge key; no unique constraints on FalkorDB.

        FalkorDB runs write queries one at a time, so ``MERGE`` alone keeps keys
        unique. Its unique constraints stay "UNDER CONSTRUCTION" and make AOF
        replay at start-up two orders of magnitude slower.
        """
        created = await self._create_missing_indexes()
        if created:
            # FalkorDB 4.16 builds an index in the background and, to add a
            # field, rebuilds the label's whole index; a query scanning the
            # old one meanwhile crashed the server (a segfault in
            # RediSearch's DocTable_Get). Nothing is written until it is done.
            await self._indexes_built()
        if any(item.unique for item in created):
            # a replay merges by key: the keys' definitions must be in the base
            await self._compact_log()
        await migrations.run_pending(self, migrations.FALKORDB)

    async def _indexed(self) -> set[tuple[str, str]]:
        found = await self._read(cypher.schema.FALKORDB_LIST_INDEXES)
        return {(row.label, p) for row in found for p in row.properties}

    async def _create_missing_indexes(self) -> list[SchemaItem]:
        """Create what :func:`schema_items` names and the graph lacks; those created."""
        existing = await self._indexed()
        created = []
        for item in schema_items():
            if (item.label, item.prop) not in existing:
                try:
                    await self._call(item.name, self.dialect.ddl(item), None, read_only=False)
                except StoreQueryError as exc:
                    if "already indexed" not in str(exc):  # another process made it first
                        raise
                created.append(item)
        return created

    async def _indexes_built(self, timeout: float = 600.0) -> None:
        """Wait until every index is built (FalkorDB builds them in the background)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            found = await self._read(cypher.schema.FALKORDB_INDEX_STATUS)
            if all(row.status == "OPERATIONAL" for row in found):
                return
            await asyncio.sleep(0.05)

    async def _add_to_ledger(self, keys: list[str]) -> None:
        await self._bulk("SADD", self._ledger, keys)

    async def _schema_version(self) -> int:
        try:
            async with self._slots:
                stored = await self._db.connection.get(self._version_key)
        except (redis.exceptions.RedisError, OSError) as exc:
            raise StoreUnavailable(self.where, str(exc)) from exc
        return int(stored or 0)

    async def _set_schema_version(self, version: int) -> None:
        try:
            async with self._slots:
                await self._db.connection.set(self._version_key, str(version))
        except (redis.exceptions.RedisError, OSError) as exc:
            raise StoreUnavailable(self.where, str(exc)) from exc

    async def _compact_log(self) -> None:
        """Fold the AOF into an RDB base now that the indexes exist.

        After a crash the server replays the AOF tail; index definitions that
        only live in that tail are built *after* replay, so the replayed MERGEs
        would run unindexed, several times slower.
        """
        connection = self._db.connection
        try:
            await connection.bgrewriteaof()
            for _ in range(2400):
                info = await connection.info("persistence")
                if not (info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled")):
                    return
                await asyncio.sleep(0.05)
        except redis.exceptions.ResponseError:
            pass  # AOF off (a server not started by trustmesh): nothing to compact

    async def drop(self) -> None:
        """Delete the whole graph (tests and ``demo --reset`` only)."""
        with contextlib.suppress(redis.exceptions.ResponseError):  # nothing to delete
            await self._graph.delete()
        await self._db.connection.delete(self._ledger, self._windows_key, self._version_key)

    async def close(self) -> None:
        await self._db.connection.aclose()
