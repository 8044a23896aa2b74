"""Segment hashes (imagehash's crop-resistant hash) as a logo's second opinion.

Global hashes see the whole picture, so heavy JPEG ringing or a small
rotation can push a registered logo past the registry's 36-bit limit. The
crop-resistant hash cuts the picture into its flat regions and hashes each
region alone; a mark's main shape survives those changes as a segment.

What the rule rests on (simple-icons brands 200-349, the threshold-tuning
set; 540 transformed generated photos):

* As a matcher on its own it is not usable: imagehash's default 300-pixel
  segmentation is far too slow per picture, and at 64 pixels 3% of photos
  share a segment within 6 bits with one of only 150 brands, and for
  duplicate photos it links 0.14-0.67% of stranger pairs.
* As a confirmation it is: a logo-like picture (not-a-photo >= 0.35) with no
  registry match within 36 bits, but an entry within :data:`LOOSE_LOGO_BITS`
  whose segments agree within :data:`SEGMENT_BITS`, is that brand. JPEG q30
  0.973 -> 0.993 and resize-64 to 0.993 on the tuning brands, with no photo
  matched (global distances of photos to the nearest brand start at ~53).
  One segmentation of the picture as uploaded does as well on the held-out
  brands as two (as uploaded and border-trimmed); the trimmed one alone lost
  JPEG copies (0.98 -> 0.95), whose ringing defeats the trim.

So segments are computed only where they can change an answer: for
logo-like portraits (gate :data:`SEGMENT_GATE`) and for the square,
unpadded avatar variants of a registered logo; the regions are labelled by
scipy, a tenth of the cost of imagehash's own segmentation.
"""

from __future__ import annotations

import imagehash
import numpy as np
from PIL import Image, ImageFilter
from scipy import ndimage

SEGMENTATION_PIXELS = 64  # imagehash's default 300 costs ~25x more for the same regions
MIN_SEGMENT_PIXELS = 25  # imagehash's 500 at 300 px, scaled to 64 px
MAX_SEGMENTS = 12
SEGMENT_BITS = 8
LOOSE_LOGO_BITS = 40
SEGMENT_GATE = 0.35


def segment_hashes(image: Image.Image) -> str:
    """The 64-bit hashes of the picture's segments as one string of
    16-hex-digit hashes, sorted and without repeats.

    Bit-for-bit ``imagehash.crop_resistant_hash(image, segmentation_image_size
    =64, min_segment_size=25)`` (a test holds it to that), with the regions
    found by :func:`scipy.ndimage.label` instead of imagehash's flood fill in
    Python sets, a tenth of its cost.
    """
    rgb = image.convert("RGB")
    grey = rgb.convert("L").resize((SEGMENTATION_PIXELS, SEGMENTATION_PIXELS), _LANCZOS)
    pixels = np.asarray(grey.filter(ImageFilter.GaussianBlur()).filter(ImageFilter.MedianFilter()))
    hashes = {
        str(imagehash.dhash(rgb.crop(_box(rows, cols, rgb.size))))
        for rows, cols in _regions(pixels.astype(np.float32) > _THRESHOLD)
    }
    return "".join(sorted(hashes)[:MAX_SEGMENTS])


# imagehash's defaults for what the regions are made of
_THRESHOLD = 128
_LANCZOS = Image.Resampling.LANCZOS


def _regions(bright: np.ndarray) -> list[tuple[slice, slice]]:
    """Bounding boxes of the segments imagehash's ``_find_all_segments`` keeps.

    Its regions are the 4-connected components of the bright pixels, then of
    the dark ones, each in raster order of its first pixel. Two quirks are
    kept: its "all segmented" count starts at the 2(w+h) pixels just outside
    the picture and leaves out one-pixel regions, so it stops looking for dark
    regions before the last ones; and with nothing kept it hashes one region
    spanning the whole picture.
    """
    side = bright.shape[0]
    counted = 2 * (bright.shape[0] + bright.shape[1])
    kept: list[tuple[slice, slice]] = []
    for mask, stop_early in ((bright, False), (~bright, True)):
        labels, n = ndimage.label(mask)
        if not n:
            continue
        sizes = np.bincount(labels.ravel())[1:]
        for size, box in zip(sizes.tolist(), ndimage.find_objects(labels), strict=True):
            if stop_early and counted >= bright.size:
                break
            counted += size if size > 1 else 0
            if size > MIN_SEGMENT_PIXELS:
                kept.append(box)
    return kept or [(slice(0, side), slice(0, side))]


def _box(rows: slice, cols: slice, size: tuple[int, int]) -> tuple[float, float, float, float]:
    """A region's box at the original picture's scale (imagehash's float box)."""
    scale_w, scale_h = size[0] / SEGMENTATION_PIXELS, size[1] / SEGMENTATION_PIXELS
    return (cols.start * scale_w, rows.start * scale_h, cols.stop * scale_w, rows.stop * scale_h)


def _split(segments: str) -> list[int]:
    return [int(segments[i : i + 16], 16) for i in range(0, len(segments) - 15, 16)]


def segments_agree(a: str, b: str, bits: int = SEGMENT_BITS) -> bool:
    """Whether any segment of one is within ``bits`` of any segment of the other."""
    ours, theirs = _split(a), _split(b)
    return any((x ^ y).bit_count() <= bits for x in ours for y in theirs)
