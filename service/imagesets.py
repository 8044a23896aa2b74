"""Reading an image evaluation folder: known_logos/, unknown_logos/, photos/."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from identity.errors import PortraitError
from identity.portraits import load_image
from service.errors import InputFileError
from service.settings import Settings

SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}


def read_files(paths: Sequence[Path], prefix: str = "") -> list[tuple[str, bytes]]:
    """(``prefix`` + file name, bytes) of each file; one that cannot be read
    stops the lot, named."""
    out = []
    for path in paths:
        try:
            out.append((f"{prefix}{path.name}", path.read_bytes()))
        except OSError as exc:
            raise InputFileError(str(path), exc.strerror or str(exc)) from exc
    return out


def _pictures(folder: Path, settings: Settings) -> list[tuple[str, Image.Image]]:
    if not folder.is_dir():
        raise InputFileError(str(folder), "missing folder")
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in SUFFIXES:
            continue
        try:
            image = load_image(
                path.read_bytes(), settings.max_portrait_bytes, settings.max_portrait_pixels
            )
        except PortraitError as exc:
            raise InputFileError(str(path), str(exc)) from exc
        out.append((path.stem, image))
    return out


def read_image_folder(
    root: Path, settings: Settings
) -> tuple[list[tuple[str, Image.Image]], list[Image.Image], list[Image.Image]]:
    """(brand name from the file name, picture) for known logos; the others bare."""
    known = _pictures(root / "known_logos", settings)
    unknown = [image for _, image in _pictures(root / "unknown_logos", settings)]
    photos = [image for _, image in _pictures(root / "photos", settings)]
    return known, unknown, photos
