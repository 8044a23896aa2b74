"""The store port: what trustmesh needs from a graph database.

:class:`GraphStore` is the typed protocol the service codes against.
:class:`CypherStore` implements it once, on top of two primitives each adapter
provides (run a read, run a group of writes), so the FalkorDB and Neo4j
adapters differ only in how they talk to their driver and create their schema.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from graph import cypher, logins
from graph.batching import fold_links, latest_by
from graph.dialect import Dialect
from graph.model import STATUS_CHANGING_ACTIONS, AccountRecord, WriteBatch

Params = Mapping[str, Any]
Row = list[Any]


@dataclass(frozen=True)
class Statement:
    """A named statement with its parameters; the name shows up in errors and metrics."""

    name: str
    text: str
    params: Params


@dataclass(frozen=True)
class GraphDump:
    """Every node and relationship with its properties, in a canonical order.

    Used to prove that ingesting the same events twice, or in another order,
    gives an identical graph; cheap enough for test-sized graphs only.
    """

    nodes: list[tuple[str, tuple[tuple[str, Any], ...]]]
    relationships: list[tuple[str, str, str, str, str, tuple[tuple[str, Any], ...]]]


class GraphStore(Protocol):
    """The port. Every method is safe to call concurrently from one event loop."""

    dialect: Dialect

    async def ensure_schema(self) -> None:
        """Create constraints and indexes; idempotent, run at every start-up."""

    async def ping(self) -> None:
        """Raise :class:`graph.errors.StoreUnavailable` unless the store answers."""

    async def write(self, batch: WriteBatch) -> None:
        """Apply a batch. Idempotent; returns once the batch is durable."""

    async def account(self, account_id: str) -> AccountRecord | None: ...

    async def counts(self) -> dict[str, int]:
        """Node counts by label and relationship counts by type."""

    async def dump(self) -> GraphDump: ...

    async def close(self) -> None: ...


# Natural key of each label, used to name nodes in a dump.
_KEY_OF = dict(cypher.NODE_KEYS)


def _node_key(label: str, props: Mapping[str, Any]) -> str:
    return f"{label}:{props.get(_KEY_OF.get(label, 'id'))}"


def _frozen(props: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(
        sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in props.items())
    )


class CypherStore(abc.ABC):
    """Implements :class:`GraphStore` with the shared Cypher of :mod:`graph.cypher`."""

    dialect: Dialect

    @abc.abstractmethod
    async def _read(self, name: str, text: str, params: Params | None = None) -> list[Row]:
        """Run a read-only statement and return its rows."""

    @abc.abstractmethod
    async def _write_all(self, statements: Sequence[Statement]) -> None:
        """Run write statements in order; durable when this returns."""

    async def ping(self) -> None:
        await self._read("PING", cypher.PING)

    async def write(self, batch: WriteBatch) -> None:
        statements = [
            Statement(name, text, {"rows": rows})
            for name, text, rows in (
                ("MERGE_ACCOUNTS", cypher.MERGE_ACCOUNTS, batch.accounts),
                ("MERGE_CONTRACTS", cypher.MERGE_CONTRACTS, batch.contracts),
                (
                    "MERGE_FEEDBACK",
                    cypher.MERGE_FEEDBACK,
                    latest_by(batch.feedback, ("contract", "src"), ("at", "rating")),
                ),
                ("MERGE_JOB_POSTS", cypher.MERGE_JOB_POSTS, batch.job_posts),
                ("MERGE_MESSAGES", cypher.MERGE_MESSAGES, batch.messages),
                ("MERGE_FLAGS", cypher.MERGE_FLAGS, batch.flags),
                ("MERGE_ACTIONS", cypher.MERGE_ACTIONS, latest_by(batch.actions, ("key",), ())),
            )
            if rows
        ]
        statements += self._flag_links(batch)
        statements += await self._counted(batch)
        if batch.portraits:
            statements.append(
                Statement(
                    "MERGE_PORTRAITS",
                    cypher.MERGE_PORTRAITS,
                    {
                        "links": fold_links(
                            batch.portraits, ("account", "phash"), ("dhash", "width", "height")
                        ),
                        "latest": latest_by(batch.portraits, ("account",), ("at", "phash")),
                    },
                )
            )
        if statements:
            await self._write_all(statements)
        if batch.logins:
            await self._update_login_windows(batch)
        if batch.actions:
            ids = sorted({row["account"] for row in batch.actions})
            await self._write_all(
                [
                    Statement(
                        "RECOMPUTE_STATUS",
                        cypher.RECOMPUTE_STATUS,
                        {"ids": ids, "status_actions": list(STATUS_CHANGING_ACTIONS)},
                    )
                ]
            )

    async def _counted(self, batch: WriteBatch) -> list[Statement]:
        """Counter statements for logins and payments not yet in the Seen ledger."""
        keys = [row["key"] for row in batch.logins] + [row["key"] for row in batch.payments]
        if not keys:
            return []
        seen = {
            key for (key,) in await self._read("READ_SEEN", cypher.READ_SEEN, {"keys": keys})
        }
        out = []
        # keyed dicts: an event repeated inside one batch counts once, as across batches
        fresh_logins = list({r["key"]: r for r in batch.logins if r["key"] not in seen}.values())
        if fresh_logins:
            out.append(
                Statement(
                    "MERGE_LOGINS",
                    cypher.MERGE_LOGINS,
                    {
                        "devices": fold_links(fresh_logins, ("account", "device")),
                        "ips": fold_links(fresh_logins, ("account", "ip"), ("prefix",)),
                        "keys": sorted({row["key"] for row in fresh_logins}),
                    },
                )
            )
        fresh_payments = list(
            {r["key"]: r for r in batch.payments if r["key"] not in seen}.values()
        )
        if fresh_payments:
            out.append(
                Statement(
                    "MERGE_PAYMENTS",
                    cypher.MERGE_PAYMENTS,
                    {
                        "links": fold_links(fresh_payments, ("account", "fingerprint"), ("kind",)),
                        "keys": sorted({row["key"] for row in fresh_payments}),
                    },
                )
            )
        return out

    @staticmethod
    def _flag_links(batch: WriteBatch) -> list[Statement]:
        by_kind: dict[str, list[dict[str, str]]] = {}
        for flag in batch.flags:
            by_kind.setdefault(flag["target_kind"], []).append(
                {"id": flag["id"], "target": flag["target"]}
            )
        accounts = by_kind.get("account", []) + by_kind.get("portfolio", [])
        out = []
        if accounts:
            out.append(
                Statement("LINK_FLAGS_TO_ACCOUNTS", cypher.LINK_FLAGS_TO_ACCOUNTS, {"rows": accounts})
            )
        if jobs := by_kind.get("job"):
            out.append(Statement("LINK_FLAGS_TO_JOBS", cypher.LINK_FLAGS_TO_JOBS, {"rows": jobs}))
        if messages := by_kind.get("message"):
            out.append(
                Statement("LINK_FLAGS_TO_MESSAGES", cypher.LINK_FLAGS_TO_MESSAGES, {"rows": messages})
            )
        return out

    async def _update_login_windows(self, batch: WriteBatch) -> None:
        new: dict[str, list[str]] = {}
        for row in batch.logins:
            new.setdefault(row["account"], []).append(logins.encode(row))
        ids = sorted(new)
        current = {
            account_id: window
            for account_id, window in await self._read(
                "READ_LOGIN_WINDOWS", cypher.READ_LOGIN_WINDOWS, {"ids": ids}
            )
        }
        rows = []
        for account_id in ids:
            old = current.get(account_id)
            merged = logins.merge_window(old, new[account_id])
            if merged != old:
                rows.append({"id": account_id, "logins": merged})
        if rows:
            await self._write_all(
                [Statement("WRITE_LOGIN_WINDOWS", cypher.WRITE_LOGIN_WINDOWS, {"rows": rows})]
            )

    async def account(self, account_id: str) -> AccountRecord | None:
        rows = await self._read("READ_ACCOUNT", cypher.READ_ACCOUNT, {"id": account_id})
        if not rows:
            return None
        props, devices, ips, payments, emails, phones, agencies = rows[0]
        props = dict(props)
        return AccountRecord(
            id=props["id"],
            kind=props.get("kind"),
            name=props.get("name"),
            country=props.get("country"),
            created_at=props.get("created_at"),
            status=props.get("status") or "ACTIVE",
            agency=min(agencies) if agencies else None,
            devices=sorted(devices),
            ips=sorted(ips),
            payment_fingerprints=sorted(payments),
            email_hashes=sorted(emails),
            phone_hashes=sorted(phones),
            recent_logins=[logins.decode(e) for e in props.get("recent_logins") or []],
        )

    async def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for label, n in await self._read("COUNT_NODES", cypher.COUNT_NODES):
            out[label] = int(n)
        for rel_type, n in await self._read("COUNT_RELATIONSHIPS", cypher.COUNT_RELATIONSHIPS):
            out[rel_type] = int(n)
        return out

    async def dump(self) -> GraphDump:
        nodes = sorted(
            (label, _frozen(props))
            for label, props in await self._read("DUMP_NODES", cypher.DUMP_NODES)
        )
        rels = sorted(
            (
                _node_key(src_label, src),
                rel_type,
                _node_key(dst_label, dst),
                src_label,
                dst_label,
                _frozen(props),
            )
            for src_label, src, rel_type, props, dst_label, dst in await self._read(
                "DUMP_RELATIONSHIPS", cypher.DUMP_RELATIONSHIPS
            )
        )
        return GraphDump(nodes=nodes, relationships=rels)
