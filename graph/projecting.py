"""Reading the graph into a :class:`graph.projection.Projection`.

Two scopes run the same shapes of query (see :mod:`graph.cypher`): the whole
graph for the nightly rescore, and the neighbourhood of a few accounts for a
rescore at ingest. :class:`ProjectionReads` is mixed into
:class:`graph.store.CypherStore`.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import Any

from graph import cypher
from graph.cypher.query import Query
from graph.flags import FlagRecord
from graph.plan import Params
from graph.projection import (
    ActionRecord,
    ContactAttempt,
    PortraitRecord,
    Projection,
    VerdictRecord,
)
from graph.rings import Review

# The projection queries by purpose: every account (nightly) and some (local).
_GLOBAL_QUERIES: dict[str, Query] = {
    "accounts": cypher.projection.PROJECT_ACCOUNTS,
    "device": cypher.projection.PROJECT_DEVICES,
    "ip": cypher.projection.PROJECT_IPS,
    "payment": cypher.projection.PROJECT_PAYMENTS,
    "email": cypher.projection.PROJECT_EMAILS,
    "phone": cypher.projection.PROJECT_PHONES,
    "portrait": cypher.projection.PROJECT_PORTRAITS,
    "memberships": cypher.projection.PROJECT_MEMBERSHIPS,
    "actions": cypher.projection.PROJECT_ACTIONS,
    "clusters": cypher.projection.PROJECT_CLUSTERS,
    "rings": cypher.projection.PROJECT_RINGS,
    "messages": cypher.projection.PROJECT_MESSAGES,
    "job_posts": cypher.projection.PROJECT_JOB_POSTS,
    "contracts": cypher.projection.PROJECT_CONTRACTS,
}

_LOCAL_QUERIES: dict[str, Query] = {
    "accounts": cypher.projection.LOCAL_ACCOUNTS,
    "device": cypher.projection.LOCAL_DEVICES,
    "ip": cypher.projection.LOCAL_IPS,
    "payment": cypher.projection.LOCAL_PAYMENTS,
    "email": cypher.projection.LOCAL_EMAILS,
    "phone": cypher.projection.LOCAL_PHONES,
    "portrait": cypher.projection.LOCAL_PORTRAITS,
    "memberships": cypher.projection.LOCAL_MEMBERSHIPS,
    "actions": cypher.projection.LOCAL_ACTIONS,
    "clusters": cypher.projection.LOCAL_CLUSTERS,
    "rings": cypher.projection.LOCAL_RINGS,
    "messages": cypher.projection.LOCAL_MESSAGES,
    "job_posts": cypher.projection.LOCAL_JOB_POSTS,
    "contracts": cypher.projection.LOCAL_CONTRACTS,
}


class ProjectionReads(abc.ABC):
    @abc.abstractmethod
    async def _read(self, query: Query, params: Params | None = None) -> list[Any]: ...

    @abc.abstractmethod
    async def _windows(self, ids: list[str], read: list[str | None]) -> list[str | None]: ...

    async def project(self, ids: Sequence[str] | None = None, max_holders: int = 10) -> Projection:
        """The whole graph (``ids=None``) or the neighbourhood of ``ids``.

        A neighbourhood holds the accounts, the holders of their uncrowded
        identifiers, their cluster and ring mates, their contract partners and
        the reporters of flags against them — everything a local rescore reads.
        """
        if ids is None:
            params: dict[str, Any] | None = None
            reviews = await self._read(cypher.projection.PROJECT_REVIEWS)
            flag_rows = await self._read(cypher.projection.PROJECT_FLAGS)
            q = _GLOBAL_QUERIES
        else:
            seed = {"ids": sorted(set(ids)), "max_holders": max_holders}
            scope = set(ids)
            for query in (cypher.projection.LOCAL_NEIGHBOURS, cypher.projection.LOCAL_GROUP_MATES):
                scope.update(row[0] for row in await self._read(query, seed))
            reviews = await self._read(cypher.projection.LOCAL_REVIEWS, {"ids": sorted(scope)})
            flag_rows = await self._read(cypher.projection.LOCAL_FLAGS, {"ids": sorted(ids)})
            scope.update(r[1] for r in reviews)
            scope.update(r[2] for r in reviews)
            scope.update(r[1] for r in flag_rows)
            params = {"ids": sorted(scope)}
            q = _LOCAL_QUERIES
        out = Projection()
        accounts = await self._read(q["accounts"], params)
        # account indices order everything downstream (evidence lists, tie
        # breaks); the engines return rows in different orders, so fix one
        accounts.sort(key=lambda row: row[0])
        windows = await self._windows([row[0] for row in accounts], [row[6] for row in accounts])
        for row, window in zip(accounts, windows, strict=True):
            account_id, kind, name, country, created_at, status, _, score, reasons = row
            out.add_account(account_id, kind, name, country, created_at, status, window, score,
                            reasons)  # fmt: skip
        index = out.index
        for kind in ("device", "payment", "email", "phone"):
            for account, value in await self._read(q[kind], params):
                out.identifiers.add(kind, index[account], value)
        rows = await self._read(q["portrait"], params)
        shown = _shown_portraits(rows)
        # after the fixed columns come the signatures, each "" when not stored
        out.portraits = [
            PortraitRecord(index[a], ph, dh, wh or ph, float(nap or 0.0), (a, ph) in shown,
                           *(signature or "" for signature in signatures))
            for a, ph, dh, wh, nap, _, *signatures in rows
        ]  # fmt: skip
        for key in ("messages", "job_posts"):
            out.contact_attempts += [
                ContactAttempt(index[s], r, mid, int(at or 0), tuple(categories))
                for s, r, mid, at, categories in await self._read(q[key], params)
            ]
        for client, freelancer, started in await self._read(q["contracts"], params):
            pair = (client, freelancer)
            out.contracts[pair] = min(out.contracts.get(pair, int(started)), int(started))
        for account, address, prefix in await self._read(q["ip"], params):
            out.identifiers.add("ip", index[account], address)
            if prefix:
                out.identifiers.add("prefix", index[account], prefix)
        out.memberships = [
            (index[m], index[g])
            for m, g in await self._read(q["memberships"], params)
            if g in index
        ]
        out.reviews = [
            Review(contract, index[c], index[f], int(rating), float(amount or 0), int(at))
            for contract, c, f, rating, amount, at in reviews
        ]
        out.flags = [
            FlagRecord(fid, index[r], index[t], reason, int(at))
            for fid, r, t, reason, at in flag_rows
        ]
        out.actions = [
            ActionRecord(index[a], action, reason, int(at), expires)
            for a, action, reason, at, expires in await self._read(q["actions"], params)
        ]
        out.verdicts = [
            VerdictRecord(*row) for row in await self._read(cypher.projection.PROJECT_VERDICTS)
        ]
        for key, target in (("clusters", out.previous_clusters), ("rings", out.previous_rings)):
            for group, account in await self._read(q[key], params):
                target.setdefault(group, set()).add(account)
        return out


def _shown_portraits(rows: Sequence[Sequence[Any]]) -> set[tuple[str, str]]:
    """(account, phash) of the portrait each account shows: its latest upload
    (ties: the greater phash), from each link's ``last_seen`` (the column
    after ``not_a_photo``). Derived rather than stored on the account: setting an account
    property in every portrait write cost FalkorDB ~1 s of the 100k demo's
    load (graph.cypher, rule 10)."""
    best: dict[str, tuple[int, str]] = {}
    for account, phash, _, _, _, last_seen, *_ in rows:
        rank = (int(last_seen or 0), phash)
        if account not in best or rank > best[account]:
            best[account] = rank
    return {(account, phash) for account, (_, phash) in best.items()}
