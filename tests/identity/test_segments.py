"""Segment hashes as the registry's second opinion, on real brand marks."""

from __future__ import annotations

import imagehash
import numpy as np
from PIL import Image
from skimage import data

from identity.logos import (
    LogoRegistry,
    avatar_variants,
    brand_icons,
    entries_for_image,
)
from identity.portraits import portrait_hashes
from identity.segments import (
    MAX_SEGMENTS,
    MIN_SEGMENT_PIXELS,
    SEGMENT_GATE,
    SEGMENTATION_PIXELS,
    segment_hashes,
    segments_agree,
)
from identity.transforms import TRANSFORMS
from service.demo.images import logo, photo

# simple-icons brands 200-259 (part of the set the rule was tuned on)
KNOWN = [
    (icon.title, dict(avatar_variants(icon))["brand-on-ffffff-pad18"])
    for icon in brand_icons()[200:260]
]
REGISTRY = LogoRegistry([e for b, im in KNOWN for e in entries_for_image(b, "original", im)])


def _lookup(image: Image.Image, with_segments: bool) -> str | None:
    h = portrait_hashes(image)
    hit = REGISTRY.match_portrait(
        h.signature, h.trimmed, h.on_black, h.segments if with_segments else ""
    )
    return hit[0].brand if hit else None


def test_segment_hashes_are_sorted_distinct_64_bit_hashes() -> None:
    _, image = KNOWN[0]
    found = segment_hashes(image)
    parts = [found[i : i + 16] for i in range(0, len(found), 16)]
    assert parts and len(found) % 16 == 0 and parts == sorted(set(parts))
    assert segment_hashes(image) == found  # deterministic
    assert segments_agree(found, found) and not segments_agree(found, "")


def test_segments_name_brands_the_global_hashes_miss_and_never_the_wrong_one() -> None:
    recovered = 0
    for transform in ("jpeg-q30", "rotate-5", "resize-64"):
        for brand, image in KNOWN:
            shown = TRANSFORMS[transform](image)
            strict, named = _lookup(shown, False), _lookup(shown, True)
            if strict is None and named is not None:
                recovered += 1
                assert named == brand
            elif strict is not None:
                assert named == strict  # a global match is never overruled
    assert recovered >= 2


def test_photos_carry_no_segments_and_match_no_logo() -> None:
    real = [Image.fromarray(getattr(data, n)()).convert("RGB") for n in ("astronaut", "coffee")]
    for picture in real + [photo(90_000 + s) for s in range(40)]:
        hashes = portrait_hashes(picture)
        assert hashes.not_a_photo < SEGMENT_GATE and hashes.segments == ""
        assert _lookup(picture, True) is None


def test_logo_like_portraits_carry_segments() -> None:
    assert all(portrait_hashes(image).segments for _, image in KNOWN[:10])


def test_segment_hashes_are_imagehash_crop_resistant_hash_bit_for_bit() -> None:
    rng = np.random.default_rng(11)
    noise = [Image.fromarray(rng.integers(0, 256, (50, 70, 3), dtype=np.uint8)) for _ in range(10)]
    # stripes of one-pixel dark regions: imagehash's early stop for dark regions
    stripes = np.zeros((64, 64, 3), dtype=np.uint8)
    stripes[::2, :] = 255
    stripes[:, ::3] = 255
    real = [Image.fromarray(getattr(data, n)()).convert("RGB") for n in ("astronaut", "camera")]
    icons = [img for icon in brand_icons(10) for _, img in list(avatar_variants(icon))[:5]]
    pictures = real + icons + [photo(s) for s in range(15)] + [logo(s) for s in range(15)]
    for picture in [*pictures, *noise, Image.fromarray(stripes), Image.new("RGB", (40, 40))]:
        theirs = imagehash.crop_resistant_hash(
            picture,
            segmentation_image_size=SEGMENTATION_PIXELS,
            min_segment_size=MIN_SEGMENT_PIXELS,
        )
        expected = "".join(sorted({str(h) for h in theirs.segment_hashes})[:MAX_SEGMENTS])
        assert segment_hashes(picture) == expected
