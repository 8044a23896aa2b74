"""One implementation of :class:`graph.store.ports.GraphStore` for both engines.

Composed of the role mixins, each written against the two primitives of
:class:`graph.store.runner.QueryRunner`; an adapter supplies those
primitives, its schema and, where it keeps them elsewhere, the ledger and
login-window hooks of :class:`graph.store.writer.IngestWrites`.
"""

from __future__ import annotations

import abc
from typing import final

from graph import cypher
from graph.store.audit import AuditWrites, LogoWrites
from graph.store.cases import CaseWrites
from graph.store.erasure import ErasureWrites
from graph.store.keys import KeyWrites
from graph.store.lists import ListWrites
from graph.store.outbox import OutboxWrites
from graph.store.projection_reads import ProjectionReads
from graph.store.records import GraphDump, frozen_props, node_key
from graph.store.scores import ScoreWrites
from graph.store.views import ViewReads
from graph.store.writer import IngestWrites


class CypherStore(
    IngestWrites,
    ProjectionReads,
    ScoreWrites,
    ViewReads,
    AuditWrites,
    CaseWrites,
    LogoWrites,
    KeyWrites,
    OutboxWrites,
    ListWrites,
    ErasureWrites,
    abc.ABC,
):
    @abc.abstractmethod
    async def ensure_schema(self) -> None:
        """Create constraints and indexes the engine's way, then run pending
        migrations (:mod:`graph.store.migrations`); idempotent."""

    @abc.abstractmethod
    async def _schema_version(self) -> int:
        """The highest data migration applied to this store (0: none)."""

    @abc.abstractmethod
    async def _set_schema_version(self, version: int) -> None: ...

    @abc.abstractmethod
    async def drop(self) -> None:
        """Delete everything in this graph (tests and demo resets only)."""

    @abc.abstractmethod
    async def close(self) -> None: ...

    async def ping(self) -> None:
        await self._read(cypher.reads.PING)

    @final
    async def counts(self) -> dict[str, int]:
        out = {row.label: int(row.n) for row in await self._read(cypher.reads.COUNT_NODES)}
        for row in await self._read(cypher.reads.COUNT_RELATIONSHIPS):
            out[row.type] = int(row.n)
        return out

    @final
    async def dump(self) -> GraphDump:
        read = await self._read(cypher.reads.DUMP_NODES)
        accounts = [dict(node.props) for node in read if node.label == "Account"]
        ids = [props["id"] for props in accounts]
        windows = await self._windows(ids, [props.get("recent_logins") for props in accounts])
        for props, window in zip(accounts, windows, strict=True):
            props.pop("recent_logins", None)
            if window:  # wherever the engine keeps it, a window shows as a property
                props["recent_logins"] = window
        others = [(node.label, node.props) for node in read if node.label != "Account"]
        nodes = sorted(
            (label, frozen_props(props))
            for label, props in others + [("Account", props) for props in accounts]
        )
        rels = sorted(
            (
                node_key(r.src_label, r.src),
                r.type,
                node_key(r.dst_label, r.dst),
                r.src_label,
                r.dst_label,
                frozen_props(r.props),
            )
            for r in await self._read(cypher.reads.DUMP_RELATIONSHIPS)
        )
        return GraphDump(
            nodes=nodes, relationships=rels, ledger=frozenset(await self._ledger_keys())
        )
