"""FalkorDB adapter specifics: parameters its lexer cannot read still give
answers; the idempotency ledger and the login windows that live beside the
graph; commands packed in C."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import redis.asyncio

from graph import cypher
from graph.codec import ScoreRecord
from graph.cypher.query import Query, Read
from graph.cypher.rows import Count, Id
from graph.dialect import schema_items
from graph.embedded import EmbeddedFalkorDB
from graph.errors import StoreQueryError, StoreUnavailable
from graph.falkordb_params import params_header
from graph.model import WriteBatch
from graph.plan import Counted, Statement
from graph.store import CypherStore, migrations
from graph.store.falkordb import FalkorDBStore, _PackedInC
from service.ingest.pool import POOL_FROM_CHUNKS
from service.runtime import make_ingestor
from service.settings import Settings
from tests.conftest import account_row, lines


class _Echo(NamedTuple):
    said: str
    b: int


def test_control_characters_become_replacement_characters() -> None:
    header = params_header({"id": "a\x00b", "text": "line\nnext\ttab\x07"})
    assert "\x00" not in header and "\x07" not in header
    assert header == 'CYPHER id="a\ufffdb" text="line\\nnext\\ttab\ufffd" '


async def test_nested_maps_and_quoted_colons_survive_the_fast_encoding(
    store: CypherStore,
) -> None:
    said = 'she said "ok": fine'
    header = params_header({"rows": [{"a": {"b": 1}}], "said": said})
    assert '"b"' not in header and '"a"' not in header  # the client's encoder, keys bare
    echo = Read("T", "RETURN $said AS said, $rows[0].a.b AS b", _Echo)
    found = await store._read(echo, {"said": said, "rows": [{"a": {"b": 1}}]})
    assert [(r.said, r.b) for r in found] == [(said, 1)]


async def test_lookups_with_control_characters_find_nothing(store: CypherStore) -> None:
    assert await store.account("\x00") is None
    assert await store.search("\x01x", 5) == []
    assert await store.badges(["a\x00", "\x1f"]) == []


# --- the idempotency ledger (a Redis set next to the graph) ------------------


def _login(account: str, at: str) -> dict[str, str]:
    return {"type": "login", "account": account, "at": at, "device": "dev-1", "ip": "10.0.0.1"}


async def _device_count(store: FalkorDBStore, account: str) -> int:
    uses = Read("T", "MATCH (:Account {id: $id})-[u:USED_DEVICE]->() RETURN u.count AS n", Count)
    found = await store._read(uses, {"id": account})
    return int(found[0].n)


async def _ledger_size(store: FalkorDBStore) -> int:
    return int(await store._db.connection.scard(store._ledger))


async def test_ledger_is_a_set_beside_the_graph_and_counts_once(
    falkordb: FalkorDBStore, settings: Settings
) -> None:
    events = [_login("a", "2025-01-01T00:00:00Z"), _login("a", "2025-01-02T00:00:00Z")]
    ingestor = make_ingestor(falkordb, settings)
    for _ in range(2):
        await ingestor.ingest(lines(events))
    assert await _device_count(falkordb, "a") == 2
    assert await _ledger_size(falkordb) == 2
    assert "Seen" not in await falkordb.counts()
    # a batch of old and new events: only the new one counts
    await ingestor.ingest(lines([*events, _login("a", "2025-01-03T00:00:00Z")]))
    assert await _device_count(falkordb, "a") == 3
    assert await _ledger_size(falkordb) == 3
    await falkordb.drop()
    assert await _ledger_size(falkordb) == 0


async def test_a_failed_counting_query_leaves_its_events_unseen(falkordb: FalkorDBStore) -> None:
    broken = Statement(Query("BROKEN", "UNWIND $rows AS r MERGE (a:Account {id: r.id}) RETURN x"), {
        "rows": [{"id": "a"}]
    })  # fmt: skip
    with pytest.raises(StoreQueryError):
        await falkordb._write_counted([Counted(broken, ["k1", "k2"])])
    assert await falkordb._seen(["k1", "k2"]) == set()
    good = Statement(
        Query("GOOD", "UNWIND $rows AS r MERGE (:Account {id: r.id})"), {"rows": [{"id": "a"}]}
    )
    await falkordb._write_counted([Counted(good, ["k1", "k2"])])
    assert await falkordb._seen(["k1", "k2", "k3"]) == {"k1", "k2"}


async def test_a_busy_server_is_waited_for_and_nothing_runs_twice(
    falkordb: FalkorDBStore, embedded: EmbeddedFalkorDB
) -> None:
    """A server past its busy-reply-threshold answers BUSY and runs nothing
    (as it does while preparing an AOF rewrite's fork): each kind of call
    goes again once it is free, and a counted write counts once."""
    side = redis.asyncio.Redis(unix_socket_path=str(embedded.socket_path))
    spinner = redis.asyncio.Redis(unix_socket_path=str(embedded.socket_path))
    threshold = str((await side.config_get("busy-reply-threshold"))["busy-reply-threshold"])
    await side.config_set("busy-reply-threshold", 50)
    try:
        spin = asyncio.ensure_future(spinner.eval("while true do end", 0))
        await asyncio.sleep(0.3)
        with pytest.raises(redis.exceptions.ResponseError, match=r"^BUSY"):
            await side.get("anything")  # the server is busy now
        merge = Query("MERGE_A", "UNWIND $rows AS r MERGE (:Account {id: r.id})")
        calls = asyncio.gather(
            falkordb._write_counted([Counted(Statement(merge, {"rows": [{"id": "a"}]}), ["k1"])]),
            falkordb._read(Read("N", "MATCH (a:Account) RETURN count(a) AS n", Count)),
            falkordb._seen(["k1"]),
        )
        await asyncio.sleep(0.5)
        await side.script_kill()
        with pytest.raises(redis.exceptions.ResponseError):
            await spin  # killed
        await calls
    finally:
        await side.config_set("busy-reply-threshold", threshold)
        await side.aclose()
        await spinner.aclose()
    assert await falkordb._seen(["k1"]) == {"k1"}
    (count,) = await falkordb._read(Read("N", "MATCH (a:Account) RETURN count(a) AS n", Count))
    assert count.n == 1


async def test_graph_ledger_of_older_stores_is_taken_over(
    falkordb: FalkorDBStore, settings: Settings
) -> None:
    events = [_login("a", "2025-01-01T00:00:00Z"), _login("a", "2025-01-02T00:00:00Z")]
    await make_ingestor(falkordb, settings).ingest(lines(events))
    # what a store written by an earlier trustmesh holds: Seen nodes, no set
    keys = sorted(await falkordb._db.connection.smembers(falkordb._ledger))
    await falkordb._db.connection.delete(falkordb._ledger)
    await falkordb._write_all([Statement(cypher.ledger.MARK_SEEN, {"keys": keys})])
    await migrations.adopt_graph_ledger(falkordb, slice_size=1)
    assert "Seen" not in await falkordb.counts()
    assert await falkordb._seen(keys) == set(keys)
    await make_ingestor(falkordb, settings).ingest(lines(events))
    assert await _device_count(falkordb, "a") == 2


# --- login windows (a Redis hash next to the graph) --------------------------


async def _window_properties(store: FalkorDBStore) -> list[str]:
    holders = Read(
        "T",
        "MATCH (a:Account) WHERE a.recent_logins IS NOT NULL RETURN a.id AS id ORDER BY a.id",
        Id,
    )
    return [row.id for row in await store._read(holders)]


async def test_login_windows_live_beside_the_graph_and_read_back_everywhere(
    falkordb: FalkorDBStore, settings: Settings
) -> None:
    days = [f"2025-01-0{d}T00:00:00Z" for d in (3, 1, 2)]
    await make_ingestor(falkordb, settings).ingest(lines([_login("a", at) for at in days]))
    assert await _window_properties(falkordb) == []  # nothing in the graph
    held = await falkordb._db.connection.hget(falkordb._windows_key, "a")
    assert [e.split("\t")[0] for e in held.split("\n")] == ["1735689600", "1735776000",
                                                           "1735862400"]  # fmt: skip
    record = await falkordb.account("a")
    assert record is not None and [x.at for x in record.recent_logins] == [
        1735689600, 1735776000, 1735862400
    ]  # fmt: skip
    projection = await falkordb.project()
    assert [x.at for x in projection.logins_of(projection.index["a"])] == [
        1735689600, 1735776000, 1735862400
    ]  # fmt: skip
    local = await falkordb.project(["a"])
    assert len(local.logins_of(local.index["a"])) == 3
    (account,) = [dict(props) for label, props in (await falkordb.dump()).nodes
                  if label == "Account"]  # fmt: skip
    assert account["recent_logins"] == held
    await falkordb.drop()
    assert not await falkordb._db.connection.exists(falkordb._windows_key)


async def test_graph_windows_of_older_stores_are_taken_over(
    falkordb: FalkorDBStore, settings: Settings
) -> None:
    ingestor = make_ingestor(falkordb, settings)
    await ingestor.ingest(lines([_login(a, "2025-01-02T00:00:00Z") for a in ("a", "b", "c")]))
    # what an earlier trustmesh left: windows as account properties ("a" and
    # "b"), and one account ("a") that already has newer logins in the hash
    old = {"a": "1735603200\told-pc\t10.0.0.9\t\t\t", "b": "1735603200\tb-pc\t10.0.0.8\t\t\t"}
    rows = [{"id": account_id, "logins": window} for account_id, window in old.items()]
    await falkordb._write_all([Statement(cypher.ledger.WRITE_LOGIN_WINDOWS, {"rows": rows})])
    await falkordb._db.connection.hdel(falkordb._windows_key, "b")
    await migrations.adopt_graph_windows(falkordb, slice_size=1)
    assert await _window_properties(falkordb) == []
    for account_id, devices in (("a", ["old-pc", "dev-1"]), ("b", ["b-pc"]), ("c", ["dev-1"])):
        record = await falkordb.account(account_id)
        assert record is not None
        assert [x.device for x in record.recent_logins] == devices, account_id


@pytest.mark.parametrize(
    "args",
    [
        ("PING",),
        ("CONFIG GET", "appendfsync"),
        ("SADD", "g:seen", *[f"{i:032x}" for i in range(3000)]),
        ("HSET", "g:logins", "acc-1", "1700000000\tdév\t10.0.0.1\tPT\t38.7\t-9.1\n17\td", "b", ""),
        ("GRAPH.QUERY", "g", 'CYPHER x="ü\\n" RETURN $x', "--compact"),
        (b"GET", b"\x00\xff", 7, -3),
    ],
)
def test_commands_packed_in_c_are_the_bytes_redis_py_sends(
    args: tuple[str | bytes | int, ...],
) -> None:
    ours = _PackedInC(path="/nonexistent").pack_command(*args)
    theirs = redis.asyncio.UnixDomainSocketConnection(path="/nonexistent").pack_command(*args)
    assert b"".join(ours) == b"".join(theirs)


def test_the_store_packs_its_commands_in_c(falkordb: FalkorDBStore) -> None:
    assert falkordb._db.connection.connection_pool.connection_class is _PackedInC


class _IndexWatcher(FalkorDBStore):
    """The real store, noting which indexes exist whenever it writes."""

    indexed: list[set[tuple[str, str]]]

    async def _write_all(self, statements: Sequence[Statement]) -> None:
        self.indexed.append(await self._indexed())
        await super()._write_all(statements)


async def test_a_bulk_load_into_an_empty_graph_leaves_every_index_in_place(
    embedded: EmbeddedFalkorDB, settings: Settings, marketplace: list[dict[str, Any]]
) -> None:
    # FalkorDB 4.16 rebuilds a label's whole index to add a field, and a query
    # scanning the old one meanwhile crashed the server: loads never drop one
    store = _IndexWatcher(embedded.socket_path, f"t{uuid.uuid4().hex[:12]}")
    store.indexed = []
    await store.ensure_schema()
    everything = {(item.label, item.prop) for item in schema_items()}
    ingestor = make_ingestor(store, settings.model_copy(update={"ingest_workers": 2}))
    ingestor.batch_size = 4
    assert len(marketplace) >= POOL_FROM_CHUNKS * ingestor.batch_size  # the bulk path
    try:
        report = await ingestor.ingest(lines(marketplace))
        assert report.rejected == 0 and len(store.indexed) > 3
        assert all(indexed == everything for indexed in store.indexed)
        assert await store._indexed() == everything
    finally:
        await store.drop()
        await store.close()


async def test_start_up_returns_once_the_indexes_it_created_are_built(
    falkordb: FalkorDBStore,
) -> None:
    # a store that lacks a lookup index (a load killed by an older version,
    # which dropped them) gets it at start-up, before anything is written
    await falkordb._call("seed", _MANY_ACCOUNTS, None, read_only=False)
    await falkordb._call("drop", "DROP INDEX FOR (n:Account) ON (n.name)", None, read_only=False)
    await falkordb._indexes_built()  # dropping a field rebuilds the label's index too
    assert ("Account", "name") not in await falkordb._indexed()
    await falkordb.ensure_schema()
    statuses = await falkordb._read(cypher.schema.FALKORDB_INDEX_STATUS)
    assert {row.status for row in statuses} == {"OPERATIONAL"}
    found = await falkordb.search("n199999", 5)  # through the rebuilt name index
    assert [hit.id for hit in found] == ["199999"]


_MANY_ACCOUNTS = """
UNWIND range(1, 200000) AS i
CREATE (:Account {id: toString(i), name: 'n' + toString(i), status: 'ACTIVE'})
"""


async def test_has_scores_is_answered_from_the_band_index(falkordb: FalkorDBStore) -> None:
    await falkordb.write(WriteBatch(accounts=[account_row(f"a{i}", "Ana") for i in range(3)]))
    assert not await falkordb.has_scores()
    explain = falkordb._db.connection.execute_command
    plan = await explain("GRAPH.EXPLAIN", falkordb._graph_name, cypher.reads.HAS_SCORES.text)
    assert any("Index Scan" in step for step in plan), plan  # not a scan of every account
    score = ScoreRecord("a1", 42.0, "CAUTION", {}, (), None, None, None)
    await falkordb.write_scores("run-1", [score])
    assert await falkordb.has_scores()


async def test_a_store_without_its_server_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match=r"no-server\.sock"):
        FalkorDBStore(tmp_path / "no-server.sock", "g")
