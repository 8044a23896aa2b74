"""Bulk conversion in worker processes stores exactly what a thread would."""

from __future__ import annotations

import asyncio
import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

from PIL import Image

from graph.falkordb_params import prerender
from graph.store import CypherStore
from identity.pii import PiiHasher
from service.ingest.convert import Converter
from service.ingest.pool import POOL_FROM_CHUNKS, ConversionPool, _count_portraits, _pieces
from service.ingest.types import Chunk, Line
from service.runtime import make_ingestor
from service.settings import Settings
from tests.conftest import lines


def _input(marketplace: list[dict[str, Any]], folder: Path) -> list[Line]:
    Image.new("RGB", (48, 48), (20, 90, 200)).save(folder / "face.png")
    portrait = {"type": "portrait", "account": "f1", "at": "2024-05-01T00:00:00Z",
                "path": "face.png"}  # fmt: skip
    out = lines(marketplace, "events.jsonl")
    out.insert(5, Line("events.jsonl:900", "{broken"))
    out.insert(9, Line("events.jsonl:901", json.dumps(portrait), folder))
    out.append(Line("events.jsonl:902", json.dumps(dict(portrait, path="nowhere.png")), folder))
    return out


async def _ingest(store: CypherStore, settings: Settings, items: list[Line]) -> Any:
    await store.drop()
    await store.ensure_schema()
    ingestor = make_ingestor(store, settings)
    ingestor.batch_size = 4
    assert len(items) >= POOL_FROM_CHUNKS * ingestor.batch_size  # the pool is used
    return await ingestor.ingest(items, keep_rejects=True), await store.dump()


async def test_worker_processes_and_a_thread_store_the_same_graph(
    store: CypherStore, tmp_path: Path, marketplace: list[dict[str, Any]]
) -> None:
    items = _input(marketplace, tmp_path)
    base = Settings(data_dir=tmp_path / "data", secret="s" * 32)
    by_thread, thread_dump = await _ingest(store, base.model_copy(update={"ingest_workers": 0}),
                                           items)  # fmt: skip
    by_pool, pool_dump = await _ingest(store, base.model_copy(update={"ingest_workers": 2}), items)
    assert pool_dump == thread_dump
    assert by_pool.accepted == by_thread.accepted == len(items) - 2
    # rejects come back in input order, with where they came from
    assert [(r.source, r.reason) for r in by_pool.rejects] == [
        (r.source, r.reason) for r in by_thread.rejects
    ]
    assert [r.source for r in by_pool.rejects] == ["events.jsonl:900", "events.jsonl:902"]
    assert (await store.counts())["Portrait"] == 1  # hashed in a worker, path resolved there


async def test_batches_overtaking_across_streams_keep_each_types_last_word(
    store: CypherStore, tmp_path: Path, marketplace: list[dict[str, Any]]
) -> None:
    """Slow portrait batches, then profile updates and a contract re-sent
    under one id: whatever the pool writes first, the graph is the one an
    in-order ingest makes (each type's own events keep their order)."""
    for i in range(6):
        Image.new("RGB", (64, 64), (40 * i, 90, 200 - 30 * i)).save(tmp_path / f"p{i}.png")
    base = {"type": "contract", "id": "ct-1", "client": "cl-1", "freelancer": "fl-1",
            "started_at": "2024-02-10T00:00:00Z"}  # fmt: skip
    account = next(e for e in marketplace if e["type"] == "account" and e["id"] == "fl-1")
    events: list[dict[str, Any]] = list(marketplace)
    for i in range(6):
        events.append({"type": "portrait", "account": "fl-1",
                       "at": f"2024-05-0{i + 1}T00:00:00Z", "path": f"p{i}.png"})  # fmt: skip
        events.append(dict(account, name=f"Ana Silva {i}", country=["PT", "ES"][i % 2]))
        events.append(dict(base, amount=100 + i))
    items = [Line(f"f:{i}", json.dumps(e), tmp_path) for i, e in enumerate(events)]
    settings = Settings(data_dir=tmp_path / "data", secret="s" * 32)
    _, in_order = await _ingest(store, settings.model_copy(update={"ingest_workers": 0}), items)
    _, pooled = await _ingest(store, settings.model_copy(update={"ingest_workers": 2}), items)
    assert pooled == in_order
    record = await store.account("fl-1")
    assert record is not None and record.name == "Ana Silva 5" and record.country == "ES"


