"""Face veto on real photographs (scikit-image ships them) and real logos."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from skimage import data

from identity.faces import has_face
from identity.logos import avatar_variants, brand_icons
from identity.portraits import (
    FACE_CAP,
    NOT_A_PHOTO_THRESHOLD,
    load_image,
    not_a_photo,
    with_face_veto,
)
from service.demo.images import logo


def _real(name: str) -> Image.Image:
    raw = io.BytesIO()
    Image.fromarray(getattr(data, name)()).save(raw, "PNG")
    return load_image(raw.getvalue(), 10_000_000, 40_000_000)


def test_a_real_face_is_found_and_logos_have_none() -> None:
    assert has_face(_real("astronaut"))  # Eileen Collins' NASA portrait
    assert not has_face(_real("coffee")) and not has_face(_real("rocket"))
    icons = brand_icons(40)
    logos = [img for icon in icons[20:40] for _, img in list(avatar_variants(icon))[:2]]
    logos += [logo(seed) for seed in range(100, 160)]  # generated marks, unseen seeds
    assert not any(has_face(img) for img in logos)


@pytest.mark.parametrize("name", ["astronaut", "camera", "coffee", "chelsea", "rocket"])
def test_real_photographs_are_not_logos(name: str) -> None:
    assert not_a_photo(_real(name)) < NOT_A_PHOTO_THRESHOLD


def test_the_face_veto_only_runs_when_it_can_change_the_answer() -> None:
    asked: list[bool] = []

    def found() -> bool:
        asked.append(True)
        return True

    assert with_face_veto(0.2, found) == 0.2 and not asked
    assert with_face_veto(0.9, found) == FACE_CAP and asked
    assert with_face_veto(0.9, lambda: False) == 0.9
