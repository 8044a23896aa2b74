"""Reading JSON Lines input: plain files, ``.gz`` files and standard input."""

from __future__ import annotations

import gzip
import itertools
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from service.errors import InputFileError
from service.ingest.types import Chunk


def _open(name: str) -> BinaryIO:
    if name == "-":
        return sys.stdin.buffer
    path = Path(name)
    try:
        handle: BinaryIO = path.open("rb")
        if handle.read(2) == b"\x1f\x8b":
            handle.close()
            return gzip.open(path, "rb")  # type: ignore[return-value]
        handle.seek(0)
        return handle
    except OSError as exc:
        raise InputFileError(name, exc.strerror or str(exc)) from exc


def check_readable(names: list[str]) -> None:
    """Fail before ingesting anything if a named file cannot be opened."""
    for name in names:
        if name != "-":
            _open(name).close()


def damaged_inputs(names: list[str]) -> dict[str, str]:
    """Compressed files whose data ends early or fails its checksum, with
    why: checked before the ingest, which then stores their readable part."""
    damaged: dict[str, str] = {}
    for name in names:
        if name == "-":
            continue
        with _open(name) as handle:
            if not isinstance(handle, gzip.GzipFile):
                continue
            try:
                while handle.read(1 << 20):
                    pass
            except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
                damaged[name] = f"compressed data is damaged ({exc}); the lines before it are read"
    return damaged


def read_chunks(names: list[str], size: int) -> Iterator[Chunk]:
    """The files' lines in chunks of ``size``, tagged for ``file:line`` messages.

    Lines are sliced off the file as they are, blank ones included, so the
    ingesting process does no per-line work: on the 1.4M-line demo, naming
    and packing every line there took 3.9 s of its CPU against 0.3 s.
    """
    for name in names:
        base_dir = Path.cwd() if name == "-" else Path(name).resolve().parent
        label = "<stdin>" if name == "-" else name
        handle = _open(name)
        first = 1
        try:
            ended = False
            while not ended:
                texts: list[bytes] = []
                try:
                    # extend keeps the lines read before a damaged stream's EOFError
                    texts.extend(itertools.islice(handle, size))
                except (EOFError, gzip.BadGzipFile, zlib.error):
                    # reported by damaged_inputs; what was readable is kept
                    ended = True
                if not texts:
                    break
                yield Chunk(texts, base_dir, label, first)  # type: ignore[arg-type]
                first += len(texts)
        except OSError as exc:
            raise InputFileError(name, f"read failed ({exc})") from exc
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()


def total_size(names: list[str]) -> int | None:
    """Bytes to read when known (plain files only), for the progress bar."""
    total = 0
    for name in names:
        path = Path(name)
        if name == "-" or name.endswith(".gz"):
            return None
        total += path.stat().st_size
    return total
