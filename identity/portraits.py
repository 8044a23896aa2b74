"""Portrait intake: decode an uploaded picture safely and hash it.

Only hashes leave this module; the pixels are dropped once hashed. The
decoder is hardened because portraits come from untrusted users: a size cap
before decoding, an explicit pixel cap (Pillow's decompression-bomb guard,
raised to an error rather than a warning), a format allow-list, and a full
``load()`` so truncation is caught here rather than later.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from identity.errors import (
    DecompressionBomb,
    EmptyImage,
    ImageTooLarge,
    NotAnImage,
    PortraitError,
    TruncatedImage,
    UnsupportedImageFormat,
)
from identity.faces import has_face
from identity.frame import inside, round_mask
from identity.hashes import colour_hash, grey_of, perceptual_hashes, signatures
from identity.palette import dominant_share
from identity.rotation import WHITE, turned_in_circle
from identity.segments import SEGMENT_GATE, segment_hashes
from identity.signatures import Signatures, WorkHashes

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})


# Near-duplicate rule, chosen by measurement on generated photos: near copies
# (seeds 100-199 x 4: crop <= 6%, resize, +-10% tone, JPEG q60) against
# strangers (1,500 photos = 1.1M pairs). Summed pHash + dHash + wHash:
#   <= 26 bits: 96.8% of copies, 3.7e-5 of stranger pairs
#   <= 22 bits: 91.8% of copies, ~7e-6 of stranger pairs
# At marketplace scale the pair rate is what matters (6,000 portraits make
# 18M pairs: 3.7e-5 would falsely link hundreds of people), so 22. A
# round-frame signature compared at this limit found circle-cropped copies but
# linked strangers 50x more often; it is compared more strictly, and only
# with its own kind (CIRCLED_BITS).
NEAR_DUPLICATE_BITS = 22

# A second, independent test before two portraits are linked: their colour
# hashes (imagehash.colorhash, 3 bits a bin, on the trimmed picture). Measured
# on generated photos seeds 0-199 under every benchmark transformation but
# recolouring: copies differ by at most 6 bits; 44% of stranger pairs are
# within 6, so this halves chance structural matches without losing a copy.
# (An inverted copy is not linked by the structural rule either.)
NEAR_DUPLICATE_COLOUR_BITS = 6

# A third signature, of the picture in a round frame (what circular avatars
# show: white corners), compared only with other circled signatures. Measured
# on generated photos (seeds 0-199): circle-cropped copies come back within
# 0 bits, and within 6 bits 97.5-100% of the time after JPEG q30/q75 or a
# resize to 64 px. Of 1.1M stranger pairs (seeds 20000-21499) none came
# within 6 bits and one within 7. A limit of 10 would catch a third of
# 5-degree rotations, but at 1M accounts (1.35e9 portrait pairs) it links
# ~1,000 strangers (bench/quality.py --accounts 1000000: duplicate-portrait
# precision 0.921 -> 0.890). No colour test: it removes no stranger, and
# loses a JPEG copy whose colour hash moves 7 bits.
CIRCLED_BITS = 6

# Cropped copies: a crop rescales everything the global hashes see, so 24% of
# 10%-cropped copies (5% a side) were past NEAR_DUPLICATE_BITS. Each picture
# also stores the signature of its centre (INNER_CUT cut away, half a side), which a
# copy's whole-picture signature is compared with. Measured on generated
# photos seeds 0-199: copies cropped 5/10/15/20% come within 16 bits
# 97.5/100/91.5/18% of the time (22 bits: 100/100/99.5/61.5%); no stranger
# pair came within 26 (19,900 pairs). On the 1M demo (seed 9001, its 51,670
# portraits hashed and grouped offline), the centre at 16 bits raised
# duplicate-portrait recall 0.928 -> 0.998 (+1,217 accounts) for 32 more
# falsely flagged; at 22 bits, ~790 more. So 16, with the colour test.
INNER_CUT = 0.10
INNER_BITS = 16

# Rotated copies: each picture also stores the round-frame signatures of
# itself turned +-TURN_DEGREES, compared with other pictures' round-frame
# signatures within CIRCLED_BITS. The round frame is what makes this work: a
# turned square's new corners (white, black, whatever the editor filled in)
# lie outside the inscribed circle, so only the turned content is compared.
# Measured on generated photos seeds 0-199, corners white or black: copies
# turned 4-6 degrees either way within 6 bits 93-100% of the time (JPEG q30
# included), 2-3 degrees 72-82% (the plain round-frame test adds to that),
# 8 degrees ~47%; no stranger came within 13 bits (39,800 comparisons). On
# the 1M demo, offline, it flagged 22 more accounts falsely (its copies are
# not rotated, so it found nothing there).
TURN_DEGREES = 5

# not_a_photo >= this is a logo/graphic rather than a photograph of a person
# (a dominant-colour share of about 0.8; see not_a_photo()).
NOT_A_PHOTO_THRESHOLD = 0.5
FACE_CAP = 0.3


@dataclass(frozen=True, kw_only=True)
class PortraitHashes(Signatures):
    phash: str
    dhash: str
    whash: str
    width: int
    height: int
    not_a_photo: float  # 0..1, see not_a_photo()

    @property
    def signature(self) -> str:
        """pHash | dHash | wHash as uploaded (48 hex), as the indexes store it."""
        return f"{self.phash}{self.dhash}{self.whash}"


def load_image(data: bytes, max_bytes: int, max_pixels: int) -> Image.Image:
    """Decode to RGB: first GIF frame, EXIF orientation applied, alpha on white.

    ``image.info["transparent"]`` says whether the upload had see-through
    pixels (a logo hint that flattening would otherwise erase); if so,
    ``image.info["on_black"]`` holds the same picture composited on black.
    """
    if not data:
        raise EmptyImage()
    if len(data) > max_bytes:
        raise ImageTooLarge(len(data), max_bytes)
    Image.MAX_IMAGE_PIXELS = max_pixels  # process-wide in Pillow; set explicitly every time
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise UnsupportedImageFormat(image.format or "unknown")
            if image.width * image.height > max_pixels:
                raise DecompressionBomb(image.width * image.height, max_pixels)
            image.seek(0)
            image.load()
    except PortraitError:
        raise  # already explained (a ValueError, so it must pass the catch-all below)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise DecompressionBomb(None, max_pixels) from exc
    except UnidentifiedImageError as exc:
        raise NotAnImage() from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise TruncatedImage() from exc
    # in place: without an Orientation tag exif_transpose would copy the
    # picture, and the decoded file is ours to change
    ImageOps.exif_transpose(image, in_place=True)
    flat = flatten(image, background=(255, 255, 255))
    flat.info["transparent"] = _has_transparency(image)
    if flat.info["transparent"]:
        # a white mark on a see-through ground vanishes on white: keep it on black too
        flat.info["on_black"] = flatten(image, background=(0, 0, 0))
    return flat


def _has_transparency(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        low, _ = image.convert("RGBA").getchannel("A").getextrema()
        return bool(int(low) < 250)  # type: ignore[arg-type]
    return False


def flatten(image: Image.Image, background: tuple[int, int, int]) -> Image.Image:
    """Composite any transparency onto a solid background and return RGB
    (an opaque RGB picture itself, not a copy)."""
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (*background, 255))
        canvas.alpha_composite(rgba)
        return canvas.convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")


def not_a_photo(image: Image.Image, trimmed: Image.Image | None = None) -> float:
    """How much an image looks like a logo or graphic rather than a photograph.

    A logo is a few flat colours: its three most common colours (coarsely
    quantised) cover almost every pixel, even after JPEG at quality 30,
    resizing or rotation; a photograph's light, shading and noise spread it
    over many. Uniform borders are cut first (a photo padded onto a coloured
    frame is still a photo), and see-through pixels add a little.
    Measured on 120 logos (60 simple-icons brands, 60 generated) and 60
    generated photos plus 10 plain-wall portraits, under all nine
    transformations: logos' share p1 0.85, photos' p99 0.70, walls max 0.71
    (one colour grid; with the best of three, see identity.palette, photos'
    largest share is 0.76, and scikit-image's *camera* photograph, the
    closest real one, stays at 0.79).
    A face found by :mod:`identity.faces` vetoes a logo-like verdict.
    """
    share = dominant_share(trim(image) if trimmed is None else trimmed)
    transparent = 1.0 if image.info.get("transparent") else 0.0
    statistics = 0.85 * min(1.0, max(0.0, (share - 0.65) / 0.25)) + 0.15 * transparent
    return round(with_face_veto(statistics, lambda: has_face(image)), 3)


def with_face_veto(statistics: float, face_found: Callable[[], bool]) -> float:
    """A logo-like picture that shows a face is a portrait: capped below the
    threshold. The face check is only paid for when it could change the answer."""
    if statistics >= NOT_A_PHOTO_THRESHOLD and face_found():
        return min(statistics, FACE_CAP)
    return statistics


def circle(image: Image.Image, outside: str = "ffffff") -> Image.Image:
    """What a round avatar frame leaves of a square picture."""
    out = Image.new("RGB", image.size, f"#{outside}")
    out.paste(image.convert("RGB"), (0, 0), round_mask(image.size))
    return out


def signature_of(image: Image.Image) -> str:
    """pHash | dHash | wHash as 48 hex digits: what the Hamming indexes store."""
    return "".join(perceptual_hashes(image))


# Every hash works on a small copy (pHash at 32 px, the colour count at 96),
# so a large upload is shrunk once first rather than by every step.
WORKING_PIXELS = 256


def working_copy(image: Image.Image) -> Image.Image:
    """The picture at most WORKING_PIXELS a side, its ``info`` (transparency,
    the on-black version) carried along and shrunk alike."""
    if max(image.size) <= WORKING_PIXELS:
        return image
    small = image.copy()
    small.thumbnail((WORKING_PIXELS, WORKING_PIXELS), Image.Resampling.LANCZOS)
    small.info = dict(image.info)
    black = image.info.get("on_black")
    if black is not None:
        small.info["on_black"] = working_copy(black)
    return small


def portrait_hashes(image: Image.Image) -> PortraitHashes:
    width, height = image.size
    image = working_copy(image)
    trimmed = trim(image)
    black = image.info.get("on_black")
    logo_like = not_a_photo(image, trimmed)
    # every signature comes from one grey copy: a view's grey pixels are the
    # grey of its RGB pixels, and white stays white
    grey = grey_of(image)
    views = [grey, circled_view(grey), centre_view(grey, INNER_CUT), *turned_views(grey)]
    trimmed_grey = grey
    if trimmed is not image:  # a photograph has no border to trim
        trimmed_grey = grey_of(trimmed)
        views.append(trimmed_grey)
    if black is not None:
        views.append(grey_of(trim(black)))
    whole, circled, inner, plus, minus, *others = signatures(views)
    rest = iter(others)
    return PortraitHashes(
        phash=whole[:16],
        dhash=whole[16:32],
        whash=whole[32:],
        width=width,
        height=height,
        not_a_photo=logo_like,
        trimmed=whole if trimmed is image else next(rest),
        on_black=next(rest) if black is not None else "",
        colour=colour_hash(trimmed, trimmed_grey),
        segments=segment_hashes(image) if logo_like >= SEGMENT_GATE else "",
        circled=circled,
        inner=inner,
        turned=plus + minus,
    )


def work_hashes(image: Image.Image) -> WorkHashes:
    """A portfolio picture's signatures: :class:`WorkHashes`, about half a
    portrait's hashing (no round-frame, turned or logo views, no preview)."""
    image = working_copy(image)
    trimmed = trim(image)
    grey = grey_of(image)
    views = [grey, centre_view(grey, INNER_CUT)]
    trimmed_grey = grey if trimmed is image else grey_of(trimmed)
    if trimmed is not image:
        views.append(trimmed_grey)
    whole, inner, *rest = signatures(views)
    return WorkHashes(
        phash=whole[:16], dhash=whole[16:32], whash=whole[32:],
        trimmed=rest[0] if rest else whole, colour=colour_hash(trimmed, trimmed_grey), inner=inner,
    )  # fmt: skip


