"""The logo registry's lifecycle: seeding from the brand set, adding, loading."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from graph.store import GraphStore
from graph.store.ports import ProjectionReader
from identity.logos import LogoEntry, LogoRegistry, brand_icons, entries_for, entries_for_image
from identity.portraits import load_image
from service.imagesets import read_files


def logo_rows(entries: Sequence[LogoEntry], source: str) -> list[dict[str, str]]:
    return [
        {
            "key": hashlib.blake2b(
                f"{e.brand}\x1f{e.variant}\x1f{e.signature}".encode(), digest_size=16
            ).hexdigest(),
            "brand": e.brand,
            "variant": e.variant,
            "signature": e.signature,
            "segments": e.segments,
            "source": source,
        }
        for e in entries
    ]


async def seed_registry(
    store: GraphStore,
    limit: int | None = None,
    on_brand: Callable[[int, int], None] | None = None,
) -> int:
    """Register the simple-icons brands (or the first ``limit``); idempotent."""
    icons = brand_icons(limit)
    batch: list[LogoEntry] = []
    for done, icon in enumerate(icons, start=1):
        batch += entries_for(icon)
        if len(batch) >= 2000 or done == len(icons):
            await store.add_logos(logo_rows(batch, "simple-icons"))
            batch = []
        if on_brand is not None:
            on_brand(done, len(icons))
    return len(icons)


async def add_logo_files(
    store: GraphStore, paths: Sequence[Path], brand: str, max_bytes: int, max_pixels: int
) -> int:
    """Register pictures of one brand's logo; a bad file stops nothing else."""
    pictures = read_files(paths, prefix="file:")
    return await add_logo_images(store, pictures, brand, max_bytes, max_pixels)


async def add_logo_images(
    store: GraphStore,
    pictures: Sequence[tuple[str, bytes]],
    brand: str,
    max_bytes: int,
    max_pixels: int,
) -> int:
    """Register (variant name, image bytes) pictures of one brand; returns the
    number of signatures stored. Raises PortraitError for an unusable picture
    before anything is written, so a registration is all or nothing."""
    entries: list[LogoEntry] = []
    for variant, data in pictures:
        image = load_image(data, max_bytes, max_pixels)
        entries += entries_for_image(brand, variant, image)
    await store.add_logos(logo_rows(entries, "operator"))
    return len(entries)


async def load_registry(store: ProjectionReader) -> LogoRegistry | None:
    stored = await store.logos()
    if not stored:
        return None
    return LogoRegistry(
        [LogoEntry(r.brand, r.variant, r.signature, r.segments or "") for r in stored]
    )
