"""Segment hashes as the registry's second opinion, on real brand marks."""

from __future__ import annotations

from PIL import Image
from skimage import data

from identity.logos import (
    LogoRegistry,
    avatar_variants,
    brand_icons,
    entries_for_image,
)
from identity.portraits import portrait_hashes
from identity.segments import SEGMENT_GATE, segment_hashes, segments_agree
from identity.transforms import TRANSFORMS
from service.demo.images import photo

# simple-icons brands 200-259 (part of the set the rule was tuned on)
KNOWN = [
    (icon.title, dict(avatar_variants(icon))["brand-on-ffffff-pad18"])
    for icon in brand_icons()[200:260]
]
REGISTRY = LogoRegistry([e for b, im in KNOWN for e in entries_for_image(b, "original", im)])


def _lookup(image: Image.Image, with_segments: bool) -> str | None:
    h = portrait_hashes(image)
    raw = f"{h.phash}{h.dhash}{h.whash}"
    hit = REGISTRY.match_portrait(raw, h.trimmed, h.on_black, h.segments if with_segments else "")
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