def circled_view(grey: np.ndarray) -> np.ndarray:
    """The grey picture in a round frame: :func:`circle`, as the hashes see it."""
    return np.where(inside(grey.shape), grey, WHITE)


def centre_view(grey: np.ndarray, cut: float) -> np.ndarray:
    """:func:`centre` of the grey picture."""
    left, top, right, bottom = _centre_box(grey.shape[1], grey.shape[0], cut)
    return grey[top:bottom, left:right]


def centre(image: Image.Image, cut: float) -> Image.Image:
    """The picture with ``cut`` of its width and height taken off, half each side."""
    return image.crop(_centre_box(image.width, image.height, cut))


def _centre_box(width: int, height: int, cut: float) -> tuple[int, int, int, int]:
    dx, dy = int(width * cut / 2), int(height * cut / 2)
    return dx, dy, width - dx, height - dy


def turned_views(grey: np.ndarray) -> list[np.ndarray]:
    """The round-framed grey picture turned TURN_DEGREES each way.

    Turned in grey (the hashes only see grey): a third of the cost of turning
    the colour picture, and on generated photos seeds 0-199 the same rates
    against colour round frames within a percent at every angle measured.
    The pixels are Pillow's ``circle(rotate(angle, BILINEAR))``, computed
    by :mod:`identity.rotation` at under half the cost.
    """
    return turned_in_circle(grey, (TURN_DEGREES, -TURN_DEGREES))


