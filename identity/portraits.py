"""Portrait intake: decode an uploaded picture safely and hash it.

Only hashes leave this module; the pixels are dropped once hashed. The
decoder is hardened because portraits come from untrusted users: a size cap
before decoding, an explicit pixel cap (Pillow's decompression-bomb guard,
raised to an error rather than a warning), a format allow-list, and a full
``load()`` so truncation is caught here rather than later.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import imagehash
from PIL import Image, ImageOps, UnidentifiedImageError

from identity.errors import (
    DecompressionBomb,
    EmptyImage,
    ImageTooLarge,
    NotAnImage,
    PortraitError,
    TruncatedImage,
    UnsupportedImageFormat,
)

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})


@dataclass(frozen=True)
class PortraitHashes:
    phash: str
    dhash: str
    width: int
    height: int


def load_image(data: bytes, max_bytes: int, max_pixels: int) -> Image.Image:
    """Decode to RGB: first GIF frame, EXIF orientation applied, alpha on white."""
    if not data:
        raise EmptyImage()
    if len(data) > max_bytes:
        raise ImageTooLarge(len(data), max_bytes)
    Image.MAX_IMAGE_PIXELS = max_pixels  # process-wide in Pillow; set explicitly every time
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise UnsupportedImageFormat(image.format or "unknown")
            if image.width * image.height > max_pixels:
                raise DecompressionBomb(image.width * image.height, max_pixels)
            image.seek(0)
            image.load()
    except PortraitError:
        raise  # already explained (a ValueError, so it must pass the catch-all below)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise DecompressionBomb(None, max_pixels) from exc
    except UnidentifiedImageError as exc:
        raise NotAnImage() from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise TruncatedImage() from exc
    upright = ImageOps.exif_transpose(image) or image
    return flatten(upright, background=(255, 255, 255))


def flatten(image: Image.Image, background: tuple[int, int, int]) -> Image.Image:
    """Composite any transparency onto a solid background and return RGB."""
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (*background, 255))
        canvas.alpha_composite(rgba)
        return canvas.convert("RGB")
    return image.convert("RGB")


def portrait_hashes(image: Image.Image) -> PortraitHashes:
    return PortraitHashes(
        phash=str(imagehash.phash(image)),
        dhash=str(imagehash.dhash(image)),
        width=image.width,
        height=image.height,
    )
