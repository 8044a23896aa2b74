"""Converting a bulk ingest's chunks in worker processes.

On a bulk load most of the Python work is converting lines: parsing and
validating JSON, normalising and hashing PII, decoding and hashing
portraits, planning and encoding statements. In one interpreter that work
and the event loop feeding the database share one core (the GIL), and the
database's own process idles behind it (bench/ingest.py prints where the
CPU goes). Worker processes convert the next chunks while the ingesting
process writes, so the machine's cores all work.

The workers are forked from multiprocessing's fork server, a fresh
interpreter that imports the conversion code once (not from the ingesting
process, which has threads and open sockets; not spawned, which imported
that code again in every worker: ~0.4 CPU-s per ingest). They start once
per ingest, and only for inputs large enough to repay their start-up;
:data:`POOL_FROM_CHUNKS` says how large. While they start, the first chunk
is converted in the ingesting process. Chunks go to the
workers as the raw lines they are (:class:`Chunk`) and come back as
:class:`Converted` plans. Each write stream's batches (:mod:`service.ingest.route`)
are written, reported and made durable in input order; the two streams'
batches may overtake one another, which no stored result depends on.
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
from dataclasses import dataclass, replace

from graph.plan import WritePlan
from service.ingest.convert import Converter, convert
from service.ingest.route import PROFILE, WORK, routed
from service.ingest.types import Chunk, Converted
from service.threads import one_native_thread

# a pool is started only when the input has at least this many chunks: a
# worker's start-up (its imports) costs about two chunks' conversion
POOL_FROM_CHUNKS = 3
# A picture (portrait or portfolio item) costs a few hundred logins'
# conversion (decoding and hashing): a chunk is cut after this many, so one
# weighs about as much as a chunk of ordinary lines and no worker holds the
# others up in input order.
PORTRAITS_PER_CHUNK = 100
# Lines read and not yet handed to the writer (waiting, converting or
# converted), so that a run of one stream's events does not hide the other
# stream's next ones, and the workers convert on while the writer is busy
# (~50 MB of the demo's lines, plus their plans).
READ_AHEAD_LINES = 200_000

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

    After a ``kill -9`` of an ingest nothing shuts the pool down, and its
    workers would stay, re-parented to init, blocked writing a result nobody
    reads (150 MB each). The parent's sentinel becomes ready when it dies,
    whatever the main thread is stuck in.
    """
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)


def rendered(
    chunk: Chunk, converter: Converter, render: Callable[[WritePlan], WritePlan]
) -> Converted:
    """``chunk`` converted, then its plan in the store's wire form (``render``,
    the adapter's step, done here so that it too runs off the writer's path)."""
    converted = convert(chunk, converter)
    return replace(converted, plan=render(converted.plan))


def _convert(chunk: Chunk) -> Converted:
    assert _converter is not None and _render is not None, "worker not started"
    return rendered(chunk, _converter, _render)


def _pieces(chunk: Chunk, most: int = PORTRAITS_PER_CHUNK) -> Iterator[Chunk]:
    """``chunk`` cut after every ``most`` picture lines (a cheap byte test:
    only the cost of a piece depends on it, not what is stored)."""
    if _count_portraits(chunk.texts) < most:  # one scan of the joined text, not a loop
        yield chunk
        return
    cuts = [0]
    portraits = 0
    for i, text in enumerate(chunk.texts):
        if _count_portraits([text]):
            portraits += 1
            if portraits == most:
                cuts.append(i + 1)
                portraits = 0
    cuts.append(len(chunk.texts))
    for start, end in itertools.pairwise(cuts):
        if start < end:
            names = chunk.names[start:end] if chunk.names is not None else None
            numbers = chunk.numbers[start:end] if chunk.numbers is not None else None
            yield replace(
                chunk,
                texts=chunk.texts[start:end],
                first=chunk.first + start,
                names=names,
                numbers=numbers,
            )


def _count_portraits(texts: list[str | bytes]) -> int:
    """Portrait and portfolio lines (their type words, counted in C)."""
    raw = b"".join(t for t in texts if isinstance(t, bytes))
    words = "".join(t for t in texts if isinstance(t, str))
    return sum(raw.count(w.encode()) + words.count(w) for w in ('"portrait"', '"portfolio"'))


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["service.ingest.pool"])
    return context


