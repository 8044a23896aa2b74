"""GraphQL API speed against a bare Starlette endpoint, side by side in one run.

Usage: python bench/api.py [--accounts 100000] [--seed 4242] [--seconds 10]
                           [--no-badge-responses]

Loads a scored demo marketplace into a fresh embedded store, then starts two
uvicorn servers (one worker each): trustmesh's full app (keys, rate limiter,
metrics, JSON request logs, GraphQL) and a bare Starlette endpoint that
returns the same badge as pre-rendered JSON. A small keep-alive HTTP/1.1
client in this process drives both the same way. Prints:

* throughput of ``trustBadge`` for one id vs the bare endpoint, closed loop
  with 16 connections (target: GraphQL >= 50% of bare);
* ``trustBadge`` latency at a fixed 500 requests/s, open loop, measured from
  each request's scheduled time so queueing counts (target p99 < 10 ms);
* ``trustBadges`` for 100 ids (target p99 < 20 ms) and ``account(id)`` with
  every evidence section (target p99 < 50 ms), at a steady low rate.

The client shares the 2 cores with the servers, as a sidecar would.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import demo, machine
from graph.model import Queue

BADGE = "query($id: ID!) { trustBadge(accountId: $id) { accountId band scoreRange memberSince } }"
BADGES = (
    "query($ids: [ID!]!) "
    "{ trustBadges(accountIds: $ids) { accountId band scoreRange memberSince } }"
)
ACCOUNT = """query($id: ID!) { account(id: $id) {
  id kind name country createdAt status agency devices ips paymentFingerprints
  trustScore { score band dimensions { identity accountIntegrity feedbackIntegrity
    communityReports } reasons { code severity explanation evidence } recommendedAction }
  actions { action reason at by }
  duplicateCluster { id members links { a b confidence evidence { kind value sharedBy } } }
  rings { id members }
  contracts { id role counterpart amount ratingGiven ratingReceived }
  flags { id reason at reporter }
} }"""

SEARCH = "query($q: String!) { search(query: $q, first: 20) { id } }"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _request(port: int, path: str, body: bytes, key: str | None) -> bytes:
    auth = f"Authorization: Bearer {key}\r\n" if key else ""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class Connection:
    """One keep-alive HTTP/1.1 connection; enough protocol for these servers."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def send(self, raw: bytes, refusal_ok: bool = False) -> bytes:
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = head.split(b" ", 2)[1]
        if status != b"200" and not (refusal_ok and status.startswith(b"4")):
            raise RuntimeError(f"HTTP {status.decode()}: {head[:200]!r}")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        return await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def closed_loop(port: int, make: list[bytes], seconds: float, conns: int = 16) -> float:
    """Requests per second with ``conns`` connections each sending back to back."""
    done = 0
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        c = await Connection.open(port)
        i = 0
        while time.perf_counter() < stop:
            await c.send(make[i % len(make)])
            i += 1
            done += 1
        c.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(conns)))
    return done / (time.perf_counter() - started)


async def open_loop(
    port: int, make: list[bytes], rate: float, seconds: float, conns: int = 32
) -> list[float]:
    """Latencies (ms) at a fixed arrival rate, each from its scheduled start."""
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(conns):
        pool.put_nowait(await Connection.open(port))
    latencies: list[float] = []
    t0 = time.perf_counter() + 0.05
    total = int(rate * seconds)

    async def one(i: int) -> None:
        due = t0 + i / rate
        c = await pool.get()
        await c.send(make[i % len(make)])
        latencies.append((time.perf_counter() - due) * 1000)
        pool.put_nowait(c)

    tasks = []
    for i in range(total):
        delay = t0 + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i)))
    await asyncio.gather(*tasks)
    while not pool.empty():
        pool.get_nowait().close()
    return latencies


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000)[int(q * 10) - 1]


def summary(name: str, ms: list[float], target: float) -> str:
    p99 = pct(ms, 99.0)
    verdict = "met" if p99 < target else "NOT met"
    return (
        f"{name}: p50 {pct(ms, 50.0):.2f} ms, p99 {p99:.2f} ms over {len(ms)} requests "
        f"(target p99 < {target:g} ms: {verdict})"
    )


