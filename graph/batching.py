"""Shaping a batch's rows before they reach Cypher.

FalkorDB (4.16) crashes, and otherwise miscounts, when one UNWIND statement
touches the same relationship twice (``MERGE … ON MATCH SET`` on a
relationship created earlier in the same statement). So every statement gets
rows that are unique per relationship: repeated events are folded here into
``first_seen`` / ``last_seen`` / ``n`` aggregates. That is also less work for
the engine.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def fold_links(
    rows: Iterable[Mapping[str, Any]], key: Sequence[str], carry: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """One row per distinct ``key`` tuple with first/last ``at`` and a count.

    ``carry`` fields are copied from the first row seen for a key (they are
    functions of the key, e.g. an IP's prefix).
    """
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    fields = (*key, *carry)
    # itemgetter of one name returns the value, not a 1-tuple: always ask for two
    key_of = operator.itemgetter(*key, *key) if len(key) == 1 else operator.itemgetter(*key)
    for row in rows:
        k = key_of(row)
        at = row["at"]
        agg = out.get(k)
        if agg is None:
            agg = {f: row[f] for f in fields}
            agg["first_seen"] = agg["last_seen"] = at
            agg["n"] = 1
            out[k] = agg
            continue
        if at < agg["first_seen"]:
            agg["first_seen"] = at
        elif at > agg["last_seen"]:
            agg["last_seen"] = at
        agg["n"] += 1
    return [out[k] for k in sorted(out)]


def latest_by(
    rows: Iterable[Mapping[str, Any]], key: Sequence[str], order: Sequence[str]
) -> list[dict[str, Any]]:
    """For each ``key``, the row that is greatest by ``order`` (ties: full row)."""
    best: dict[tuple[Any, ...], Mapping[str, Any]] = {}
    for row in rows:
        k = tuple(row[f] for f in key)
        current = best.get(k)
        if current is None or _rank(row, order) > _rank(current, order):
            best[k] = row
    return [dict(best[k]) for k in sorted(best)]


def _rank(row: Mapping[str, Any], order: Sequence[str]) -> tuple[Any, ...]:
    return (*(row[f] for f in order), repr(sorted(row.items())))
