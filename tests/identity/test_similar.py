"""Near-duplicate grouping: real images, and banding checked against brute force."""

from __future__ import annotations

import itertools
import random

from identity.portraits import (
    NEAR_DUPLICATE_BITS,
    NEAR_DUPLICATE_COLOUR_BITS,
    NOT_A_PHOTO_THRESHOLD,
    circle,
    load_image,
    portrait_hashes,
)
from identity.similar import (
    INVERTED_BITS,
    Picture,
    circled_picture,
    near_duplicate_groups,
    same_photo,
)
from service.demo.images import encode, logo, near_copy, photo

ALL = (1 << 64) - 1


def _picture(key: int, image: object) -> Picture:
    h = portrait_hashes(image)  # type: ignore[arg-type]
    return Picture.from_hex(key, h.phash, h.dhash, h.whash)


def test_reencoded_resized_cropped_copies_group_and_strangers_do_not() -> None:
    pictures: list[Picture] = []
    owner: list[int] = []
    for person in range(12):
        base = photo(900 + person)
        copies = [base] + [
            load_image(encode(near_copy(base, 17 * person + k), "JPEG", 50), 10**8, 10**9)
            for k in range(2)
        ]
        for image in copies:
            pictures.append(_picture(len(pictures), image))
            owner.append(person)
    groups = near_duplicate_groups(pictures)
    assert all(len({owner[i] for i in g}) == 1 for g in groups)  # no false links
    # the rule keeps ~92% of copies (portraits.NEAR_DUPLICATE_BITS), so both
    # copies of a person join the original in ~85% of triples
    assert sum(len(g) == 3 for g in groups) >= 9
    assert sum(len(g) >= 2 for g in groups) >= 11


def test_banding_finds_what_brute_force_finds() -> None:
    rnd = random.Random(3)
    pictures: list[Picture] = []
    for k in range(60):
        base = [rnd.getrandbits(64) for _ in range(3)]
        pictures.append(Picture(len(pictures), *base))
        if k % 3 == 0:  # a near copy: a few bits flipped in each hash
            flipped = [h ^ sum(1 << rnd.randrange(64) for _ in range(3)) for h in base]
            pictures.append(Picture(len(pictures), *flipped))
        if k % 5 == 0:  # a near negative: complemented, then a few bits flipped
            negative = [~h & ALL ^ sum(1 << rnd.randrange(64) for _ in range(2)) for h in base]
            pictures.append(Picture(len(pictures), *negative))
    parent = list(range(len(pictures)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in itertools.combinations(range(len(pictures)), 2):
        if (
            pictures[a].distance(pictures[b]) <= NEAR_DUPLICATE_BITS
            or 192 - pictures[a].distance(pictures[b]) <= INVERTED_BITS
        ):
            parent[find(b)] = find(a)
    reference: dict[int, list[int]] = {}
    for i in range(len(pictures)):
        reference.setdefault(find(i), []).append(i)
    expected = sorted(g for g in reference.values() if len(g) > 1)
    assert near_duplicate_groups(pictures) == expected
    assert len(expected) == 28 and sum(len(g) == 3 for g in expected) == 4


def test_a_round_framed_copy_links_through_its_circled_signature() -> None:
    def compared(image: object) -> tuple[list[Picture], Picture | None]:
        h = portrait_hashes(image)  # type: ignore[arg-type]
        flat = Picture.from_hex(0, h.phash, h.dhash, h.whash, h.colour)
        return [flat], circled_picture(0, h.circled)

    originals = [compared(photo(960 + i)) for i in range(8)]
    rounds = [compared(circle(photo(960 + i))) for i in range(8)]
    for i, (flat, round_) in enumerate(rounds):
        for j, (other_flat, other_round) in enumerate(originals):
            assert same_photo(flat, other_flat, round_, other_round) == (i == j)
    pairs = zip(rounds, originals, strict=True)
    missed = sum(not same_photo(r[0], o[0], None, None) for r, o in pairs)
    assert missed >= 4  # the flat signatures alone lose most of them


def test_an_inverted_copy_groups_with_its_original_only() -> None:
    from PIL import ImageOps

    pictures = [_picture(i, photo(950 + i)) for i in range(10)]
    pictures += [_picture(10 + i, ImageOps.invert(photo(950 + i))) for i in range(10)]
    assert near_duplicate_groups(pictures) == [[i, 10 + i] for i in range(10)]


def test_logos_are_not_photos_and_photos_are() -> None:
    for seed in range(700, 740):
        as_logo = portrait_hashes(load_image(encode(logo(seed), "PNG"), 10**8, 10**9))
        as_photo = portrait_hashes(load_image(encode(photo(seed), "JPEG"), 10**8, 10**9))
        assert as_logo.not_a_photo >= NOT_A_PHOTO_THRESHOLD
        assert as_photo.not_a_photo < NOT_A_PHOTO_THRESHOLD


def test_a_person_before_a_plain_wall_is_a_photo() -> None:
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    yy, xx = np.mgrid[0:256, 0:256] / 256
    light = 170 + 60 * (1 - ((xx - 0.3) ** 2 + (yy - 0.2) ** 2))  # a lamp up left
    wall = np.stack([light, light * 0.97, light * 0.92], axis=2)
    image = Image.fromarray(np.clip(wall, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    draw.ellipse([88, 60, 168, 160], fill=(224, 172, 105))
    draw.ellipse([40, 180, 216, 330], fill=(40, 60, 120))
    image = image.filter(ImageFilter.GaussianBlur(2))
    noisy = np.asarray(image, dtype=float) + np.random.default_rng(0).normal(0, 3, (256, 256, 3))
    picture = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
    hashes = portrait_hashes(load_image(encode(picture, "JPEG"), 10**8, 10**9))
    assert hashes.not_a_photo < NOT_A_PHOTO_THRESHOLD


def test_a_structural_match_also_needs_similar_colours() -> None:
    base = Picture(0, 0xFFFF_0000_FFFF_0000, 0x1234_5678_9ABC_DEF0, 0x0F0F_0F0F_0F0F_0F0F, 0b111)
    near = Picture(1, base.phash ^ 0b1011, base.dhash, base.whash, 0b110)  # 3 + 1 bits off
    recoloured = Picture(2, base.phash ^ 0b1, base.dhash, base.whash, 0b111_1111_1000)
    unknown = Picture(3, base.phash ^ 0b11, base.dhash, base.whash, None)  # stored before colour
    assert near_duplicate_groups([base, near]) == [[0, 1]]
    assert near_duplicate_groups([base, recoloured]) == []  # 8 colour bits apart
    assert near_duplicate_groups([recoloured, unknown]) == [[0, 1]]


def test_copies_keep_their_colour_hash_and_strangers_mostly_do_not() -> None:
    from identity.transforms import TRANSFORMS

    originals = [portrait_hashes(photo(seed)) for seed in range(300, 330)]
    for name in ("jpeg-q30", "crop-10%", "resize-64", "pad-coloured"):
        for seed, original in zip(range(300, 330), originals, strict=True):
            copy = portrait_hashes(TRANSFORMS[name](photo(seed)))
            apart = (int(copy.colour, 16) ^ int(original.colour, 16)).bit_count()
            assert apart <= NEAR_DUPLICATE_COLOUR_BITS, (name, seed, apart)
    strangers = [
        (int(a.colour, 16) ^ int(b.colour, 16)).bit_count() > NEAR_DUPLICATE_COLOUR_BITS
        for a, b in itertools.combinations(originals, 2)
    ]
    assert sum(strangers) / len(strangers) > 0.3
