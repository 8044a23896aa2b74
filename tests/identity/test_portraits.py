"""Portrait intake on real encoded images, including every kind of bad input."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from identity.errors import (
    DecompressionBomb,
    EmptyImage,
    ImageTooLarge,
    NotAnImage,
    TruncatedImage,
    UnsupportedImageFormat,
)
from identity.portraits import (
    INNER_CUT,
    TURN_DEGREES,
    centre,
    circle,
    load_image,
    portrait_hashes,
    signature_of,
    trim,
    working_copy,
)
from service.demo.images import photo

LIMIT = 10 * 1024 * 1024
PIXELS = 40_000_000


def encode(image: Image.Image, fmt: str, **kw: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **kw)
    return buffer.getvalue()


def pattern(size: int = 64) -> Image.Image:
    image = Image.new("RGB", (size, size), (240, 240, 240))
    image.paste((200, 20, 20), (0, 0, size // 2, size // 3))
    return image


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_accepted_formats_decode_to_rgb(fmt: str) -> None:
    image = load_image(encode(pattern(), fmt), LIMIT, PIXELS)
    assert image.mode == "RGB" and image.size == (64, 64)


def test_gif_uses_the_first_frame() -> None:
    frames = [Image.new("RGB", (32, 32), c) for c in [(255, 0, 0), (0, 0, 255)]]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    image = load_image(buffer.getvalue(), LIMIT, PIXELS)
    r, _, b = image.getpixel((5, 5))  # type: ignore[misc]
    assert r > 200 and b < 50


def test_exif_orientation_is_applied() -> None:
    wide = Image.new("RGB", (80, 40), (0, 128, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° on display
    image = load_image(encode(wide, "JPEG", exif=exif), LIMIT, PIXELS)
    assert image.size == (40, 80)


def test_transparency_is_composited_on_white() -> None:
    clear = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    image = load_image(encode(clear, "PNG"), LIMIT, PIXELS)
    assert image.getpixel((3, 3)) == (255, 255, 255)


def test_bad_inputs_are_explained() -> None:
    good = encode(pattern(), "PNG")
    with pytest.raises(EmptyImage):
        load_image(b"", LIMIT, PIXELS)
    with pytest.raises(ImageTooLarge, match="TRUSTMESH_MAX_PORTRAIT_BYTES"):
        load_image(good, 100, PIXELS)
    with pytest.raises(NotAnImage):
        load_image(b"%PDF-1.4 definitely not a picture", LIMIT, PIXELS)
    with pytest.raises(TruncatedImage):
        load_image(encode(pattern(256), "JPEG")[:400], LIMIT, PIXELS)
    with pytest.raises(UnsupportedImageFormat, match="BMP"):
        load_image(encode(pattern(), "BMP"), LIMIT, PIXELS)
    with pytest.raises(DecompressionBomb, match="decompression bomb"):
        load_image(encode(Image.new("RGB", (3000, 3000)), "PNG"), LIMIT, 1_000_000)


def _distance(a: str, b: str) -> int:
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def test_resized_reencoded_copies_hash_close_and_other_photos_far() -> None:
    from service.demo.images import photo

    for seed in range(1, 6):
        base = portrait_hashes(photo(seed)).phash
        for size in (64, 200):
            copy = load_image(
                encode(photo(seed).resize((size, size)), "JPEG", quality=40), LIMIT, PIXELS
            )
            assert _distance(base, portrait_hashes(copy).phash) <= 6
        others = [portrait_hashes(photo(other)).phash for other in range(100, 120)]
        assert min(_distance(base, other) for other in others) > 6


def test_a_large_upload_is_hashed_from_a_working_copy_with_its_size_kept() -> None:
    from identity.portraits import WORKING_PIXELS, working_copy
    from identity.similar import Picture
    from service.demo.images import photo

    big = photo(31).resize((1024, 768))
    hashes = portrait_hashes(load_image(encode(big, "PNG"), LIMIT, PIXELS))
    assert (hashes.width, hashes.height) == (1024, 768)
    small = big.resize((WORKING_PIXELS, WORKING_PIXELS * 3 // 4), Image.Resampling.LANCZOS)
    again = portrait_hashes(small)
    a = Picture.from_hex(0, hashes.phash, hashes.dhash, hashes.whash, hashes.colour)
    b = Picture.from_hex(1, again.phash, again.dhash, again.whash, again.colour)
    assert a.distance(b) <= 4 and a.colours_agree(b)
    # a see-through upload keeps its flag and its on-black version, shrunk alike
    mark = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    mark.paste((255, 255, 255, 255), (150, 150, 450, 450))
    flat = load_image(encode(mark, "PNG"), LIMIT, PIXELS)
    work = working_copy(flat)
    assert work.size == (WORKING_PIXELS, WORKING_PIXELS) and work.info["transparent"]
    assert work.info["on_black"].size == work.size
    assert portrait_hashes(flat).on_black != ""


def test_views_hashed_in_one_stack_are_the_pictures_they_stand_for() -> None:
    picture = working_copy(photo(21))
    hashes = portrait_hashes(picture)
    assert hashes.circled == signature_of(circle(picture))
    assert hashes.inner == signature_of(centre(picture, INNER_CUT))
    grey = picture.convert("L")
    mask = Image.new("L", grey.size, 0)
    ImageDraw.Draw(mask).ellipse([0, 0, grey.width - 1, grey.height - 1], fill=255)
    for angle, turned in ((TURN_DEGREES, hashes.turned[:48]), (-TURN_DEGREES, hashes.turned[48:])):
        framed = Image.new("L", grey.size, 255)
        framed.paste(grey.rotate(angle, resample=Image.Resampling.BILINEAR), (0, 0), mask)
        assert turned == signature_of(framed)


@pytest.mark.parametrize("mode", ["RGB", "P", "L"])
def test_trim_cuts_a_uniform_border_of_a_wide_picture_and_squares_the_mark(mode: str) -> None:
    picture = Image.new("RGB", (120, 60), (250, 250, 250))
    picture.paste((10, 10, 10), (70, 20, 100, 30))  # a 30 x 10 mark right of centre
    # (an adaptive palette: the web palette's dithering would speckle the border)
    converted = picture.convert(mode, palette=Image.Palette.ADAPTIVE)
    trimmed = trim(converted)
    assert trimmed.mode == "RGB" and trimmed.size == (30, 30)
    # the mark in the middle rows, the border's colour above and below it
    assert trimmed.getpixel((15, 15))[0] < 60  # type: ignore[index]
    assert trimmed.getpixel((15, 2))[0] > 200  # type: ignore[index]


def test_trim_returns_a_picture_whose_corners_differ_as_it_was() -> None:
    picture = Image.new("RGB", (80, 40), (250, 250, 250))
    picture.putpixel((79, 39), (0, 0, 0))  # one corner unlike the others: no border
    assert trim(picture) is picture
