"""Opening the configured store: embedded FalkorDB or Neo4j, schema ensured."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from graph.embedded import EmbeddedFalkorDB
from graph.errors import GraphError
from graph.store import GraphStore
from graph.store.falkordb import FalkorDBStore
from graph.store.neo4j import Neo4jStore
from identity.links import LinkCheck
from identity.pii import PiiHasher
from service.ingest.convert import Converter
from service.ingest.pipeline import Ingestor
from service.settings import Settings

log = logging.getLogger("trustmesh.store")

DEFAULT_GRAPH = "trustmesh"  # the embedded graph's key when TRUSTMESH_GRAPH_NAME is unset


@asynccontextmanager
async def open_store(settings: Settings) -> AsyncIterator[GraphStore]:
    """Yield a ready store; starts (and later stops) the embedded server if needed."""
    embedded: EmbeddedFalkorDB | None = None
    store: FalkorDBStore | Neo4jStore
    if settings.graph_url:
        password = settings.graph_password.get_secret_value() if settings.graph_password else None
        store = Neo4jStore(settings.graph_url, settings.graph_user, password, settings.graph_name)
    else:
        embedded = EmbeddedFalkorDB(
            settings.data_dir, fsync=settings.fsync, aof_rewrite_mb=settings.aof_rewrite_mb
        )
        await asyncio.to_thread(embedded.start)
        store = FalkorDBStore(embedded.socket_path, settings.graph_name or DEFAULT_GRAPH)
    watch: asyncio.Task[None] | None = None
    try:
        await store.ping()
        await store.ensure_schema()
        if embedded is not None:
            watch = asyncio.create_task(_keep_alive(embedded))
        yield store
    finally:
        if watch is not None:
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch
        await store.close()
        if embedded is not None:
            await asyncio.to_thread(embedded.stop)


REVIVE_EVERY_S = 0.5


async def _keep_alive(embedded: EmbeddedFalkorDB) -> None:
    """Restart the embedded server whenever it dies while the store is open,
    so a crashed database costs a server seconds of UNAVAILABLE, not a restart."""
    while True:
        await asyncio.sleep(REVIVE_EVERY_S)
        try:
            if await asyncio.to_thread(embedded.revive):
                log.warning("embedded FalkorDB had stopped: restarted it")
        except GraphError as exc:  # tried again on the next tick
            log.error("embedded FalkorDB could not be restarted: %s", exc)


def make_ingestor(store: GraphStore, settings: Settings) -> Ingestor:
    converter = Converter(
        PiiHasher(settings.hashing_secret()),
        settings.max_portrait_bytes,
        settings.max_portrait_pixels,
        thumbnails=settings.portrait_thumbnails,
        excerpt_retention_s=settings.excerpt_retention_days * 86_400,
        links=LinkCheck(settings.protected),
    )
    return Ingestor(
        store,
        converter,
        settings.batch_size,
        settings.rescore_on_ingest,
        workers=settings.ingest_workers,
    )
