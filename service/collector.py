"""Python's cycle collector, paused for batch work.

A nightly rescore or a bulk ingest creates and holds millions of small
objects; every full collection walks all of them and finds almost nothing
(reference counting frees our objects; the code builds few cycles). Measured
on this project's machine: the 100k analysis 6.0 s → 3.5 s, the 1M
projection 173 s → 78 s, a 290k-event ingest ~15% faster.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collect_now() -> None:
    """For long paused runs: clear whatever cycles built up so far (cheap when
    called every million events or so, and it bounds the memory they hold)."""
    gc.collect()
