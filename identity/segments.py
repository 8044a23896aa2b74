"""Segment hashes (imagehash's crop-resistant hash) as a logo's second opinion.

Global hashes see the whole picture, so heavy JPEG ringing or a small
rotation can push a registered logo past the registry's 36-bit limit. The
crop-resistant hash cuts the picture into its flat regions and hashes each
region alone; a mark's main shape survives those changes as a segment.

Measured before choosing this rule (simple-icons brands 200-349, the
threshold-tuning set; 540 transformed generated photos):

* As a matcher on its own it is not usable: at imagehash's default
  (300-pixel segmentation) one picture takes ~195 ms; at 64 pixels ~8 ms, but
  3% of photos then share a segment within 6 bits with one of only 150
  brands, and for duplicate photos it linked 0.14-0.67% of stranger pairs.
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
unpadded avatar variants of a registered logo, ~8 ms each.
"""

from __future__ import annotations

import imagehash
from PIL import Image

SEGMENTATION_PIXELS = 64  # imagehash's default 300 costs ~25x more for the same regions
MIN_SEGMENT_PIXELS = 25  # imagehash's 500 at 300 px, scaled to 64 px
MAX_SEGMENTS = 12
SEGMENT_BITS = 8
LOOSE_LOGO_BITS = 40
SEGMENT_GATE = 0.35


def segment_hashes(image: Image.Image) -> str:
    """The 64-bit hashes of the picture's segments as one string of
    16-hex-digit hashes, sorted and without repeats."""
    found = imagehash.crop_resistant_hash(
        image.convert("RGB"),
        segmentation_image_size=SEGMENTATION_PIXELS,
        min_segment_size=MIN_SEGMENT_PIXELS,
    )
    return "".join(sorted({str(h) for h in found.segment_hashes})[:MAX_SEGMENTS])


def _split(segments: str) -> list[int]:
    return [int(segments[i : i + 16], 16) for i in range(0, len(segments) - 15, 16)]


def segments_agree(a: str, b: str, bits: int = SEGMENT_BITS) -> bool:
    """Whether any segment of one is within ``bits`` of any segment of the other."""
    ours, theirs = _split(a), _split(b)
    return any((x ^ y).bit_count() <= bits for x in ours for y in theirs)
