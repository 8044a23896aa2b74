"""The direct hashes against imagehash, on real photographs, brand icons and
generated pictures."""

from __future__ import annotations

import imagehash
import numpy as np
import pytest
from PIL import Image
from skimage import data

from identity.hashes import colour_hash, perceptual_hashes, wavelet_hash
from identity.logos import avatar_variants, brand_icons
from identity.portraits import trim
from service.demo.images import logo, photo


def _pictures() -> list[Image.Image]:
    real = [Image.fromarray(getattr(data, n)()).convert("RGB")
            for n in ("astronaut", "chelsea", "coffee", "rocket", "camera")]  # fmt: skip
    icons = [img for icon in brand_icons(12) for _, img in list(avatar_variants(icon))[:3]]
    generated = [photo(seed) for seed in range(20)] + [logo(seed) for seed in range(20)]
    pictures = real + icons + generated
    return pictures + [trim(p) for p in pictures]


PICTURES = _pictures()


def test_colour_hash_is_imagehash_colorhash_bit_for_bit() -> None:
    for picture in PICTURES:
        assert colour_hash(picture) == str(imagehash.colorhash(picture, binbits=3))


def test_wavelet_hash_is_imagehash_whash_where_no_blocks_tie() -> None:
    rng = np.random.default_rng(5)
    noisy = [Image.fromarray(rng.integers(0, 256, (48, 48, 3), dtype=np.uint8)) for _ in range(30)]
    for picture in noisy + [p for p in PICTURES if p.width >= 96][:20]:
        ours, theirs = wavelet_hash(picture), imagehash.whash(picture, image_scale=32)
        blocks = (
            np.asarray(
                picture.convert("L").resize((32, 32), Image.Resampling.LANCZOS), dtype=np.int64
            )
            .reshape(8, 4, 8, 4)
            .sum(axis=(1, 3))
        )
        repeated = blocks.size - len(np.unique(blocks))
        if repeated == 0:
            assert ours == str(theirs)
        else:  # noise decides imagehash's tied bits; ours say "not above"
            assert imagehash.hex_to_hash(ours) - theirs <= repeated


def test_wavelet_hash_of_a_flat_picture_is_all_zero_and_stable() -> None:
    flat = Image.new("RGB", (100, 100), (30, 120, 200))
    assert wavelet_hash(flat) == "0" * 16
    assert wavelet_hash(flat.resize((64, 64))) == wavelet_hash(flat)


@pytest.mark.parametrize("size", [8, 33, 500])
def test_wavelet_hash_is_64_bits_whatever_the_size(size: int) -> None:
    assert len(wavelet_hash(photo(3).resize((size, size)))) == 16


def test_perceptual_hashes_are_imagehash_and_wavelet_hash_bit_for_bit() -> None:
    rng = np.random.default_rng(9)
    noisy = [Image.fromarray(rng.integers(0, 256, (40, 56, 3), dtype=np.uint8)) for _ in range(20)]
    for picture in PICTURES + noisy + [p.convert("RGBA") for p in PICTURES[:5]]:
        rgb = picture.convert("RGB")
        assert perceptual_hashes(picture) == (
            str(imagehash.phash(rgb)),
            str(imagehash.dhash(rgb)),
            wavelet_hash(rgb),
        )
