"""Reading the graph into a :class:`graph.projection.Projection`.

Two scopes run the same shapes of query (see :mod:`graph.cypher.projection`):
the whole graph for the nightly rescore, and the neighbourhood of a few
accounts for a rescore at ingest.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import final

from graph import cypher
from graph.cypher import projected
from graph.cypher.query import Read
from graph.flags import FlagRecord
from graph.plan import Params
from graph.projection import (
    ActionRecord,
    ContactAttempt,
    PortraitRecord,
    Projection,
    VerdictRecord,
    WorkPicture,
)
from graph.rings import Review
from graph.spam import decode as decode_sent
from graph.store.runner import WindowReads
from identity.signatures import PORTRAIT_SIGNATURES

P = cypher.projection


@dataclass(frozen=True)
class Scope:
    """The projection queries of one scope: every account, or some."""

    accounts: Read[projected.ProjectedAccount]
    identifiers: tuple[tuple[str, Read[projected.Holding]], ...]  # kind, query
    ips: Read[projected.IpHolding]
    portraits: Read[projected.ProjectedPortrait]
    memberships: Read[projected.Membership]
    actions: Read[projected.ProjectedAction]
    clusters: Read[projected.GroupMember]
    rings: Read[projected.GroupMember]
    contact: tuple[Read[projected.ContactRow], ...]  # messages, job posts
    contracts: Read[projected.Hire]
    portfolio: Read[projected.ProjectedWork]
    time_logs: Read[projected.ProjectedTimeLogs]
    sent: Read[projected.ProjectedSent]


GLOBAL = Scope(
    accounts=P.PROJECT_ACCOUNTS,
    identifiers=(("device", P.PROJECT_DEVICES), ("payment", P.PROJECT_PAYMENTS),
                 ("email", P.PROJECT_EMAILS), ("phone", P.PROJECT_PHONES)),
    ips=P.PROJECT_IPS,
    portraits=P.PROJECT_PORTRAITS,
    memberships=P.PROJECT_MEMBERSHIPS,
    actions=P.PROJECT_ACTIONS,
    clusters=P.PROJECT_CLUSTERS,
    rings=P.PROJECT_RINGS,
    contact=(P.PROJECT_MESSAGES, P.PROJECT_JOB_POSTS),
    contracts=P.PROJECT_CONTRACTS,
    portfolio=P.PROJECT_PORTFOLIO,
    time_logs=P.PROJECT_TIME_LOGS,
    sent=P.PROJECT_SENT,
)  # fmt: skip

LOCAL = Scope(
    accounts=P.LOCAL_ACCOUNTS,
    identifiers=(("device", P.LOCAL_DEVICES), ("payment", P.LOCAL_PAYMENTS),
                 ("email", P.LOCAL_EMAILS), ("phone", P.LOCAL_PHONES)),
    ips=P.LOCAL_IPS,
    portraits=P.LOCAL_PORTRAITS,
    memberships=P.LOCAL_MEMBERSHIPS,
    actions=P.LOCAL_ACTIONS,
    clusters=P.LOCAL_CLUSTERS,
    rings=P.LOCAL_RINGS,
    contact=(P.LOCAL_MESSAGES, P.LOCAL_JOB_POSTS),
    contracts=P.LOCAL_CONTRACTS,
    portfolio=P.LOCAL_PORTFOLIO,
    time_logs=P.LOCAL_TIME_LOGS,
    sent=P.LOCAL_SENT,
)  # fmt: skip


class ProjectionReads(WindowReads):
    @final
    async def project(self, ids: Sequence[str] | None = None, max_holders: int = 10) -> Projection:
        """The whole graph (``ids=None``) or the neighbourhood of ``ids``.

        A neighbourhood holds the accounts, the holders of their uncrowded
        identifiers, their cluster and ring mates, their contract partners and
        the reporters of flags against them — everything a local rescore reads.
        """
        params: Params | None
        if ids is None:
            params = None
            reviews = await self._read(P.PROJECT_REVIEWS)
            flag_rows = await self._read(P.PROJECT_FLAGS)
            q = GLOBAL
        else:
            seed = {"ids": sorted(set(ids)), "max_holders": max_holders}
            scope = set(ids)
            for around in (P.LOCAL_NEIGHBOURS, P.LOCAL_GROUP_MATES):
                scope.update(row.id for row in await self._read(around, seed))
            reviews = await self._read(P.LOCAL_REVIEWS, {"ids": sorted(scope)})
            flag_rows = await self._read(P.LOCAL_FLAGS, {"ids": sorted(ids)})
            scope.update(r.client for r in reviews)
            scope.update(r.freelancer for r in reviews)
            scope.update(f.reporter for f in flag_rows)
            params = {"ids": sorted(scope)}
            q = LOCAL
        out = Projection()
        accounts = await self._read(q.accounts, params)
        # account indices order everything downstream (evidence lists, tie
        # breaks); the engines return rows in different orders, so fix one
        accounts.sort(key=lambda row: row.id)
        windows = await self._windows([a.id for a in accounts], [a.logins for a in accounts])
        for a, window in zip(accounts, windows, strict=True):
            out.add_account(a.id, a.kind, a.name, a.country, a.created_at, a.status, window,
                            a.score, a.reasons)  # fmt: skip
            if a.email_domain:  # a few providers' keyed hashes, held by most accounts
                out.email_domains[out.index[a.id]] = sys.intern(a.email_domain)
        del accounts, windows  # taken in: the later reads may reuse their memory
        index = out.index
        for kind, holdings in q.identifiers:
            for held in await self._read(holdings, params):
                out.identifiers.add(kind, index[held.account], held.value)
        portraits = await self._read(q.portraits, params)
        shown = _shown_portraits(portraits)
        out.portraits = [
            PortraitRecord(account=index[r.account], phash=r.phash, dhash=r.dhash,
                           whash=r.whash or r.phash, not_a_photo=float(r.not_a_photo or 0.0),
                           current=(r.account, r.phash) in shown,
                           **{name: getattr(r, name) or "" for name in PORTRAIT_SIGNATURES})
            for r in portraits
        ]  # fmt: skip
        for asked in q.contact:
            out.contact_attempts += [
                ContactAttempt(index[c.sender], c.recipient, c.id, int(c.at or 0),
                               tuple(c.categories), tuple(c.policy or ()))
                for c in await self._read(asked, params)
            ]  # fmt: skip
        out.portfolio = [_work(w, index[w.owner]) for w in await self._read(q.portfolio, params)]
        out.works = [_work(w, None) for w in await self._read(P.PROJECT_WORKS)]
        for t in await self._read(q.time_logs, params):
            out.time_logs[index[t.freelancer]] = t.logs
        for s in await self._read(q.sent, params):
            out.sent[index[s.sender]] = [decode_sent(entry) for entry in s.sent]
        for hire in await self._read(q.contracts, params):
            pair, started = (hire.client, hire.freelancer), int(hire.started_at)
            out.contracts[pair] = min(out.contracts.get(pair, started), started)
        for ip in await self._read(q.ips, params):
            out.identifiers.add("ip", index[ip.account], ip.value)
            if ip.prefix:
                out.identifiers.add("prefix", index[ip.account], ip.prefix)
        out.memberships = [
            (index[m.member], index[m.agency])
            for m in await self._read(q.memberships, params)
            if m.agency in index
        ]
        out.reviews = [
            Review(r.contract, index[r.client], index[r.freelancer], int(r.rating),
                   float(r.amount or 0), int(r.at), r.score)
            for r in reviews
        ]  # fmt: skip
        out.flags = [
            FlagRecord(f.id, index[f.reporter], index[f.target], f.reason, int(f.at))
            for f in flag_rows
        ]
        out.actions = [
            ActionRecord(index[a.account], a.action, a.reason or "", int(a.at), a.expires_at)
            for a in await self._read(q.actions, params)
        ]
        out.verdicts = [
            VerdictRecord(v.account, v.code, v.evidence, v.decision, v.fingerprint or "[]")
            for v in await self._read(P.PROJECT_VERDICTS)
        ]
        for groups, target in ((q.clusters, out.previous_clusters), (q.rings, out.previous_rings)):
            for member in await self._read(groups, params):
                target.setdefault(member.id, set()).add(member.account)
        _in_one_order(out)
        return out


def _in_one_order(p: Projection) -> None:
    """Detectors list evidence in the order they read it, and the engines
    return rows in different orders: each list an evidence list comes from
    is put in one order. Reviews (1.8M at 1M accounts, ~5 s to sort) stay as
    read: findings drawn from them are ordered where they are merged."""
    p.contact_attempts.sort(key=attrgetter("sender", "at", "id"))
    p.portraits.sort(key=attrgetter("account", "phash"))
    p.portfolio.sort(key=lambda w: (w.owner or 0, w.at, w.id))
    p.works.sort(key=attrgetter("source", "id"))
    p.flags.sort(key=attrgetter("id"))
    p.actions.sort(key=attrgetter("account", "at", "action"))
    p.memberships.sort()


def _work(row: projected.ProjectedWork, owner: int | None) -> WorkPicture:
    """A portfolio item (``owner``: its account) or a registered work (None)."""
    return WorkPicture(
        owner=owner, id=row.id, at=int(row.at or 0), phash=row.phash, dhash=row.dhash,
        whash=row.whash, trimmed=row.trimmed or "", colour=row.colour or "",
        circled=row.circled or "", inner=row.inner or "", turned=row.turned or "",
        source=row.owner if owner is None else "",
    )  # fmt: skip


def _shown_portraits(portraits: Sequence[projected.ProjectedPortrait]) -> set[tuple[str, str]]:
    """(account, phash) of the portrait each account shows: its latest upload
    (ties: the greater phash), by each link's ``last_seen``. Derived rather
    than stored on the account, which would set a node property in every
    portrait write (graph.cypher, rule 10)."""
    best: dict[str, tuple[int, str]] = {}
    for r in portraits:
        rank = (int(r.last_seen or 0), r.phash)
        if r.account not in best or rank > best[r.account]:
            best[r.account] = rank
    return {(account, phash) for account, (_, phash) in best.items()}
