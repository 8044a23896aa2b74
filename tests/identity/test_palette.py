"""The not-a-photo colour count on JPEG-damaged brand marks and real photographs."""

from __future__ import annotations

from PIL import Image
from skimage import data

from identity.logos import avatar_variants, brand_icons
from identity.palette import GRID_OFFSETS, dominant_share
from identity.portraits import NOT_A_PHOTO_THRESHOLD, not_a_photo, trim
from identity.transforms import TRANSFORMS

# brands 400-439: outside the range the grids were chosen on
ICONS = brand_icons()[400:440]


def test_jpeg_q30_brand_marks_stay_logo_like() -> None:
    damaged = [
        TRANSFORMS["jpeg-q30"](dict(avatar_variants(icon))["brand-on-ffffff-pad18"])
        for icon in ICONS
    ]
    logo_like = sum(not_a_photo(picture) >= NOT_A_PHOTO_THRESHOLD for picture in damaged)
    assert logo_like / len(damaged) >= 0.8  # 0.875 measured; 0.675 on one grid


def test_real_photographs_stay_under_the_logo_share_on_every_grid() -> None:
    assert GRID_OFFSETS[0] == 0  # the plain grid is always one of them
    for name in ("astronaut", "camera", "coffee", "chelsea", "rocket"):
        picture = trim(Image.fromarray(getattr(data, name)()).convert("RGB"))
        assert dominant_share(picture) < 0.8, name  # camera, the closest, is 0.79