def bare_server(port: int, payload: str) -> None:
    """The baseline: Starlette + uvicorn returning a pre-rendered badge."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    body = payload.encode()

    async def badge(request: Request) -> Response:
        await request.body()
        return Response(body, media_type="application/json")

    app = Starlette(routes=[Route("/badge", badge, methods=["POST"])])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


async def prepare(folder: Path, data_dir: Path) -> tuple[dict[str, str], list[str], list[str]]:
    """Load and score the demo; return keys, account ids, and accounts with evidence."""
    from service.keys import create_key
    from service.rescore import rescore
    from service.runtime import make_ingestor, open_store
    from service.settings import Settings

    settings = Settings(data_dir=data_dir, fsync="everysec", rescore_on_ingest="off")
    async with open_store(settings) as store:
        report = await make_ingestor(store, settings).ingest_files([str(folder / "events.jsonl")])
        print(f"loaded {report.accepted:,} events; scoring ...", flush=True)
        await rescore(store)
        keys = {r: await create_key(store, r, "bench") for r in ("frontend", "investigator")}
        ids = [record.account for record in await store.scores()]
        queue = Queue(band="HIGH_RISK")
        risky = [row.id for row in await store.riskiest(queue, -1.0, "", 2000)]
    return keys, ids, risky


async def drive(
    ports: dict[str, int], keys: dict[str, str], ids: list[str], risky: list[str], seconds: float
) -> None:
    rng = random.Random(1)
    port = ports["trustmesh"]

    def gql(query: str, variables: dict[str, object], role: str) -> bytes:
        body = json.dumps({"query": query, "variables": variables}).encode()
        return _request(port, "/graphql", body, keys[role])

    one = [gql(BADGE, {"id": ids[0]}, "frontend")]
    bare = [_request(ports["bare"], "/badge", json.dumps({"id": ids[0]}).encode(), None)]
    await closed_loop(port, one, 1.0)  # first requests pay for imports and connection setup
    await closed_loop(ports["bare"], bare, 1.0)
    ours = await closed_loop(port, one, seconds)
    base = await closed_loop(ports["bare"], bare, seconds)
    ratio = ours / base
    print(
        f"trustBadge throughput: GraphQL {ours:,.0f} req/s, bare Starlette {base:,.0f} req/s, "
        f"ratio {ratio:.2f} (target >= 0.50: {'met' if ratio >= 0.5 else 'NOT met'})"
    )
    runs = [
        ("trustBadge at 500 req/s", 500, seconds, 10,
         [gql(BADGE, {"id": rng.choice(ids)}, "frontend") for _ in range(2000)]),
        ("trustBadges x100 at 50 req/s", 50, seconds, 20,
         [gql(BADGES, {"ids": rng.sample(ids, 100)}, "frontend") for _ in range(200)]),
        ("account(id) full evidence at 20 req/s", 20, seconds * 2, 50,
         [gql(ACCOUNT, {"id": i}, "investigator") for i in risky[:500] + rng.sample(ids, 500)]),
        # lower-case fragments from inside names: the slowest path, a name scan
        ("search(part of a name) at 10 req/s", 10, seconds, 200,
         [gql(SEARCH, {"q": q}, "investigator") for q in ("ilva", "ant", "ostA", "maria s")]),
    ]  # fmt: skip
    for name, rate, length, target, requests in runs:
        print(summary(name, await open_loop(port, requests, rate, length), target))
    await hostile_documents(port, [gql(BADGE, {"id": rng.choice(ids)}, "frontend")
                                   for _ in range(2000)], seconds)  # fmt: skip


async def hostile_documents(port: int, badges: list[bytes], seconds: float) -> None:
    """Badge latency while an unauthenticated client sends 1 MB documents of
    100 errors each, back to back: what one bad client costs everyone else.
    Each is refused (a document is at most 64 KiB); the refusal is the cost."""
    junk = json.dumps({"query": "{ " + " ".join(f"x{i}: nope" for i in range(100)) + " "
                       + "#" * 1_000_000 + " }"}).encode()  # fmt: skip
    hostile = _request(port, "/graphql", junk, None)
    stop = time.perf_counter() + seconds + 0.5
    sent = 0

    async def attacker() -> None:
        nonlocal sent
        while time.perf_counter() < stop:
            c = await Connection.open(port)  # a refused body ends its connection
            await c.send(hostile, refusal_ok=True)
            c.close()
            sent += 1

    attack = asyncio.create_task(attacker())
    ms = await open_loop(port, badges, 200, seconds)
    await attack
    print(summary(f"trustBadge at 200 req/s beside {sent} hostile 1 MB documents", ms, 10)
          + f", max {max(ms):.1f} ms")  # fmt: skip


async def fetch_badge(port: int, key: str, account: str) -> str:
    """The exact body trustmesh answers, for the bare endpoint to replay."""
    body = json.dumps({"query": BADGE, "variables": {"id": account}}).encode()
    deadline = time.monotonic() + 120
    while True:
        try:
            c = await Connection.open(port)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)
    answer = await c.send(_request(port, "/graphql", body, key))
    c.close()
    return answer.decode()


def _wait_ready(port: int, path: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on {port} ({path}) did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--no-badge-responses", action="store_true",
        help="serve with the whole-response badge cache off (TRUSTMESH_BADGE_RESPONSES=false)",
    )  # fmt: skip
    parser.add_argument("--bare", nargs=2, metavar=("PORT", "PAYLOAD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare_server(int(args.bare[0]), args.bare[1])
        return
    print(f"machine: {machine()}")
    folder = demo(args.accounts, args.seed)
    data_dir = Path(tempfile.mkdtemp(prefix="tma-", dir="/tmp"))
    servers: list[subprocess.Popen[bytes]] = []
    try:
        keys, ids, risky = asyncio.run(prepare(folder, data_dir))
        ports = {"trustmesh": _port(), "bare": _port()}
        env = {**os.environ, "TRUSTMESH_DATA_DIR": str(data_dir), "TRUSTMESH_RATE_LIMIT": "0"}
        if args.no_badge_responses:
            env["TRUSTMESH_BADGE_RESPONSES"] = "false"
        servers.append(subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--port", str(ports["trustmesh"])],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
        _wait_ready(ports["trustmesh"], "trustmesh")
        payload = asyncio.run(fetch_badge(ports["trustmesh"], keys["frontend"], ids[0]))
        servers.append(subprocess.Popen(
            [sys.executable, __file__, "--bare", str(ports["bare"]), payload],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
        _wait_ready(ports["bare"], "bare")
        # the client's own full collections would count as server latency:
        # what it holds from here on lives until the end
        gc.collect()
        gc.freeze()
        asyncio.run(drive(ports, keys, ids, risky, args.seconds))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=60)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
