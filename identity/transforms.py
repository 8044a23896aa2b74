"""The ways an uploaded picture differs from the original: for evaluation.

Each transformation takes and returns an RGB image. They are the cases the
identity benchmark reports separately (``trustmesh evaluate-images``).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image, ImageOps

from identity.portraits import centre, circle

Transform = Callable[[Image.Image], Image.Image]


def _resize(size: int) -> Transform:
    return lambda image: image.resize((size, size))


def _cropped(cut: float) -> Transform:
    return lambda image: centre(image, cut)


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


def _rotated(degrees: float, corners: str = "white") -> Transform:
    return lambda image: image.rotate(
        degrees, resample=Image.Resampling.BILINEAR, fillcolor=corners
    )


TRANSFORMS: dict[str, Transform] = {
    "resize-64": _resize(64),
    "resize-128": _resize(128),
    "resize-512": _resize(512),
    "crop-10%": _cropped(0.10),
    "jpeg-q30": _jpeg30,
    "recolour-invert": _invert,
    "pad-coloured": _pad,
    "circle-crop": lambda image: circle(image.convert("RGB")),
    "rotate-5": _rotated(5),
}


def _hue_turned(image: Image.Image, steps: int = 40) -> Image.Image:
    hsv = image.convert("HSV")
    hue, saturation, value = hsv.split()
    turned = hue.point(lambda h: (h + steps) % 256)
    return Image.merge("HSV", (turned, saturation, value)).convert("RGB")


# Beyond the benchmark's own: the duplicate-photo rule's centre and turned
# signatures are made for a 10% crop and 5 degrees, so the benchmark also
# reports how far either side of those they hold, and recolourings other
# than inversion.
BEYOND: dict[str, Transform] = {
    **{f"crop-{round(s * 100)}%": _cropped(s) for s in (0.06, 0.14, 0.20)},
    **{f"rotate-{d}": _rotated(d) for d in (2, 3, 4, 6, 8, -2, -4, -5, -6)},
    "rotate-5-black-corners": _rotated(5, "black"),
    "rotate-5-then-jpeg-q30": lambda image: _jpeg30(_rotated(5)(image)),
    "recolour-grey": lambda image: ImageOps.grayscale(image).convert("RGB"),
    "recolour-sepia": lambda image: ImageOps.colorize(
        ImageOps.grayscale(image), "#3a2a1a", "#f0e0c0"
    ),
    "recolour-hue-turned": _hue_turned,
}
