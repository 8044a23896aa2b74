"""The two primitives every adapter provides; everything else is built on them.

Like the GDS client's ``QueryRunner``: run a read and get records back, or
run a group of writes durably. The role mixins of this package
(:mod:`graph.store.writer`, :mod:`graph.store.views`, …) are written once
against this class; the adapters (:mod:`graph.store.falkordb`,
:mod:`graph.store.neo4j`) implement it and nothing of the roles.
"""

from __future__ import annotations

import abc
import time
from collections.abc import Sequence
from dataclasses import replace

from graph.cypher.query import STAMP, R, Read
from graph.dialect import Dialect
from graph.plan import Params, Statement


class _Stamps:
    """Outbox event id prefixes that sort in the order of the writes that
    made them. Events are delivered by (created_at, id), and created_at is
    the engine's millisecond: two writes within one would otherwise go out
    in the random order of their ids. Taken as a statement is written, not
    as it is planned (ingest plans batches in worker processes)."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> str:
        self._last = max(self._last + 1, time.time_ns())
        return f"{self._last:020d}-"


_stamps = _Stamps()  # one per process: every store in it draws from the same line


class QueryRunner(abc.ABC):
    dialect: Dialect

    @abc.abstractmethod
    async def _read(self, query: Read[R], params: Params | None = None) -> list[R]:
        """Run a read-only statement; its rows as ``query.row`` records."""

    @abc.abstractmethod
    async def _write_all(self, statements: Sequence[Statement]) -> None:
        """Run write statements in order; durable when this returns. Each
        adapter passes them through :meth:`_stamped` first."""

    def _stamped(self, statements: Sequence[Statement]) -> list[Statement]:
        """The statements, each that takes ``$stamp`` given the next one."""
        return [
            self._with_stamp(st, _stamps.next()) if st.query.stamped else st for st in statements
        ]

    def _with_stamp(self, st: Statement, stamp: str) -> Statement:
        """``st`` with ``$stamp`` set; an adapter whose statements may arrive
        rendered (their parameters in the text) overrides this."""
        return replace(st, params={**st.params, STAMP: stamp})


class WindowReads(QueryRunner):
    """Where reads find an account's login window: the hook every role that
    reads accounts shares."""

    async def _windows(self, ids: list[str], read: list[str | None]) -> list[str | None]:
        """The windows of ``ids``, given the ``recent_logins`` property a
        query returned with each: by default, that property itself."""
        return read

    async def _forget_windows(self, ids: list[str]) -> None:
        """Drop the windows of erased accounts kept outside the graph: by
        default there are none (the property goes with the profile)."""
