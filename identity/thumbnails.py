"""Small previews of portraits, so an investigator can check a match by eye.

A 64-pixel JPEG is enough to tell a logo or a stock photo from a face, and
small enough (about 2 KB) to keep beside the hashes; it is not enough to
recognise much more than that, which is the point.
"""

from __future__ import annotations

import base64
import io

from PIL import Image

THUMB_SIDE = 64  # pixels, the longer side
THUMB_QUALITY = 70  # JPEG quality


def thumbnail(image: Image.Image) -> str:
    """The picture at most THUMB_SIDE pixels a side, as base64 JPEG."""
    small = image.copy()
    small.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.convert("RGB").save(out, "JPEG", quality=THUMB_QUALITY, optimize=True)
    return base64.b64encode(out.getvalue()).decode("ascii")
