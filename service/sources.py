"""Reading JSON Lines input: plain files, ``.gz`` files and standard input."""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from service.converting import Line
from service.errors import InputFileError


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


def read_lines(names: list[str]) -> Iterator[Line]:
    """Yield non-blank lines, each tagged ``file:line`` for error messages."""
    for name in names:
        base_dir = Path.cwd() if name == "-" else Path(name).resolve().parent
        label = "<stdin>" if name == "-" else name
        handle = _open(name)
        try:
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    yield Line(f"{label}:{number}", raw, base_dir)
        except (OSError, EOFError) as exc:
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
