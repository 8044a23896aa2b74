"""The logo registry: known brand marks, matched by Hamming distance.

A fresh install is seeded from the simple-icons brand set (the
``simple-icons-pack`` wheel ships ~3,400 SVGs with brand colours), each
rasterised (resvg) the ways a logo becomes an avatar: brand colour, black or
white marks, on white, black or brand-colour grounds, with and without
padding, square and circle crops. Every variant is hashed like a portrait
and kept in a :class:`~identity.hamming.HammingIndex`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from identity.hamming import HammingIndex, signature, stack
from identity.portraits import circle, flatten, signature_of, trim
from identity.segments import LOOSE_LOGO_BITS, segment_hashes, segments_agree

# Chosen on simple-icons brands 200-349 against transformed copies of their
# padded brand-colour avatar (9 transformations) and 540 transformed
# generated photos: at 36 bits every transformation was found >= 97.4% of the
# time (rotate 5 degrees the weakest) and 0.37% of photos matched a logo; at
# 34, rotations fell to 94.7% and no photo matched. Matching takes the nearer
# of two signatures per picture: as uploaded, and with uniform borders
# trimmed (padding and framing defeat global hashes; the trimmed content box
# does not).
KNOWN_LOGO_BITS = 36
SIZE = 128


@dataclass(frozen=True)
class LogoEntry:
    brand: str
    variant: str
    signature: str  # 48 hex digits: pHash | dHash | wHash (raw or trimmed)
    segments: str = ""  # identity.segments: only the square, unpadded variants carry them


@dataclass(frozen=True)
class BrandIcon:
    title: str
    slug: str
    colour: str  # hex without '#'
    svg: str


def brand_icons(limit: int | None = None) -> list[BrandIcon]:
    """The simple-icons set, sorted by slug for determinism."""
    import simple_icons_pack as icons

    found = [
        BrandIcon(icon.title, icon.slug, icon.hex, icon.svg)
        for name in dir(icons)
        if name.startswith("SI_") and (icon := getattr(icons, name)) is not None
    ]
    found.sort(key=lambda b: b.slug)
    return found[:limit] if limit is not None else found


def render_mark(svg: str, fill: str, size: int) -> Image.Image:
    import resvg_py

    coloured = svg.replace("<svg ", f'<svg fill="#{fill}" ', 1)
    data = resvg_py.svg_to_bytes(svg_string=coloured, width=size, height=size)
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def _on(mark: Image.Image, ground: str, canvas: int, pad: float) -> Image.Image:
    inner = max(8, int(canvas * (1 - 2 * pad)))
    out = Image.new("RGBA", (canvas, canvas), f"#{ground}")
    sized = mark.resize((inner, inner))
    offset = (canvas - inner) // 2
    out.alpha_composite(sized, (offset, offset))
    return out.convert("RGB")


def avatar_variants(icon: BrandIcon, size: int = SIZE) -> Iterator[tuple[str, Image.Image]]:
    colour = icon.colour.lower()
    light = sum(int(colour[i : i + 2], 16) for i in (0, 2, 4)) > 600
    marks = {
        "brand": render_mark(icon.svg, colour, size),
        "black": render_mark(icon.svg, "000000", size),
        "white": render_mark(icon.svg, "ffffff", size),
    }
    combos = [("brand", "ffffff"), ("black", "ffffff"), ("white", colour), ("white", "000000")]
    if light:
        combos.append(("brand", "000000"))
    for mark, ground in combos:
        for pad in (0.0, 0.18):
            square = _on(marks[mark], ground, size, pad)
            yield f"{mark}-on-{ground}-pad{int(pad * 100)}", square
            if pad:
                yield f"{mark}-on-{ground}-circle", circle(square)


def entries_for_image(
    brand: str, variant: str, image: Image.Image, segments: bool = True
) -> list[LogoEntry]:
    """Signatures of a registered picture: as given, inverted and grey, each
    also with borders trimmed (how a mark gets recoloured and framed). The
    picture as given also carries its segment hashes unless ``segments`` is
    off (the costliest hash; see identity.segments)."""
    flat = flatten(image, (255, 255, 255))
    out = []
    for name, version in (
        (variant, flat),
        (f"{variant}-inverted", ImageOps.invert(flat)),
        (f"{variant}-grey", ImageOps.grayscale(flat).convert("RGB")),
    ):
        trimmed = trim(version)
        parts = segment_hashes(version) if segments and version is flat else ""
        out.append(LogoEntry(brand, name, signature_of(version), parts))
        out.append(LogoEntry(brand, f"{name}-trimmed", signature_of(trimmed), parts))
    return out


def entries_for(icon: BrandIcon) -> list[LogoEntry]:
    """Every avatar variant; segment hashes for the unpadded squares only
    (seeding 3,400 brands with them for every variant would take ~7 minutes)."""
    return [
        e
        for variant, image in avatar_variants(icon)
        for e in entries_for_image(icon.title, variant, image, variant.endswith("-pad0"))
    ]


def _split(sig: str) -> np.ndarray:
    return signature(sig[:16], sig[16:32], sig[32:48])


# A photo padded onto a coloured frame looks, as a whole, like a logo on a
# brand-colour ground (framed photos came within 30-40 bits of some avatar;
# 3% matched at 36). When trimming removed a border, the picture as a whole
# must come this close; its trimmed content still gets KNOWN_LOGO_BITS.
FRAMED_RAW_BITS = 28


def query_signatures(raw: str, trimmed: str, on_black: str = "") -> list[tuple[str, int]]:
    """(signature, largest distance accepted) to look a picture up by.

    ``on_black`` (see-through uploads) is matched like a trimmed picture: a
    white mark on a transparent ground is only visible there.
    """
    extra = [(on_black, KNOWN_LOGO_BITS)] if on_black and on_black not in (raw, trimmed) else []
    if not trimmed or trimmed == raw:
        return [(raw, KNOWN_LOGO_BITS), *extra]
    return [(trimmed, KNOWN_LOGO_BITS), (raw, FRAMED_RAW_BITS), *extra]


class LogoRegistry:
    """Known logos in memory, searchable in sub-linear time."""

    def __init__(self, entries: list[LogoEntry], max_bits: int = KNOWN_LOGO_BITS) -> None:
        self.entries = entries
        self.max_bits = max_bits
        # one index answers both the strict and the loose radius (same probes)
        self.index = HammingIndex(
            stack([_split(e.signature) for e in entries]), max(max_bits, LOOSE_LOGO_BITS)
        )
        self.brands = sorted({e.brand for e in entries})

    def __len__(self) -> int:
        return len(self.entries)

    def match_portrait(
        self, raw: str, trimmed: str, on_black: str = "", segments: str = ""
    ) -> tuple[LogoEntry, int] | None:
        """A stored portrait's brand, if any: its signatures queried as
        :func:`query_signatures` says, with its segment hashes."""
        return self.match(*query_signatures(raw, trimmed, on_black), segments=segments)

    def match(self, *queries: tuple[str, int], segments: str = "") -> tuple[LogoEntry, int] | None:
        """The nearest registered logo to any (signature, radius) query.

        Failing that, with the picture's ``segments`` (logo-like pictures
        only): the nearest entry within LOOSE_LOGO_BITS whose segments agree.
        """
        best: tuple[LogoEntry, int] | None = None
        for sig, radius in queries:
            hits = self.index.search(_split(sig), min(radius, self.max_bits))
            if hits and (best is None or hits[0][1] < best[1]):
                best = (self.entries[hits[0][0]], hits[0][1])
        if best is not None or not segments:
            return best
        for sig, _ in queries:
            for row, distance in self.index.search(_split(sig), LOOSE_LOGO_BITS):
                entry = self.entries[row]
                if best is not None and distance >= best[1]:
                    break
                if entry.segments and segments_agree(segments, entry.segments):
                    best = (entry, distance)
                    break
        return best
