"""Opening the configured store: embedded FalkorDB or Neo4j, schema ensured."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from graph.embedded import EmbeddedFalkorDB
from graph.falkordb_store import FalkorDBStore
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore
from identity.pii import PiiHasher
from service.converting import Converter
from service.ingest import Ingestor
from service.settings import Settings


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
        store = FalkorDBStore(embedded.socket_path, settings.graph_name)
    try:
        await store.ping()
        await store.ensure_schema()
        yield store
    finally:
        await store.close()
        if embedded is not None:
            await asyncio.to_thread(embedded.stop)


def make_ingestor(store: GraphStore, settings: Settings) -> Ingestor:
    converter = Converter(
        PiiHasher(settings.hashing_secret()),
        settings.max_portrait_bytes,
        settings.max_portrait_pixels,
    )
    return Ingestor(
        store,
        converter,
        settings.batch_size,
        settings.rescore_on_ingest,
        workers=settings.ingest_workers,
    )
