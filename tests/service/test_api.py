"""The GraphQL endpoint over HTTP: in-process ASGI and a real uvicorn process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from graph.store import CypherStore
from service.api.app import create_app
from service.api.schema import schema_sdl
from service.ingest import Ingestor
from service.settings import Settings
from tests.conftest import SECRET, lines

ROOT = Path(__file__).resolve().parents[2]
QUERY = (
    "query($id: ID!) { account(id: $id) { id kind name country createdAt status agency "
    "deviceCount ipCount paymentMethodCount recentLoginCount } }"
)


def test_committed_schema_matches_the_code() -> None:
    assert (ROOT / "schema.graphql").read_text() == schema_sdl(), (
        "run: trustmesh schema --graphql schema.graphql"
    )


async def test_account_query_and_health(
    store: CypherStore, ingestor: Ingestor, settings: Settings, marketplace: list[dict[str, Any]]
) -> None:
    await ingestor.ingest(lines(marketplace))
    app = create_app(settings, store=store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            health = await client.get("/healthz")
            assert health.status_code == 200 and health.json() == {"status": "ok"}
            found = await client.post(
                "/graphql", json={"query": QUERY, "variables": {"id": "fl-2"}}
            )
            assert found.json()["data"]["account"] == {
                "id": "fl-2",
                "kind": "FREELANCER",
                "name": "Rui Costa",
                "country": "PT",
                "createdAt": "2024-01-02T23:00:00+00:00",
                "status": "ACTIVE",
                "agency": "ag-1",
                "deviceCount": 1,
                "ipCount": 1,
                "paymentMethodCount": 0,
                "recentLoginCount": 1,
            }
            missing = await client.post(
                "/graphql", json={"query": QUERY, "variables": {"id": "zz"}}
            )
            assert missing.json() == {"data": {"account": None}}
            bad = await client.post("/graphql", json={"query": "{ account { id } }"})
            assert bad.status_code == 200 and "errors" in bad.json()
            assert "Traceback" not in bad.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_demo_end_to_end_with_uvicorn() -> None:
    data = Path(tempfile.mkdtemp(prefix="tms-", dir="/tmp"))
    port = _free_port()
    env = {**os.environ, "TRUSTMESH_DATA_DIR": str(data), "TRUSTMESH_SECRET": SECRET}
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        reply = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": QUERY, "variables": {"id": "acc-0000001"}},
            timeout=10,
        )
        account = reply.json()["data"]["account"]
        assert account["id"] == "acc-0000001" and account["recentLoginCount"] > 0
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0]
        shutil.rmtree(data, ignore_errors=True)
    # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status says why
    assert server.returncode in (0, -15), output
    assert "Application shutdown complete" in output
    assert "demo marketplace loaded" in output
    assert not (data / "falkordb.pid").exists()  # the server it started is stopped again
