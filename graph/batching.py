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


def node_rows(
    rows: Iterable[Mapping[str, Any]],
    key: str,
    fields: Sequence[str],
    *,
    last: bool = True,
    coalesce: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """One row per node ``key``, so a statement can CREATE the new nodes
    (graph.cypher, rule 10: two rows for one new key would both create it).

    ``last``: the last row's ``fields`` win, as sequential ``SET``s would
    ("last ingested wins"), and each ``coalesce`` field keeps the last
    non-null value, as ``SET x = coalesce(r.x, x)`` would; otherwise the
    first row wins, as ``ON CREATE SET`` would.
    """
    out: dict[Any, dict[str, Any]] = {}
    for row in rows:
        k = row[key]
        current = out.get(k)
        if current is not None and not last:
            continue
        node = {f: row[f] for f in (key, *fields)}
        if current is not None:
            for f in coalesce:
                if node[f] is None:
                    node[f] = current[f]
        out[k] = node
    return list(out.values())


def distinct_rows(rows: Iterable[Mapping[str, Any]], fields: Sequence[str]) -> list[dict[str, Any]]:
    """Each distinct combination of ``fields`` once, in first-seen order: the
    relationships of a batch's node events (who sent a message, who hired)."""
    get = operator.itemgetter(*fields)
    seen: dict[Any, dict[str, Any]] = {}
    for row in rows:
        k = get(row)
        if k not in seen:
            seen[k] = {f: row[f] for f in fields}
    return list(seen.values())
