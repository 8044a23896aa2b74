"""Converting a bulk ingest's chunks in worker processes.

On a bulk load most of the Python work is converting lines: parsing and
validating JSON, normalising and hashing PII, decoding and hashing
portraits, planning and encoding statements. In one interpreter that work
and the event loop feeding the database share one core (the GIL), and the
database's own process idles behind it: measured on a 300k-event slice of
the demo, 9.1 s of Python CPU against 5.4 s of FalkorDB for 10.1 s of wall
time. Worker processes convert the next chunks while the ingesting process
writes, so the machine's cores all work.

The workers are spawned (not forked: the ingesting process has threads and
open sockets) once per ingest, and only for inputs large enough to repay
their start-up; :data:`POOL_FROM_CHUNKS` says how large. Chunks go to the
workers as the raw lines they are (:class:`Chunk`) and come back as
:class:`Converted` plans, in input order, so batches are written, reported
and made durable in the same order as without workers.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from graph.plan import WritePlan
from service.converting import Chunk, Converted, Converter, convert
from service.threads import one_native_thread

# a pool is started only when the input has at least this many chunks (a
# worker's start-up, ~1-2 s of imports, is about two chunks' conversion)
POOL_FROM_CHUNKS = 3
# A portrait costs ~3 ms to decode and hash, a login ~15 us: a chunk is cut
# after this many portraits, so one weighs about as much as a batch of
# ordinary lines. The demo has 4,000 portraits in two 10,000-line chunks;
# converted whole, each kept one worker busy for ~6 s while the other, and
# the database, waited for it in input order (15 s of the 100k demo ran on
# one core).
PORTRAITS_PER_CHUNK = 100

# one per worker process, set by _start (never used in the ingesting process)
_converter: Converter | None = None
_render: Callable[[WritePlan], WritePlan] | None = None


def _start(converter: Converter, render: Callable[[WritePlan], WritePlan]) -> None:
    global _converter, _render
    _converter, _render = converter, render
    one_native_thread()
    gc.freeze()  # the imported modules never need scanning again
    threading.Thread(target=_exit_with_parent, name="parent-watch", daemon=True).start()


def _exit_with_parent() -> None:
    """End this worker when the ingesting process is gone.

    After a ``kill -9`` of an ingest nothing shuts the pool down: its workers
    were found hours later, re-parented to init, blocked writing a result
    nobody would read (150 MB each). The parent's sentinel becomes ready
    when it dies, whatever the main thread is stuck in.
    """
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)


def _convert(chunk: Chunk) -> Converted:
    assert _converter is not None and _render is not None, "worker not started"
    return convert(chunk, _converter, _render)


def _pieces(chunk: Chunk, most: int = PORTRAITS_PER_CHUNK) -> Iterator[Chunk]:
    """``chunk`` cut after every ``most`` portrait lines (a cheap byte test:
    only the cost of a piece depends on it, not what is stored)."""
    if _count_portraits(chunk.texts) < most:  # one scan of the joined text, not a loop
        yield chunk
        return
    cuts = [0]
    portraits = 0
    for i, text in enumerate(chunk.texts):
        if b'"portrait"' in text if isinstance(text, bytes) else '"portrait"' in text:
            portraits += 1
            if portraits == most:
                cuts.append(i + 1)
                portraits = 0
    cuts.append(len(chunk.texts))
    for start, end in itertools.pairwise(cuts):
        if start < end:
            names = chunk.names[start:end] if chunk.names is not None else None
            yield replace(
                chunk, texts=chunk.texts[start:end], first=chunk.first + start, names=names
            )


def _count_portraits(texts: list[str | bytes]) -> int:
    try:  # lines read from files are all bytes: one join and count in C
        return b"".join(texts).count(b'"portrait"')  # type: ignore[arg-type]
    except TypeError:
        raw = [t for t in texts if isinstance(t, bytes)]
        words = [t for t in texts if isinstance(t, str)]
        return b"".join(raw).count(b'"portrait"') + "".join(words).count('"portrait"')


class ConversionPool:
    """Converts chunks in ``workers`` processes, several ahead of the writer."""

    def __init__(
        self,
        chunks: Iterator[Chunk],
        converter: Converter,
        render: Callable[[WritePlan], WritePlan],
        workers: int,
    ) -> None:
        self._chunks = (piece for chunk in chunks for piece in _pieces(chunk))
        self._ahead = workers + 1  # every worker busy while one result waits
        self._pending: deque[asyncio.Future[Converted]] = deque()
        self._pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(converter, render),
        )

    async def next_converted(self) -> Converted | None:
        """The next chunk's conversion, in input order; ``None`` at the end."""
        while len(self._pending) < self._ahead:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            future = self._pool.submit(_convert, chunk)
            self._pending.append(asyncio.wrap_future(future))
        if not self._pending:
            return None
        return await self._pending.popleft()

    def close(self) -> None:
        for future in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)
