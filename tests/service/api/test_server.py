"""``serve --demo`` on a store that is not empty."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from service.api.server import load_demo_if_empty
from service.runtime import make_ingestor, open_store
from service.settings import Settings
from tests.conftest import SECRET, lines


async def test_demo_on_a_store_with_data_mints_no_keys(capsys: pytest.CaptureFixture[str]) -> None:
    data = Path(tempfile.mkdtemp(prefix="tmd-", dir="/tmp"))  # short: the socket lives there
    settings = Settings(data_dir=data, secret=SECRET)
    account = {"type": "account", "id": "a1", "kind": "CLIENT", "name": "Ann Lee",
               "country": "DE", "created_at": "2024-01-01T00:00:00Z"}  # fmt: skip
    try:
        async with open_store(settings) as store:
            await make_ingestor(store, settings).ingest(lines([account]))
        await load_demo_if_empty(settings)
        async with open_store(settings) as store:
            assert await store.api_keys() == []
            assert (await store.counts())["Account"] == 1
        assert "no keys made" in capsys.readouterr().out
    finally:
        shutil.rmtree(data, ignore_errors=True)


async def test_serve_answers_again_within_10s_after_its_database_is_killed() -> None:
    import asyncio
    import os
    import signal
    import time

    import httpx

    from service.api.app import create_app

    data = Path(tempfile.mkdtemp(prefix="tmk-", dir="/tmp"))
    app = create_app(Settings(data_dir=data, secret=SECRET))
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
                assert (await http.get("/healthz")).status_code == 200
                pid = int((data / "falkordb.pid").read_text())
                os.kill(pid, signal.SIGKILL)
                killed = time.monotonic()
                statuses, revived = [], False
                while time.monotonic() - killed < 10 and not revived:
                    await asyncio.sleep(0.1)
                    statuses.append((await http.get("/healthz")).status_code)
                    # (the pid file is rewritten once the new server answers)
                    restarted = (data / "falkordb.pid").read_text().strip() != str(pid)
                    revived = restarted and statuses[-1] == 200
                assert revived, statuses
                answer = await http.post("/graphql", json={"query": "{ __typename }"})
                assert answer.status_code == 200 and "errors" not in answer.json()
    finally:
        shutil.rmtree(data, ignore_errors=True)
