"""How few colours a picture is made of: the main statistic telling marks from photos."""

from __future__ import annotations

import numpy as np
from PIL import Image


def dominant_share(image: Image.Image, colours: int = 3) -> float:
    """Share of pixels in the ``colours`` most common colours (3 bits per channel).

    A logo's few flat colours cover almost all of it, even after JPEG or
    resizing; light, shading and noise spread a photograph over many.
    """
    small = np.asarray(image.convert("RGB").resize((96, 96)), dtype=np.int32) >> 5
    keys = (small[..., 0] << 16) | (small[..., 1] << 8) | small[..., 2]
    _, counts = np.unique(keys, return_counts=True)
    return float(np.sort(counts)[::-1][:colours].sum() / keys.size)
