"""Reads behind the investigator's pages: one account's evidence, graph views,
and the score distribution.

Kept apart from :mod:`graph.store` because they only read, each section is
one named query, and they return small typed records the API shapes directly.
:class:`ViewReads` is mixed into :class:`graph.store.CypherStore`;
:class:`Views` is the matching part of the store protocol.
"""

from __future__ import annotations

import abc
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from graph import cypher
from graph.cypher.query import Query
from graph.neighborhood import Hop
from graph.plan import Params

Row = list[Any]


@dataclass(frozen=True)
class ActionEntry:
    action: str
    reason: str | None
    at: int
    expires_at: int | None
    by: str | None


@dataclass(frozen=True)
class LinkEvidence:
    kind: str  # payment, device, phone, email, portrait, ip, prefix
    value: str  # the identifier (a keyed hash for personal data)
    shared_by: int  # how many accounts hold it: the rarer, the stronger
    weight: float  # its log-likelihood contribution to the link


@dataclass(frozen=True)
class PersonLink:
    a: str
    b: str
    confidence: float
    evidence: tuple[LinkEvidence, ...]


@dataclass(frozen=True)
class ClusterView:
    id: str
    confidence: float | None
    members: tuple[str, ...]
    links: tuple[PersonLink, ...]


@dataclass(frozen=True)
class GroupEntry:
    id: str
    confidence: float | None
    size: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class ContractEntry:
    id: str
    role: str  # CLIENT (hired) or FREELANCER (worked on)
    counterpart: str
    amount: float | None
    started_at: int | None
    rating_given: int | None
    rating_received: int | None


@dataclass(frozen=True)
class FlagEntry:
    id: str
    reason: str
    at: int | None
    reporter: str
    details: str | None
    target_kind: str | None


class Views(Protocol):
    async def expand(self, accounts: Sequence[str], cap: int = 50) -> list[Hop]:
        """One hop out of ``accounts``: their things and the other holders of each."""

    async def account_summaries(self, ids: Sequence[str]) -> list[Row]:
        """(id, name, score, status) per existing account, for graph views."""

    async def score_distribution(self) -> list[Row]:
        """(band, score decile 0..10, accounts) over every scored account."""

    async def account_actions(self, account: str, limit: int) -> list[ActionEntry]: ...

    async def account_cluster(self, account: str) -> ClusterView | None: ...

    async def account_rings(self, account: str) -> list[GroupEntry]: ...

    async def account_contracts(self, account: str, limit: int) -> list[ContractEntry]: ...

    async def account_flags(self, account: str, limit: int) -> list[FlagEntry]:
        """Flags against the account, reporter included: for investigators only."""


class ViewReads(abc.ABC):
    @abc.abstractmethod
    async def _read(self, query: Query, params: Params | None = None) -> list[Row]: ...

    async def expand(self, accounts: Sequence[str], cap: int = 50) -> list[Hop]:
        params = {"ids": list(accounts), "cap": cap}
        rows = await self._read(cypher.views.EXPAND_ACCOUNTS, params)
        return [
            Hop(a, rel, kind, str(thing), int(n), tuple(o)) for a, rel, kind, thing, n, o in rows
        ]

    async def account_summaries(self, ids: Sequence[str]) -> list[Row]:
        return await self._read(cypher.views.ACCOUNT_SUMMARIES, {"ids": list(ids)})

    async def score_distribution(self) -> list[Row]:
        return await self._read(cypher.views.SCORE_DISTRIBUTION)

    async def account_actions(self, account: str, limit: int) -> list[ActionEntry]:
        params = {"id": account, "limit": limit}
        rows = await self._read(cypher.views.ACCOUNT_ACTIONS, params)
        return [ActionEntry(*row) for row in rows]

    async def account_cluster(self, account: str) -> ClusterView | None:
        rows = await self._read(cypher.views.ACCOUNT_CLUSTER, {"id": account})
        if not rows:
            return None
        members = sorted({row[2] for row in rows})
        links = tuple(
            PersonLink(member, other, float(conf or 0.0), _evidence(evidence))
            for _, _, member, other, conf, evidence in rows
            if other is not None and other in members
        )
        return ClusterView(rows[0][0], rows[0][1], tuple(members), links)

    async def account_rings(self, account: str) -> list[GroupEntry]:
        rows = await self._read(cypher.views.ACCOUNT_RINGS, {"id": account})
        return [GroupEntry(i, c, int(s or 0), tuple(sorted(m))) for i, c, s, m in rows]

    async def account_contracts(self, account: str, limit: int) -> list[ContractEntry]:
        params = {"id": account, "limit": limit}
        rows = await self._read(cypher.views.ACCOUNT_CONTRACTS, params)
        return [
            ContractEntry(k, "CLIENT" if rel == "HIRED" else "FREELANCER", o, amount, at, g, r)
            for k, rel, o, amount, at, g, r in rows
        ]

    async def account_flags(self, account: str, limit: int) -> list[FlagEntry]:
        params = {"id": account, "limit": limit}
        rows = await self._read(cypher.views.ACCOUNT_FLAGS, params)
        return [FlagEntry(*row) for row in rows]


def _evidence(stored: str | None) -> tuple[LinkEvidence, ...]:
    """SAME_PERSON.evidence is a JSON list (engines store no maps in lists)."""
    return tuple(
        LinkEvidence(str(e["kind"]), str(e["value"]), int(e["shared_by"]), float(e["weight"]))
        for e in json.loads(stored or "[]")
    )
