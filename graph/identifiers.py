"""The identifiers accounts hold, per kind, as the duplicate step reads them.

A value is an identifier's keyed hash (a card, a phone, an email), a device
id, an IP or its prefix, or a portrait group; kinds are those of
:data:`graph.duplicates.M_PROBABILITY`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Held:
    """One kind's holdings as two columns: ``values[k]`` is held by account
    index ``accounts[k]``. Columns, not (account, value) pairs: a 1M-account
    marketplace holds ~6M values, and a pair costs a tuple and an int object."""

    accounts: array[int] = field(default_factory=lambda: array("q"))
    values: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return zip(self.accounts, self.values, strict=True)

    def __len__(self) -> int:
        return len(self.values)


@dataclass
class Identifiers:
    """Identifier values per kind, each kind's a :class:`Held`."""

    kinds: dict[str, Held] = field(default_factory=dict)

    def add(self, kind: str, account: int, value: str) -> None:
        held = self.kinds.get(kind)
        if held is None:
            held = self.kinds[kind] = Held()
        held.accounts.append(account)
        held.values.append(value)

    def of(self, kind: str) -> Held:
        """``kind``'s holdings (none held: empty)."""
        return self.kinds.get(kind) or Held()

    def copy(self) -> Identifiers:
        """A copy that values can be added to without changing this one."""
        return Identifiers({k: Held(array("q", h.accounts), list(h.values))
                            for k, h in self.kinds.items()})  # fmt: skip


def shared_values(held: Held) -> dict[str, list[int]]:
    """Values held by two or more distinct accounts → those accounts, sorted.

    Sort-based in numpy: at a million accounts nearly every value is held by
    one account, and a dict of sets over all of them was the costliest step.
    """
    if not len(held):
        return {}
    values = np.array(held.values)
    accounts = np.frombuffer(held.accounts, dtype=np.int64)
    unique, inverse = np.unique(values, return_inverse=True)
    span = int(accounts.max()) + 1
    keys = np.unique(inverse.reshape(-1).astype(np.int64) * span + accounts)  # distinct, sorted
    value_of, account_of = keys // span, keys % span
    counts = np.bincount(value_of, minlength=len(unique))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return {
        str(unique[v]): account_of[starts[v] : starts[v] + counts[v]].tolist()
        for v in np.flatnonzero(counts >= 2)
    }
