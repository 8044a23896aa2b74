"""FalkorDB and Neo4j side by side: same answers, and the speed of each.

Usage: python bench/engines.py [--compare 20000] [--accounts 100000] [--seed 4242]
                               [--seconds 10] [--only compare|speed]

Starts a fresh embedded FalkorDB and a fresh Neo4j (``scripts/neo4j``, needs
Java 17+ and Maven) and prints:

* **equivalence**: a ``--compare``-account demo ingested into each engine
  (nine tenths, a nightly rescore, then the rest rescored at ingest), the two
  score exports compared with ``trustmesh``'s own export comparison; every
  difference is printed (none is the target);
* **speed**, for each engine on a ``--accounts`` demo:
  - the baseline, raw ``UNWIND … MERGE`` rows/s (two node merges and one
    relationship per row, batches of 2,000, merge keys indexed);
  - trustmesh's end-to-end ingest in events/s, and its ratio to the baseline;
  - a full rescore, by stage;
  - ``trustBadge`` latency at 500 req/s and ``account(id)`` with every
    evidence section at 20 req/s, over HTTP through ``trustmesh serve``
    (one uvicorn worker; the client in this process, open loop).

The cores are shared by the database, the server and the client.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api import ACCOUNT, BADGE, _port, _request, open_loop, summary
from bench.common import demo, machine
from bench.ingest import BASELINE
from graph.cypher.query import Query
from graph.embedded import EmbeddedFalkorDB
from graph.plan import Statement
from graph.store import CypherStore
from graph.store.falkordb import FalkorDBStore
from graph.store.neo4j import Neo4jStore
from service.batch import export_differences, score_lines
from service.ingest.types import Line
from service.keys import create_key
from service.rescore import rescore
from service.runtime import make_ingestor
from service.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
NOW = 1_735_689_600  # 2025-01-01: both engines score at the same instant
SECRET = "bench-engines-secret"  # a shared store needs one hashing key for every process


class Engines:
    """A fresh embedded FalkorDB and a fresh Neo4j, with a process env for each."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.falkordb = EmbeddedFalkorDB(work / "falkordb", fsync="everysec").start()
        launcher = ROOT / "scripts" / "neo4j"
        started = subprocess.run(
            [str(launcher), "start", "--data", str(work / "neo4j")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if started.returncode != 0:
            self.falkordb.stop()
            raise SystemExit("scripts/neo4j could not start Neo4j:\n" + started.stderr[-3000:])
        self.neo4j_url = started.stdout.strip().splitlines()[-1]

    def open(self, engine: str, graph: str) -> CypherStore:
        if engine == "falkordb":
            return FalkorDBStore(self.falkordb.socket_path, graph)
        return Neo4jStore(self.neo4j_url, None, None)

    def env(self, engine: str, graph: str) -> dict[str, str]:
        common = {**os.environ, "TRUSTMESH_DATA_DIR": str(self.work / "falkordb"),
                  "TRUSTMESH_RATE_LIMIT": "0", "TRUSTMESH_GRAPH_NAME": graph,
                  "TRUSTMESH_SECRET": SECRET}  # fmt: skip
        if engine == "neo4j":
            common.pop("TRUSTMESH_GRAPH_NAME")
            common["TRUSTMESH_GRAPH_URL"] = self.neo4j_url
        return common

    @asynccontextmanager
    async def fresh(self, engine: str, graph: str) -> AsyncIterator[CypherStore]:
        store = self.open(engine, graph)
        await store.drop()
        await store.ensure_schema()
        try:
            yield store
        finally:
            await store.close()

    def stop(self) -> None:
        subprocess.run([str(ROOT / "scripts" / "neo4j"), "stop", "--data",
                        str(self.work / "neo4j")], capture_output=True, check=False)  # fmt: skip
        self.falkordb.stop()


ENGINES = ("falkordb", "neo4j")


async def export_of(engines: Engines, engine: str, folder: Path) -> list[dict[str, object]]:
    """Nine tenths, a nightly rescore, the rest rescored at ingest; the export."""
    events = (folder / "events.jsonl").read_text().splitlines()
    later = len(events) * 9 // 10
    settings = Settings(data_dir=engines.work / "settings", secret=SECRET)
    async with engines.fresh(engine, "equivalence") as store:
        ingestor = make_ingestor(store, settings)
        await ingestor.ingest([Line(f"e:{i}", t, folder) for i, t in enumerate(events[:later])])
        await rescore(store, now=NOW)
        ingestor.rescore_on_ingest = "on"
        await ingestor.ingest([Line(f"e:{i}", t, folder) for i, t in enumerate(events[later:])])
        exported = score_lines(await store.scores())
        await store.drop()
    return exported


async def compare(engines: Engines, accounts: int, seed: int) -> None:
    folder = demo(accounts, seed)
    started = time.perf_counter()
    falkordb = await export_of(engines, "falkordb", folder)
    neo4j = await export_of(engines, "neo4j", folder)
    differences = export_differences(falkordb, neo4j)
    identical = json.dumps(falkordb) == json.dumps(neo4j)
    print(f"equivalence at {accounts:,} accounts (seed {seed}): {len(falkordb):,} and "
          f"{len(neo4j):,} accounts exported, {len(differences)} differences, "
          f"byte-identical: {identical} ({time.perf_counter() - started:.0f} s)")  # fmt: skip
    for line in differences:
        print("  " + line)


async def baseline(store: CypherStore, rows: int = 50_000) -> float:
    data = [{"a": f"a{i % (rows // 3)}", "d": f"d{i}"} for i in range(rows)]
    started = time.perf_counter()
    for i in range(0, rows, 2000):
        await store._write_all(
            [Statement(Query("BASELINE", BASELINE), {"rows": data[i : i + 2000]})]
        )
    return rows / (time.perf_counter() - started)


async def load(engines: Engines, engine: str, folder: Path) -> tuple[dict[str, str], list[str]]:
    """Baseline, ingest and rescore on one engine; the keys and ids to query."""
    async with engines.fresh(engine, "baseline") as store:
        base = await baseline(store)
        await store.drop()
    settings = Settings(data_dir=engines.work / "falkordb", secret=SECRET, rescore_on_ingest="off")
    async with engines.fresh(engine, "speed") as store:
        report = await make_ingestor(store, settings).ingest_files([str(folder / "events.jsonl")])
        rate = report.accepted / report.seconds
        print(f"{engine}: baseline {base:,.0f} rows/s; ingest {report.accepted:,} events in "
              f"{report.seconds:.1f} s, {rate:,.0f} events/s, ratio {rate / base:.2f}")  # fmt: skip
        scored = await rescore(store, now=NOW)
        stages = ", ".join(f"{name} {s:.1f} s" for name, s in scored.timings.items())
        print(f"{engine}: rescore {sum(scored.timings.values()):.1f} s ({stages})")
        roles = ("frontend", "investigator")
        keys = {role: await create_key(store, role, "bench") for role in roles}
        ids = [record.account for record in await store.scores()]
    return keys, ids


async def latencies(port: int, keys: dict[str, str], ids: list[str], seconds: float) -> None:
    rng = random.Random(1)

    def gql(query: str, variables: dict[str, object], role: str) -> bytes:
        body = json.dumps({"query": query, "variables": variables}).encode()
        return _request(port, "/graphql", body, keys[role])

    badges = [gql(BADGE, {"id": rng.choice(ids)}, "frontend") for _ in range(2000)]
    pages = [gql(ACCOUNT, {"id": i}, "investigator") for i in rng.sample(ids, 1000)]
    await open_loop(port, badges[:200], 100, 2.0)  # warm up imports, caches, connections
    for name, requests, rate, target in (("trustBadge at 500 req/s", badges, 500, 10),
                                         ("account(id) at 20 req/s", pages, 20, 50)):  # fmt: skip
        print("  " + summary(name, await open_loop(port, requests, rate, seconds), target))


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def speed(engines: Engines, engine: str, folder: Path, seconds: float) -> None:
    keys, ids = asyncio.run(load(engines, engine, folder))
    port = _port()
    log = engines.work / f"serve-{engine}.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
            env=engines.env(engine, "speed"), stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        while not _answers(port):
            if server.poll() is not None:
                raise SystemExit(f"trustmesh serve on {engine} exited:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        print(f"{engine}: over HTTP")
        asyncio.run(latencies(port, keys, ids, seconds))
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", type=int, default=20_000, help="accounts to compare")
    parser.add_argument("--accounts", type=int, default=100_000, help="accounts to time")
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--only", choices=("compare", "speed"))
    args = parser.parse_args()
    print(f"machine: {machine()}")
    work = Path(tempfile.mkdtemp(prefix="tmg-", dir="/tmp"))
    engines = Engines(work)
    try:
        if args.only != "speed":
            asyncio.run(compare(engines, args.compare, args.seed))
        if args.only != "compare":
            folder = demo(args.accounts, args.seed)
            for engine in ENGINES:
                speed(engines, engine, folder, args.seconds)
    finally:
        engines.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
