"""Near-duplicate grouping: real images, and banding checked against brute force."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

import networkx as nx
from PIL import Image

from identity.banding import INVERTED_BITS
from identity.portraits import (
    NEAR_DUPLICATE_BITS,
    NEAR_DUPLICATE_COLOUR_BITS,
    NOT_A_PHOTO_THRESHOLD,
    centre,
    circle,
    load_image,
    portrait_hashes,
)
from identity.similar import (
    Picture,
    Views,
    near_duplicate_groups,
    same_photo,
    same_photo_groups,
    views_of,
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


def _brute_force_groups(n: int, linked: Callable[[int, int], bool]) -> list[list[int]]:
    """The slow reference: every pair tried, components by networkx."""
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(p for p in itertools.combinations(range(n), 2) if linked(*p))
    return sorted(sorted(c) for c in nx.connected_components(graph) if len(c) > 1)


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
    expected = _brute_force_groups(
        len(pictures),
        lambda a, b: (
            pictures[a].distance(pictures[b]) <= NEAR_DUPLICATE_BITS
            or 192 - pictures[a].distance(pictures[b]) <= INVERTED_BITS
        ),
    )
    assert near_duplicate_groups(pictures) == expected
    assert len(expected) == 28 and sum(len(g) == 3 for g in expected) == 4


def _views(image: object) -> Views:
    return views_of(0, portrait_hashes(image))  # type: ignore[arg-type]


def _whole_only(v: Views) -> Views:
    return Views(v.whole)


def _each_finds_only_its_original(copies: list[Views], originals: list[Views]) -> None:
    for i, copy in enumerate(copies):
        for j, original in enumerate(originals):
            assert same_photo(copy, original) == (i == j), (i, j)


def test_a_round_framed_copy_links_through_its_circled_signature() -> None:
    originals = [_views(photo(960 + i)) for i in range(8)]
    rounds = [_views(circle(photo(960 + i))) for i in range(8)]
    _each_finds_only_its_original(rounds, originals)
    pairs = zip(rounds, originals, strict=True)
    missed = sum(not same_photo(_whole_only(r), _whole_only(o)) for r, o in pairs)
    assert missed >= 4  # the flat signatures alone lose most of them


def test_cropped_copies_link_through_the_centre_signature() -> None:
    originals = [_views(photo(1300 + i)) for i in range(10)]
    for share in (0.06, 0.1, 0.14):
        copies = [_views(centre(photo(1300 + i), share)) for i in range(10)]
        _each_finds_only_its_original(copies, originals)
    tens = [_views(centre(photo(1300 + i), 0.1)) for i in range(10)]
    pairs = zip(tens, originals, strict=True)
    assert sum(not same_photo(_whole_only(c), _whole_only(o)) for c, o in pairs) >= 1


def test_turned_copies_link_through_the_turned_signatures_whatever_the_corners() -> None:
    originals = [_views(photo(1400 + i)) for i in range(10)]
    for angle, corners in ((5, "white"), (-5, "black"), (4, "black"), (-6, "white")):
        copies = [
            _views(photo(1400 + i).rotate(angle, Image.Resampling.BILINEAR, fillcolor=corners))
            for i in range(10)
        ]
        _each_finds_only_its_original(copies, originals)
        without = [Views(c.whole, c.circled, c.inner) for c in copies]
        pairs = zip(without, originals, strict=True)
        assert sum(not same_photo(c, Views(o.whole, o.circled, o.inner)) for c, o in pairs) >= 5


def test_same_photo_groups_is_same_photo_joined_over_all_pairs() -> None:
    rnd = random.Random(8)

    def near(p: Picture, bits: int) -> Picture:
        flips = [sum(1 << rnd.randrange(64) for _ in range(bits)) for _ in range(3)]
        return Picture(0, p.phash ^ flips[0], p.dhash ^ flips[1], p.whash ^ flips[2], p.colour)

    def fresh() -> Picture:
        bits = [rnd.getrandbits(64) for _ in range(3)]
        return Picture(0, bits[0], bits[1], bits[2], rnd.getrandbits(42))

    views: list[Views] = []
    for k in range(90):
        whole, circled, inner = fresh(), fresh(), fresh()
        turned = (fresh(), fresh())
        views.append(Views((whole,), circled, inner, turned))
        kind = k % 5
        if kind == 1:  # a crop: its whole picture is the other's centre, nearly
            views.append(Views((near(inner, 4),), fresh(), fresh(), (fresh(), fresh())))
        elif kind == 2:  # a rotation: its round frame is one of the other's turned ones
            views.append(Views((fresh(),), near(turned[1], 1), fresh(), (fresh(), fresh())))
        elif kind == 3:  # too far to be either
            views.append(Views((near(inner, 7),), near(turned[0], 3), fresh(), (fresh(),)))
    views.append(Views(()))  # a portrait stored before any signature but the whole
    expected = _brute_force_groups(len(views), lambda a, b: same_photo(views[a], views[b]))
    assert same_photo_groups(views) == expected
    assert len(expected) == 36
    # a stricter rule asks for its own groups (COPIED_PORTFOLIO's 12 bits, say)
    strict = _brute_force_groups(len(views), lambda a, b: same_photo(views[a], views[b], 8, 8))
    assert same_photo_groups(views, 8, 8) == strict
    assert 0 < len(strict) < len(expected)


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
