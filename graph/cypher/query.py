"""A statement's name and text kept together; a read also names its row type."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar, cast

from graph.errors import RecordShapeError

R = TypeVar("R")

STAMP = "stamp"  # the parameter the store sets as it writes (see Query.stamped)


@dataclass(frozen=True)
class Query:
    """One Cypher statement; its name shows up in errors and metrics."""

    name: str
    text: str

    @property
    def stamped(self) -> bool:
        """Whether it takes ``$stamp``, which the store adds as it writes
        (:meth:`graph.store.runner.QueryRunner._stamped`)."""
        return f"${STAMP}" in self.text


@dataclass(frozen=True)
class Read(Query, Generic[R]):
    """A statement that returns rows, each a ``row`` (a NamedTuple whose fields
    are the RETURN clause's aliases, in order)."""

    row: type[R]

    def records(self, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[R]:
        """The rows as records, once the engine's column names match the fields."""
        fields: tuple[str, ...] = getattr(self.row, "_fields")  # noqa: B009
        if tuple(columns) != fields:
            raise RecordShapeError(self.name, list(columns), list(fields))
        # what NamedTuple._make does, less its length check (done above)
        make: Any = partial(tuple.__new__, self.row)
        return cast(list[R], list(map(make, rows)))
