"""Helpers shared by the benchmarks: machine facts and demo data on disk."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

from service.demo.generator import generate

OUT = Path(__file__).resolve().parent / "out"


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


def demo(accounts: int, seed: int) -> Path:
    """Generate (once) and return the folder of a demo marketplace."""
    folder = OUT / f"demo-{accounts}-{seed}"
    if not (folder / "labels.jsonl").exists():
        started = time.monotonic()
        events, _ = generate(accounts, seed, folder)
        print(
            f"generated {events:,} events for {accounts:,} accounts in "
            f"{time.monotonic() - started:.1f}s -> {folder}"
        )
    return folder
