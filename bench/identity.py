"""Portrait checks: detection rates per transformation, hashing speed, index latency.

Usage: python bench/identity.py [--known 100] [--unknown 50] [--photos 100]

Material: *known logos* are simple-icons brands (slugs from position 1000 on,
never used for choosing thresholds, which used 200-349), rendered as a
padded brand-colour avatar; *unknown logos* are other simple-icons brands
(from 2000 on, not registered) plus generated marks; *photos* are generated
head-and-shoulders pictures, plus the real photographs scikit-image ships
when it is installed (it is not a dependency). The output says which is which.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, machine
from identity.evaluation import duplicate_rates, evaluate, format_report
from identity.hamming import CHUNKS, HammingIndex
from identity.logos import avatar_variants, brand_icons
from identity.portraits import load_image, portrait_hashes
from identity.thumbnails import thumbnail
from identity.transforms import BEYOND
from service.demo.images import encode, logo, photo


def real_photos() -> list[tuple[str, object]]:
    try:
        from skimage import data
    except ImportError:
        return []
    out: list[tuple[str, object]] = []
    for name in ("astronaut", "chelsea", "coffee", "retina"):
        try:
            from PIL import Image

            out.append((name, Image.fromarray(getattr(data, name)()).convert("RGB")))
        except Exception:
            continue
    return out


def index_latency(n: int = 1_000_000, queries: int = 1000) -> tuple[float, float, float]:
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 65536, size=(n, CHUNKS), dtype=np.uint16)
    started = time.perf_counter()
    index = HammingIndex(codes, 23)
    build = time.perf_counter() - started
    latencies = []
    for _ in range(queries):
        query = codes[rng.integers(n)].copy()
        view = query.view(np.uint8)
        for _ in range(12):  # a near copy: 12 random bits flipped
            bit = rng.integers(192)
            view[bit // 8] ^= 1 << (bit % 8)
        t = time.perf_counter()
        index.search(query)
        latencies.append(time.perf_counter() - t)
    return build, float(np.percentile(latencies, 50)), float(np.percentile(latencies, 99))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--known", type=int, default=100)
    parser.add_argument("--unknown", type=int, default=50)
    parser.add_argument("--photos", type=int, default=100)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    icons = brand_icons()
    known = [
        (icon.title, dict(avatar_variants(icon))["brand-on-ffffff-pad18"])
        for icon in icons[1000 : 1000 + args.known]
    ]
    unknown = [
        dict(avatar_variants(icon))["brand-on-ffffff-pad18"]
        for icon in icons[2000 : 2000 + args.unknown]
    ]
    unknown += [logo(50_000 + s).convert("RGB") for s in range(args.unknown)]
    generated = [photo(60_000 + s) for s in range(args.photos)]
    real = real_photos()
    print(f"known logos: {len(known)} simple-icons brands (real brand marks, rendered)")
    print(
        f"unknown logos: {args.unknown} unregistered simple-icons brands + "
        f"{args.unknown} generated marks"
    )
    print(
        f"photos: {len(generated)} generated, {len(real)} real "
        f"({', '.join(n for n, _ in real) or 'scikit-image not installed'})"
    )
    started = time.perf_counter()
    report = evaluate(known, unknown, generated + [img for _, img in real])  # type: ignore[misc]
    print(format_report(report))
    print(f"evaluation took {time.perf_counter() - started:.1f}s")
    nearby = duplicate_rates(generated + [img for _, img in real], BEYOND)  # type: ignore[misc]
    print("duplicate photos linked to their original, other amounts and kinds:")
    print("  " + ", ".join(f"{name} {rate:.3f}" for name, rate in nearby.items()))

    pictures = [photo(70_000 + s) for s in range(200)]
    started = time.perf_counter()
    for picture in pictures:
        portrait_hashes(picture)
        thumbnail(picture)
    rate = len(pictures) / (time.perf_counter() - started)
    print(
        f"hashing: {rate:,.0f} portraits/s (every stored hash and statistic, and the "
        "preview; 128 px generated pictures, decoded already)"
    )
    started = time.perf_counter()
    for picture in pictures:
        thumbnail(picture)
    rate = len(pictures) / (time.perf_counter() - started)
    print(f"previews alone: {rate:,.0f} portraits/s")
    uploads = [encode(photo(80_000 + s).resize((1024, 1024)), "JPEG", 85) for s in range(30)]
    started = time.perf_counter()
    for upload in uploads:
        image = load_image(upload, 10_000_000, 40_000_000)
        portrait_hashes(image)
        thumbnail(image)
    rate = len(uploads) / (time.perf_counter() - started)
    print(f"hashing: {rate:,.0f} portraits/s for 1024 px JPEG uploads, decoding included")
    build, p50, p99 = index_latency()
    print(
        f"index: 1,000,000 signatures built in {build:.2f}s; near-copy lookup (radius 23) "
        f"p50 {p50 * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms; target p99 < 2 ms"
    )
    (OUT / "identity.txt").parent.mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    main()
