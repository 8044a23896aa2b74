"""Is a duplicate pair's probability calibrated? Fit it on some seeds, check it on others.

Usage: python bench/calibration.py [--accounts 5000] [--fit 1-8] [--check 1000-1007]

Every candidate pair of a demo marketplace (graph.duplicates.score_pairs)
is labelled by the ``person`` column of its labels: one person or two. On the
``--fit`` seeds a logistic regression of "one person" on the Fellegi–Sunter
log2 odds and the names' agreement gives the constants of
``DuplicateConfig`` (printed). On the ``--check`` seeds, which the fit never
saw, it prints the reliability table of the shipped constants: pairs per
probability bin, the mean probability and the share that really is one
person, with the expected calibration error and the Brier score.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import demo, machine
from graph import duplicates
from graph.names import NameMatch
from service.detect.base import Found
from service.detect.identity import Portraits
from service.runtime import make_ingestor, open_store
from service.settings import Settings

# OTHER is the baseline, and a missing name counts as no support: UNKNOWN = OTHER
FITTED = (NameMatch.SAME, NameMatch.RELATIVE)
BINS = np.linspace(0.0, 1.0, 11)


async def labelled_pairs(accounts: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Features (odds, 1, one-hot names) and truth of every candidate pair."""
    folder = demo(accounts, seed)
    person = {
        row["account"]: row["person"]
        for row in map(json.loads, (folder / "labels.jsonl").read_text().splitlines())
    }
    data_dir = Path(tempfile.mkdtemp(prefix="tmc-", dir="/tmp"))
    try:
        settings = Settings(data_dir=data_dir, fsync="everysec", rescore_on_ingest="off")
        async with open_store(settings) as store:
            await make_ingestor(store, settings).ingest_files([str(folder / "events.jsonl")])
            p = await store.project()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    found = Found()
    Portraits().run(p, found)
    config = duplicates.DuplicateConfig()
    prior = math.log2(config.duplicate_share / max(len(p), config.min_population))
    pairs = duplicates.score_pairs(len(p), found.identifiers, p.same_agency_pairs(), config, p.name)
    x = np.array([[q.weight + prior, 1.0, *(float(q.names == m) for m in FITTED)] for q in pairs])
    y = np.array([person[p.ids[q.a]] == person[p.ids[q.b]] for q in pairs], dtype=float)
    return x.reshape(-1, 2 + len(FITTED)), y


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression in log2 units (a little L2, so rare levels stay finite)."""

    def loss(beta: np.ndarray) -> tuple[float, np.ndarray]:
        z = np.clip(x @ beta * math.log(2), -60, 60)
        p = 1 / (1 + np.exp(-z))
        nll = float(np.sum(np.logaddexp(0, z) - y * z)) + 0.01 * float(beta @ beta)
        grad = (x.T @ (p - y)) * math.log(2) + 0.02 * beta
        return nll, grad

    start = np.array([1.0, 0.0, 0.0, 0.0])
    return np.asarray(minimize(loss, start, jac=True, method="L-BFGS-B").x)


def predict(x: np.ndarray, config: duplicates.DuplicateConfig) -> np.ndarray:
    out = []
    for row in x:
        hot = [m for m, v in zip(FITTED, row[2:], strict=True) if v]
        match = hot[0] if hot else NameMatch.OTHER
        out.append(duplicates.calibrated(row[0], match, config))
    return np.array(out)


def from_fit(beta: np.ndarray) -> duplicates.DuplicateConfig:
    bits = {NameMatch.OTHER: 0.0, NameMatch.UNKNOWN: 0.0}
    bits.update({m: float(b) for m, b in zip(FITTED, beta[2:], strict=True)})
    return duplicates.DuplicateConfig(
        slope=float(beta[0]), intercept=float(beta[1]), name_bits=bits
    )


def reliability(p: np.ndarray, y: np.ndarray) -> None:
    print(f"{'probability':>12s} {'pairs':>7s} {'mean p':>7s} {'one person':>10s}")
    ece = 0.0
    which = np.clip(np.digitize(p, BINS) - 1, 0, len(BINS) - 2)
    for b in range(len(BINS) - 1):
        inside = which == b
        if not inside.any():
            continue
        mean_p, share = float(p[inside].mean()), float(y[inside].mean())
        ece += inside.sum() / len(p) * abs(mean_p - share)
        span = f"{BINS[b]:5.1f} – {BINS[b + 1]:3.1f}"
        print(f"{span} {int(inside.sum()):7d} {mean_p:7.3f} {share:10.3f}")
    brier = float(np.mean((p - y) ** 2))
    print(f"expected calibration error {ece:.4f}, Brier score {brier:.4f}, {len(p):,} pairs")


def seeds(text: str) -> range:
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=5000)
    parser.add_argument("--fit", default="1-8", help="seeds to fit on, e.g. 1-8")
    parser.add_argument("--check", default="1000-1007", help="seeds to check on")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    fitted = [await labelled_pairs(args.accounts, s) for s in seeds(args.fit)]
    beta = fit(np.vstack([x for x, _ in fitted]), np.concatenate([y for _, y in fitted]))
    names = ", ".join(f"{m.value} {b:.2f}" for m, b in zip(FITTED, beta[2:], strict=True))
    print(f"fitted on seeds {args.fit}: slope {beta[0]:.3f}, intercept {beta[1]:.3f}, {names}")
    checked = [await labelled_pairs(args.accounts, s) for s in seeds(args.check)]
    x, y = np.vstack([x for x, _ in checked]), np.concatenate([y for _, y in checked])
    print(f"shipped constants on seeds {args.check}, never fitted on:")
    reliability(predict(x, duplicates.DuplicateConfig()), y)
    print(f"the constants just fitted, on seeds {args.check}:")
    reliability(predict(x, from_fit(beta)), y)


if __name__ == "__main__":
    asyncio.run(main())
