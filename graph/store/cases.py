"""Cases in the graph: opened, assigned, moved along, annotated, listed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, final

from graph import cypher
from graph.cases import (
    CaseFilter,
    CaseLabel,
    CaseNote,
    CaseOutcome,
    CaseStatus,
    CaseSubject,
    CaseView,
)
from graph.cypher import rows
from graph.plan import Statement
from graph.store.runner import QueryRunner


def _view(row: rows.CaseRow) -> CaseView:
    return CaseView(
        id=row.id,
        subject=CaseSubject(row.subject),
        subject_id=row.subject_id,
        title=row.title or "",
        status=CaseStatus(row.status),
        outcome=None if row.outcome is None else CaseOutcome(row.outcome),
        assignee=row.assignee,
        assignee_name=row.assignee_name,
        opened_by=row.opened_by,
        opened_at=int(row.opened_at),
        updated_at=int(row.updated_at),
        members=tuple(row.members),
    )


class CaseWrites(QueryRunner):
    @final
    async def open_case(self, case: CaseView) -> None:
        params = {
            "id": case.id, "subject": case.subject.value, "subject_id": case.subject_id,
            "title": case.title, "who": case.opened_by, "at": case.opened_at,
            "members": list(case.members), "status": case.status.value,
        }  # fmt: skip
        await self._write_all([Statement(cypher.cases.CREATE_CASE, params)])

    @final
    async def set_case_status(
        self, case_id: str, status: CaseStatus, outcome: CaseOutcome | None, at: int
    ) -> None:
        closed = status is CaseStatus.CLOSED
        params = {
            "id": case_id, "status": status.value, "active": not closed, "at": at,
            "outcome": None if outcome is None else outcome.value,
            "closed_at": at if closed else None,
        }  # fmt: skip
        await self._write_all([Statement(cypher.cases.SET_CASE_STATUS, params)])

    @final
    async def assign_case(
        self, case_id: str, assignee: str | None, name: str | None, at: int
    ) -> None:
        params = {"id": case_id, "assignee": assignee, "assignee_name": name, "at": at}
        await self._write_all([Statement(cypher.cases.ASSIGN_CASE, params)])

    @final
    async def add_case_note(self, case_id: str, note: CaseNote, ns: int) -> None:
        params = {"case": case_id, "ns": ns, **vars(note)}
        await self._write_all([Statement(cypher.cases.ADD_CASE_NOTE, params)])

    @final
    async def append_case_audit(self, case_id: str, entry: Mapping[str, Any]) -> None:
        params = {**entry, "case": case_id}
        await self._write_all([Statement(cypher.cases.APPEND_CASE_AUDIT, params)])

    @final
    async def case(self, case_id: str) -> CaseView | None:
        found = await self._read(cypher.cases.READ_CASE, {"id": case_id})
        return _view(found[0]) if found else None

    @final
    async def cases(self, which: CaseFilter, limit: int) -> list[CaseView]:
        params = {**which.params(), "limit": limit}
        return [_view(row) for row in await self._read(cypher.cases.LIST_CASES, params)]

    @final
    async def case_notes(self, case_id: str) -> list[CaseNote]:
        found = await self._read(cypher.cases.READ_CASE_NOTES, {"id": case_id})
        return [CaseNote(r.id, int(r.at), r.who, r.text) for r in found]

    @final
    async def case_audit(self, case_id: str, limit: int) -> list[rows.AuditRow]:
        return await self._read(cypher.cases.READ_CASE_AUDIT, {"id": case_id, "limit": limit})

    @final
    async def case_labels(self) -> list[CaseLabel]:
        return [
            CaseLabel(
                r.account, CaseOutcome(r.outcome), r.case, CaseSubject(r.subject), int(r.closed_at)
            )
            for r in await self._read(cypher.cases.CASE_OUTCOMES)
        ]
