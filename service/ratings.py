"""A signed rating network (Bitcoin Alpha or OTC style) as trustmesh events.

Each row ``source,target,rating,unix_time`` is one trade rated from -10 to
+10. It becomes one ``contract`` (client = rater, freelancer = rated, ended
at the rating's time) and one ``feedback`` with stars from the rating; each
user becomes one ``account``, created a day before its first rating. The
labels are REV2's (``id,label``: -1 fraudulent, +1 benign).

``masked`` drops what the labels were derived from: the ratings given by the
raters who rated the most labelled users, found from the data.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from service.demo.names import real_name
from service.errors import InputFileError

DAY = 86_400


@dataclass(frozen=True)
class Rating:
    source: str
    target: str
    value: int  # -10 (fraudster) .. +10 (total trust)
    at: int  # unix seconds


def read_network(path: Path) -> list[Rating]:
    """Rows ``source,target,rating,unix_time``; a bad row is ``path:line: what``."""
    out = []
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            for number, row in enumerate(csv.reader(handle), 1):
                if len(row) != 4:
                    raise InputFileError(f"{path}:{number}", "expected source,target,rating,time")
                try:
                    value, at = int(row[2]), int(float(row[3]))
                except ValueError as exc:
                    raise InputFileError(f"{path}:{number}", f"not a number ({exc})") from exc
                if not -10 <= value <= 10:
                    raise InputFileError(f"{path}:{number}", f"rating {value} outside -10..10")
                out.append(Rating(row[0].strip(), row[1].strip(), value, at))
    except OSError as exc:
        raise InputFileError(str(path), exc.strerror or str(exc)) from exc
    return out


def read_labels(path: Path) -> dict[str, bool]:
    """``id,label`` rows: True for fraudulent (-1), False for benign (+1)."""
    out = {}
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            for number, row in enumerate(csv.reader(handle), 1):
                if len(row) != 2 or row[1].strip() not in ("-1", "1"):
                    raise InputFileError(f"{path}:{number}", "expected id,label with label -1 or 1")
                out[row[0].strip()] = row[1].strip() == "-1"
    except OSError as exc:
        raise InputFileError(str(path), exc.strerror or str(exc)) from exc
    return out


def label_sources(
    ratings: Sequence[Rating], labels: Mapping[str, bool], count: int = 2
) -> list[str]:
    """The ``count`` raters who rated the most labelled users."""
    rated: dict[str, set[str]] = {}
    for r in ratings:
        if r.target in labels:
            rated.setdefault(r.source, set()).add(r.target)
    ranked = sorted(rated, key=lambda rater: (-len(rated[rater]), rater))
    return ranked[:count]


def masked(ratings: Sequence[Rating], labels: Mapping[str, bool], count: int = 2) -> list[Rating]:
    """The network without the ratings given by the label sources."""
    sources = set(label_sources(ratings, labels, count))
    return [r for r in ratings if r.source not in sources]


def stars(value: int) -> int:
    """-10..+10 as 1..5 stars: <= -6 one, < 0 two, 0..2 three, 3..5 four, >= 6 five."""
    if value <= -6:
        return 1
    if value < 0:
        return 2
    if value <= 2:
        return 3
    return 4 if value <= 5 else 5


def _when(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_events(
    ratings: Sequence[Rating], seed: int = 0, signed: bool = True
) -> Iterator[dict[str, Any]]:
    """Accounts first, then a contract and its feedback per rating; with
    ``signed``, the feedback also carries the rating itself as ``score``."""
    first: dict[str, int] = {}
    for r in ratings:
        for user in (r.source, r.target):
            first[user] = min(first.get(user, r.at), r.at)
    rng = random.Random(seed)
    for user in sorted(first, key=lambda u: (len(u), u)):
        yield {
            "type": "account", "id": user, "kind": "FREELANCER", "name": real_name(rng),
            "country": "US", "created_at": _when(first[user] - DAY),
        }  # fmt: skip
    seen: Counter[tuple[str, str]] = Counter()
    for r in ratings:
        if r.source == r.target:
            continue  # a rating of oneself is no trade
        seen[(r.source, r.target)] += 1
        contract = f"k-{r.source}-{r.target}-{seen[(r.source, r.target)]}"
        yield {
            "type": "contract", "id": contract, "client": r.source, "freelancer": r.target,
            "amount": 100.0, "started_at": _when(r.at - DAY), "ended_at": _when(r.at),
        }  # fmt: skip
        feedback = {
            "type": "feedback", "contract": contract, "from": r.source, "to": r.target,
            "rating": stars(r.value), "at": _when(r.at),
        }  # fmt: skip
        if signed:
            feedback["score"] = r.value / 10
        yield feedback


def mean_received(ratings: Sequence[Rating]) -> dict[str, float]:
    """The plain mean of the ratings each user received (the baseline)."""
    total: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for r in ratings:
        total[r.target] += r.value
        count[r.target] += 1
    return {user: total[user] / count[user] for user in count}
