"""Erasing accounts' personal data (:mod:`graph.cypher.erasure` says what goes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import final

from graph import cypher
from graph.plan import Statement
from graph.store.runner import WindowReads

ERASE_CHUNK = 500  # accounts per group of statements


class ErasureWrites(WindowReads):
    @final
    async def erasable(self, ids: Sequence[str]) -> list[str]:
        """Which of ``ids`` are stored accounts."""
        found = await self._read(cypher.erasure.READ_ERASABLE, {"ids": list(ids)})
        return [row.id for row in found]

    @final
    async def erase_accounts(self, ids: Sequence[str], at: int) -> None:
        for start in range(0, len(ids), ERASE_CHUNK):
            chunk = list(ids[start : start + ERASE_CHUNK])
            params = {"ids": chunk, "at": at}
            await self._write_all([Statement(q, params) for q in cypher.erasure.ERASURE])
            await self._forget_windows(chunk)
