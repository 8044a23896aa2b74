"""Portfolio recipes: rendered alike in workers and in-process, and a copy's
recipe gives what altering the stored original gives."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image

from identity.transforms import TRANSFORMS
from service.demo.artwork import Artwork, render_all


def recipes(seed: int, n: int) -> list[Artwork]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        artwork = Artwork.draw(rng)
        if i % 3 == 0:
            artwork = artwork.set_in(rng.randrange(1 << 30))
        if i % 2 == 0:
            artwork = artwork.copied(rng.choice(sorted(TRANSFORMS)))
        out.append(artwork)
    return [*out, Artwork(layout=7)]


def test_workers_write_the_bytes_one_process_writes(tmp_path: Path) -> None:
    works = recipes(3, 24)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    alone = [(tmp_path / "a" / f"{i}.png", w) for i, w in enumerate(works)]
    pooled = [(tmp_path / "b" / f"{i}.png", w) for i, w in enumerate(works)]
    render_all(alone, workers=1)
    render_all(pooled, workers=2, pool_from=1, chunk=5)
    for (first, _), (second, _) in zip(alone, pooled, strict=True):
        assert first.read_bytes() == second.read_bytes(), second.name
    assert len({path.read_bytes() for path, _ in alone}) == len(works)


def test_a_copy_is_the_stored_original_altered(tmp_path: Path) -> None:
    """The demo's copier reads nothing back: the stored PNG holds the very pixels."""
    for original in recipes(5, 6):
        if original.transform is not None:
            continue
        path = tmp_path / "original.png"
        render_all([(path, original)], workers=1)
        with Image.open(path) as stored:
            for transform in ("crop-10%", "jpeg-q30", "pad-coloured"):
                expected = TRANSFORMS[transform](stored.convert("RGB"))
                assert original.copied(transform).render().tobytes() == expected.tobytes()
