"""The store port: what trustmesh needs from a graph database.

:class:`GraphStore` is the typed protocol the service codes against.
:class:`CypherStore` implements it once, on top of two primitives each adapter
provides (run a read, run a group of writes), so the FalkorDB and Neo4j
adapters differ only in how they talk to their driver and create their schema.
"""

from __future__ import annotations

import abc
import time
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from graph import cypher, logins
from graph.cypher.query import Query
from graph.dialect import Dialect
from graph.keys import Keys, KeyStore
from graph.model import STATUS_CHANGING_ACTIONS, AccountRecord, WriteBatch
from graph.plan import Counted, Params, Statement, WritePlan, plan, unseen
from graph.projecting import ProjectionReads
from graph.projection import (
    Projection,
)
from graph.records import GraphDump, RescoreWrite, VerdictWrite, frozen_props, node_key
from graph.views import ViewReads, Views

Row = list[Any]


class GraphStore(Views, Keys, Protocol):
    """The port. Every method is safe to call concurrently from one event loop."""

    dialect: Dialect

    async def ensure_schema(self) -> None:
        """Create constraints and indexes; idempotent, run at every start-up."""

    async def ping(self) -> None:
        """Raise :class:`graph.errors.StoreUnavailable` unless the store answers."""

    async def write(self, batch: WriteBatch | WritePlan) -> None:
        """Apply a batch (or its plan). Idempotent; returns once the batch is durable."""

    def prerender(self, planned: WritePlan) -> WritePlan:
        """Do a plan's wire encoding now, in the caller's thread; no I/O and
        no store state (it may run in another process)."""

    async def account(self, account_id: str) -> AccountRecord | None: ...

    async def counts(self) -> dict[str, int]:
        """Node counts by label and relationship counts by type."""

    async def dump(self) -> GraphDump: ...

    async def project(self, ids: Sequence[str] | None = None) -> Projection:
        """The whole graph as plain tables (nightly), or the neighbourhood of ``ids``."""

    async def write_scores(self, run: str, rows: list[dict[str, Any]]) -> None:
        """Write scores only, for a local rescore."""

    async def write_rescore(self, run: str, result: RescoreWrite) -> None:
        """Store a rescore's output; stale links of earlier runs go last."""

    async def record_verdict(self, verdict: VerdictWrite) -> None:
        """Keep an investigator's dismissal or confirmation for later runs."""

    async def scores(self) -> list[Row]:
        """Stored scores, one row per scored account, ordered by id."""

    async def has_scores(self) -> bool:
        """Whether a rescore has ever run on this store."""

    async def badges(self, ids: Sequence[str]) -> list[Row]:
        """(id, band, score, created_at, status) of the known accounts among ids."""

    async def search(self, q: str, limit: int) -> list[Row]:
        """(id, name, kind, band): the account with id ``q``, then names starting
        with it, then names holding it in any case."""

    async def groups(self, kind: str, after: str, limit: int) -> list[Row]:
        """(id, confidence, size, members) of clusters or rings, by id after ``after``."""

    async def riskiest(self, band: str, after_score: float, after_id: str, limit: int) -> list[Row]:
        """(id, name, kind, score, band, action) in ``band``, lowest score first."""

    async def append_audit(self, entry: Mapping[str, Any]) -> None:
        """One more audit entry (id, at, who, what, account, reason, before, after, detail)."""

    async def audit(self, account: str, limit: int) -> list[Row]:
        """An account's audit entries, newest first."""

    async def latest_action_at(self, account: str) -> int | None:
        """When the account's latest action took effect (epoch seconds)."""

    async def add_logos(self, rows: list[dict[str, str]]) -> None:
        """Register logo signatures: rows of key, brand, variant, signature,
        segments, source."""

    async def logos(self) -> list[Row]:
        """Every registered logo signature: (brand, variant, signature, segments)."""

    async def close(self) -> None: ...


def _effective_status(props: Mapping[str, Any]) -> str:
    """A timed restriction is lifted by itself once its end has passed."""
    status = str(props.get("status") or "ACTIVE")
    until = props.get("status_until")
    if status == "RESTRICTED" and until is not None and int(until) <= time.time():
        return "ACTIVE"
    return status


# Account properties a rescore writes (graph.cypher.write_back.WRITE_SCORES).
_SCORE_FIELDS = (
    "score",
    "band",
    "dimensions",
    "reasons",
    "recommended_action",
    "duplicate_cluster",
    "ring",
)


