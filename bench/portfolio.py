"""Copied portfolio pictures: found under the changes copiers make, never
between different people's original work.

Usage: python bench/portfolio.py [--originals 150] [--seed 70000] [--crowd N]

Originals are generated photographs and posters (a photograph with a mark
set on it), work set in one of three shared template layouts (the
look-alike: same layout, own picture), and the four real photographs
scikit-image ships when it is installed. Every original is copied with
each change (resize to 64 and 512 px, JPEG q30, a 10% crop, padding on a
colour) and the copy compared with every original by the rule the
COPIED_PORTFOLIO step applies (service.detect.work.copied). Prints recall
per change and the false links among the originals; simple flat marks
(a few shapes on a plain ground) are reported apart, as the hard case.

``--crowd N`` measures a large marketplace scaled down: N demo portfolio
pictures (some set in shared templates) and the 1M demo's share of stock
copies (~665 copies of each of 12 stock pictures among ~500k pictures), with
the band-bucket limit scaled by the same factor
(identity.banding.MAX_BUCKET: 200 at 500k). Copies are found through the
grouped search, as the COPIED_PORTFOLIO step finds them; prints how many
copies join their stock picture, and the claims between different originals.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from bench.common import machine
from identity.banding import MAX_BUCKET
from identity.portraits import work_hashes
from identity.signatures import WorkHashes
from identity.similar import Views, same_photo_groups, views_of
from identity.transforms import TRANSFORMS
from service.demo import images
from service.demo.artwork import Artwork, on_template, template
from service.demo.rulebook import TEMPLATES
from service.detect.work import COPY_BITS, copied

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


# the 1M demo (bench/quality.py --accounts 1000000): pictures, and copies of each stock one
PICTURES_AT_1M = 500_000
COPIES_AT_1M = 665
STOCK = 12
TEMPLATE_SHARE = 0.15  # service.demo.knobs.Knobs.template_share


def _hashed(artwork: Artwork) -> WorkHashes:
    return work_hashes(artwork.render().convert("RGB"))


def crowd(count: int, seed: int) -> None:
    """Stock copies at the 1M demo's crowding, scaled to ``count`` pictures."""
    scale = count / PICTURES_AT_1M
    copies, limit = max(2, round(COPIES_AT_1M * scale)), max(2, round(MAX_BUCKET * scale))
    rng = random.Random(seed)
    stock = [Artwork.draw(rng) for _ in range(STOCK)]
    layouts = [rng.randrange(1 << 30) for _ in range(TEMPLATES)]
    # as in the demo, some originals are set in a shared template: the crowded bands
    others = [
        art.set_in(rng.choice(layouts)) if rng.random() < TEMPLATE_SHARE else art
        for art in (Artwork.draw(rng) for _ in range(count))
    ]
    made = [stock[i % STOCK].copied(CHANGES[(i // STOCK) % len(CHANGES)])
            for i in range(STOCK * copies)]  # fmt: skip
    with Pool(2) as pool:
        hashed = pool.map(_hashed, [*stock, *made, *others], chunksize=64)
    seen = [views_of(i, h) for i, h in enumerate(hashed)]
    group = {
        i: g
        for g, members in enumerate(same_photo_groups(seen, COPY_BITS, COPY_BITS, limit))
        for i in members
    }
    found = sum(
        1
        for k in range(len(made))
        if group.get(STOCK + k, -1) == group.get(k % STOCK)
        and copied(seen[STOCK + k], seen[k % STOCK])
    )
    first = STOCK + len(made)
    claims = 0  # an original that a claim would call a copy of an earlier one
    for members in same_photo_groups(seen[first:], COPY_BITS, COPY_BITS, limit):
        claims += sum(any(copied(seen[first + i], seen[first + e]) for e in members[:r])
                      for r, i in enumerate(members))  # fmt: skip
    print(
        f"{count:,} pictures, {copies} copies of each of {STOCK} stock ones, bucket limit {limit}"
    )
    print(f"copies joined to their stock picture: {found} of {len(made)} ({found / len(made):.3f})")
    print(f"claims between different originals: {claims} of {count:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=150)
    parser.add_argument("--seed", type=int, default=70_000)
    parser.add_argument("--crowd", type=int, metavar="N", help="stock copies among N pictures")
    args = parser.parse_args()
    print(machine())
    started = time.perf_counter()
    if args.crowd:
        crowd(args.crowd, args.seed)
        print(f"({time.perf_counter() - started:.1f} s)")
        return
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
