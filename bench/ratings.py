"""Trust scores on a real signed rating network, against its fraud labels.

Usage: python bench/ratings.py [--network CSV] [--labels CSV]

Defaults to Bitcoin Alpha in ``../shared/data/bitcoin-alpha/`` (REV2's
labels; see its README). For the whole network and for the masked one
(without the ratings of the two raters who rated the most labelled users),
converts the ratings to events (service/ratings.py), once as stars only and
once with each rating's signed score, ingests them into a fresh embedded
store, runs the nightly rescore, and prints ROC AUC and
average precision of ``100 - score`` for telling fraudulent users from
benign ones. Beside them, from the same run: the mean rating received and
REV2's goodness alone, and how often each reason code falls on each class.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine
from graph.reputation import rev2_state
from graph.rings import Review
from service.evaluate import average_precision, roc_auc
from service.ratings import (
    Rating,
    label_sources,
    masked,
    mean_received,
    read_labels,
    read_network,
    stars,
    to_events,
)
from service.rescore import rescore
from service.runtime import make_ingestor, open_store
from service.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "bitcoin-alpha"


def _rev2_goodness(ratings: list[Rating], signed: bool) -> dict[str, float]:
    users = sorted({u for r in ratings for u in (r.source, r.target)})
    index = {u: i for i, u in enumerate(users)}
    reviews = [
        Review(
            f"k{i}",
            index[r.source],
            index[r.target],
            stars(r.value),
            100.0,
            r.at,
            r.value / 10 if signed else None,
        )
        for i, r in enumerate(ratings)
        if r.source != r.target
    ]
    _, goodness, _ = rev2_state(reviews, len(users))
    return {u: float(goodness[index[u]]) for u in users}


async def _scores(
    ratings: list[Rating], signed: bool, work: Path
) -> dict[str, tuple[float, set[str]]]:
    events = work / "events.jsonl"
    with events.open("w", encoding="utf-8") as handle:
        for event in to_events(ratings, signed=signed):
            handle.write(json.dumps(event) + "\n")
    settings = Settings(
        data_dir=work / "data", secret="bench-ratings-0123456789abcdef", rescore_on_ingest="off"
    )
    async with open_store(settings) as store:
        await make_ingestor(store, settings).ingest_files([str(events)])
        await rescore(store)
        return {
            record.account: (record.score, {r.code for r in record.reasons})
            for record in await store.scores()
        }


def _line(name: str, suspicion: dict[str, float], labels: dict[str, bool]) -> str:
    users = sorted(labels)
    values = [suspicion.get(u, 0.0) for u in users]
    truth = [labels[u] for u in users]
    return (
        f"  {name:34s} ROC AUC {roc_auc(values, truth):.3f}   "
        f"average precision {average_precision(values, truth):.3f}"
    )


async def run(network: Path, labels_path: Path) -> None:
    ratings = read_network(network)
    labels = read_labels(labels_path)
    fraud = sum(labels.values())
    print(f"{network.name}: {len(ratings):,} ratings; {len(labels)} labelled, {fraud} fraudulent")
    print(f"label sources masked: users {', '.join(label_sources(ratings, labels))}")
    variants = [
        (f"{name}, {'signed scores' if signed else 'stars only'}", used, signed)
        for signed in (False, True)
        for name, used in (("unmasked", ratings), ("masked", masked(ratings, labels)))
    ]
    for variant, used, signed in variants:
        work = Path(tempfile.mkdtemp(prefix="tmr-", dir="/tmp"))
        try:
            scored = await _scores(used, signed, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"{variant} ({len(used):,} ratings):")
        print(_line("trustmesh 100 - score", {u: 100 - s for u, (s, _) in scored.items()}, labels))
        means = mean_received(used)
        print(_line("mean rating received (baseline)", {u: -m for u, m in means.items()}, labels))
        goodness = _rev2_goodness(used, signed)
        print(_line("REV2 goodness alone", {u: -g for u, g in goodness.items()}, labels))
        for kind, wanted in (("fraudulent", True), ("benign", False)):
            users = [u for u, bad in labels.items() if bad is wanted]
            codes = Counter(c for u in users for c in scored.get(u, (0.0, set()))[1])
            shown = ", ".join(f"{c} {n}" for c, n in sorted(codes.items())) or "none"
            print(f"  reasons on the {len(users)} {kind}: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--network", type=Path, default=DATA / "alpha_network.csv")
    parser.add_argument("--labels", type=Path, default=DATA / "alpha_gt.csv")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    asyncio.run(run(args.network, args.labels))


if __name__ == "__main__":
    main()
