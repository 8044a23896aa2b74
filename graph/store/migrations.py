"""Data migrations: what a store written by an earlier layout needs, once.

Each migration has a version. An engine's store records the highest version
it has applied; :func:`run_pending` (called by ``ensure_schema`` after the
schema exists) applies the newer ones in order and records each. Every
migration is idempotent and works in slices, so a crash part-way through
simply repeats it at the next start.

FalkorDB keeps its version in a Redis key beside the graph, Neo4j in a
``SchemaVersion`` node. On FalkorDB the idempotency ledger and the login
windows moved out of the graph into Redis structures beside it; on both,
list entries were keyed again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from graph import cypher, logins
from graph.cypher.query import R, Read
from graph.plan import Params, Statement


class Versioned(Protocol):
    """What every store's migrations may use: queries and the version."""

    async def _read(self, query: Read[R], params: Params | None = None) -> list[R]: ...

    async def _write_all(self, statements: Sequence[Statement]) -> None: ...

    async def _schema_version(self) -> int: ...

    async def _set_schema_version(self, version: int) -> None: ...


class Migratable(Versioned, Protocol):
    """What a FalkorDB migration may use besides: the Redis structures."""

    async def _add_to_ledger(self, keys: list[str]) -> None: ...

    async def _stored_windows(self, ids: list[str]) -> dict[str, str]: ...

    async def _store_windows(self, windows: dict[str, str]) -> None: ...


S = TypeVar("S", bound=Versioned)


@dataclass(frozen=True)
class Migration(Generic[S]):
    version: int
    name: str
    run: Callable[[S], Awaitable[None]]


async def adopt_graph_ledger(store: Migratable, slice_size: int = 50_000) -> None:
    """``Seen`` nodes into the ledger set, so old events still count once.

    Each slice is added before its nodes are deleted: a crash in between
    leaves a key in both places, which is harmless.
    """
    while found := await store._read(cypher.ledger.READ_SOME_SEEN, {"limit": slice_size}):
        keys = [row.key for row in found]
        await store._add_to_ledger(keys)
        await store._write_all([Statement(cypher.ledger.DELETE_SEEN, {"keys": keys})])


async def adopt_graph_windows(store: Migratable, slice_size: int = 10_000) -> None:
    """``recent_logins`` properties into the windows' hash, merged with what
    it holds. A crash between the two steps leaves a window in both places;
    merging it again changes nothing (a merge is a union)."""
    while found := await store._read(cypher.ledger.READ_SOME_WINDOWS, {"limit": slice_size}):
        held = await store._stored_windows([row.id for row in found])
        merged = {
            row.id: logins.pack(
                logins.merge_window(logins.unpack(held.get(row.id)), logins.unpack(row.logins))
            )
            for row in found
        }
        await store._store_windows(merged)
        ids = [row.id for row in found]
        await store._write_all([Statement(cypher.ledger.CLEAR_WINDOWS, {"ids": ids})])


async def rekey_list_entries(store: Versioned) -> None:
    """List entries keyed by list and value joined with ':' (one statement:
    lists hold thousands of entries, not millions)."""
    await store._write_all([Statement(cypher.lists.REKEY_ENTRIES, {})])


_REKEY = "list entries keyed with a printable separator"
FALKORDB: tuple[Migration[Migratable], ...] = (
    Migration(1, "the ledger's Seen nodes into a Redis set", adopt_graph_ledger),
    Migration(2, "login windows from account properties into a Redis hash", adopt_graph_windows),
    Migration(3, _REKEY, rekey_list_entries),
)
NEO4J: tuple[Migration[Versioned], ...] = (Migration(1, _REKEY, rekey_list_entries),)


async def run_pending(store: S, migrations: Sequence[Migration[S]]) -> list[Migration[S]]:
    """Apply the migrations newer than the store's version, in order; those applied."""
    current = await store._schema_version()
    applied = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version > current:
            await migration.run(store)
            await store._set_schema_version(migration.version)
            applied.append(migration)
    return applied