def trim(image: Image.Image, tolerance: int = 24, rounds: int = 3) -> Image.Image:
    """:func:`trim_once` until nothing changes (a padded logo inside a frame)."""
    for _ in range(rounds):
        trimmed = trim_once(image, tolerance)
        if trimmed.size == image.size:
            return trimmed
        image = trimmed
    return image


def trim_once(image: Image.Image, tolerance: int = 24) -> Image.Image:
    """Cut away a uniform border (the padding logos get) and square the rest.

    Global hashes are defeated by padding; hashing the content box instead
    makes a padded logo look like its registered self. A photograph has no
    uniform border and comes back as it was.
    """
    rgb_image = image if image.mode == "RGB" else image.convert("RGB")
    # most portraits are photographs, whose corners differ: four pixels say
    # so before the whole picture is copied
    right, bottom = image.width - 1, image.height - 1
    corners = np.array(
        [rgb_image.getpixel(xy) for xy in ((0, 0), (right, 0), (0, bottom), (right, bottom))],
        dtype=np.int16,
    )
    if np.abs(corners - corners[0]).max() > tolerance:
        return image
    rgb = np.asarray(rgb_image, dtype=np.int16)
    differs = np.abs(rgb - corners[0]).max(axis=2) > tolerance
    rows, cols = np.nonzero(differs.any(axis=1))[0], np.nonzero(differs.any(axis=0))[0]
    if not len(rows) or not len(cols):
        return image
    box = image.crop((int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1))
    side = max(box.size)
    ground = tuple(int(c) for c in corners[0])
    square = Image.new("RGB", (side, side), ground)
    square.paste(box, ((side - box.width) // 2, (side - box.height) // 2))
    return square


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()
