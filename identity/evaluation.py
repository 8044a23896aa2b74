"""Measuring the portrait checks: known logos, unknown logos, duplicate photos.

Given three sets of pictures — logos to register, logos never registered,
and photos of people — this registers the first set, then checks every
transformation of :data:`identity.transforms.TRANSFORMS` (and the untouched
picture) and reports, per transformation, how often each check fires on the
pictures it should and on the photos it should not.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from PIL import Image

from identity.logos import LogoRegistry, entries_for_image
from identity.portraits import NOT_A_PHOTO_THRESHOLD, PortraitHashes, portrait_hashes
from identity.similar import same_photo, views_of
from identity.transforms import TRANSFORMS, Transform

ORIGINAL = "original"


@dataclass
class Rates:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass
class ImageReport:
    known_detected: dict[str, Rates] = field(default_factory=dict)
    known_photo_fp: dict[str, Rates] = field(default_factory=dict)
    unknown_detected: dict[str, Rates] = field(default_factory=dict)
    unknown_photo_fp: dict[str, Rates] = field(default_factory=dict)
    duplicate_found: dict[str, Rates] = field(default_factory=dict)
    duplicate_false_links: Rates = field(default_factory=Rates)


def _unchanged(image: Image.Image) -> Image.Image:
    return image


def _known(registry: LogoRegistry, h: PortraitHashes) -> str | None:
    """The brand the rescore would name for this portrait, if any."""
    hit = registry.match_portrait(h.signature, h.trimmed, h.on_black, h.segments)
    return hit[0].brand if hit is not None else None


def evaluate(
    known: Sequence[tuple[str, Image.Image]],
    unknown: Sequence[Image.Image],
    photos: Sequence[Image.Image],
) -> ImageReport:
    """``known`` is (brand, picture); every picture is RGB."""
    registry = LogoRegistry(
        [e for brand, image in known for e in entries_for_image(brand, ORIGINAL, image)]
    )
    report = ImageReport()
    steps: list[tuple[str, Transform]] = [(ORIGINAL, _unchanged), *TRANSFORMS.items()]
    photo_views = [views_of(0, portrait_hashes(p)) for p in photos]
    for name, transform in steps:
        known_rate = report.known_detected.setdefault(name, Rates())
        for brand, image in known:
            known_rate.add(_known(registry, portrait_hashes(transform(image))) == brand)
        unknown_rate = report.unknown_detected.setdefault(name, Rates())
        for image in unknown:
            h = portrait_hashes(transform(image))
            unknown_rate.add(
                _known(registry, h) is not None or h.not_a_photo >= NOT_A_PHOTO_THRESHOLD
            )
        known_fp = report.known_photo_fp.setdefault(name, Rates())
        unknown_fp = report.unknown_photo_fp.setdefault(name, Rates())
        duplicates = report.duplicate_found.setdefault(name, Rates())
        for i, photo in enumerate(photos):
            h = portrait_hashes(transform(photo))  # hashed once, as at ingest
            known_fp.add(_known(registry, h) is not None)
            unknown_fp.add(h.not_a_photo >= NOT_A_PHOTO_THRESHOLD)
            if name != ORIGINAL:
                duplicates.add(same_photo(views_of(0, h), photo_views[i]))
    for a, b in itertools.combinations(range(len(photos)), 2):
        report.duplicate_false_links.add(same_photo(photo_views[a], photo_views[b]))
    return report


def duplicate_rates(
    photos: Sequence[Image.Image], transforms: Mapping[str, Transform]
) -> dict[str, float]:
    """Share of transformed copies the near-duplicate rule links to their
    original, per transformation (for :data:`identity.transforms.BEYOND`)."""
    originals = [views_of(0, portrait_hashes(p)) for p in photos]
    return {
        name: sum(
            same_photo(views_of(0, portrait_hashes(transform(p))), original)
            for p, original in zip(photos, originals, strict=True)
        )
        / len(photos)
        for name, transform in transforms.items()
    }


def format_report(report: ImageReport) -> str:
    lines = [
        f"{'transformation':16s} {'known logo TPR':>15s} {'photo FPR':>10s} "
        f"{'unknown logo TPR':>17s} {'photo FPR':>10s} {'dup photo TPR':>14s}"
    ]
    for name, known in report.known_detected.items():
        dup = report.duplicate_found.get(name)
        unknown, unknown_fp = report.unknown_detected[name], report.unknown_photo_fp[name]
        lines.append(
            f"{name:16s} {known.rate:15.3f} {report.known_photo_fp[name].rate:10.4f} "
            f"{unknown.rate:17.3f} {unknown_fp.rate:10.4f} "
            f"{(f'{dup.rate:.3f}' if dup and dup.total else '-'):>14s}"
        )
    links = report.duplicate_false_links
    lines.append(
        f"duplicate portraits: false links between different photos {links.hits} / "
        f"{links.total} pairs = {links.rate:.4%}"
    )
    return "\n".join(lines)
