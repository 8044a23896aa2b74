"""Ingest throughput on the embedded store, validation included.

Usage: python bench/ingest.py [--accounts 100000] [--seed 2026]

Prints, from one run on one fresh embedded FalkorDB:
* the baseline: raw ``UNWIND … MERGE`` rows/s (two node merges and one
  relationship per row, batches of 2,000, merge keys indexed) — the engine's
  speed with no parsing, validation, hashing or idempotency ledger;
* trustmesh's end-to-end ingest of a demo marketplace (read JSONL, validate,
  normalise and hash PII, hash portraits, plan, write), in events/s, and its
  ratio to the baseline. Target: >= 40,000 events/s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import demo, machine
from graph.embedded import EmbeddedFalkorDB
from graph.falkordb_store import FalkorDBStore
from graph.plan import Statement
from service.runtime import make_ingestor
from service.settings import Settings

T = TypeVar("T")

BASELINE = """
UNWIND $rows AS r
MERGE (a:Account {id: r.a})
MERGE (d:Device {id: r.d})
MERGE (a)-[:USED_DEVICE]->(d)
"""


async def baseline(server: EmbeddedFalkorDB, rows: int = 50_000) -> float:
    store = FalkorDBStore(server.socket_path, "baseline")
    await store.ensure_schema()
    data = [{"a": f"a{i % (rows // 3)}", "d": f"d{i}"} for i in range(rows)]
    started = time.perf_counter()
    for i in range(0, rows, 2000):
        await store._write_all([Statement("BASELINE", BASELINE, {"rows": data[i : i + 2000]})])
    elapsed = time.perf_counter() - started
    await store.drop()
    await store.close()
    return rows / elapsed


async def ingest(server: EmbeddedFalkorDB, events: Path) -> tuple[int, int, float]:
    settings = Settings(data_dir=server.data_dir)
    store = FalkorDBStore(server.socket_path, settings.graph_name)
    await store.ensure_schema()
    report = await make_ingestor(store, settings).ingest_files([str(events)])
    await store.close()
    return report.accepted, report.rejected, report.seconds


def on_fresh_server(work: Callable[[EmbeddedFalkorDB], Coroutine[Any, Any, T]]) -> T:
    """Each measurement on its own server: the baseline graph, dropped, was
    still being freed in the background while the ingest ran after it."""
    data_dir = Path(tempfile.mkdtemp(prefix="tmb-", dir="/tmp"))
    server = EmbeddedFalkorDB(data_dir).start()
    try:
        return asyncio.run(work(server))
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    folder = demo(args.accounts, args.seed)
    base = on_fresh_server(baseline)
    accepted, rejected, seconds = on_fresh_server(
        lambda server: ingest(server, folder / "events.jsonl")
    )
    rate = accepted / seconds
    print(f"machine: {machine()}")
    print(f"baseline raw UNWIND MERGE (2 nodes + 1 rel per row): {base:,.0f} rows/s")
    print(
        f"trustmesh ingest of {args.accounts:,}-account demo: {accepted:,} events "
        f"({rejected} rejected) in {seconds:.1f}s = {rate:,.0f} events/s "
        f"({rate / base:.2f}x baseline rows/s); target >= 40,000 events/s"
    )


if __name__ == "__main__":
    main()
