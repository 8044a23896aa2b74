"""Detection quality and rescore speed on a demo marketplace the rules were not tuned on.

Usage: python bench/quality.py [--accounts 100000] [--seed 8128] [--keep DIR]
       python bench/quality.py --sweep N [--accounts 5000] [--seed 8128]

``--keep DIR`` keeps the loaded store in DIR; a later run with the same DIR
skips the ingest and measures the rescore again (for tuning its speed).
``--sweep N`` scores N demos (seeds ``--seed`` onwards) on fresh stores and
prints, per pattern, the mean and the worst precision and recall, the AUC,
and the worst look-alike false-positive rate.

Thresholds were chosen on seeds 3 and 7; the default seed here was never
looked at while tuning. Prints ingest and per-stage rescore timings, peak
memory, then the same report as ``trustmesh evaluate``.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import demo, machine
from service.batch import QualityReport, evaluate, measure
from service.rescore import rescore
from service.runtime import open_store
from service.settings import Settings
from service.works import load_demo

# the patterns the sweep's targets are set for
HEADLINE = ("duplicate_account", "shared_login", "feedback_ring", "self_dealing")
RULEBOOK = ("copied_portfolio", "padded_hours")


async def run(folder: Path, data_dir: Path) -> None:
    settings = Settings(data_dir=data_dir, fsync="everysec", rescore_on_ingest="off")
    async with open_store(settings) as store:
        if (await store.counts()).get("Account", 0):
            print(f"reusing the store loaded in {data_dir}")
        else:
            report = await load_demo(store, settings, folder)
            print(f"ingest: {report.accepted:,} events in {report.seconds:.1f}s")
        started = time.perf_counter()
        result = await rescore(store)
        total = time.perf_counter() - started
        print(
            f"rescore: {result.accounts:,} accounts, {result.clusters} clusters, "
            f"{result.rings} rings in {total:.1f}s"
        )
        for stage, seconds in result.timings.items():
            print(f"  {stage:14s} {seconds:8.2f}s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
        print(f"peak memory of this process: {peak:.2f} GiB")
        print(await evaluate(store, folder / "labels.jsonl"))


async def _measured(folder: Path, data_dir: Path) -> QualityReport:
    settings = Settings(data_dir=data_dir, fsync="everysec", rescore_on_ingest="off")
    async with open_store(settings) as store:
        await load_demo(store, settings, folder)
        await rescore(store)
        return await measure(store, folder / "labels.jsonl")


def sweep(accounts: int, first_seed: int, count: int) -> None:
    reports = []
    for seed in range(first_seed, first_seed + count):
        data_dir = Path(tempfile.mkdtemp(prefix="tmq-", dir="/tmp"))
        try:
            reports.append(asyncio.run(_measured(demo(accounts, seed), data_dir)))
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
        recalls = " ".join(
            f"{q.pattern}={q.precision:.2f}/{q.recall:.2f}"
            for q in reports[-1].patterns
            if q.pattern in HEADLINE + RULEBOOK
        )
        print(f"seed {seed}: AUC {reports[-1].auc:.4f} precision/recall {recalls}", flush=True)
    print(f"{count} seeds from {first_seed}, {accounts:,} accounts each")
    print(
        f"{'pattern':22s} {'precision mean':>14s} {'worst':>6s} {'recall mean':>12s} {'worst':>6s}"
    )
    for i, first in enumerate(reports[0].patterns):
        precision = [r.patterns[i].precision for r in reports]
        recall = [r.patterns[i].recall for r in reports]
        print(
            f"{first.pattern:22s} {sum(precision) / count:14.3f} {min(precision):6.3f} "
            f"{sum(recall) / count:12.3f} {min(recall):6.3f}"
        )
    aucs = [r.auc for r in reports]
    print(f"ROC AUC mean {sum(aucs) / count:.4f}, worst {min(aucs):.4f}")
    kinds = sorted({kind for r in reports for kind in r.false_positives})
    for kind in kinds:  # a seed may plant none of a look-alike
        leads = [r.false_positives[kind] for r in reports if kind in r.false_positives]
        rates = [x.rate for x in leads]
        lead_share = sum(x.leads for x in leads) / max(1, sum(x.accounts for x in leads))
        print(f"look-alike {kind:16s} false positives mean {sum(rates) / len(rates):.2%}, "
              f"worst {max(rates):.2%}; given only a lead {lead_share:.2%}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=8128)
    parser.add_argument("--keep", type=Path, help="keep (or reuse) the loaded store here")
    parser.add_argument("--sweep", type=int, metavar="N", help="score N seeds, mean and worst")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    if args.sweep:
        sweep(args.accounts, args.seed, args.sweep)
        return
    folder = demo(args.accounts, args.seed)
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="tmq-", dir="/tmp"))
    try:
        asyncio.run(run(folder, data_dir))
    finally:
        if args.keep is None:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
