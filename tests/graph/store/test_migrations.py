"""Data migrations run once per store, in order, and only where pending."""

from __future__ import annotations

from graph import cypher
from graph.plan import Statement
from graph.store import migrations
from graph.store.falkordb import FalkorDBStore


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

    def step(version: int) -> migrations.Migration:
        async def run(store: migrations.Migratable) -> None:
            ran.append(version)

        return migrations.Migration(version, f"step {version}", run)

    await falkordb._set_schema_version(1)
    applied = await migrations.run_pending(falkordb, [step(3), step(1), step(2)])
    assert ran == [2, 3] and [m.version for m in applied] == [2, 3]
    assert await falkordb._schema_version() == 3
