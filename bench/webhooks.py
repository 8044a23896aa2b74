"""Webhook delivery: deliveries per second to a local receiver, and the lag
from a rescore's write to each delivery.

Usage: python bench/webhooks.py [--accounts 20000] [--subscriptions 1]
                                [--rtt-ms 0] [--parallel 1]

A receiver (bench/webhook_receiver.py, uvicorn in its own process) answers
every POST, after ``--rtt-ms`` standing for a distant receiver's round trip
(strict order sends one call at a time, so it caps a subscription at one
event per round trip; ``--parallel N`` subscriptions keep order per account
with N calls in flight). The embedded store gets ``--accounts`` declared accounts and one
rescore's write that moves every band (so one event each, per subscription),
then ``webhooks deliver --once``'s sender drains the outbox. Prints:

* the write's cost with its outbox events against the same write changing
  no band (no events), both measured here;
* deliveries per second, against plain signed POSTs of the same payloads
  to the same receiver with the same client (the ceiling: what the sender
  adds is the store's reads and acknowledgements);
* lag p50/p99 from the write's commit to each delivery.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from bench.common import machine
from graph.codec import ScoreRecord
from graph.model import WriteBatch
from graph.store import GraphStore
from graph.store.records import RescoreWrite
from service.runtime import open_store
from service.settings import Settings
from service.webhooks.payload import signature
from service.webhooks.secrets import SecretBox
from service.webhooks.sender import Sender, SenderConfig
from service.webhooks.subscriptions import add_subscription
from tests.conftest import SECRET, account_row

STEADY = 200  # changes made one at a time while the sender runs


def _spread(lags: list[float]) -> str:
    lags = sorted(lags)
    return (f"p50 {statistics.median(lags):.2f} s, p99 {lags[int(len(lags) * 0.99) - 1]:.2f} s, "
            f"max {lags[-1]:.2f} s")  # fmt: skip


async def _steady(
    store: GraphStore, sender: Sender, ids: list[str], subscriptions: int
) -> list[float]:
    """Lags of changes written one by one, as ingest's rescoring writes them."""
    stop = asyncio.Event()
    running = asyncio.create_task(sender.run(stop))
    before = sender.report.delivered
    for i, account in enumerate(ids):  # each CAUTION since the backlog's write
        await store.write_scores(f"s{i}", _scores([account], "HIGH_RISK", 30.0))
        await asyncio.sleep(0.05)
    while sender.report.delivered - before < len(ids) * subscriptions:
        await asyncio.sleep(0.05)
    stop.set()
    await running
    return sender.report.lags[-len(ids) * subscriptions :]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _scores(ids: list[str], band: str, score: float) -> list[ScoreRecord]:
    return [ScoreRecord(a, score, band, {}, (), "NONE", None, None) for a in ids]


async def _baseline(url: str, n: int) -> float:
    body = json.dumps({"id": "x" * 36, "type": "account.band_changed", "data": {}}).encode()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as client:
        start = time.perf_counter()
        for i in range(n):
            signed = signature("s" * 32, body, int(time.time()))
            headers = {"Trustmesh-Signature": signed, "Trustmesh-Event-Id": str(i),
                       "Content-Type": "application/json"}  # fmt: skip
            async with client.post(url, data=body, headers=headers) as answer:
                answer.raise_for_status()
                await answer.read()
        return n / (time.perf_counter() - start)


async def run(accounts: int, subscriptions: int, rtt_ms: float, parallel: int) -> None:
    port = _free_port()
    receiver = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("webhook_receiver.py")), str(port),
         str(rtt_ms)]
    )  # fmt: skip
    data = Path(tempfile.mkdtemp(prefix="tmw-", dir="/tmp"))
    url = f"http://127.0.0.1:{port}/hook"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/count", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        settings = Settings(data_dir=data, secret=SECRET)
        async with open_store(settings) as store:
            box = SecretBox(SECRET.encode())
            for _ in range(subscriptions):
                await add_subscription(
                    store, box, url, ["account.band_changed"], "bench", parallel=parallel
                )
            ids = [f"acct-{i:07d}" for i in range(accounts)]
            batch = WriteBatch()
            batch.accounts += [account_row(a) for a in ids]
            await store.write(batch)
            await store.write_scores("warm", _scores(ids, "STANDARD", 70.0), first_band="STANDARD")
            start = time.perf_counter()
            await store.write_rescore(
                "same", RescoreWrite(_scores(ids, "STANDARD", 71.0), [], [], [])
            )
            quiet = time.perf_counter() - start
            start = time.perf_counter()
            await store.write_rescore(
                "moved", RescoreWrite(_scores(ids, "CAUTION", 50.0), [], [], [])
            )
            loud = time.perf_counter() - start
            sender = Sender(store, box, SenderConfig.of(settings))
            start = time.perf_counter()
            await sender.drain()
            took = time.perf_counter() - start
            delivered = sender.report.delivered
            lags = sorted(sender.report.lags)
            steady = await _steady(store, sender, ids[:STEADY], subscriptions)
        got = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/count", timeout=5))
        ceiling = await _baseline(url, min(5000, accounts))
        print(f"machine: {machine()}")
        print(f"accounts {accounts:,}, subscriptions {subscriptions} (parallel {parallel}), "
              f"receiver round trip {rtt_ms:g} ms, delivered {delivered:,} "
              f"(receiver: {got['events']:,} distinct event ids)")  # fmt: skip
        print(f"write-back of {accounts:,} scores: {quiet:.2f} s with no band moving, "
              f"{loud:.2f} s with every band moving and its event "
              f"({loud / quiet:.2f}x)")  # fmt: skip
        rate = delivered / took
        print(f"deliveries/s: {rate:,.0f} (plain signed POSTs: {ceiling:,.0f}/s; "
              f"ratio {rate / ceiling:.2f})")  # fmt: skip
        print(f"lag write -> delivery, the whole backlog: {_spread(lags)}")
        print(f"lag write -> delivery, {STEADY} changes 50 ms apart with the sender "
              f"running (poll {settings.webhook_poll_s:g} s): {_spread(steady)}")  # fmt: skip
    finally:
        receiver.terminate()
        receiver.wait()
        shutil.rmtree(data, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--subscriptions", type=int, default=1)
    parser.add_argument("--rtt-ms", type=float, default=0.0, help="the receiver's delay")
    parser.add_argument("--parallel", type=int, default=1, help="calls in flight per subscription")
    args = parser.parse_args()
    asyncio.run(run(args.accounts, args.subscriptions, args.rtt_ms, args.parallel))


if __name__ == "__main__":
    main()