async def test_a_pool_ingest_repeated_counts_only_the_new_events(
    store: CypherStore, tmp_path: Path, marketplace: list[dict[str, Any]]
) -> None:
    """On the second pass most events are in the ledger: the writer re-plans
    the counters from rows it rebuilds (they stay behind in the workers)."""
    items = _input(marketplace, tmp_path)
    account = next(e["id"] for e in marketplace if e["type"] == "account")
    extra = [
        Line(f"more.jsonl:{i}", json.dumps({"type": "login", "account": account,
             "at": f"2025-01-0{i + 1}T00:00:00Z", "device": "new-device", "ip": "10.0.0.1"}))
        for i in range(9)
    ]  # fmt: skip
    mixed = items[:]
    for i, line in enumerate(extra):  # batches holding both seen and new events
        mixed.insert(2 + 3 * i, line)
    base = Settings(data_dir=tmp_path / "data", secret="s" * 32)
    _, expected = await _ingest(store, base.model_copy(update={"ingest_workers": 0}), mixed)
    pool = base.model_copy(update={"ingest_workers": 2})
    await _ingest(store, pool, items)
    ingestor = make_ingestor(store, pool)
    ingestor.batch_size = 4
    await ingestor.ingest(mixed)
    assert await store.dump() == expected


def test_chunks_heavy_with_portraits_are_cut_so_workers_share_them() -> None:
    portrait = json.dumps({"type": "portrait", "account": "a", "at": "2024-05-01T00:00:00Z",
                           "data": "AAAA"}).encode()  # fmt: skip
    login = b'{"type": "login"}'
    texts: list[str | bytes] = [login, portrait, portrait, login, portrait, portrait, portrait,
                                 login]  # fmt: skip
    pieces = list(_pieces(Chunk(texts, None, "f", 10), most=2))
    assert [p.texts for p in pieces] == [texts[:3], texts[3:6], texts[6:]]
    assert [(p.first, p.source(0)) for p in pieces] == [(10, "f:10"), (13, "f:13"), (16, "f:16")]
    names = [f"api:{i}" for i in range(8)]
    named = Chunk([str(t) for t in texts], None, names=names)
    assert [p.names for p in _pieces(named, most=6)] == [names]  # light: left whole
    assert [p.names for p in _pieces(named, most=5)] == [names[:7], ["api:7"]]
    assert _count_portraits([portrait, portrait.decode(), login]) == 2  # mixed lines counted too


def test_a_worker_renders_without_importing_the_store() -> None:
    """What a worker unpickles to render statements leaves the store, its
    driver and the analytics unimported (each cost every worker start-up)."""
    from graph.store.falkordb import FalkorDBStore

    probe = (
        "import pickle, sys; import service.ingest.pool; "
        f"pickle.loads({pickle.dumps(FalkorDBStore.prerender)!r}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('redis', 'falkordb') "
        "or m in ('graph.store', 'graph.store.falkordb')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_pool_keeps_its_own_process_to_one_native_thread() -> None:
    """The ingesting process converts the first chunk itself: with BLAS's
    threads spinning beside it, that one chunk cost ~2 CPU-s on the demo."""
    probe = (
        "import threadpoolctl; from service.ingest.pool import ConversionPool; "
        "from service.ingest.convert import Converter; from identity.pii import PiiHasher; "
        "from graph.falkordb_params import prerender; "
        "ConversionPool(iter([]), Converter(PiiHasher(b'k' * 32), 1, 1), prerender, 1).close(); "
        "print(sorted({i['num_threads'] for i in threadpoolctl.threadpool_info()}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[1]"


async def test_while_the_writer_is_busy_the_workers_convert_on() -> None:
    """A write can take a second: the pool keeps converting (within its
    read-ahead) instead of waiting for the writer to ask for the next batch."""
    login = {"type": "login", "account": "a", "device": "d", "ip": "10.0.0.1"}
    chunks = [
        Chunk([json.dumps(dict(login, at=f"2024-01-{i + 1:02d}T00:00:00Z")).encode()], None, "f", i)
        for i in range(12)
    ]
    pool = ConversionPool(iter(chunks), Converter(PiiHasher(b"k" * 32), 1, 1), prerender, 1)
    try:
        first = await pool.next_converted()  # then the writer is busy for a while
        assert first is not None and first.accepted == 1
        for _ in range(400):
            waiting = [p for queue in pool._pending for p in queue]
            if len(waiting) == 11 and all(p.future.done() for p in waiting):
                break
            await asyncio.sleep(0.05)
        assert len(waiting) == 11 and all(p.future.done() for p in waiting)
        rest = [await pool.next_converted() for _ in range(12)]
        assert [c.accepted for c in rest[:11] if c] == [1] * 11 and rest[11] is None
    finally:
        pool.close()
