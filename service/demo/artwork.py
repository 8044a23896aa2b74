"""Portfolio pictures for the demo, drawn as recipes and rendered in bulk.

A recipe (:class:`Artwork`) is the few numbers a picture is made from: a
photograph's seed, a mark set on it, a template's layout around it, and the
way a copy was altered. The rulebook draws recipes from its random stream in
order, so a seed's events are the same whoever renders them; the pictures
are then rendered and written by worker processes. Rendering is most of a
large demo's generation (a picture ~9 ms: 80 min for the 1M demo's half
million in one process).
"""

from __future__ import annotations

import multiprocessing
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageDraw

from identity.transforms import TRANSFORMS
from service.demo import images

# fewer pictures than this are rendered in the calling process: starting the
# workers (their imports) costs about as much as a few hundred pictures
POOL_FROM = 2_000
CHUNK = 256  # pictures per task sent to a worker


def template(seed: int) -> Image.Image:
    """A registered layout: a coloured header, a frame and a footer band."""
    rng = random.Random(seed)
    out = Image.new("RGB", (128, 128), tuple(rng.randint(0, 255) for _ in range(3)))
    draw = ImageDraw.Draw(out)
    draw.rectangle((0, 0, 127, 22), fill=tuple(rng.randint(0, 255) for _ in range(3)))
    draw.rectangle((0, 110, 127, 127), fill=tuple(rng.randint(0, 255) for _ in range(3)))
    return out


def on_template(layout: Image.Image, content: Image.Image) -> Image.Image:
    """Original work set in a template's layout: the layout's bands, own picture."""
    out = layout.copy()
    out.paste(content.resize((112, 84)), (8, 24))
    return out


@dataclass(frozen=True)
class Artwork:
    """How one portfolio picture is made; :meth:`render` makes it."""

    photo: int | None = None  # a photograph's seed; None: the bare layout
    mark: tuple[int, int, int] | None = None  # a logo's seed and its x, y
    layout: int | None = None  # the seed of the template it is set in
    transform: str | None = None  # a copy's alteration (identity.transforms)

    @staticmethod
    def draw(rng: random.Random) -> Artwork:
        """A photograph, or a poster: a photograph with a mark set on it."""
        photo = rng.randrange(1 << 30)
        if rng.random() < 0.5:
            mark = rng.randrange(1 << 30)
            return Artwork(photo, (mark, rng.randint(0, 72), rng.randint(0, 72)))
        return Artwork(photo)

    def set_in(self, layout: int) -> Artwork:
        return replace(self, layout=layout)

    def copied(self, transform: str) -> Artwork:
        return replace(self, transform=transform)

    def render(self) -> Image.Image:
        if self.photo is None:
            assert self.layout is not None, "a recipe is a photograph, a layout or both"
            picture = template(self.layout)
        else:
            picture = images.photo(self.photo)
            if self.mark is not None:
                seed, x, y = self.mark
                picture.paste(images.logo(seed).convert("RGB").resize((56, 56)), (x, y))
            if self.layout is not None:
                picture = on_template(template(self.layout), picture)
        if self.transform is not None:
            picture = TRANSFORMS[self.transform](picture.convert("RGB"))
        return picture


def _write(jobs: list[tuple[Path, Artwork]]) -> None:
    for path, artwork in jobs:
        path.write_bytes(images.encode(artwork.render(), "PNG"))


def render_all(
    jobs: list[tuple[Path, Artwork]], workers: int, pool_from: int = POOL_FROM, chunk: int = CHUNK
) -> None:
    """Write each picture as PNG at its path, in ``workers`` processes."""
    if workers < 2 or len(jobs) < pool_from:
        _write(jobs)
        return
    # the fork server: not a fork of a caller that may hold threads and sockets
    context = multiprocessing.get_context("forkserver")
    chunks = (jobs[start : start + chunk] for start in range(0, len(jobs), chunk))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for done in pool.map(_write, chunks):
            assert done is None
