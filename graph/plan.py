"""Turning a batch of rows into the statements that write it: pure, no I/O.

Planning is CPU work (folding repeated logins per relationship, ordering,
encoding login-window entries). Keeping it out of the store's I/O path lets
the ingest pipeline plan batch *n+1* in a worker while the database applies
batch *n* (bench/ingest.py shows where the CPU goes).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph import cypher, logins
from graph.batching import distinct_rows, fold_links, latest_by, node_rows
from graph.cypher.query import Query
from graph.model import (
    PORTRAIT_PROPERTIES,
    AccountStatus,
    LoginRow,
    PaymentRow,
    WriteBatch,
)
from identity.signatures import WORK_SIGNATURES

Params = Mapping[str, Any]


@dataclass(frozen=True)
class Statement:
    """A query with its parameters."""

    query: Query
    params: Params
    # engine-specific wire form, filled off the I/O path by GraphStore.prerender
    rendered: str | None = None

    @property
    def name(self) -> str:
        return self.query.name

    @property
    def text(self) -> str:
        return self.query.text


@dataclass(frozen=True)
class Counted:
    """A statement that moves counters, and the ledger keys of the events it
    counts: the store writes the two so that both land or neither does."""

    statement: Statement
    keys: list[str]


# the fields a counter statement folds (fold_links below): nothing else of a
# row is needed to re-plan one
_LOGIN_FIELDS = ("key", "account", "device", "ip", "prefix", "at")
_PAYMENT_FIELDS = ("key", "account", "fingerprint", "kind", "at")


@dataclass(frozen=True)
class CountedEvents:
    """The events behind a plan's counter statements, as columns: what the
    store needs to re-plan the counters when its ledger has seen some, not
    all, of them.

    A bulk ingest's plans cross from worker processes to the writer, and
    columns of plain values pickle faster than the same rows as dicts.
    """

    logins: dict[str, list[Any]]
    payments: dict[str, list[Any]]

    @classmethod
    def of(cls, logins: list[LoginRow], payments: list[PaymentRow]) -> CountedEvents:
        return cls(
            {name: [row[name] for row in logins] for name in _LOGIN_FIELDS},  # type: ignore[literal-required]
            {name: [row[name] for row in payments] for name in _PAYMENT_FIELDS},  # type: ignore[literal-required]
        )

    def unseen_rows(
        self, seen: Collection[str]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The login and payment rows whose keys ``seen`` does not hold."""
        return _rows(self.logins, _LOGIN_FIELDS, seen), _rows(self.payments, _PAYMENT_FIELDS, seen)


def _rows(
    columns: dict[str, list[Any]], names: tuple[str, ...], seen: Collection[str]
) -> list[dict[str, Any]]:
    return [
        dict(zip(names, values, strict=True))
        for values in zip(*(columns[name] for name in names), strict=True)
        if values[0] not in seen
    ]


def counted_rows(batch: WriteBatch) -> tuple[list[LoginRow], list[PaymentRow]]:
    """The batch's login and payment rows, each event once (an event repeated
    inside one batch counts once, as across batches)."""
    return (
        list({r["key"]: r for r in batch.logins}.values()),
        list({r["key"]: r for r in batch.payments}.values()),
    )


@dataclass
class WritePlan:
    statements: list[Statement]
    events: CountedEvents
    # counter statements assuming no event was seen before (the common case on
    # first ingest); the store re-plans them when the ledger says otherwise
    counted: list[Counted]
    # each account's new logins as a window (graph.logins: oldest first, no
    # repeats, at most LOGIN_WINDOW), sorted here, off the writer's path
    windows: dict[str, list[str]] = field(default_factory=dict)
    status_ids: list[str] = field(default_factory=list)
    # every account the batch says something about (for rescoring at ingest)
    touched: list[str] = field(default_factory=list)

    @property
    def ledger_keys(self) -> list[str]:
        """Every counted event's key, for asking the ledger which it holds."""
        return [key for item in self.counted for key in item.keys]


def counted_statements(
    login_rows: Sequence[Mapping[str, Any]], payment_rows: Sequence[Mapping[str, Any]]
) -> list[Counted]:
    out = []
    if login_rows:
        logins_statement = Statement(
            cypher.writes.MERGE_LOGINS,
            {
                "devices": fold_links(login_rows, ("account", "device")),
                "ips": fold_links(login_rows, ("account", "ip"), ("prefix",)),
            },
        )
        out.append(Counted(logins_statement, [r["key"] for r in login_rows]))
    if payment_rows:
        links = fold_links(payment_rows, ("account", "fingerprint"), ("kind",))
        payments_statement = Statement(
            cypher.writes.MERGE_PAYMENTS,
            {"methods": node_rows(links, "fingerprint", ("kind",), last=False), "links": links},
        )
        out.append(Counted(payments_statement, [r["key"] for r in payment_rows]))
    return out


def unseen(plan: WritePlan, seen: Collection[str]) -> list[Counted]:
    """Counter statements for the events the ledger has not seen yet."""
    if not seen:
        return plan.counted
    if len(seen) == len(set(plan.ledger_keys)):
        return []  # all seen (a file ingested again): nothing to re-plan
    return counted_statements(*plan.events.unseen_rows(seen))


