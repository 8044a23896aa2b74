"""Neo4j's own durability: an acknowledged batch survives kill -9 of the server.

These tests start a private server with ``scripts/neo4j`` (the session's
shared one must not be killed), so they run only when the run launches its
own Neo4j (``TRUSTMESH_TEST_NEO4J=1``).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.store.records import GraphDump
from service.runtime import make_ingestor
from service.settings import Settings
from tests.conftest import SECRET, Neo4jServer, launching_neo4j, lines, start_neo4j, stop_neo4j


@pytest.fixture
def neo4j_data() -> Iterator[Path]:
    if not launching_neo4j():
        pytest.skip("Neo4j durability: set TRUSTMESH_TEST_NEO4J=1 (needs Java 17+ and Maven)")
    data = Path(tempfile.mkdtemp(prefix="tmk-", dir="/tmp"))
    yield data
    stop_neo4j(data)
    shutil.rmtree(data, ignore_errors=True)


async def _ingest_and_dump(
    server: Neo4jServer, events: list[dict[str, Any]], data: Path
) -> GraphDump:
    store = server.store()
    try:
        await store.ensure_schema()
        await make_ingestor(store, Settings(data_dir=data, secret=SECRET)).ingest(lines(events))
        return await store.dump()  # every batch was acknowledged before ingest returned
    finally:
        await store.close()


async def _dump(server: Neo4jServer) -> GraphDump:
    store = server.store()
    try:
        return await store.dump()
    finally:
        await store.close()


def _kill_9(data: Path) -> int:
    pid = int((data / "pid").read_text())
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists()
    return pid


def test_acknowledged_batch_survives_kill_9_of_neo4j(
    neo4j_data: Path, marketplace: list[dict[str, Any]]
) -> None:
    server = start_neo4j(neo4j_data)
    before = asyncio.run(_ingest_and_dump(server, marketplace, neo4j_data / "trustmesh"))
    assert len(before.nodes) > 10 and before.ledger
    killed = _kill_9(neo4j_data)
    restarted = start_neo4j(neo4j_data)  # recovers from its transaction log
    assert int((neo4j_data / "pid").read_text()) != killed
    assert asyncio.run(_dump(restarted)) == before
