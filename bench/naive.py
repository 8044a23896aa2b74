"""The naive way, side by side: per-account Cypher and networkx vs the projection.

Usage: python bench/naive.py [--accounts 20000] [--seed 3] [--sample 2000]

Both sides answer "which accounts share an identifier with this one" and
"which groups are connected": the naive side asks the store once per account
(timed on a sample, extrapolated) and builds a networkx graph; trustmesh pulls
one bulk projection and runs the pure table algorithms. Prints the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx

from bench.common import demo, machine
from graph import duplicates, rings
from graph.cypher.query import Read
from graph.store import CypherStore
from service.runtime import make_ingestor, open_store
from service.settings import Settings


class CoHolder(NamedTuple):
    other: str
    kind: str
    n: int


# The question a naive implementation asks per account (bench-only Cypher).
CO_HOLDERS = Read(
    "CO_HOLDERS",
    """
MATCH (a:Account {id: $id})-[:USED_DEVICE|LOGGED_IN_FROM|PAYS_WITH|HAS_EMAIL|HAS_PHONE]->(x)
      <-[:USED_DEVICE|LOGGED_IN_FROM|PAYS_WITH|HAS_EMAIL|HAS_PHONE]-(b:Account)
WHERE a <> b
RETURN b.id AS other, labels(x)[0] AS kind, count(*) AS n
""",
    CoHolder,
)


async def run(folder: Path, data_dir: Path, sample: int) -> None:
    settings = Settings(data_dir=data_dir, fsync="everysec")
    async with open_store(settings) as store:
        await make_ingestor(store, settings).ingest_files([str(folder / "events.jsonl")])
        assert isinstance(store, CypherStore)  # the naive side runs its own Cypher
        started = time.perf_counter()
        projection = await store.project()
        pairs = duplicates.score_pairs(
            len(projection), projection.identifiers, projection.same_agency_pairs()
        )
        found = duplicates.clusters(len(projection), pairs)
        ring_list = rings.fraudar(projection.reviews)
        ours = time.perf_counter() - started

        ids = projection.ids[:sample]
        started = time.perf_counter()
        edges = []
        for account in ids:
            for row in await store._read(CO_HOLDERS, {"id": account}):
                edges.append((account, row.other))
        per_account = (time.perf_counter() - started) / len(ids)
        naive_queries = per_account * len(projection)
        started = time.perf_counter()
        graph = nx.Graph()
        graph.add_edges_from((projection.ids[p.a], projection.ids[p.b]) for p in pairs)
        components = list(nx.connected_components(graph))
        bipartite = nx.Graph()
        bipartite.add_edges_from((("c", r.client), ("f", r.freelancer)) for r in projection.reviews)
        cores = nx.core_number(bipartite)
        naive_graph = time.perf_counter() - started
    naive = naive_queries + naive_graph
    print(f"machine: {machine()}")
    print(f"accounts: {len(projection):,}; reviews: {len(projection.reviews):,}")
    print(
        f"trustmesh: bulk projection + pair scoring + clusters + FRAUDAR: {ours:.1f}s "
        f"({len(found)} clusters, {len(ring_list)} rings)"
    )
    print(
        f"naive: per-account Cypher {per_account * 1000:.1f} ms/account x {len(projection):,} "
        f"= {naive_queries:.0f}s (sampled {len(ids)}), networkx components + k-cores "
        f"{naive_graph:.1f}s ({len(components)} components, {len(cores)} nodes)"
    )
    print(f"ratio naive / trustmesh: {naive / ours:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--sample", type=int, default=2000)
    args = parser.parse_args()
    folder = demo(args.accounts, args.seed)
    data_dir = Path(tempfile.mkdtemp(prefix="tmn-", dir="/tmp"))
    try:
        asyncio.run(run(folder, data_dir, args.sample))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
