"""The logo registry on real brand marks (simple-icons), and the Hamming index."""

from __future__ import annotations

import io

import numpy as np
import pytest

from identity.hamming import CHUNKS, HammingIndex, brute_force, signature
from identity.logos import (
    LogoRegistry,
    avatar_variants,
    brand_icons,
    entries_for,
    query_signatures,
)
from identity.portraits import portrait_hashes
from identity.transforms import TRANSFORMS
from service.demo.images import photo

BRANDS = brand_icons()[1200:1212]


@pytest.fixture(scope="module")
def registry() -> LogoRegistry:
    return LogoRegistry([e for icon in BRANDS for e in entries_for(icon)])


def _signatures(image: object) -> list[tuple[str, int]]:
    h = portrait_hashes(image)  # type: ignore[arg-type]
    return query_signatures(h.signature, h.trimmed)


def test_the_brand_set_is_real_and_large() -> None:
    icons = brand_icons()
    assert len(icons) > 3000
    assert {"GitHub", "Spotify"} <= {i.title for i in icons}


@pytest.mark.parametrize(
    "transform", ["resize-64", "crop-10%", "pad-coloured", "circle-crop", "recolour-invert"]
)
def test_registered_logos_are_recognised_after_transformations(
    registry: LogoRegistry, transform: str
) -> None:
    found = 0
    for icon in BRANDS:
        avatar = dict(avatar_variants(icon))["brand-on-ffffff-pad18"]
        hit = registry.match(*_signatures(TRANSFORMS[transform](avatar)))
        found += hit is not None and hit[0].brand == icon.title
    assert found >= len(BRANDS) - 1


def test_photos_match_no_logo(registry: LogoRegistry) -> None:
    assert all(registry.match(*_signatures(photo(seed))) is None for seed in range(30))


def test_index_agrees_with_brute_force() -> None:
    rng = np.random.default_rng(5)
    codes = rng.integers(0, 65536, size=(20_000, CHUNKS), dtype=np.uint16)
    index = HammingIndex(codes, 23)
    for row in rng.integers(0, len(codes), size=25):
        query = codes[row].copy()
        view = query.view(np.uint8)
        for bit in rng.integers(0, 192, size=int(rng.integers(0, 30))):
            view[bit // 8] ^= 1 << (bit % 8)
        assert index.search(query) == brute_force(codes, query, 23)


def test_signature_layout() -> None:
    sig = signature("f" * 16, "0" * 16, "1" * 16)
    assert sig.shape == (CHUNKS,) and int(sig[0]) == 0x1111 and int(sig[-1]) == 0xFFFF


def test_a_white_mark_on_a_transparent_ground_is_matched_on_black(registry: LogoRegistry) -> None:
    from identity.logos import render_mark
    from identity.portraits import load_image

    with_black, without = 0, 0
    for icon in BRANDS:
        raw = io.BytesIO()
        render_mark(icon.svg, "ffffff", 128).save(raw, "PNG")  # white mark, see-through ground
        h = portrait_hashes(load_image(raw.getvalue(), 10**7, 10**8))
        assert h.on_black  # kept because the upload had transparency
        plain = query_signatures(h.signature, h.trimmed)
        hit = registry.match(*query_signatures(h.signature, h.trimmed, h.on_black))
        with_black += hit is not None and hit[0].brand == icon.title
        miss = registry.match(*plain)
        without += miss is not None and miss[0].brand == icon.title
    assert with_black >= len(BRANDS) - 1 > without  # on white alone it is a blank square