class ConversionPool:
    """Converts chunks in ``workers`` processes, several ahead of the writer.

    Chunks are routed into the two write streams (:mod:`service.ingest.route`)
    and read up to :data:`READ_AHEAD_LINES` ahead, so that one stream's
    batches can be converted and written while the other's are still being
    converted. Each stream's batches come out in input order.

    The workers are fed whenever a conversion ends, not only when the writer
    asks: with at most a few conversions queued per stream and fed from the
    writer, they idled behind the demo's slow work-stream writes and then
    converted its 4,000 portraits at the end while the database idled
    (~5 s each way, seen in per-process CPU samples).
    """

    def __init__(
        self,
        chunks: Iterator[Chunk],
        converter: Converter,
        render: Callable[[WritePlan], WritePlan],
        workers: int,
    ) -> None:
        self._chunks = (piece for chunk in routed(chunks) for piece in _pieces(chunk))
        self._queued_at_most = workers + 1  # every worker busy, one more waiting
        self._converter, self._render = converter, render
        self._first = True  # converted here while the workers start
        one_native_thread()  # so is the first chunk: no BLAS threads spinning beside it
        self._read: tuple[deque[Chunk], deque[Chunk]] = (deque(), deque())
        self._pending: tuple[deque[_Pending], deque[_Pending]] = (deque(), deque())
        self._held_lines = 0  # read and not yet handed out
        self._converting = 0  # submitted and not yet done
        self._turn = itertools.cycle((PROFILE, WORK))
        self._order = itertools.count()
        self._closed = False
        self._pool = ProcessPoolExecutor(
            workers,
            mp_context=_context(),
            initializer=_start,
            initargs=(converter, render),
        )

    async def next_converted(self) -> Converted | None:
        """The next converted chunk of either stream (the older one when both
        are ready); each stream's in input order; ``None`` at the end."""
        self._fill()
        heads = [queue[0] for queue in self._pending if queue]
        if not heads:
            return None
        ready = [head for head in heads if head.future.done()]
        if not ready:
            await asyncio.wait([head.future for head in heads], return_when="FIRST_COMPLETED")
            ready = [head for head in heads if head.future.done()]
        head = min(ready, key=lambda pending: pending.order)
        self._pending[head.stream].popleft()
        self._held_lines -= len(head.chunk.texts)
        return head.future.result()

    def _fill(self) -> None:
        """Read ahead and keep the workers fed, taking turns between the
        streams. Called for each result the writer takes and each
        conversion that ends: a write can take a second, in which the
        workers convert on (the results wait, within the read-ahead)."""
        while self._held_lines < READ_AHEAD_LINES:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._read[PROFILE if chunk.stream is None else chunk.stream].append(chunk)
            self._held_lines += len(chunk.texts)
        if self._first:
            self._convert_first_here()
        while self._converting < self._queued_at_most and any(self._read):
            stream = next(self._turn)
            if self._read[stream]:
                chunk = self._read[stream].popleft()
                future = asyncio.wrap_future(self._pool.submit(_convert, chunk))
                self._converting += 1
                future.add_done_callback(self._converted)
                pending = _Pending(next(self._order), stream, chunk, future)
                self._pending[stream].append(pending)

    def _converted(self, future: asyncio.Future[Converted]) -> None:
        self._converting -= 1
        if not self._closed and not future.cancelled() and future.exception() is None:
            self._fill()

    def _convert_first_here(self) -> None:
        """The first chunk, converted in a thread of this process: starting
        the workers takes ~0.7 s (the fork server imports the conversion
        code), in which one core would idle and the store wait."""
        self._first = False
        for stream, queue in enumerate(self._read):
            if queue:
                chunk = queue.popleft()
                # submitted now (not when the loop next runs): the workers'
                # start below blocks this thread
                future = asyncio.get_running_loop().run_in_executor(
                    None, rendered, chunk, self._converter, self._render
                )
                self._pending[stream].append(_Pending(next(self._order), stream, chunk, future))
                return

    def close(self) -> None:
        self._closed = True
        for queue in self._pending:
            for pending in queue:
                pending.future.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class _Pending:
    order: int  # submission order: the older of two ready results goes first
    stream: int
    chunk: Chunk
    future: asyncio.Future[Converted]