def _flag_links(batch: WriteBatch) -> list[Statement]:
    by_kind: dict[str, list[dict[str, str]]] = {}
    for flag in batch.flags:
        by_kind.setdefault(flag["target_kind"], []).append(
            {"id": flag["id"], "target": flag["target"]}
        )
    out = []
    accounts = by_kind.get("account", []) + by_kind.get("portfolio", [])
    for query, rows in (
        (cypher.writes.LINK_FLAGS_TO_ACCOUNTS, accounts),
        (cypher.writes.LINK_FLAGS_TO_JOBS, by_kind.get("job", [])),
        (cypher.writes.LINK_FLAGS_TO_MESSAGES, by_kind.get("message", [])),
    ):
        if rows:
            out.append(Statement(query, {"rows": rows}))
    return out


def _touched(batch: WriteBatch) -> list[str]:
    ids: set[str] = set()
    ids.update(r["id"] for r in batch.accounts)
    for rows in (batch.logins, batch.payments, batch.portraits, batch.actions, batch.portfolio):
        ids.update(r["account"] for r in rows)
    ids.update(t["freelancer"] for t in batch.time_logs)
    for c in batch.contracts:
        ids.update((c["client"], c["freelancer"]))
    for f in batch.feedback:
        ids.update((f["src"], f["dst"]))
    for m in batch.messages:
        ids.update((m["src"], m["dst"]))
    ids.update(j["client"] for j in batch.job_posts)
    # flags are left out: their effect waits for the nightly run (or an
    # investigator's rescore), so a reporter cannot watch a target's badge
    # react to their own flag
    return sorted(ids)


@dataclass(frozen=True)
class _NodeKind:
    """How one event kind's nodes are written (graph.cypher, rule 10): node
    rows one per ``key`` with ``fields``, and the relationships of every row."""

    query: Query
    rows: str  # the WriteBatch attribute
    fields: tuple[str, ...]
    links: tuple[str, ...]
    key: str = "id"
    coalesce: tuple[str, ...] = ()  # fields that keep the last non-null value
    constants: tuple[tuple[str, Any], ...] = ()  # statement parameters


_NODE_KINDS = (
    _NodeKind(
        cypher.writes.MERGE_ACCOUNTS,
        "accounts",
        ("kind", "name", "name_key", "country", "created_at", "email_domain"),
        ("id", "email_hash", "phone_hash", "agency"),
        constants=(("active", AccountStatus.ACTIVE.value),),
    ),
    _NodeKind(
        cypher.writes.MERGE_CONTRACTS,
        "contracts",
        ("amount", "started_at", "ended_at"),
        ("id", "client", "freelancer"),
        coalesce=("ended_at",),
    ),
    _NodeKind(
        cypher.writes.MERGE_JOB_POSTS,
        "job_posts",
        ("at", "title", "text_len", "categories", "policy", "excerpt", "excerpt_until"),
        ("id", "client"),
    ),
    _NodeKind(
        cypher.writes.MERGE_MESSAGES,
        "messages",
        ("at", "text_len", "shape", "categories", "policy", "excerpt", "excerpt_until"),
        ("id", "src", "dst"),
    ),
    _NodeKind(
        cypher.writes.MERGE_PORTFOLIO,
        "portfolio",
        ("at", "title", *WORK_SIGNATURES),
        ("id", "account"),
    ),
    _NodeKind(
        cypher.writes.MERGE_TIME_LOGS,
        "time_logs",
        ("start", "end", "manual", "memo_len"),
        ("id", "contract", "freelancer"),
    ),
    _NodeKind(
        cypher.writes.MERGE_FLAGS,
        "flags",
        ("reason", "at", "target_kind", "target", "details"),
        ("id", "reporter"),
    ),
)


def _node_statements(batch: WriteBatch) -> list[Statement]:
    out = []
    for kind in _NODE_KINDS:
        rows = getattr(batch, kind.rows)
        if rows:
            params = {
                "nodes": node_rows(rows, kind.key, kind.fields, coalesce=kind.coalesce),
                "links": distinct_rows(rows, kind.links),
                **dict(kind.constants),
            }
            out.append(Statement(kind.query, params))
    return out


def plan(batch: WriteBatch) -> WritePlan:
    statements = _node_statements(batch)
    statements += [
        Statement(query, {"rows": rows})
        for query, rows in (
            (
                cypher.writes.MERGE_FEEDBACK,
                latest_by(batch.feedback, ("contract", "src"), ("at", "rating")),
            ),
            (cypher.writes.MERGE_ACTIONS, latest_by(batch.actions, ("key",), ())),
        )
        if rows
    ]
    statements += _flag_links(batch)
    if batch.portraits:
        links = fold_links(batch.portraits, ("account", "phash"), PORTRAIT_PROPERTIES)
        statements.append(
            Statement(
                cypher.writes.MERGE_PORTRAITS,
                {
                    # a portrait's hashes are set when it is created (ON CREATE)
                    "nodes": node_rows(links, "phash", PORTRAIT_PROPERTIES, last=False),
                    "links": [
                        {f: row[f] for f in ("account", "phash", "first_seen", "last_seen")}
                        for row in links
                    ],
                },
            )
        )
    login_rows, payment_rows = counted_rows(batch)
    by_account: dict[str, list[LoginRow]] = {}
    for row in login_rows:
        by_account.setdefault(row["account"], []).append(row)
    # already a window: the writer only merges where the account has one stored
    windows = {account: logins.window_of(rows) for account, rows in by_account.items()}
    return WritePlan(
        touched=_touched(batch),
        statements=statements,
        events=CountedEvents.of(login_rows, payment_rows),
        counted=counted_statements(login_rows, payment_rows),
        windows=windows,
        status_ids=sorted({row["account"] for row in batch.actions}),
    )
