"""The registry of known stock and template work: adding pictures, listing sources.

A registered work keeps the signatures the near-duplicate rule compares
(identity.signatures.WORK_SIGNATURES), never the picture. A portfolio item that is
the same picture gets COPIED_PORTFOLIO with the work's source as evidence.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from graph.store import GraphStore
from graph.store.ports import LogoRegistryStore
from identity.errors import PortraitError
from identity.portraits import load_image, work_hashes
from identity.signatures import WORK_SIGNATURES
from service.errors import InputFileError
from service.imagesets import read_files
from service.ingest.pipeline import IngestReport
from service.settings import Settings

DEMO_SOURCE = "demo stock"
MAX_SOURCE = 100  # characters of a source's name


def work_rows(pictures: Sequence[tuple[str, bytes]], source: str, max_bytes: int,
              max_pixels: int) -> list[dict[str, object]]:  # fmt: skip
    """Rows for (name, image bytes) pictures of one source. Raises
    InputFileError naming an unusable picture, before anything is written."""
    rows: list[dict[str, object]] = []
    now = int(time.time())
    for name, data in pictures:
        try:
            signatures = asdict(work_hashes(load_image(data, max_bytes, max_pixels)))
        except PortraitError as exc:
            raise InputFileError(name, str(exc)) from exc
        kept = {field: signatures[field] for field in WORK_SIGNATURES}
        key = hashlib.blake2b(
            f"{source}\x1f{kept['phash']}{kept['dhash']}{kept['whash']}".encode(), digest_size=16
        ).hexdigest()
        rows.append({"key": key, "source": source, "name": name, "added_at": now, **kept})
    return rows


async def add_work_images(
    store: LogoRegistryStore,
    pictures: Sequence[tuple[str, bytes]],
    source: str,
    max_bytes: int,
    max_pixels: int,
) -> int:
    """Register pictures of one source, all or nothing; returns how many."""
    rows = work_rows(pictures, source, max_bytes, max_pixels)
    await store.add_works(rows)
    return len(rows)


async def register_demo_works(store: LogoRegistryStore, demo: Path, max_bytes: int,
                              max_pixels: int) -> int:  # fmt: skip
    """A demo marketplace's stock and template pictures (``DIR/works/``)."""
    paths = sorted((demo / "works").glob("*.png"))
    return await add_work_images(store, read_files(paths), DEMO_SOURCE, max_bytes, max_pixels)


async def load_demo(store: GraphStore, settings: Settings, demo: Path) -> IngestReport:
    """A demo marketplace into ``store``: its events, and its registered works."""
    from service.runtime import make_ingestor

    report = await make_ingestor(store, settings).ingest_files([str(demo / "events.jsonl")])
    await register_demo_works(
        store, demo, settings.max_portrait_bytes, settings.max_portrait_pixels
    )
    return report
