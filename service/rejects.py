"""The rejects files of a command-line ingest: raw lines and their reasons."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from rich.console import Console

from service.ingest.types import Rejected

MAX_PRINTED_REJECTS = 20


def _private(path: Path) -> BinaryIO:
    """``path`` opened for appending, readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.fchmod(fd, 0o600)  # a file that existed keeps its mode through O_CREAT
    return os.fdopen(fd, "ab")


class RejectSink:
    """Prints the first rejects and writes all of them to private files.

    ``PATH`` holds the raw lines, as they were, so it can be fixed and
    re-ingested; ``PATH.reasons`` holds ``source: reason``, a line for each.
    They may contain contact details, so both are ``0600`` (an existing file
    is narrowed too) and created only on demand.
    """

    def __init__(self, path: Path, console: Console) -> None:
        self.path = path
        self.console = console
        self.count = 0
        self._files: tuple[BinaryIO, BinaryIO] | None = None

    def __call__(self, rejected: Rejected) -> None:
        self.count += 1
        if self.count <= MAX_PRINTED_REJECTS:
            self.console.print(
                f"{rejected.source}: {rejected.reason}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        if self._files is None:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            why = self.path.with_name(self.path.name + ".reasons")
            self._files = (_private(self.path), _private(why))
        lines, reasons = self._files
        text = rejected.text
        raw = text if isinstance(text, bytes) else text.encode(errors="surrogateescape")
        if raw:  # a damaged file's notice has a reason but no line
            lines.write(raw.rstrip(b"\r\n") + b"\n")
        reason = f"{rejected.source}: {rejected.reason}".replace("\n", " ")
        reasons.write(reason.encode(errors="replace") + b"\n")

    def close(self) -> None:
        for handle in self._files or ():
            handle.close()
        if self.count > MAX_PRINTED_REJECTS:
            self.console.print(f"… and {self.count - MAX_PRINTED_REJECTS} more", soft_wrap=True)
        if self.count:
            self.console.print(
                f"rejected lines written to {self.path}", highlight=False, soft_wrap=True
            )
