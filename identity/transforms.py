"""The ways an uploaded picture differs from the original: for evaluation.

Each transformation takes and returns an RGB image. They are the cases the
identity benchmark reports separately (``trustmesh evaluate-images``).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image, ImageOps

from identity.portraits import circle

Transform = Callable[[Image.Image], Image.Image]


def _resize(size: int) -> Transform:
    return lambda image: image.resize((size, size))


def _crop(image: Image.Image) -> Image.Image:
    w, h = image.size
    dx, dy = int(w * 0.05), int(h * 0.05)  # 10% in all: 5% off each side
    return image.crop((dx, dy, w - dx, h - dy))


def _jpeg30(image: Image.Image) -> Image.Image:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=30)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _invert(image: Image.Image) -> Image.Image:
    return ImageOps.invert(image.convert("RGB"))


def _pad(image: Image.Image) -> Image.Image:
    w, h = image.size
    out = Image.new("RGB", (int(w * 1.4), int(h * 1.4)), (40, 110, 190))
    out.paste(image, ((out.width - w) // 2, (out.height - h) // 2))
    return out


def _rotate(image: Image.Image) -> Image.Image:
    return image.rotate(5, resample=Image.Resampling.BILINEAR, fillcolor=(255, 255, 255))


TRANSFORMS: dict[str, Transform] = {
    "resize-64": _resize(64),
    "resize-128": _resize(128),
    "resize-512": _resize(512),
    "crop-10%": _crop,
    "jpeg-q30": _jpeg30,
    "recolour-invert": _invert,
    "pad-coloured": _pad,
    "circle-crop": lambda image: circle(image.convert("RGB")),
    "rotate-5": _rotate,
}
