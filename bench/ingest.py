"""Ingest throughput on the embedded store, validation included.

Usage: python bench/ingest.py [--accounts 100000] [--seed 2026] [--repeat 1]

Prints, for each of ``--repeat`` rounds, each measurement on its own fresh
embedded FalkorDB:
* the baseline: raw ``UNWIND … MERGE`` rows/s (two node merges and one
  relationship per row, batches of 2,000, merge keys indexed) — the engine's
  speed with no parsing, validation, hashing or idempotency ledger;
* trustmesh's end-to-end ingest of a demo marketplace (read JSONL, validate,
  normalise and hash PII, hash portraits, check texts, plan, write), in
  events/s, and its ratio to the mean of the baseline measured just before
  and just after it. Target: >= 40,000 events/s on a 2-core machine;
* the same without the demo's pictures (portrait and portfolio events):
  decoding and hashing a picture costs as much as hundreds of other events,
  so the demo's few pictures take a large share of the ingest's CPU and are
  measured apart;
* where the ingest's CPU went (Linux ``/proc``): the database server, this
  process, and the rest of the machine's busy time (the conversion workers,
  plus whatever else ran), against the wall time times the cores. The host's
  speed swings by up to 2x within minutes, so the ratio to a baseline measured
  in the same round is the figure to compare across runs; with several
  rounds the medians close the output.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import demo, machine
from graph.cypher.query import Query
from graph.embedded import EmbeddedFalkorDB
from graph.plan import Statement
from graph.store.falkordb import FalkorDBStore
from service.runtime import DEFAULT_GRAPH, make_ingestor
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
        await store._write_all(
            [Statement(Query("BASELINE", BASELINE), {"rows": data[i : i + 2000]})]
        )
    elapsed = time.perf_counter() - started
    await store.drop()
    await store.close()
    return rows / elapsed


def _ticks(fields: list[str]) -> float:
    return sum(int(f) for f in fields) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU-seconds all cores have been busy since boot (user, nice, system, irq, softirq)."""
    cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    return _ticks([cpu[0], cpu[1], cpu[2], cpu[5], cpu[6]])


def process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return _ticks(fields[11:13])  # utime, stime


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Ingested:
    accepted: int
    rejected: int
    seconds: float
    cpu: dict[str, float] | None  # CPU-seconds by who spent them (None off Linux)


async def ingest(server: EmbeddedFalkorDB, events: Path) -> Ingested:
    settings = Settings(data_dir=server.data_dir)
    store = FalkorDBStore(server.socket_path, settings.graph_name or DEFAULT_GRAPH)
    await store.ensure_schema()
    assert server.pid is not None  # started by on_fresh_server
    try:
        before = (machine_busy(), process_cpu(server.pid), own_cpu())
    except OSError:
        before = None
    report = await make_ingestor(store, settings).ingest_files([str(events)])
    cpu = None
    if before is not None:
        busy, server_cpu, own = (
            machine_busy() - before[0],
            process_cpu(server.pid) - before[1],
            own_cpu() - before[2],
        )
        cpu = {"busy": busy, "server": server_cpu, "own": own, "rest": busy - server_cpu - own}
    await store.close()
    return Ingested(report.accepted, report.rejected, report.seconds, cpu)


PICTURES = ("portrait", "portfolio")


def without_pictures(events: Path) -> Path:
    """The demo's events but its pictures, written once beside it."""
    out = events.with_name("events-without-pictures.jsonl")
    if not out.exists():
        pending = out.with_suffix(".partial")
        with events.open("rb") as source, pending.open("wb") as sink:
            for line in source:
                # only lines naming a picture type are parsed (a message may say "portrait")
                named = b'"portrait"' in line or b'"portfolio"' in line
                if named and json.loads(line).get("type") in PICTURES:
                    continue
                sink.write(line)
        pending.rename(out)
    return out


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


def report(label: str, what: str, run: Ingested, base: float) -> float:
    """Print one ingest's figures; return its ratio to the baseline ``base``."""
    rate = run.accepted / run.seconds
    print(
        f"{label}trustmesh ingest of {what}: {run.accepted:,} events "
        f"({run.rejected} rejected) in {run.seconds:.1f}s = {rate:,.0f} events/s "
        f"({rate / base:.2f}x baseline rows/s); target >= 40,000 events/s"
    )
    if run.cpu is not None:
        cores = os.cpu_count() or 1
        c = run.cpu
        print(
            f"{label}  CPU-seconds: server {c['server']:.1f}, this process {c['own']:.1f}, "
            f"workers and the rest {c['rest']:.1f}; machine busy {c['busy']:.1f} of "
            f"{run.seconds * cores:.1f} ({c['busy'] / (run.seconds * cores):.0%})",
            flush=True,
        )
    return rate / base


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=1, help="rounds of baseline + ingests")
    args = parser.parse_args()
    events = demo(args.accounts, args.seed) / "events.jsonl"
    workloads = {
        f"the {args.accounts:,}-account demo": events,
        "the same without its pictures": without_pictures(events),
    }
    print(f"machine: {machine()}", flush=True)
    figures: dict[str, list[tuple[float, float]]] = {what: [] for what in workloads}
    for round_ in range(1, args.repeat + 1):
        label = f"[{round_}/{args.repeat}] " if args.repeat > 1 else ""
        before = on_fresh_server(baseline)
        print(f"{label}baseline raw UNWIND MERGE (2 nodes + 1 rel per row): {before:,.0f} rows/s")
        for what, path in workloads.items():
            run = on_fresh_server(partial(ingest, events=path))
            after = on_fresh_server(baseline)
            print(f"{label}baseline after it: {after:,.0f} rows/s")
            base = (before + after) / 2  # the host drifts: bracket each ingest
            ratio = report(label, what, run, base)
            figures[what].append((run.accepted / run.seconds, ratio))
            before = after
    if args.repeat > 1:
        for what, runs in figures.items():
            print(
                f"median of {args.repeat} rounds, {what}: "
                f"{statistics.median(rate for rate, _ in runs):,.0f} events/s, "
                f"{statistics.median(ratio for _, ratio in runs):.2f}x baseline"
            )


if __name__ == "__main__":
    main()
