"""The two primitives every adapter provides; everything else is built on them.

Like the GDS client's ``QueryRunner``: run a read and get records back, or
run a group of writes durably. The role mixins of this package
(:mod:`graph.store.writer`, :mod:`graph.store.views`, …) are written once
against this class; the adapters (:mod:`graph.store.falkordb`,
:mod:`graph.store.neo4j`) implement it and nothing of the roles.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence

from graph.cypher.query import R, Read
from graph.dialect import Dialect
from graph.plan import Params, Statement


class QueryRunner(abc.ABC):
    dialect: Dialect

    @abc.abstractmethod
    async def _read(self, query: Read[R], params: Params | None = None) -> list[R]:
        """Run a read-only statement; its rows as ``query.row`` records."""

    @abc.abstractmethod
    async def _write_all(self, statements: Sequence[Statement]) -> None:
        """Run write statements in order; durable when this returns."""


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
