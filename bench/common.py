"""Helpers shared by the benchmarks: machine facts and demo data on disk."""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import time
from pathlib import Path

from service.demo.generator import generate

OUT = Path(__file__).resolve().parent / "out"
GENERATOR = Path(__file__).resolve().parent.parent / "service" / "demo"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{model}, {os.cpu_count()} cores, {mem:.0f} GiB, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def generator_digest() -> str:
    """A digest of the demo generator's code: a demo made by other code is stale."""
    digest = hashlib.sha256()
    for source in sorted(GENERATOR.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def demo(accounts: int, seed: int) -> Path:
    """Generate (once per generator version) and return a demo marketplace's folder."""
    folder = OUT / f"demo-{accounts}-{seed}"
    made_by = folder / "generator.sha256"
    digest = generator_digest()
    fresh = made_by.exists() and made_by.read_text().strip() == digest
    if not (fresh and (folder / "labels.jsonl").exists()):
        shutil.rmtree(folder, ignore_errors=True)  # stale pictures would stay otherwise
        started = time.monotonic()
        events, _ = generate(accounts, seed, folder)
        made_by.write_text(digest + "\n")
        print(
            f"generated {events:,} events for {accounts:,} accounts in "
            f"{time.monotonic() - started:.1f}s -> {folder}"
        )
    return folder
