"""The numpy rotation against Pillow's own ``rotate(BILINEAR)`` in a round frame."""

from __future__ import annotations

import numpy as np
from PIL import Image

from identity.frame import round_mask
from identity.rotation import turned_in_circle
from service.demo.images import logo, photo

BILINEAR = Image.Resampling.BILINEAR


def _pillows(grey: np.ndarray, angle: float) -> np.ndarray:
    picture = Image.fromarray(grey)
    framed = Image.new("L", picture.size, 255)
    framed.paste(picture.rotate(angle, resample=BILINEAR), (0, 0), round_mask(picture.size))
    return np.asarray(framed)


def test_every_turn_is_pillows_pixel_for_pixel() -> None:
    rng = np.random.default_rng(21)
    pictures = [np.asarray(photo(seed).convert("L")) for seed in range(6)]
    pictures += [np.asarray(logo(seed).convert("L")) for seed in range(4)]
    for _ in range(40):
        height, width = (int(v) for v in rng.integers(1, 200, 2))
        noise = rng.integers(0, 256, (height, width), dtype=np.uint8)
        # hard edges: where truncating an interpolation is most often off by one
        pictures.append(noise if rng.random() < 0.5 else (noise > 127).astype(np.uint8) * 255)
    angles = (5.0, -5.0, 2.5, -17.0, 33.3, 200.0)
    for grey in pictures:
        turned = turned_in_circle(grey, angles)
        assert len(turned) == len(angles)
        for angle, ours in zip(angles, turned, strict=True):
            assert ours.dtype == np.uint8 and ours.shape == grey.shape
            assert np.array_equal(ours, _pillows(grey, angle)), (grey.shape, angle)


def test_outside_the_frame_is_white_and_a_blank_turns_blank() -> None:
    black = np.zeros((64, 64), np.uint8)
    for turned in turned_in_circle(black, (5.0, -5.0)):
        assert turned[0, 0] == 255 and turned[32, 32] == 0
        assert set(np.unique(turned).tolist()) == {0, 255}
