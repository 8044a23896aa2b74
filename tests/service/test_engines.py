"""Same events, same answers: FalkorDB and Neo4j export identical scores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.store import CypherStore
from graph.store.falkordb import FalkorDBStore
from graph.store.records import GraphDump
from service.batch import export_differences, score_lines
from service.demo.generator import generate
from service.ingest.types import Line
from service.rescore import rescore
from service.runtime import make_ingestor
from service.settings import Settings
from tests.conftest import NO_NEO4J, SECRET, Neo4jServer, without_clock

NOW = 1_735_689_600  # 2025-01-01


async def _run(
    store: CypherStore, folder: Path, settings: Settings
) -> tuple[list[dict[str, Any]], GraphDump]:
    await store.drop()
    await store.ensure_schema()
    events = (folder / "events.jsonl").read_text().splitlines()
    later = len(events) * 9 // 10
    ingestor = make_ingestor(store, settings)
    await ingestor.ingest([Line(f"e:{i}", t, folder) for i, t in enumerate(events[:later])])
    await rescore(store, now=NOW)
    # the rest arrives after the nightly run: rescored at ingest, from neighbourhoods
    ingestor.rescore_on_ingest = "on"
    await ingestor.ingest([Line(f"e:{i}", t, folder) for i, t in enumerate(events[later:])])
    return score_lines(await store.scores()), without_clock(await store.dump())


async def test_a_demo_scores_the_same_on_both_engines(
    tmp_path: Path, embedded: EmbeddedFalkorDB, neo4j_server: Neo4jServer | None
) -> None:
    if neo4j_server is None:
        pytest.skip(NO_NEO4J)
    folder = tmp_path / "demo"
    generate(1500, 11, folder)
    settings = Settings(data_dir=tmp_path / "data", secret=SECRET)
    falkordb = FalkorDBStore(embedded.socket_path, "equivalence")
    neo4j = neo4j_server.store()
    try:
        on_falkordb, graph_on_falkordb = await _run(falkordb, folder, settings)
        on_neo4j, graph_on_neo4j = await _run(neo4j, folder, settings)
    finally:
        await falkordb.drop()
        await falkordb.close()
        await neo4j.drop()
        await neo4j.close()
    assert len(on_falkordb) > 1000
    # the comparison must be able to fail: the demo has every kind of finding
    found = {r["code"] for record in on_falkordb for r in record["reasons"]}
    assert {"DUPLICATE_ACCOUNT", "SHARED_LOGIN", "FEEDBACK_RING"} <= found, found
    assert any(r["duplicate_cluster"] for r in on_falkordb) and any(r["ring"] for r in on_falkordb)
    differences = export_differences(on_falkordb, on_neo4j)
    assert differences == [], "\n".join(differences)
    assert json.dumps(on_falkordb) == json.dumps(on_neo4j)  # byte for byte, order included
    # and the graphs behind them: every node, relationship, property and ledger key
    assert graph_on_falkordb == graph_on_neo4j
