"""Pillow's bilinear rotation of grey pictures, in round frames, bit for bit.

Every portrait stores the round-frame signatures of itself turned a few
degrees each way (identity.portraits.turned_views). ``Image.rotate(...,
BILINEAR)`` runs Pillow's generic transform, one C call per pixel, a large
share of hashing a portrait. Its arithmetic is plain IEEE doubles, so numpy
repeats it exactly:

* output pixel (x, y) samples the source at ``a*(x+.5) + b*(y+.5) + c``
  (and likewise with d, e, f), with the matrix ``Image.rotate`` builds;
* a sample outside the picture is 0 (rotate's fill);
* otherwise, with the sample moved half a pixel and split into a whole
  part and a fraction, the value is ``top + (bottom - top) * dy`` where
  ``top = tl + (tr - tl) * dx`` (and ``bottom`` likewise), neighbours
  clamped at the edges (a missing row below repeats the top), then
  truncated to 8 bits.

Everything but the pixel values depends only on the picture's size and the
angles, so it is worked out once per size (:func:`_plan`) for both turns
and the round frame together; a picture then costs four gathers and a few
vector operations, about half of Pillow's cost. Tests hold the result to
Pillow's on every size and angle they
try; on a platform whose Pillow was built to fuse multiply-adds, the last
bit of a rare pixel could differ, which the signatures, being perceptual,
do not notice.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from identity import frame

WHITE = np.uint8(255)  # what a round frame leaves outside the circle


@dataclass(frozen=True)
class _Plan:
    fill: np.ndarray  # (turns, rows, columns) uint8: 255 outside the circle, 0 inside
    sampled: np.ndarray  # (turns, rows, columns) bool: the pixels that take a sample
    corners: np.ndarray  # (4, n) flat source indices: top-left, top-right, bottom-left, -right
    dx: np.ndarray  # (n,) fraction across
    dy: np.ndarray  # (n,) fraction down


def rotate_matrix(width: int, height: int, degrees: float) -> tuple[float, ...]:
    """The inverse affine map ``Image.rotate(degrees)`` samples through
    (about the centre, no expansion), computed exactly as Pillow does.
    (Pillow transposes multiples of 90 degrees instead of sampling.)"""
    angle = -math.radians(degrees % 360.0)
    cos, sin = round(math.cos(angle), 15), round(math.sin(angle), 15)
    a, b, d, e = cos, sin, round(-math.sin(angle), 15), cos
    cx, cy = width / 2, height / 2
    return a, b, a * -cx + b * -cy + 0.0 + cx, d, e, d * -cx + e * -cy + 0.0 + cy


def turned_in_circle(grey: np.ndarray, degrees: tuple[float, ...]) -> list[np.ndarray]:
    """``circle(rotate(picture, angle, BILINEAR))`` in grey, for each angle."""
    plan = _plan(grey.shape, degrees)
    source = grey.ravel().astype(np.float64)
    tl, top, bl, bottom = source[plan.corners]
    # in place (a third cheaper), the same IEEE operations as Pillow's
    # top = tl + (tr - tl) * dx, with the sum's operands swapped
    top -= tl
    top *= plan.dx
    top += tl
    bottom -= bl
    bottom *= plan.dx
    bottom += bl
    bottom -= top
    bottom *= plan.dy
    bottom += top
    out = plan.fill.copy()
    out[plan.sampled] = bottom.astype(np.uint8)  # truncated, as Pillow's cast
    return list(out)


@functools.lru_cache(maxsize=16)  # ~1.3 MB for 128-pixel pictures, ~5 MB at 256
def _plan(shape: tuple[int, ...], degrees: tuple[float, ...]) -> _Plan:
    height, width = shape
    centre_x = np.arange(width) + 0.5
    centre_y = (np.arange(height) + 0.5)[:, None]
    inside = frame.inside(shape)
    fill = np.where(inside, np.uint8(0), WHITE)
    sampled_by_turn, corners, dxs, dys = [], [], [], []
    for angle in degrees:
        a, b, c, d, e, f = rotate_matrix(width, height, angle)
        x = a * centre_x + b * centre_y + c
        y = d * centre_x + e * centre_y + f
        sampled = inside & (x >= 0.0) & (x < width) & (y >= 0.0) & (y < height)
        x, y = x[sampled] - 0.5, y[sampled] - 0.5
        left, up = np.floor(x), np.floor(y)
        column, row = left.astype(np.intp), up.astype(np.intp)
        first = np.clip(column, 0, width - 1)
        second = np.clip(column + 1, 0, width - 1)
        upper = np.clip(row, 0, height - 1)
        lower = np.where(row + 1 < height, row + 1, upper)  # no row below: the top again
        lower = np.where(row + 1 >= 0, lower, upper)
        corners.append(
            np.stack(
                [upper * width + first, upper * width + second,
                 lower * width + first, lower * width + second]
            )
        )  # fmt: skip
        dxs.append(x - left)
        dys.append(y - up)
        sampled_by_turn.append(sampled)
    return _Plan(
        fill=np.broadcast_to(fill, (len(degrees), height, width)).copy(),
        sampled=np.stack(sampled_by_turn),
        corners=np.concatenate(corners, axis=1),
        dx=np.concatenate(dxs),
        dy=np.concatenate(dys),
    )
