"""The embedded FalkorDB lifecycle: persistence, crash safety, reuse, clear errors."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from graph.embedded import PID_NAME, EmbeddedFalkorDB, _alive, _binaries
from graph.errors import DataDirNotWritable, EmbeddedStartError, SocketPathTooLong, SocketTaken
from graph.store.falkordb import FalkorDBStore
from service.runtime import make_ingestor
from service.settings import Settings
from tests.conftest import SECRET, lines


@pytest.fixture
def short_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="tme-", dir="/tmp"))
    yield path
    pid_file = path / PID_NAME
    if pid_file.exists():  # never leave a server behind, whatever the test did
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
    import shutil

    shutil.rmtree(path, ignore_errors=True)


async def _ingest(server: EmbeddedFalkorDB, events: list[dict[str, Any]]) -> FalkorDBStore:
    store = FalkorDBStore(server.socket_path, "g")
    await store.ensure_schema()
    settings = Settings(data_dir=server.data_dir, secret=SECRET)
    await make_ingestor(store, settings).ingest(lines(events))
    return store


async def _dump(server: EmbeddedFalkorDB) -> Any:
    store = FalkorDBStore(server.socket_path, "g")
    try:
        return await store.dump()
    finally:
        await store.close()


async def test_data_survives_a_clean_restart(
    short_dir: Path, marketplace: list[dict[str, Any]]
) -> None:
    server = EmbeddedFalkorDB(short_dir).start()
    store = await _ingest(server, marketplace)
    before = await store.dump()
    await store.close()
    server.stop()
    assert not (short_dir / PID_NAME).exists()
    server = EmbeddedFalkorDB(short_dir).start()
    try:
        assert await _dump(server) == before
    finally:
        server.stop()


async def test_acknowledged_batch_survives_kill_9_of_the_database(
    short_dir: Path, marketplace: list[dict[str, Any]]
) -> None:
    server = EmbeddedFalkorDB(short_dir).start()
    store = await _ingest(server, marketplace)  # returns once every batch is acknowledged
    before = await store.dump()
    await store.close()
    assert server.pid is not None
    os.kill(server.pid, signal.SIGKILL)
    await asyncio.to_thread(server._process.wait)  # type: ignore[union-attr]
    restarted = EmbeddedFalkorDB(short_dir).start()  # stale pid file and socket are handled
    try:
        assert restarted.pid != server.pid
        assert await _dump(restarted) == before
    finally:
        restarted.stop()


def test_a_running_server_is_reused_and_left_running(short_dir: Path) -> None:
    first = EmbeddedFalkorDB(short_dir).start()
    try:
        second = EmbeddedFalkorDB(short_dir).start()
        assert second.pid == first.pid and not second.owned
        second.stop()  # not its server: must not stop it
        assert EmbeddedFalkorDB(short_dir).start().pid == first.pid
    finally:
        first.stop()


def test_a_server_whose_starter_died_is_adopted_and_stopped(short_dir: Path) -> None:
    starter = subprocess.run(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from graph.embedded import EmbeddedFalkorDB;"
         "s = EmbeddedFalkorDB(Path(sys.argv[1])).start(); print(s.pid)", str(short_dir)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    orphan = int(starter.stdout.split()[-1])  # its starter exited without stopping it
    adopter = EmbeddedFalkorDB(short_dir).start()
    assert adopter.pid == orphan and adopter.owned
    adopter.stop()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(orphan):
        time.sleep(0.05)
    assert not _alive(orphan)


def test_a_server_whose_starter_died_while_it_came_up_is_adopted(
    short_dir: Path, tmp_path: Path
) -> None:
    # a server slow to come up, as a large store is (a 1M-account AOF loads for a minute)
    real, module = _binaries()
    # named as the server is: a pid is only ours while its command names redis-server
    marker, slow = tmp_path / "server-pid", tmp_path / "slow-redis-server"
    slow.write_text(f'#!/bin/sh\necho $$ > "{marker}"\nsleep 2\nexec "{real}" "$@"\n')
    slow.chmod(0o700)
    starter = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from graph.embedded import EmbeddedFalkorDB;"
         "EmbeddedFalkorDB(Path(sys.argv[1]), binaries=(sys.argv[2], sys.argv[3])).start()",
         str(short_dir), str(slow), module],
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not marker.exists():
        time.sleep(0.02)
    starter.kill()  # kill -9 while it waits for its server
    starter.wait()
    time.sleep(0.1)  # the wrapper has written its pid
    first = int(marker.read_text())
    adopter = EmbeddedFalkorDB(short_dir, binaries=(str(slow), module)).start()
    try:
        assert adopter.pid == first and adopter.owned  # one server, not a second beside it
    finally:
        adopter.stop()
    assert not _alive(first)


@contextlib.contextmanager
def _immutable(folder: Path) -> Iterator[None]:
    """Root writes whatever the modes say; an immutable folder refuses even root."""
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root where chattr +i is refused: nothing refuses a write")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)


def test_unwritable_data_dir_is_a_clear_error(short_dir: Path) -> None:
    locked = short_dir / "ro"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        refusing = _immutable(locked) if os.access(locked, os.W_OK) else contextlib.nullcontext()
        with refusing, pytest.raises(DataDirNotWritable, match="ro/data: data dir is not writable"):
            EmbeddedFalkorDB(locked / "data").start()
    finally:
        locked.chmod(stat.S_IRWXU)


def test_root_ignores_modes_so_a_file_in_the_way_is_used(short_dir: Path) -> None:
    blocker = short_dir / "file"
    blocker.write_text("not a directory")
    with pytest.raises(DataDirNotWritable, match="TRUSTMESH_DATA_DIR"):
        EmbeddedFalkorDB(blocker / "data").start()


def test_socket_taken_by_another_program(short_dir: Path) -> None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(short_dir / "db.sock"))
    listener.listen(1)
    try:
        with pytest.raises(SocketTaken, match=r"db\.sock: socket is taken"):
            EmbeddedFalkorDB(short_dir, start_timeout=3).start()
    finally:
        listener.close()


def test_binary_that_cannot_run(short_dir: Path) -> None:
    fake = short_dir / "redis-server"
    fake.write_text("#!/bin/sh\necho 'broken build' >&2\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(EmbeddedStartError, match="broken build"):
        EmbeddedFalkorDB(short_dir, binaries=(str(fake), "/nonexistent.so")).start()
    missing = short_dir / "nope"
    with pytest.raises(EmbeddedStartError, match=r"could not run"):
        EmbeddedFalkorDB(short_dir, binaries=(str(missing), "/nonexistent.so")).start()


def test_socket_path_too_long() -> None:
    with pytest.raises(SocketPathTooLong, match="shorter TRUSTMESH_DATA_DIR"):
        EmbeddedFalkorDB(Path("/tmp") / ("x" * 120)).start()


def test_a_silent_server_is_busy_and_a_chatty_stranger_is_not_ours(tmp_path: Path) -> None:
    """A FalkorDB loading a big graph accepts connections but answers nothing
    until it is done: that must read as busy, not as someone else's socket."""
    import socket
    import threading

    from graph.embedded import _probe

    opened: list[socket.socket] = []

    def answer(conn: socket.socket, reply: bytes) -> None:
        with contextlib.suppress(OSError):  # the probe's first connection just checks
            while conn.recv(1024):
                conn.sendall(reply)

    def serve(path: Path, reply: bytes | None) -> None:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
        listener.listen(8)
        opened.append(listener)

        def loop() -> None:
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                opened.append(conn)  # held open, answered or not
                if reply is not None:
                    threading.Thread(target=answer, args=(conn, reply), daemon=True).start()

        threading.Thread(target=loop, daemon=True).start()

    serve(tmp_path / "silent.sock", None)
    serve(tmp_path / "chatty.sock", b"-ERR unknown command 'PING'\r\n")
    try:
        assert _probe(tmp_path / "silent.sock", timeout=0.3) == "loading"
        assert _probe(tmp_path / "chatty.sock", timeout=0.3) == "other"
        assert _probe(tmp_path / "nothing.sock", timeout=0.3) == "none"
    finally:
        for sock in opened:
            sock.close()


def test_the_compaction_threshold_reaches_the_server(short_dir: Path) -> None:
    server = EmbeddedFalkorDB(short_dir, aof_rewrite_mb=32).start()
    try:
        client = redis.Redis(unix_socket_path=str(server.socket_path))
        config = client.config_get("auto-aof-rewrite-min-size")
        client.close()
        assert config == {"auto-aof-rewrite-min-size": str(32 * 1024 * 1024)}
    finally:
        server.stop()
