"""What the store port takes and gives besides the ingest rows of :mod:`graph.model`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph import cypher
from graph.codec import ScoreRecord


@dataclass(frozen=True)
class GraphDump:
    """Every node and relationship with its properties, in a canonical order.

    Used to prove that ingesting the same events twice, or in another order,
    gives an identical graph; cheap enough for test-sized graphs only.
    """

    nodes: list[tuple[str, tuple[tuple[str, Any], ...]]]
    relationships: list[tuple[str, str, str, str, str, tuple[tuple[str, Any], ...]]]
    ledger: frozenset[str]  # event keys already counted, wherever the engine keeps them


@dataclass(frozen=True)
class RescoreWrite:
    """What a nightly rescore stores: scores, and rows for the link and group
    statements of graph.cypher.write_back (evidence already encoded)."""

    scores: list[ScoreRecord]
    same_person: list[dict[str, Any]]
    clusters: list[dict[str, Any]]
    rings: list[dict[str, Any]]


@dataclass(frozen=True)
class VerdictWrite:
    key: str
    account: str
    code: str
    evidence: str
    decision: str
    note: str
    by: str
    at: int
    fingerprint: str


# Natural key of each label, used to name nodes in a dump.
_KEY_OF = dict(cypher.schema.NODE_KEYS)


def node_key(label: str, props: Mapping[str, Any]) -> str:
    return f"{label}:{props.get(_KEY_OF.get(label, 'id'))}"


def frozen_props(props: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in props.items()))
