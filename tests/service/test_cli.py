"""The ``trustmesh`` command as a user runs it: a real process, real files."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.store import CypherStore
from graph.store.falkordb import FalkorDBStore
from graph.store.records import GraphDump
from service.demo.generator import generate
from service.runtime import DEFAULT_GRAPH
from tests.conftest import SECRET, Neo4jServer


@pytest.fixture
def env() -> Iterator[dict[str, str]]:
    """A process environment of its own: a fresh data dir (embedded FalkorDB)."""
    data = Path(tempfile.mkdtemp(prefix="tmc-", dir="/tmp"))
    yield {**os.environ, "TRUSTMESH_DATA_DIR": str(data), "TRUSTMESH_SECRET": SECRET, "CI": "1"}
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def store_env(env: dict[str, str], engine_env: dict[str, str]) -> dict[str, str]:
    """``env`` on each engine, for commands that read or write the store."""
    return {**env, **engine_env}


def run(
    args: list[str], env: dict[str, str], stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        env=env,
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ingest_reports_rejects_keeps_good_lines_and_is_idempotent(
    tmp_path: Path, store_env: dict[str, str], marketplace: list[dict[str, Any]]
) -> None:
    source = tmp_path / "events.jsonl"
    body = [json.dumps(e) for e in marketplace]
    body.insert(2, '{"type": "login", "account": "x"')
    body.insert(5, "")
    source.write_text("\n".join(body) + "\n")
    rejects = tmp_path / "rejects.jsonl"

    first = run(["ingest", str(source), "--rejects", str(rejects)], store_env)
    assert first.returncode == 1, first.stderr
    assert f"{source}:3: event: Invalid JSON" in first.stderr
    assert f"ingested {len(marketplace)} events, rejected 1" in first.stdout
    # the raw line, to fix and re-ingest; its reason beside it
    assert rejects.read_text().splitlines() == ['{"type": "login", "account": "x"']
    reasons = rejects.with_name("rejects.jsonl.reasons").read_text().splitlines()
    assert reasons[0].startswith(f"{source}:3: event: Invalid JSON")
    assert stat.S_IMODE(rejects.stat().st_mode) == 0o600

    # an existing rejects file is narrowed to 0600 before raw lines reach it
    rejects.unlink()
    rejects.write_text("")
    rejects.chmod(0o644)
    run(["ingest", str(source), "--rejects", str(rejects)], store_env)
    assert stat.S_IMODE(rejects.stat().st_mode) == 0o600

    # gzip and stdin take the same path; nothing new is created
    packed = tmp_path / "events.jsonl.gz"
    packed.write_bytes(gzip.compress("\n".join(json.dumps(e) for e in marketplace).encode()))
    second = run(
        ["ingest", str(packed), "-"], store_env, stdin=source.read_bytes().split(b"\n", 1)[0]
    )
    assert second.returncode == 0, second.stderr
    assert f"ingested {len(marketplace) + 1} events, rejected 0" in second.stdout


def test_missing_file_is_one_clear_line(env: dict[str, str], tmp_path: Path) -> None:
    result = run(["ingest", str(tmp_path / "nope.jsonl")], env)
    assert result.returncode == 2
    assert (
        result.stderr.strip() == f"trustmesh: {tmp_path / 'nope.jsonl'}: No such file or directory"
    )


def test_unwritable_data_dir_is_one_clear_line(env: dict[str, str], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    source = tmp_path / "e.jsonl"
    source.write_text("")
    result = run(["ingest", str(source)], {**env, "TRUSTMESH_DATA_DIR": str(blocker / "d")})
    assert result.returncode == 2
    assert "data dir is not writable" in result.stderr and "Traceback" not in result.stderr


def test_counts_below_one_are_refused_by_name(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "demo"
    for args, why in (
        (["demo", "--out", str(out), "--workers", "0"], "argument --workers: must be at least 1"),
        (["demo", "--out", str(out), "--accounts", "ten"], "argument --accounts: 'ten' is not"),
        (["serve", "--workers", "-2"], "argument --workers: must be at least 1, not -2"),
    ):
        result = run(args, env)
        assert result.returncode == 2 and why in result.stderr, result.stderr
    assert not out.exists()


def test_bad_setting_is_one_clear_line(env: dict[str, str], tmp_path: Path) -> None:
    result = run(["ingest", "-"], {**env, "TRUSTMESH_BATCH_SIZE": "lots"})
    assert result.returncode == 2
    assert result.stderr.startswith("trustmesh: TRUSTMESH_BATCH_SIZE:")


def _workers(pid: int) -> list[int]:
    """Conversion workers of ``pid``, from /proc (Linux): the children of its
    multiprocessing fork server; not its database server or the tracker."""
    parents: dict[int, int] = {}
    commands: dict[int, bytes] = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(status.read_text().rsplit(")", 1)[1].split()[1])
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue  # ended while we looked
        parents[int(status.parent.name)] = parent
        commands[int(status.parent.name)] = command
    servers = {p for p, parent in parents.items() if parent == pid and b"forkserver" in commands[p]}
    return [p for p, parent in parents.items() if parent in servers]


@contextlib.asynccontextmanager
async def _opened(env: dict[str, str], neo4j: Neo4jServer | None) -> AsyncIterator[CypherStore]:
    """The store a ``trustmesh`` process with ``env`` writes to, opened here."""
    if neo4j is not None:
        store: CypherStore = neo4j.store()
        try:
            yield store
        finally:
            await store.close()
        return
    # a killed ingest's embedded server outlives it and is reused: stop it after
    server = EmbeddedFalkorDB(Path(env["TRUSTMESH_DATA_DIR"])).start()
    server.owned = True
    store = FalkorDBStore(server.socket_path, DEFAULT_GRAPH)
    try:
        yield store
    finally:
        await store.close()
        server.stop()


async def _dump_and_drop(env: dict[str, str], neo4j: Neo4jServer | None) -> GraphDump:
    async with _opened(env, neo4j) as store:
        dump = await store.dump()
        await store.drop()
        return dump


def test_a_killed_ingest_finishes_when_re_run(
    tmp_path: Path, store_env: dict[str, str], live_neo4j: Neo4jServer | None
) -> None:
    """kill -9 of the ingest mid-way, re-run: same graph as one clean ingest."""
    generate(3000, 4, tmp_path / "demo")
    events = str(tmp_path / "demo" / "events.jsonl")
    small = {**store_env, "TRUSTMESH_BATCH_SIZE": "500"}
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "ingest", "--quiet", events],
        env=small,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while len(workers := _workers(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # mid-way: once both workers run
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the ingest finished before it could be killed"
    # its conversion workers do not outlive it
    assert len(workers) == 2
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    assert run(["ingest", "--quiet", events], small).returncode == 0
    resumed = asyncio.run(_dump_and_drop(small, live_neo4j))

    assert run(["ingest", "--quiet", events], small).returncode == 0
    fresh = asyncio.run(_dump_and_drop(small, live_neo4j))
    assert resumed == fresh  # the graph and the idempotency ledger
    assert len(resumed.nodes) > 20_000 and len(resumed.ledger) > 20_000


def test_logo_registry_and_image_evaluation_commands(
    tmp_path: Path, store_env: dict[str, str]
) -> None:
    from identity.logos import avatar_variants, brand_icons
    from service.demo.images import photo

    icons = brand_icons()[1300:1304]
    root = tmp_path / "images"
    for sub in ("known_logos", "unknown_logos", "photos"):
        (root / sub).mkdir(parents=True)
    for icon in icons[:2]:
        dict(avatar_variants(icon))["brand-on-ffffff-pad18"].save(
            root / "known_logos" / f"{icon.slug}.png"
        )
    for icon in icons[2:]:
        dict(avatar_variants(icon))["white-on-000000-pad18"].save(
            root / "unknown_logos" / f"{icon.slug}.png"
        )
    for seed in range(3):
        photo(seed).save(root / "photos" / f"p{seed}.jpg")
    (root / "photos" / "notes.txt").write_text("ignored: not a picture suffix")

    report = run(["evaluate-images", str(root)], store_env)
    assert report.returncode == 0, report.stderr
    assert "2 known logos, 2 unknown logos, 3 photos" in report.stdout
    assert "rotate-5" in report.stdout and "false links" in report.stdout

    added = run(
        [
            "logos",
            "add",
            str(root / "known_logos" / f"{icons[0].slug}.png"),
            "--brand",
            icons[0].title,
        ],
        store_env,
    )
    assert added.returncode == 0 and f"registered 1 picture(s) for {icons[0].title}" in added.stdout
    broken = root / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    failed = run(["logos", "add", str(broken), "--brand", "X"], store_env)
    assert failed.returncode == 2 and failed.stderr.startswith("trustmesh: ")


def test_works_add_and_list(tmp_path: Path, store_env: dict[str, str]) -> None:
    from service.demo.images import photo

    for seed in range(2):
        photo(seed).save(tmp_path / f"stock-{seed}.png")
    paths = [str(tmp_path / f"stock-{seed}.png") for seed in range(2)]
    added = run(["works", "add", *paths, "--source", "Acme Stock"], store_env)
    assert added.returncode == 0 and "registered 2 work(s) from Acme Stock" in added.stdout
    listed = run(["works", "list"], store_env)
    assert listed.stdout.split() == ["2", "Acme", "Stock"]
    (tmp_path / "bad.png").write_bytes(b"not a picture")
    failed = run(["works", "add", str(tmp_path / "bad.png"), "--source", "X"], store_env)
    assert failed.returncode == 2 and failed.stderr.startswith("trustmesh: bad.png: ")
    blank = run(["works", "add", paths[0], "--source", "  "], store_env)
    assert blank.returncode == 2 and "--source" in blank.stderr


def test_keys_create_list_revoke(store_env: dict[str, str]) -> None:
    created = run(["keys", "create", "--role", "ingest", "--name", "etl"], store_env)
    assert created.returncode == 0 and created.stdout.startswith("tm_ingest_")
    listed = run(["keys", "list"], store_env)
    (line,) = [x for x in listed.stdout.splitlines() if x.endswith("etl")]
    key_id = line.split()[0]
    assert len(key_id) == 12 and created.stdout.strip() not in listed.stdout
    assert run(["keys", "revoke", key_id], store_env).returncode == 0
    again = run(["keys", "revoke", key_id], store_env)
    assert again.returncode == 1 and "no such key id" in again.stderr
    assert "etl" not in run(["keys", "list"], store_env).stdout


def test_erase_keeps_going_past_unknown_ids(
    tmp_path: Path, store_env: dict[str, str], marketplace: list[dict[str, Any]]
) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(json.dumps(e) for e in marketplace) + "\n")
    assert run(["ingest", "--quiet", str(events)], store_env).returncode == 0
    erased = run(["erase", "fl-1", "nobody", "--reason", "request 9", "--by", "dpo"], store_env)
    assert erased.returncode == 1
    assert erased.stdout.strip() == "erased 1 account(s): fl-1"
    assert erased.stderr.strip() == "trustmesh: ids[1]: 'nobody' is no stored account"
    bare = run(["erase", "fl-2"], store_env)
    assert bare.returncode == 2 and "--reason" in bare.stderr


def test_extreme_numbers_and_a_truncated_gz_lose_no_good_line(
    tmp_path: Path, store_env: dict[str, str], marketplace: list[dict[str, Any]]
) -> None:
    good = [json.dumps(e) for e in marketplace]
    contract = next(e for e in marketplace if e["type"] == "contract")
    extreme = [
        json.dumps({**contract, "id": "huge"})[:-1] + ', "amount": 1' + "0" * 400 + "}",
        json.dumps({**contract, "id": "late", "started_at": "9999-12-31T23:59:59-23:59"}),
        b"\xff\xfe not utf-8".decode("latin-1"),
    ]
    source = tmp_path / "events.jsonl"
    source.write_text("\n".join([*good[:3], *extreme, *good[3:]]) + "\n")
    result = run(["ingest", str(source), "--rejects", str(tmp_path / "r.jsonl")], store_env)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"ingested {len(good)} events, rejected 3" in result.stdout
    assert "amount: must be a finite number" in result.stderr
    assert "must be between 1900 and 9000" in result.stderr

    # a .gz cut mid-stream: its readable lines are stored, and the damage said
    packed = gzip.compress(("\n".join(good) + "\n").encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed[: len(packed) * 3 // 4])
    other = Path(store_env["TRUSTMESH_DATA_DIR"]) / "o"  # short: it holds the server's socket
    fresh = {**store_env, "TRUSTMESH_DATA_DIR": str(other)}
    damaged = run(["ingest", str(cut), "--rejects", str(tmp_path / "c.jsonl")], fresh)
    assert damaged.returncode == 1, damaged.stderr
    assert f"{cut}: compressed data is damaged" in damaged.stderr
    stored = int(re.search(r"ingested (\d+) events", damaged.stdout).group(1))  # type: ignore[union-attr]
    assert 0 < stored < len(good)
    if "TRUSTMESH_GRAPH_URL" in store_env:
        return  # the rest is about the embedded store's files
    assert stat.S_IMODE(other.stat().st_mode) == 0o700
    for path in other.rglob("*"):
        if path.is_file() and not path.name.endswith((".sock", ".lock")):
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_portrait_paths_stay_in_the_folder_and_say_nothing_of_others(
    tmp_path: Path, store_env: dict[str, str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.png")  # would block a plain read forever
    (tmp_path / "outside.png").write_bytes(b"x")
    (folder / "link.png").symlink_to(tmp_path / "outside.png")
    at = "2024-01-01T00:00:00Z"
    paths = ["/etc/hostname", "/etc/no-such-file", "../outside.png", "link.png", "pipe.png"]
    events = [{"type": "portrait", "account": "a", "at": at, "path": p} for p in paths]
    source = folder / "events.jsonl"
    source.write_text("\n".join(json.dumps(e) for e in events) + "\n")
    result = run(["ingest", str(source), "--rejects", str(tmp_path / "r.jsonl")], store_env)
    assert result.returncode == 1 and "rejected 5" in result.stdout, result.stderr
    reasons = [line.split(": ", 2)[2] for line in result.stderr.splitlines() if ": path: " in line]
    assert len(reasons) == 5
    # an existing and a missing file outside the folder get the same answer
    assert len({reason.split(": ", 1)[1] for reason in reasons}) == 1, reasons
