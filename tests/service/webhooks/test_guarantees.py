"""Never lose one: a killed sender, and a whole rescore's worth of changes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import CypherStore
from graph.store.records import RescoreWrite
from service.runtime import open_store
from service.settings import Settings
from service.webhooks.secrets import SecretBox
from service.webhooks.subscriptions import add_subscription
from tests.conftest import SECRET
from tests.service.webhooks.conftest import accounts, scored, sender
from tests.service.webhooks.receiver import Receiver

BANDS = ["account.band_changed"]


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="tmk-", dir="/tmp"))  # a short unix socket path
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", *args], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


async def test_kill_9_mid_delivery_delivers_everything_after_a_restart(
    data_dir: Path, engine_env: dict[str, str]
) -> None:
    settings = Settings(
        data_dir=data_dir, secret=SECRET, graph_url=engine_env.get("TRUSTMESH_GRAPH_URL"),
        graph_name=engine_env.get("TRUSTMESH_GRAPH_NAME"),
    )  # fmt: skip
    receiver = Receiver(delay_s=0.01).start()
    try:
        async with open_store(settings) as store:
            await add_subscription(store, SecretBox(SECRET.encode()), receiver.url, BANDS, "t")
            ids = await accounts(store, 400)
            await store.write_scores("r1", scored(ids, "CAUTION", 50.0))
        env = {
            **os.environ, "TRUSTMESH_DATA_DIR": str(data_dir), "TRUSTMESH_SECRET": SECRET,
            "TRUSTMESH_WEBHOOK_LEASE_S": "1", "TRUSTMESH_WEBHOOK_POLL_S": "0.05", **engine_env,
        }  # fmt: skip
        running = _cli(["webhooks", "deliver"], env)
        deadline = time.monotonic() + 120
        while len(receiver.calls) < 150 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(running.pid, signal.SIGKILL)
        running.wait()
        before = len(receiver.calls)
        assert 150 <= before < 400  # killed in the middle of it
        time.sleep(1.5)  # the dead sender's lease lapses
        again = _cli(["webhooks", "deliver", "--once"], env)
        out, err = again.communicate(timeout=300)
        assert again.returncode == 0, err.decode()
        events = {c.headers["Trustmesh-Event-Id"]: json.loads(c.body) for c in receiver.calls}
        assert sorted(body["account"] for body in events.values()) == ids  # none lost
        assert len(events) == 400  # duplicates, if any, share their event id
        assert len(receiver.calls) - 400 <= 100  # at most the batch in flight went twice
        assert b"delivered" in out
    finally:
        receiver.stop()


async def test_ten_thousand_changes_from_one_rescore_all_arrive(
    store: CypherStore, box: SecretBox, receiver: Receiver
) -> None:
    await add_subscription(store, box, receiver.url, BANDS, "t")
    ids = await accounts(store, 10_000)
    await store.write_rescore(
        "nightly", RescoreWrite(scored(ids, "CAUTION", 50.0), [], [], []), first_band="STANDARD"
    )
    s = sender(store, box)
    assert await s.drain()
    assert s.report.delivered == 10_000
    arrived = {json.loads(c.body)["account"] for c in receiver.calls}
    assert arrived == set(ids)
    assert (await store.counts()).get("Outbox", 0) == 0
