"""Copied portfolio pictures: found under the changes copiers make, never
between different people's original work.

Usage: python bench/portfolio.py [--originals 150] [--seed 70000]

Originals are generated photographs and posters (a photograph with a mark
set on it), work set in one of three shared template layouts (the
look-alike: same layout, own picture), and the four real photographs
scikit-image ships when it is installed. Every original is copied with
each change (resize to 64 and 512 px, JPEG q30, a 10% crop, padding on a
colour) and the copy compared with every original by the rule the
COPIED_PORTFOLIO step applies (service.detect.work.copied). Prints recall
per change and the false links among the originals; simple flat marks
(a few shapes on a plain ground) are reported apart, as the hard case.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from bench.common import machine
from identity.portraits import work_hashes
from identity.similar import Views, views_of
from identity.transforms import TRANSFORMS
from service.demo import images
from service.demo.artwork import on_template, template
from service.detect.work import copied

CHANGES = ("resize-64", "resize-512", "jpeg-q30", "crop-10%", "pad-coloured")


def views(picture: Image.Image, key: int) -> Views:
    return views_of(key, work_hashes(picture.convert("RGB")))


def originals(count: int, seed: int) -> list[tuple[str, Image.Image]]:
    rng = random.Random(seed)
    layouts = [template(rng.randrange(1 << 30)) for _ in range(3)]
    out: list[tuple[str, Image.Image]] = []
    for i in range(count):
        picture = images.photo(rng.randrange(1 << 30))
        kind = ("photo", "poster", "template")[i % 3]
        if kind != "photo":
            mark = images.logo(rng.randrange(1 << 30)).convert("RGB").resize((56, 56))
            picture.paste(mark, (rng.randint(0, 72), rng.randint(0, 72)))
        if kind == "template":
            picture = on_template(layouts[i % 3], picture)
        out.append((kind, picture))
    try:
        from skimage import data

        for name in ("astronaut", "chelsea", "coffee", "retina"):
            out.append(("real photo", Image.fromarray(getattr(data, name)()).convert("RGB")))
    except ImportError:
        print("scikit-image not installed: no real photographs")
    return out


def false_links(pictures: list[Views]) -> tuple[int, int]:
    pairs = links = 0
    for i, a in enumerate(pictures):
        for b in pictures[i + 1 :]:
            pairs += 1
            links += copied(a, b)
    return links, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=150)
    parser.add_argument("--seed", type=int, default=70_000)
    args = parser.parse_args()
    print(machine())
    started = time.perf_counter()
    work = originals(args.originals, args.seed)
    seen = [views(p, i) for i, (_, p) in enumerate(work)]
    print(f"{len(work)} originals ({', '.join(sorted({k for k, _ in work}))})")
    print(f"{'change':14s} {'found':>6s} {'of':>5s} {'recall':>7s}")
    for change in CHANGES:
        found = 0
        for i, (_, picture) in enumerate(work):
            copy = views(TRANSFORMS[change](picture.convert("RGB")), -1)
            found += copied(copy, seen[i])
        print(f"{change:14s} {found:6d} {len(work):5d} {found / len(work):7.3f}")
    links, pairs = false_links(seen)
    print(f"false links between different originals: {links} of {pairs:,} pairs")
    rng = random.Random(args.seed + 1)
    marks = [views(images.logo(rng.randrange(1 << 30)), i) for i in range(80)]
    links, pairs = false_links(marks)
    print(f"hard case, simple flat marks: {links} false links of {pairs:,} pairs")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
