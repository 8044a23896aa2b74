"""The app as a whole: schema drift, role walk, protections, a real uvicorn run."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from graph.store import CypherStore
from service.api.schema import schema_sdl
from service.keys import create_key
from service.settings import Settings
from tests.conftest import SECRET
from tests.service.api.client import serving
from tests.service.api.test_queries import QUERY

ROOT = Path(__file__).resolve().parents[3]


def test_committed_schema_matches_the_code() -> None:
    assert (ROOT / "schema.graphql").read_text() == schema_sdl(), (
        "run: trustmesh schema --graphql schema.graphql"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_demo_end_to_end_with_uvicorn() -> None:
    data = Path(tempfile.mkdtemp(prefix="tms-", dir="/tmp"))
    port = _free_port()
    env = {
        **os.environ,
        "TRUSTMESH_DATA_DIR": str(data),
        "TRUSTMESH_SECRET": SECRET,
        "PYTHONUNBUFFERED": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    printed = []
    try:
        key = None
        assert server.stdout is not None
        while key is None:  # the demo keys are printed before uvicorn starts
            line = server.stdout.readline()
            assert line, "serve --demo exited before printing its demo keys"
            printed.append(line)
            if line.startswith("demo key (investigator): "):
                key = line.split(": ", 1)[1].strip()
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
            headers={"Authorization": f"Bearer {key}"},
            timeout=10,
        )
        account = reply.json()["data"]["account"]
        assert account["id"] == "acc-0000001" and account["recentLoginCount"] > 0
    finally:
        server.terminate()
        output = "".join(printed) + server.communicate(timeout=60)[0]
        shutil.rmtree(data, ignore_errors=True)
    # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status says why
    assert server.returncode in (0, -15), output
    assert "Application shutdown complete" in output
    assert "demo marketplace loaded" in output
    assert not (data / "falkordb.pid").exists()  # the server it started is stopped again


def test_frontend_role_reaches_nothing_but_badges() -> None:
    """Walk every root field: each names its roles, and frontend gets badges only."""
    from service.api.mutations import Mutation
    from service.api.queries import Query

    reachable = set()
    fields = [
        *Query.__strawberry_definition__.fields,  # type: ignore[attr-defined]
        *Mutation.__strawberry_definition__.fields,  # type: ignore[attr-defined]
    ]
    for field in fields:
        assert field.permission_classes, f"{field.name}: no permission class"
        roles = set().union(*(p.roles for p in field.permission_classes))
        if "frontend" in roles:
            reachable.add(field.name)
    assert reachable == {"trust_badge", "trust_badges"}


async def test_protections_depth_aliases_introspection(
    store: CypherStore, settings: Settings
) -> None:
    key = await create_key(store, "investigator")
    for dev in (False, True):
        async with serving(store, settings, key, dev=dev) as api:
            introspect = await api.ask("{ __schema { queryType { name } } }")
            assert ("errors" in introspect) is not dev
            aliases = " ".join(f'a{i}: search(query: "x") {{ id }}' for i in range(30))
            assert "errors" in await api.ask("{ " + aliases + " }")
