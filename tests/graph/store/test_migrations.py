"""Data migrations run once per store, in order, and only where pending."""

from __future__ import annotations

from graph import cypher
from graph.plan import Statement
from graph.store import CypherStore, migrations
from graph.store.falkordb import FalkorDBStore
from graph.store.neo4j import Neo4jStore


async def _plant_seen_nodes(store: FalkorDBStore, keys: list[str]) -> None:
    """What a store written before the ledger moved into a set holds."""
    await store._write_all([Statement(cypher.ledger.MARK_SEEN, {"keys": keys})])


async def test_a_new_store_is_at_the_latest_version(falkordb: FalkorDBStore) -> None:
    latest = max(m.version for m in migrations.FALKORDB)
    assert await falkordb._schema_version() == latest
    assert await migrations.run_pending(falkordb, migrations.FALKORDB) == []


async def test_an_older_store_is_migrated_at_start_and_remembers_it(
    falkordb: FalkorDBStore,
) -> None:
    await falkordb._db.connection.delete(falkordb._version_key)  # as written before versions
    await _plant_seen_nodes(falkordb, ["k1", "k2"])
    await falkordb.ensure_schema()
    assert "Seen" not in await falkordb.counts()
    assert await falkordb._seen(["k1", "k2", "k3"]) == {"k1", "k2"}
    assert await falkordb._schema_version() == max(m.version for m in migrations.FALKORDB)


async def test_an_applied_migration_does_not_run_again(falkordb: FalkorDBStore) -> None:
    await _plant_seen_nodes(falkordb, ["late"])
    await falkordb.ensure_schema()
    assert (await falkordb.counts()).get("Seen") == 1  # the store was already migrated


async def test_pending_migrations_run_in_version_order(falkordb: FalkorDBStore) -> None:
    ran: list[int] = []

    def step(version: int) -> migrations.Migration[migrations.Migratable]:
        async def run(store: migrations.Migratable) -> None:
            ran.append(version)

        return migrations.Migration(version, f"step {version}", run)

    await falkordb._set_schema_version(1)
    applied = await migrations.run_pending(falkordb, [step(3), step(1), step(2)])
    assert ran == [2, 3] and [m.version for m in applied] == [2, 3]
    assert await falkordb._schema_version() == 3


async def test_list_entries_keyed_the_old_way_are_keyed_again(store: CypherStore) -> None:
    """Entries once keyed with a control character (U+FFFD as FalkorDB kept
    it) are found by list and value after the store's next start."""
    await store.create_list({"name": "bad-devices", "kind": "device", "effect": "deny",
                             "action": "RESTRICTION", "suppress": [], "description": "",
                             "at": 1, "by": "ann"})  # fmt: skip
    old = {"key": "bad-devices\x1fdev-3", "value": "dev-3", "added_by": "ann", "reason": "r",
           "added_at": 1, "expires_at": None}  # fmt: skip
    await store._write_all(
        [Statement(cypher.lists.ADD_ENTRIES, {"name": "bad-devices", "rows": [old]})]
    )
    earlier = {FalkorDBStore: 2, Neo4jStore: 0}[type(store)]
    await store._set_schema_version(earlier)
    await store.ensure_schema()
    assert await store._schema_version() > earlier
    assert await store.remove_list_entries("bad-devices", ["dev-3"]) == 1
    assert await store.list_entries("bad-devices", 10) == []
