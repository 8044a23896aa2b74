"""The portrait hashes, computed directly rather than through imagehash.

Hashing is a quarter of bulk ingest, and imagehash spends most of it in
per-call overhead (pywt's multilevel transforms on a 32-pixel image,
``numpy.histogram`` on a few thousand hues) and in Pillow's resizes. These
produce the same hashes with a handful of numpy operations:

* :func:`signatures` is ``imagehash.phash`` | ``imagehash.dhash`` |
  :func:`wavelet_hash` of several pictures at once, shrunk together by
  :mod:`identity.resample` (Pillow's Lanczos, byte for byte), at under half
  the cost of one Pillow resize at a time.

* :func:`wavelet_hash` is imagehash's ``whash(image, image_scale=32)``; the
  fixed 32-pixel scale because imagehash's default grows with the picture
  (so large uploads would hash unlike their small copies, and slowly). With
  the Haar wavelet, the 8x8 low band two levels down is the 4x4 block sums of
  the 32-pixel image (times a constant), and removing the top-level LL only
  subtracts the mean from every block, which leaves each block's order
  against the median unchanged. Summing integers makes ties exact: imagehash
  compares floats carrying the reconstruction's rounding noise, so where
  several blocks are equal (the flat ground of a logo) its bits are noise.
  Measured on 4,000 demo portraits: 93% identical, the rest differ only in
  such tied blocks.
* :func:`colour_hash` is bit-for-bit ``imagehash.colorhash(image, binbits=3)``
  (a test holds it to that on real and generated pictures).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.fftpack
from PIL import Image

from identity import resample

SCALE = 32  # pixels a side pHash and wHash resize the picture to first
HASH_SIDE = 8
COLOUR_BINBITS = 3


def wavelet_hash(image: Image.Image) -> str:
    """64-bit Haar wavelet hash (the low band of a 32-pixel copy) as 16 hex digits."""
    return perceptual_hashes(image)[2]


def perceptual_hashes(image: Image.Image) -> tuple[str, str, str]:
    """pHash, dHash and wHash of one picture, each as 16 hex digits.

    Bit-for-bit ``imagehash.phash``, ``imagehash.dhash`` and
    :func:`wavelet_hash`, but from one grey copy, and pHash and wHash from
    one 32-pixel resize (both shrink the grey picture to 32 pixels with
    Lanczos): three conversions and two resizes fewer for every signature.
    """
    signature = signatures([grey_of(image)])[0]
    return signature[:16], signature[16:32], signature[32:]


def grey_of(image: Image.Image) -> np.ndarray:
    """The grey pixels the hashes see (alpha and palettes via RGB, as
    imagehash was called)."""
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    return np.asarray(image.convert("L"))


def signatures(greys: Sequence[np.ndarray]) -> list[str]:
    """pHash | dHash | wHash (48 hex digits) of each grey picture.

    A portrait is hashed as five or more views (round frame, centre, turned);
    views of one size are shrunk together (:mod:`identity.resample`) and
    hashed as one stack.
    """
    by_shape: dict[tuple[int, ...], list[int]] = {}
    for i, grey in enumerate(greys):
        by_shape.setdefault(grey.shape, []).append(i)
    order: list[int] = []
    smalls, gradients = [], []
    for (height, width), members in by_shape.items():
        if resample.emulated(width, height, SCALE, SCALE) and resample.emulated(
            width, height, HASH_SIDE + 1, HASH_SIDE
        ):
            stack = np.stack([greys[i] for i in members]).astype(np.float64)
            wide, narrow = resample.across(stack, (SCALE, HASH_SIDE + 1))
            small, gradient = resample.down(wide, SCALE), resample.down(narrow, HASH_SIDE)
        else:
            small, gradient = _pillow_resized([greys[i] for i in members])
        order += members
        smalls.append(small)
        gradients.append(gradient)
    out = [""] * len(greys)
    # every size hashed together: the hashing's numpy calls cost per call
    hashed = _hashed(np.concatenate(smalls), np.concatenate(gradients)) if greys else []
    for i, signature in zip(order, hashed, strict=True):
        out[i] = signature
    return out


def _pillow_resized(greys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    pictures = [Image.fromarray(grey) for grey in greys]

    def shrunk(size: tuple[int, int]) -> np.ndarray:
        resized = [p.resize(size, Image.Resampling.LANCZOS) for p in pictures]
        return np.stack([np.asarray(p) for p in resized]).astype(np.float64)

    return shrunk((SCALE, SCALE)), shrunk((HASH_SIDE + 1, HASH_SIDE))


def _hashed(small: np.ndarray, gradient: np.ndarray) -> list[str]:
    """Signatures from the 32-pixel (n, 32, 32) and 9x8 (n, 8, 9) copies."""
    n = len(small)
    dct = scipy.fftpack.dct(scipy.fftpack.dct(small, axis=1), axis=2)
    low = dct[:, :HASH_SIDE, :HASH_SIDE].reshape(n, -1)
    step = SCALE // HASH_SIDE
    blocks = small.reshape(n, HASH_SIDE, step, HASH_SIDE, step).sum(axis=(2, 4)).reshape(n, -1)
    bits = np.concatenate(
        [
            low > np.median(low, axis=1, keepdims=True),
            (gradient[:, :, 1:] > gradient[:, :, :-1]).reshape(n, -1),
            blocks > np.median(blocks, axis=1, keepdims=True),
        ],
        axis=1,
    )
    return [row.tobytes().hex() for row in np.packbits(bits, axis=1)]


def _colour_classes() -> np.ndarray:
    """imagehash's class of each (black, saturation, hue): 0 black, 1 grey,
    2-7 faint and 8-13 bright hue sextants, 14 coloured but neither (a
    saturation of exactly 170, which imagehash counts in no bin)."""
    saturation = np.arange(256)[:, None]
    # numpy.histogram over linspace(0, 255, 7): bin i holds 42.5*i <= hue < 42.5*(i+1)
    sextant = np.minimum(np.arange(256)[None, :] * 2 // 85, 5)
    code = np.where(
        saturation < 256 // 3,
        1,
        np.where(
            saturation < 256 * 2 // 3,
            2 + sextant,
            np.where(saturation > 256 * 2 // 3, 8 + sextant, 14),
        ),
    )
    classes = np.zeros((2, 256, 256), np.uint8)  # [1]: black, whatever its colour
    classes[0] = code
    return classes.reshape(-1)


_COLOUR_CLASSES = _colour_classes()


def colour_hash(image: Image.Image, grey: np.ndarray | None = None) -> str:
    """imagehash's colour hash: shares of black, grey and six hues, faint and bright.

    ``grey`` is the picture's :func:`grey_of` when already made. Each pixel's
    class is looked up (:func:`_colour_classes`) and the classes counted at
    once: a fifth of the cost of the masks imagehash builds.
    """
    intensity = np.asarray(image.convert("L")) if grey is None else grey
    hsv = np.asarray(image.convert("HSV"))
    index = (intensity < 256 // 8).astype(np.intp) << 16
    index |= hsv[..., 1].astype(np.intp) << 8
    index |= hsv[..., 0]
    counts = np.bincount(_COLOUR_CLASSES[index].ravel(), minlength=15).tolist()
    size = intensity.size
    scale = 2**COLOUR_BINBITS
    values = [min(scale - 1, int(share / size * scale)) for share in counts[:2]]
    colours = max(1, sum(counts[2:]))
    values += [min(scale - 1, int(n * scale * 1.0 / colours)) for n in counts[2:14]]
    # imagehash's bit layout for each value, quirks included
    bits = [
        v // 2 ** (COLOUR_BINBITS - i - 1) % 2 ** (COLOUR_BINBITS - i) > 0
        for v in values
        for i in range(COLOUR_BINBITS)
    ]
    return _hex(np.array(bits))


def _hex(bits: np.ndarray) -> str:
    """imagehash's hex form: the bits as one big-endian number, zero-padded."""
    value = 0
    for bit in bits.tolist():
        value = value << 1 | int(bit)
    return f"{value:0{-(-len(bits) // 4)}x}"
