"""Pillow's Lanczos resize of grey pictures as matrix products, bit for bit.

Every portrait signature shrinks five or more grey copies of one picture to
32x32 and 9x8 pixels with ``Image.resize(..., LANCZOS)``: two resizes of
~100 us each, the largest cost of hashing a portrait. Pillow's resampler is
separable and exact integer arithmetic: each output pixel of a pass is
``clip(floor((sum(pixel * k) + 2**21) / 2**22))`` with coefficients ``k``
fixed-point at 22 bits. Those sums stay below 2**36, so a float64 matrix
product computes them exactly (in any order), and one product shrinks a
whole stack of same-sized pictures, to both sizes at once: about half the
CPU, and the same bytes as Pillow (tests hold every shape and size to that).
The products are small: run them on one BLAS thread (service.threads), or
OpenBLAS's idle threads spin.

Pillow 13 runs the vertical pass first when the height shrinks more than
twice as much as the width, and Pillow 10-12 never do; the two orders
round differently. :func:`emulated` says which resizes this module makes;
the others are left to Pillow itself, so the result is Pillow's whatever its
version. Square pictures, the common case, are always horizontal first.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np

PRECISION_BITS = 22  # Pillow's coefficient precision for 8-bit pictures
SUPPORT = 3.0  # Lanczos-3
_ONE = float(1 << PRECISION_BITS)
_HALF = float(1 << (PRECISION_BITS - 1))


def _sinc(x: float) -> float:
    if x == 0.0:
        return 1.0
    x = x * math.pi
    return math.sin(x) / x


def _lanczos(x: float) -> float:
    if -3.0 <= x < 3.0:
        return _sinc(x) * _sinc(x / 3)
    return 0.0


@functools.lru_cache(maxsize=512)
def weights(in_size: int, out_size: int) -> np.ndarray:
    """(out_size, in_size) fixed-point coefficients of one pass, as Pillow
    computes them (libm's sine, the same order of sums and roundings); an
    unchanged size is the identity (Pillow skips that pass)."""
    out = np.zeros((out_size, in_size))
    if in_size == out_size:
        np.fill_diagonal(out, _ONE)
        return out
    scale = float(in_size) / out_size
    filterscale = max(scale, 1.0)
    support = SUPPORT * filterscale
    ss = 1.0 / filterscale
    for xx in range(out_size):
        center = (xx + 0.5) * scale
        xmin = max(int(center - support + 0.5), 0)
        xmax = min(int(center + support + 0.5), in_size) - xmin
        taps = [_lanczos((x + xmin - center + 0.5) * ss) for x in range(xmax)]
        total = 0.0
        for tap in taps:  # summed in order (Python's sum() compensates)
            total += tap
        for x, tap in enumerate(taps):
            k = tap / total if total != 0.0 else tap
            out[xx, xmin + x] = int(-0.5 + k * _ONE) if k < 0 else int(0.5 + k * _ONE)
    out.flags.writeable = False
    return out


def emulated(width: int, height: int, out_width: int, out_height: int) -> bool:
    """Whether :func:`resize` makes this resize (horizontal pass first in
    every Pillow version)."""
    shrink = height - out_height
    return not (shrink > 0 and shrink > (width - out_width) * 2)


def _rounded(sums: np.ndarray) -> np.ndarray:
    return np.clip(np.floor((sums + _HALF) * (1.0 / _ONE)), 0.0, 255.0)


def across(stack: np.ndarray, out_widths: tuple[int, ...]) -> list[np.ndarray]:
    """The horizontal pass of ``stack`` (n, h, w) to each width, as one product."""
    width = stack.shape[-1]
    both = np.concatenate([weights(width, w) for w in out_widths])
    passed = _rounded(stack @ both.T)
    bounds = np.cumsum((0, *out_widths))
    return [passed[..., a:b] for a, b in itertools.pairwise(bounds)]


def down(passed: np.ndarray, out_height: int) -> np.ndarray:
    """The vertical pass of a horizontally passed stack (n, h, w)."""
    return _rounded(weights(passed.shape[-2], out_height) @ passed)


def resize(grey: np.ndarray, out_width: int, out_height: int) -> np.ndarray:
    """``Image.fromarray(grey).resize((out_width, out_height), LANCZOS)`` of a
    (…, h, w) uint8 array, for sizes :func:`emulated` accepts."""
    height, width = grey.shape[-2:]
    if not emulated(width, height, out_width, out_height):
        raise ValueError(f"{width}x{height} -> {out_width}x{out_height}: vertical pass first")
    (passed,) = across(grey.astype(np.float64), (out_width,))
    return down(passed, out_height).astype(np.uint8)