class CypherStore(ProjectionReads, ViewReads, KeyStore, abc.ABC):
    """Implements :class:`GraphStore` with the shared Cypher of :mod:`graph.cypher`."""

    dialect: Dialect

    @abc.abstractmethod
    async def _read(self, query: Query, params: Params | None = None) -> list[Row]:
        """Run a read-only statement and return its rows."""

    @abc.abstractmethod
    async def _write_all(self, statements: Sequence[Statement]) -> None:
        """Run write statements in order; durable when this returns."""

    @abc.abstractmethod
    async def ensure_schema(self) -> None:
        """Create constraints and indexes the engine's way; idempotent."""

    @abc.abstractmethod
    async def drop(self) -> None:
        """Delete everything in this graph (tests and demo resets only)."""

    @abc.abstractmethod
    async def close(self) -> None: ...

    @staticmethod
    def prerender(planned: WritePlan) -> WritePlan:
        """Encode a plan's statements for the wire ahead of time (pure CPU).

        A plain function (static, no store state), so an ingest can hand it to
        worker processes. Engines whose driver encodes parameters itself need
        nothing here.
        """
        return planned

    async def ping(self) -> None:
        await self._read(cypher.reads.PING)

    async def _seen(self, keys: list[str]) -> set[str]:
        """Which of these event keys the ledger already holds (rule 8 of graph.cypher)."""
        rows = await self._read(cypher.ledger.READ_SEEN, {"keys": keys})
        return {key for (key,) in rows}

    async def _ledger_keys(self) -> set[str]:
        """The whole ledger, for dumps."""
        return {key for (key,) in await self._read(cypher.ledger.READ_ALL_SEEN)}

    async def _write_counted(self, counted: Sequence[Counted]) -> None:
        """Counters with their ledger entries, in one transaction (Neo4j's way)."""
        statements = []
        for item in counted:
            statements += [
                item.statement,
                Statement(cypher.ledger.MARK_SEEN, {"keys": item.keys}),
            ]
        await self._write_all(statements)

    async def write(self, batch: WriteBatch | WritePlan) -> None:
        planned = batch if isinstance(batch, WritePlan) else plan(batch)
        if planned.statements:
            await self._write_all(planned.statements)
        if keys := planned.ledger_keys:
            counted = unseen(planned, await self._seen(keys))
            if counted:
                await self._write_counted(counted)
        if planned.windows:
            await self._update_login_windows(planned.windows)
        if planned.status_ids:
            await self._write_all(
                [
                    Statement(
                        cypher.writes.RECOMPUTE_STATUS,
                        {
                            "ids": planned.status_ids,
                            "status_actions": list(STATUS_CHANGING_ACTIONS),
                        },
                    )
                ]
            )

    async def _update_login_windows(self, new: dict[str, list[str]]) -> None:
        ids = sorted(new)
        current = await self._stored_windows(ids)
        rows = {}
        for account_id in ids:
            old = current.get(account_id)
            window = new[account_id]
            if old:  # the plan's window is final for an account that had none
                window = logins.merge_window(logins.unpack(old), window)
            merged = logins.pack(window)
            if merged != old:
                rows[account_id] = merged
        if rows:
            await self._store_windows(rows)

    async def _stored_windows(self, ids: list[str]) -> dict[str, str]:
        """The accounts' login windows (:mod:`graph.logins` text) that exist.

        Kept as an account property by default; an adapter may keep them
        beside the graph (see ``FalkorDBStore``), and then overrides this,
        :meth:`_store_windows` and :meth:`_windows`.
        """
        rows = await self._read(cypher.ledger.READ_LOGIN_WINDOWS, {"ids": ids})
        return {account_id: window for account_id, window in rows if window}

    async def _store_windows(self, windows: dict[str, str]) -> None:
        rows = [{"id": account_id, "logins": window} for account_id, window in windows.items()]
        await self._write_all([Statement(cypher.ledger.WRITE_LOGIN_WINDOWS, {"rows": rows})])

    async def _windows(self, ids: list[str], read: list[str | None]) -> list[str | None]:
        """The windows of ``ids``, given the ``recent_logins`` property a
        query returned with each: here, that property itself."""
        return read

    async def account(self, account_id: str) -> AccountRecord | None:
        rows = await self._read(cypher.reads.READ_ACCOUNT, {"id": account_id})
        if not rows:
            return None
        props, devices, ips, payments, emails, phones, agencies = rows[0]
        props = dict(props)
        (window,) = await self._windows([account_id], [props.get("recent_logins")])
        return AccountRecord(
            id=props["id"],
            kind=props.get("kind"),
            name=props.get("name"),
            country=props.get("country"),
            created_at=props.get("created_at"),
            status=_effective_status(props),
            agency=min(agencies) if agencies else None,
            devices=sorted(devices),
            ips=sorted(ips),
            payment_fingerprints=sorted(payments),
            email_hashes=sorted(emails),
            phone_hashes=sorted(phones),
            recent_logins=[logins.decode(e) for e in logins.unpack(window)],
            score={k: props.get(k) for k in _SCORE_FIELDS} if "score" in props else None,
        )

    async def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for label, n in await self._read(cypher.reads.COUNT_NODES):
            out[label] = int(n)
        for rel_type, n in await self._read(cypher.reads.COUNT_RELATIONSHIPS):
            out[rel_type] = int(n)
        return out

    async def write_scores(self, run: str, rows: list[dict[str, Any]]) -> None:
        """Scores only (a local rescore): one SET per account, groups untouched."""
        await self._write_all(
            [Statement(cypher.write_back.WRITE_SCORES, {"rows": rows, "run": run})]
        )

    async def write_rescore(self, run: str, result: RescoreWrite, chunk: int = 5000) -> None:
        for query, rows in (
            (cypher.write_back.WRITE_SCORES, result.scores),
            (cypher.write_back.WRITE_SAME_PERSON, result.same_person),
            (cypher.write_back.WRITE_CLUSTERS, result.clusters),
            (cypher.write_back.WRITE_RINGS, result.rings),
        ):
            for start in range(0, len(rows), chunk):
                part = rows[start : start + chunk]
                await self._write_all([Statement(query, {"rows": part, "run": run})])
        await self._write_all(
            [
                Statement(query, {"run": run})
                for query in (
                    cypher.write_back.DELETE_STALE_SAME_PERSON,
                    cypher.write_back.DELETE_STALE_CLUSTER_LINKS,
                    cypher.write_back.DELETE_STALE_RING_LINKS,
                    cypher.write_back.DELETE_STALE_CLUSTERS,
                    cypher.write_back.DELETE_STALE_RINGS,
                )
            ]
        )

    async def record_verdict(self, verdict: VerdictWrite) -> None:
        await self._write_all([Statement(cypher.write_back.MERGE_VERDICT, dict(vars(verdict)))])

    async def scores(self) -> list[Row]:
        return await self._read(cypher.reads.READ_SCORES)

    async def has_scores(self) -> bool:
        return bool(await self._read(cypher.reads.HAS_SCORES))

    async def badges(self, ids: Sequence[str]) -> list[Row]:
        return await self._read(cypher.views.READ_BADGES, {"ids": list(ids)})

    async def search(self, q: str, limit: int) -> list[Row]:
        exact = await self._read(cypher.views.SEARCH_BY_ID, {"q": q})
        named = await self._read(cypher.views.SEARCH_BY_NAME, {"q": q, "limit": limit})
        hits = exact + [row for row in named if row[0] not in {r[0] for r in exact}]
        if len(hits) < limit:
            params = {"q": q.lower(), "limit": limit}
            inside = await self._read(cypher.views.SEARCH_IN_NAME, params)
            seen = {row[0] for row in hits}
            hits += [row for row in inside if row[0] not in seen]
        return hits[:limit]

    async def append_audit(self, entry: Mapping[str, Any]) -> None:
        await self._write_all([Statement(cypher.admin.APPEND_AUDIT, dict(entry))])

    async def latest_action_at(self, account: str) -> int | None:
        rows = await self._read(cypher.admin.LATEST_ACTION_AT, {"account": account})
        return int(rows[0][0]) if rows and rows[0][0] is not None else None

    async def audit(self, account: str, limit: int) -> list[Row]:
        params = {"account": account, "limit": limit}
        return await self._read(cypher.admin.READ_AUDIT, params)

    async def riskiest(self, band: str, after_score: float, after_id: str, limit: int) -> list[Row]:
        params = {"band": band, "after_score": after_score, "after_id": after_id, "limit": limit}
        return await self._read(cypher.views.RISKIEST_ACCOUNTS, params)

    async def groups(self, kind: str, after: str, limit: int) -> list[Row]:
        query = cypher.views.LIST_CLUSTERS if kind == "cluster" else cypher.views.LIST_RINGS
        return await self._read(query, {"after": after, "limit": limit})

    async def add_logos(self, rows: list[dict[str, str]], chunk: int = 5000) -> None:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            await self._write_all([Statement(cypher.admin.MERGE_LOGOS, {"rows": part})])

    async def logos(self) -> list[Row]:
        return await self._read(cypher.projection.PROJECT_LOGOS)

    async def dump(self) -> GraphDump:
        read = await self._read(cypher.reads.DUMP_NODES)
        accounts = [dict(props) for label, props in read if label == "Account"]
        ids = [props["id"] for props in accounts]
        windows = await self._windows(ids, [props.get("recent_logins") for props in accounts])
        for props, window in zip(accounts, windows, strict=True):
            props.pop("recent_logins", None)
            if window:  # wherever the engine keeps it, a window shows as a property
                props["recent_logins"] = window
        others = [(label, props) for label, props in read if label != "Account"]
        nodes = sorted(
            (label, frozen_props(props))
            for label, props in others + [("Account", props) for props in accounts]
        )
        rels = sorted(
            (
                node_key(src_label, src),
                rel_type,
                node_key(dst_label, dst),
                src_label,
                dst_label,
                frozen_props(props),
            )
            for src_label, src, rel_type, props, dst_label, dst in await self._read(
                cypher.reads.DUMP_RELATIONSHIPS
            )
        )
        return GraphDump(
            nodes=nodes, relationships=rels, ledger=frozenset(await self._ledger_keys())
        )
