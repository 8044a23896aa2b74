"""The plain data an ingest passes along: lines, chunks, conversions, rejects.

Every stage of :mod:`service.ingest` takes and returns these and nothing
else, so a chunk can cross into a worker process and its conversion back
as ordinary pickled data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.plan import WritePlan


@dataclass(frozen=True)
class Line:
    """One input line and where it came from (``file:line`` or ``events[i]``)."""

    source: str
    text: str | bytes
    base_dir: Path | None = None  # where relative portrait paths are resolved


@dataclass(frozen=True)
class Chunk:
    """Consecutive input lines, converted and written as one batch.

    Read from a file, ``texts`` are its raw lines, blank ones included
    (skipped when converted, but counted), and line ``i`` is called
    ``{label}:{first + i}``: the ingesting process only slices the file, and
    names a line only if it is rejected. Lines built one at a time (the API,
    tests) carry their own ``names``.
    """

    texts: list[str | bytes]
    base_dir: Path | None = None  # where relative portrait paths are resolved
    label: str = ""
    first: int = 1
    names: list[str] | None = None
    numbers: list[int] | None = None  # line numbers, when the lines are not consecutive
    stream: int | None = None  # the write stream (service.ingest.route) all its lines are of

    def number(self, i: int) -> int:
        return self.numbers[i] if self.numbers is not None else self.first + i

    def source(self, i: int) -> str:
        return self.names[i] if self.names is not None else f"{self.label}:{self.number(i)}"


@dataclass(frozen=True)
class Rejected:
    source: str
    reason: str
    text: str | bytes


@dataclass
class Converted:
    """A chunk's plan (rendered for the store's wire), with its outcome."""

    plan: WritePlan
    accepted: int
    rejects: list[Rejected]
