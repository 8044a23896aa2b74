"""The app as a whole: schema drift, role walk, protections, a real uvicorn run."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from graph.store import CypherStore
from service.api.observe import JsonFormatter
from service.api.schema import schema_sdl
from service.keys import create_key
from service.runtime import make_ingestor
from service.settings import Settings
from tests.conftest import SECRET
from tests.service.api.client import code_of, serving
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


def test_serve_demo_end_to_end_with_uvicorn(engine_env: dict[str, str]) -> None:
    """``serve --demo`` on each engine: on Neo4j by the URL ``scripts/neo4j`` prints."""
    data = Path(tempfile.mkdtemp(prefix="tms-", dir="/tmp"))
    port = _free_port()
    env = {
        **os.environ,
        "TRUSTMESH_DATA_DIR": str(data),
        "TRUSTMESH_SECRET": SECRET,
        "PYTHONUNBUFFERED": "1",
        **engine_env,
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
        role_checks = [p for p in field.permission_classes if hasattr(p, "roles")]
        assert role_checks, f"{field.name}: no role permission"
        roles = set().union(*(p.roles for p in role_checks))
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


async def test_request_size_rate_limit_and_timeout(store: CypherStore, settings: Settings) -> None:
    key = await create_key(store, "investigator")
    other = await create_key(store, "investigator")
    tight = settings.model_copy(
        update={"max_request_bytes": 2048, "rate_limit": 0.5, "rate_burst": 3}
    )
    async with serving(store, tight, key) as api:
        # a key found in the store gets a bucket of its own from then on
        assert "data" in await api.ask('{ search(query: "a") { id } }', key=other)
        big = await api.http.post(
            "/graphql", json={"query": "{ search(query: \"" + "x" * 4000 + "\") { id } }"},
            headers=api.headers(None),
        )  # fmt: skip
        assert big.status_code == 413 and code_of(big.json()) == "BAD_USER_INPUT"

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(10):
                yield b" " * 500

        streamed = await api.http.post(
            "/graphql", content=chunks(),
            headers={**api.headers(None), "content-type": "application/json"},
        )  # fmt: skip
        assert streamed.status_code == 413
        # the lookup of `other` and the oversized requests above, refused
        # before any key lookup, spent the address's burst of three
        limited = await api.http.post(
            "/graphql", json={"query": '{ search(query: "a") { id } }'}, headers=api.headers(None)
        )
        assert limited.status_code == 429 and code_of(limited.json()) == "RATE_LIMITED"
        assert int(limited.headers["retry-after"]) >= 1
        assert "data" in await api.ask('{ search(query: "a") { id } }', key=other)  # own bucket
        assert (await api.http.get("/healthz")).status_code == 200  # not rate limited

    hasty = settings.model_copy(update={"query_timeout_s": 1e-6})
    async with serving(store, hasty, key) as api:
        late = await api.ask('{ account(id: "x") { id } }')
        assert code_of(late) == "TIMEOUT" and late["data"] is None
        # mutations have their own, longer budget: a write is not cut short
        rescore_one = 'mutation { rescoreAccount(accountId: "x") { id } }'
        assert (await api.ask(rescore_one)) == {"data": {"rescoreAccount": None}}


async def test_metrics_request_ids_and_json_logs(
    store: CypherStore, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    from service.rescore import rescore
    from tests.conftest import lines
    from tests.service.test_rescore import NOW, marketplace

    ingestor = make_ingestor(store, settings)
    await ingestor.ingest(lines(marketplace()))
    await rescore(store, now=NOW)
    key = await create_key(store, "frontend")
    async with serving(store, settings, key) as api:
        with caplog.at_level(logging.INFO, logger="trustmesh.http"):
            reply = await api.http.post(
                "/graphql", json={"query": '{ trustBadge(accountId: "dup-a") { band } }'},
                headers=api.headers(None),
            )  # fmt: skip
        assert len(reply.headers["x-request-id"]) == 16
        await api.ask('{ account(id: "dup-a") { id } }')  # FORBIDDEN for frontend
        text = (await api.http.get("/metrics")).text
    assert 'trustmesh_http_requests_total{path="/graphql",status="200"} 2.0' in text
    assert 'trustmesh_graphql_errors_total{code="FORBIDDEN"} 1.0' in text
    assert 'trustmesh_store_call_seconds_count{call="badges"} 1.0' in text
    high_risk = re.search(r'trustmesh_accounts\{band="HIGH_RISK"\} (\d+)', text)
    assert high_risk and int(high_risk.group(1)) >= 3
    line = next(r for r in caplog.records if r.name == "trustmesh.http")
    logged = json.loads(JsonFormatter().format(line))
    assert logged["request_id"] == reply.headers["x-request-id"]
    assert logged["status"] == 200 and logged["path"] == "/graphql" and logged["ms"] > 0
    assert key not in json.dumps(logged)  # keys never reach the log


async def test_bursts_wait_for_a_connection_and_a_dead_store_is_unavailable(
    store: CypherStore, settings: Settings
) -> None:
    from graph.embedded import EmbeddedFalkorDB
    from graph.store.falkordb import FalkorDBStore

    key = await create_key(store, "frontend")
    async with serving(store, settings, key) as api:
        query = '{ trustBadge(accountId: "x") { band } }'
        # four times more concurrent requests than the store has connections
        answers = await asyncio.gather(*(api.ask(query) for _ in range(64)))
        assert all(a == {"data": {"trustBadge": None}} for a in answers)

    # a store whose server goes away after the app started
    folder = Path(tempfile.mkdtemp(prefix="tmd-", dir="/tmp"))
    server = EmbeddedFalkorDB(folder).start()
    dead = FalkorDBStore(server.socket_path, "g")
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)
    async with serving(dead, settings, key) as api:
        down = await api.ask(query)
        assert code_of(down) == "UNAVAILABLE" and down["data"] in (None, {"trustBadge": None})
        assert (await api.http.get("/healthz")).status_code == 503
    await dead.close()


async def test_roles_are_cached_until_revoked_here_or_their_age_limit(
    store: CypherStore, settings: Settings
) -> None:
    from service.keys import key_id

    query = '{ trustBadge(accountId: "x") { band } }'
    for ttl, still_works in ((3600.0, True), (0.0, False)):
        key = await create_key(store, "frontend")
        async with serving(store, settings.model_copy(update={"key_cache_s": ttl}), key) as api:
            assert "errors" not in await api.ask(query)
            await store.revoke_api_key(key_id(key))  # revoked by another process
            answer = await api.ask(query)
            assert ("errors" not in answer) is still_works


async def test_a_body_nested_too_deeply_is_refused_not_a_crash(
    store: CypherStore, settings: Settings
) -> None:
    key = await create_key(store, "frontend")
    async with serving(store, settings, key) as api:
        nested = "[" * 100_000 + "]" * 100_000
        reply = await api.http.post(
            "/graphql",
            content=nested,
            headers={**api.headers(None), "content-type": "application/json"},
        )
        assert reply.status_code == 400 and code_of(reply.json()) == "BAD_USER_INPUT"


async def test_multipart_operations_nested_too_deeply_are_refused(
    store: CypherStore, settings: Settings
) -> None:
    key = await create_key(store, "ingest")
    async with serving(store, settings, key) as api:
        reply = await api.http.post(
            "/graphql",
            data={"operations": "[" * 100_000 + "]" * 100_000, "map": "{}"},
            files={"0": ("p.png", b"x", "image/png")},
            headers=api.headers(None),
        )
        assert reply.status_code == 400 and "Traceback" not in reply.text
