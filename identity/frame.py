"""The round frame circular avatars show: what of a square picture is seen."""

from __future__ import annotations

import functools

import numpy as np
from PIL import Image, ImageDraw


@functools.lru_cache(maxsize=64)
def round_mask(size: tuple[int, int]) -> Image.Image:
    """The inscribed ellipse of a ``size`` (width, height) picture, as a mask."""
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).ellipse([0, 0, size[0] - 1, size[1] - 1], fill=255)
    return mask


@functools.lru_cache(maxsize=64)
def inside(shape: tuple[int, ...]) -> np.ndarray:
    """:func:`round_mask` as booleans, for arrays of ``shape`` (rows, columns)."""
    return np.asarray(round_mask((shape[1], shape[0]))) > 0
