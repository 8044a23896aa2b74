"""The matrix Lanczos resize against Pillow's own, byte for byte."""

from __future__ import annotations

import imagehash
import numpy as np
import pytest
from PIL import Image

from identity import resample
from identity.hashes import grey_of, signatures
from service.demo.images import logo, photo

LANCZOS = Image.Resampling.LANCZOS


def _pictures(rng: np.random.Generator, count: int) -> list[np.ndarray]:
    out = []
    for _ in range(count):
        height, width = (int(v) for v in rng.integers(3, 260, 2))
        noise = rng.integers(0, 256, (height, width), dtype=np.uint8)
        # hard edges make Lanczos overshoot and clip, the case rounding gets wrong
        out.append(noise if rng.random() < 0.5 else (noise > 127).astype(np.uint8) * 255)
    return out


def test_every_emulated_resize_is_pillows() -> None:
    rng = np.random.default_rng(11)
    checked = 0
    for grey in _pictures(rng, 150):
        height, width = grey.shape
        sizes = [(32, 32), (9, 8), (width, 7), (5, height), (400, 300)]
        sizes += [(int(rng.integers(1, 120)), int(rng.integers(1, 120))) for _ in range(3)]
        for out_width, out_height in sizes:
            if not resample.emulated(width, height, out_width, out_height):
                continue
            theirs = np.asarray(Image.fromarray(grey).resize((out_width, out_height), LANCZOS))
            assert np.array_equal(resample.resize(grey, out_width, out_height), theirs)
            checked += 1
    assert checked > 800  # most of the 1,200 sizes; the rest are left to Pillow


def test_a_stack_is_resized_as_each_picture_alone() -> None:
    rng = np.random.default_rng(12)
    stack = rng.integers(0, 256, (5, 70, 90), dtype=np.uint8)
    together = resample.resize(stack, 32, 32)
    for grey, resized in zip(stack, together, strict=True):
        assert np.array_equal(resized, resample.resize(grey, 32, 32))


def test_an_unchanged_side_is_left_alone_as_pillow_does() -> None:
    grey = np.random.default_rng(13).integers(0, 256, (32, 100), dtype=np.uint8)
    assert np.array_equal(
        resample.resize(grey, 9, 32), np.asarray(Image.fromarray(grey).resize((9, 32), LANCZOS))
    )
    assert np.array_equal(resample.resize(grey[:, :32], 32, 32), grey[:, :32])


def test_a_height_shrinking_much_more_than_the_width_is_left_to_pillow() -> None:
    # Pillow 13 takes the vertical pass first there, and rounds differently
    assert not resample.emulated(40, 200, 32, 32)
    assert resample.emulated(200, 40, 32, 32) and resample.emulated(128, 128, 32, 32)
    with pytest.raises(ValueError, match="vertical pass first"):
        resample.resize(np.zeros((200, 40), np.uint8), 32, 32)


@pytest.mark.parametrize("size", [(40, 200), (200, 40), (33, 47), (20, 20), (128, 128)])
def test_signatures_of_any_shape_are_imagehash(size: tuple[int, int]) -> None:
    pictures = [photo(3).resize(size), logo(4).resize(size), photo(5).resize(size)]
    for picture, signature in zip(
        pictures, signatures([grey_of(p) for p in pictures]), strict=True
    ):
        assert signature[:16] == str(imagehash.phash(picture))
        assert signature[16:32] == str(imagehash.dhash(picture))
