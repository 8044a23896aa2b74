"""Which writes may overtake which: a bulk ingest's two write streams.

Input order matters only among events of one type: every rule where "the
last ingested wins" (docs/DESIGN.md, *Order-independent*) is about nodes that only
that type writes. So a bulk ingest may write a batch of one type ahead of
an earlier-read batch of another, as long as each type's own batches keep
their order; a killed ingest re-run still ends with the same graph, because
each type's written batches are a prefix of that type's events.

It uses this freedom to keep both the converting workers and the database
busy. A marketplace's events are of two kinds of work:

* PROFILE (accounts, logins, payment methods, portraits, actions): costly
  to convert (validation, PII hashing, portrait hashing), cheap to write;
* WORK (contracts, feedback, messages, job posts, flags): cheap to convert,
  15-30 us of database time each.

Written strictly in input order, a file that ends with a run of WORK events
(the demo's last 236k lines) kept the workers idle for the last ~7 s while
the database caught up; with two streams those batches are written while the
workers still convert the portraits before them.

Lines are routed by their ``type`` before they are parsed: from the first
bytes when the line starts the canonical way (``{"type": "login"``), else by
the same JSON parser validation uses. A line whose parsed type belongs to
the other stream (it said ``type`` twice) is rejected by :func:`check`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from pydantic_core import from_json

from service.ingest.types import Chunk

PROFILE, WORK = 0, 1
STREAM_OF_TYPE = {
    "account": PROFILE,
    "login": PROFILE,
    "payment_method": PROFILE,
    "portrait": PROFILE,
    "portfolio": PROFILE,  # shares "port" with portrait: both are pictures to hash
    "action": PROFILE,
    "contract": WORK,
    "feedback": WORK,
    "message": WORK,
    "job_post": WORK,
    "flag": WORK,
    "time_log": WORK,
}
_CANONICAL = b'{"type": "'
# the first four letters name the type: only portrait and portfolio share
# them, and one stream
_BY_PREFIX = {_CANONICAL + kind[:4].encode(): s for kind, s in STREAM_OF_TYPE.items()}
_PREFIX_LENGTH = len(_CANONICAL) + 4
_PROFILE_PREFIXES = frozenset(p for p, s in _BY_PREFIX.items() if s == PROFILE)
_WORK_PREFIXES = frozenset(p for p, s in _BY_PREFIX.items() if s == WORK)


def _prefix(text: str | bytes) -> bytes:
    return text[:_PREFIX_LENGTH] if isinstance(text, bytes) else text[:_PREFIX_LENGTH].encode()


def line_stream(text: str | bytes) -> int:
    """The stream of the event on this line (PROFILE when it is no event:
    it will be rejected there)."""
    stream = _BY_PREFIX.get(_prefix(text))
    if stream is not None:
        return stream
    try:
        event = from_json(text)
    except ValueError:
        return PROFILE
    kind = event.get("type") if isinstance(event, dict) else None
    return STREAM_OF_TYPE.get(kind, PROFILE) if isinstance(kind, str) else PROFILE


def routed(chunks: Iterator[Chunk]) -> Iterator[Chunk]:
    """Each chunk as one stream's chunk, or split in two (lines keep their numbers)."""
    for chunk in chunks:
        # one set test for the common case: every line canonical, all one stream
        # (lines given as str have str prefixes, which no set holds: split below)
        prefixes = {text[:_PREFIX_LENGTH] for text in chunk.texts}
        if prefixes <= _PROFILE_PREFIXES:
            yield replace(chunk, stream=PROFILE)
        elif prefixes <= _WORK_PREFIXES:
            yield replace(chunk, stream=WORK)
        else:
            yield from _split(chunk)


def _split(chunk: Chunk) -> Iterator[Chunk]:
    parts: tuple[list[int], list[int]] = ([], [])
    for i, text in enumerate(chunk.texts):
        if text and not text.isspace():  # blank lines are only counted, and numbers say where
            parts[line_stream(text)].append(i)
    for stream, members in enumerate(parts):
        if members:
            yield replace(
                chunk,
                texts=[chunk.texts[i] for i in members],
                names=[chunk.names[i] for i in members] if chunk.names is not None else None,
                numbers=[chunk.number(i) for i in members],
                stream=stream,
            )


def check(stream: int | None, kind: str) -> None:
    """Raise unless an event of type ``kind`` belongs in a chunk of ``stream``."""
    if stream is not None and STREAM_OF_TYPE[kind] != stream:
        raise ValueError("type: given more than once, with different values")
