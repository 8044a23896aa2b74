"""Writing ingest batches: the plan's statements, the ledger, login windows.

The template (:meth:`IngestWrites.write`) is the same on both engines; where
an engine keeps the ledger and the windows differs, so those are hooks an
adapter may override (:mod:`graph.store.falkordb` keeps both beside the graph).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import final

from graph import cypher, logins
from graph.model import STATUS_CHANGING_ACTIONS, WriteBatch
from graph.plan import Counted, Statement, WritePlan, plan, unseen
from graph.store.runner import WindowReads


class IngestWrites(WindowReads):
    @staticmethod
    def prerender(planned: WritePlan) -> WritePlan:
        """Encode a plan's statements for the wire ahead of time (pure CPU).

        A plain function (static, no store state), so an ingest can hand it to
        worker processes. Engines whose driver encodes parameters itself need
        nothing here.
        """
        return planned

    @final
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
            params = {"ids": planned.status_ids, "status_actions": list(STATUS_CHANGING_ACTIONS)}
            await self._write_all([Statement(cypher.writes.RECOMPUTE_STATUS, params)])

    # --- the ledger (rule 8 of graph.cypher): Seen nodes unless overridden ---

    async def _seen(self, keys: list[str]) -> set[str]:
        """Which of these event keys the ledger already holds."""
        return {row.key for row in await self._read(cypher.ledger.READ_SEEN, {"keys": keys})}

    async def _ledger_keys(self) -> set[str]:
        """The whole ledger, for dumps."""
        return {row.key for row in await self._read(cypher.ledger.READ_ALL_SEEN)}

    async def _write_counted(self, counted: Sequence[Counted]) -> None:
        """Counters with their ledger entries, in one transaction."""
        statements = []
        for item in counted:
            statements += [
                item.statement,
                Statement(cypher.ledger.MARK_SEEN, {"keys": item.keys}),
            ]
        await self._write_all(statements)

    # --- login windows: an account property unless overridden --------------

    @final
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
        """The accounts' login windows (:mod:`graph.logins` text) that exist."""
        found = await self._read(cypher.ledger.READ_LOGIN_WINDOWS, {"ids": ids})
        return {row.id: row.logins for row in found if row.logins}

    async def _store_windows(self, windows: dict[str, str]) -> None:
        rows = [{"id": account_id, "logins": window} for account_id, window in windows.items()]
        await self._write_all([Statement(cypher.ledger.WRITE_LOGIN_WINDOWS, {"rows": rows})])
