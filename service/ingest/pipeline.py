"""Ingestion: validated events in, idempotent batched graph writes out.

The CLI (``trustmesh ingest``) and the GraphQL ``ingestEvents`` mutation both
go through :class:`Ingestor`, so validation, PII hashing and idempotency are
the same whichever door an event comes in by.

Speed comes from overlapping the two halves: while the store applies batch
*n*, batch *n+1* is converted. A small input is converted in a worker thread
(the store works in its own process, so the GIL is free for parsing while we
wait on its socket); a bulk load in worker processes (:mod:`service.ingest.pool`),
because conversion alone would keep one interpreter busy.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.store import GraphStore
from identity.logos import LogoRegistry
from service.collector import collect_now, collector_paused
from service.ingest.convert import Converter, chunks_of
from service.ingest.pool import POOL_FROM_CHUNKS, ConversionPool, rendered
from service.ingest.read import read_chunks
from service.ingest.types import Chunk, Converted, Line, Rejected
from service.logos import load_registry
from service.rescore import rescore_accounts

# a full collection every million events (default batches of 20,000) bounds
# what cycles the paused collector lets build up
COLLECT_EVERY_BATCHES = 50


@dataclass
class IngestReport:
    accepted: int = 0
    rejected: int = 0
    seconds: float = 0.0
    rejects: list[Rejected] = field(default_factory=list)

    @property
    def events_per_second(self) -> float:
        return self.accepted / self.seconds if self.seconds > 0 else 0.0


class Ingestor:
    """Validates, converts and writes events; the one ingest path."""

    def __init__(
        self,
        store: GraphStore,
        converter: Converter,
        batch_size: int = 2000,
        rescore_on_ingest: str = "auto",
        workers: int = 0,
    ):
        self.store = store
        self.converter = converter
        self.batch_size = batch_size
        self.rescore_on_ingest = rescore_on_ingest
        self.workers = workers  # conversion processes for bulk input; 0 = a thread

    async def ingest(
        self,
        lines: Iterable[Line],
        on_progress: Callable[[int, int], None] | None = None,
        on_reject: Callable[[Rejected], None] | None = None,
        keep_rejects: bool = False,
    ) -> IngestReport:
        """Ingest ``lines``; each batch is durable before the next is written."""
        chunks = chunks_of(lines, self.batch_size)
        return await self._ingest(chunks, on_progress, on_reject, keep_rejects)

    async def ingest_files(
        self,
        names: list[str],
        on_progress: Callable[[int, int], None] | None = None,
        on_reject: Callable[[Rejected], None] | None = None,
    ) -> IngestReport:
        """Ingest JSON Lines files (``-`` is standard input), plain or gzipped."""
        chunks = read_chunks(names, self.batch_size)
        return await self._ingest(chunks, on_progress, on_reject, keep_rejects=False)

    async def _ingest(
        self,
        chunks: Iterator[Chunk],
        on_progress: Callable[[int, int], None] | None,
        on_reject: Callable[[Rejected], None] | None,
        keep_rejects: bool,
    ) -> IngestReport:
        loop = asyncio.get_running_loop()
        start = loop.time()
        report = IngestReport()
        first = list(itertools.islice(chunks, POOL_FROM_CHUNKS))
        chunks = itertools.chain(first, chunks)
        rescoring = self.rescore_on_ingest == "on" or (
            self.rescore_on_ingest == "auto" and await self.store.has_scores()
        )
        logos = await load_registry(self.store) if rescoring else None
        pool = None
        if self.workers > 0 and len(first) >= POOL_FROM_CHUNKS:
            pool = ConversionPool(chunks, self.converter, self.store.prerender, self.workers)
        try:
            with collector_paused():
                next_converted = pool.next_converted if pool else self._in_thread(chunks)
                await self._batches(next_converted, rescoring, logos, report,
                                    on_progress, on_reject, keep_rejects)  # fmt: skip
        finally:
            if pool is not None:
                pool.close()
        report.seconds = loop.time() - start
        return report

    async def ingest_one(self, source: str, event: Mapping[str, Any]) -> str | None:
        """One event built by the service itself (a flag, an upload, an action):
        ``None`` once stored, else why it was rejected."""
        report = await self.ingest([Line(source, json.dumps(event))], keep_rejects=True)
        return report.rejects[0].reason if report.rejects else None

    def _in_thread(self, chunks: Iterator[Chunk]) -> Callable[[], Awaitable[Converted | None]]:
        def next_converted() -> Converted | None:
            chunk = next(chunks, None)
            if chunk is None:
                return None
            return rendered(chunk, self.converter, self.store.prerender)

        return lambda: asyncio.to_thread(next_converted)

    async def _batches(
        self,
        next_converted: Callable[[], Awaitable[Converted | None]],
        rescoring: bool,
        logos: LogoRegistry | None,
        report: IngestReport,
        on_progress: Callable[[int, int], None] | None,
        on_reject: Callable[[Rejected], None] | None,
        keep_rejects: bool,
    ) -> None:
        """Write each converted batch while the next one is converted."""
        done = 0
        converted = await next_converted()
        while converted is not None:
            writing = asyncio.ensure_future(self.store.write(converted.plan))
            following = asyncio.ensure_future(next_converted())
            try:
                await writing
                if rescoring:
                    # a login from a blocked account's device shows up at once
                    await rescore_accounts(self.store, converted.plan.touched, logos=logos)
            except BaseException:
                following.cancel()
                raise
            report.accepted += converted.accepted
            report.rejected += len(converted.rejects)
            for rejected in converted.rejects:
                if on_reject is not None:
                    on_reject(rejected)
                if keep_rejects:
                    report.rejects.append(rejected)
            if on_progress is not None:
                on_progress(converted.accepted, len(converted.rejects))
            done += 1
            if done % COLLECT_EVERY_BATCHES == 0:
                collect_now()
            converted = await following
