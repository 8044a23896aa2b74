"""Cases and notes in the API: for investigators and admins only."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.types import Info

from graph.cases import CaseFilter, CaseNote, CaseOutcome, CaseStatus, CaseSubject, CaseView
from service import cases
from service.api.context import Context
from service.api.permissions import INVESTIGATORS, bad_input, refusing
from service.api.types import AuditRecord

MAX_CASES = 200

for _kind in (CaseSubject, CaseStatus, CaseOutcome):
    strawberry.enum(_kind)


def _when(at: int) -> datetime:
    return datetime.fromtimestamp(at, tz=UTC)


@strawberry.type(name="CaseNote")
class Note:
    id: strawberry.ID
    at: datetime
    who: str
    text: str

    @classmethod
    def of(cls, note: CaseNote) -> Note:
        return cls(id=strawberry.ID(note.id), at=_when(note.at), who=note.who, text=note.text)


@strawberry.type(description="An investigation of an account, a duplicate cluster or a ring.")
class Case:
    id: strawberry.ID
    subject: CaseSubject
    subject_id: strawberry.ID
    title: str
    status: CaseStatus
    outcome: CaseOutcome | None
    assignee: str | None = strawberry.field(description="The assigned key's id.")
    assignee_name: str | None
    opened_by: str
    opened_at: datetime
    updated_at: datetime
    members: list[strawberry.ID] = strawberry.field(
        description="The accounts the case was opened on, as they were then."
    )

    @classmethod
    def of(cls, case: CaseView) -> Case:
        return cls(
            id=strawberry.ID(case.id),
            subject=case.subject,
            subject_id=strawberry.ID(case.subject_id),
            title=case.title,
            status=case.status,
            outcome=case.outcome,
            assignee=case.assignee,
            assignee_name=case.assignee_name,
            opened_by=case.opened_by,
            opened_at=_when(case.opened_at),
            updated_at=_when(case.updated_at),
            members=[strawberry.ID(m) for m in case.members],
        )

    @strawberry.field(description="Oldest first.")
    async def notes(self, info: Info[Context, None]) -> list[Note]:
        return [Note.of(n) for n in await info.context.store.case_notes(str(self.id))]

    @strawberry.field(description="Every change to the case, newest first.")
    async def audit(self, info: Info[Context, None], first: int = 50) -> list[AuditRecord]:
        trail = await cases.case_trail(info.context.store, str(self.id), first)
        return [AuditRecord.of(e) for e in trail]


@strawberry.type(description="A key a case can be given to.")
class Assignee:
    id: strawberry.ID
    name: str
    role: str


def _caller(info: Info[Context, None]) -> tuple[str, str]:
    """The request key's id and how audit records name its person."""
    caller = info.context.known_caller()
    return caller.key_id, caller.actor


@strawberry.type
class CaseQuery:
    @strawberry.field(permission_classes=INVESTIGATORS, description="One case by id.")
    async def case(self, info: Info[Context, None], id: strawberry.ID) -> Case | None:
        found = await info.context.store.case(str(id))
        return None if found is None else Case.of(found)

    @strawberry.field(
        permission_classes=INVESTIGATORS,
        description="Cases, most recently changed first: by status, by assignee (a key id), "
        "about an account, or mine (assigned to the caller's key and not closed).",
    )
    async def cases(
        self,
        info: Info[Context, None],
        status: CaseStatus | None = None,
        assignee: str | None = None,
        account_id: strawberry.ID | None = None,
        mine: bool = False,
        first: int = 50,
    ) -> list[Case]:
        if not 1 <= first <= MAX_CASES:
            raise bad_input(f"first: between 1 and {MAX_CASES}, got {first}")
        if mine and assignee is not None:
            raise bad_input("mine: give mine or assignee, not both")
        which = CaseFilter(
            status=status,
            assignee=_caller(info)[0] if mine else assignee,
            account=None if account_id is None else str(account_id),
            open_only=mine,
        )
        return [Case.of(c) for c in await info.context.store.cases(which, first)]

    @strawberry.field(
        permission_classes=INVESTIGATORS,
        description="The investigator and admin keys a case can be assigned to.",
    )
    async def case_assignees(self, info: Info[Context, None]) -> list[Assignee]:
        return [
            Assignee(id=strawberry.ID(k.id), name=k.name, role=k.role)
            for k in await info.context.store.api_keys()
            if k.role in cases.ASSIGNABLE
        ]


@strawberry.type
class CaseMutation:
    @strawberry.mutation(
        permission_classes=INVESTIGATORS,
        description="Open a case on an account, a duplicate cluster or a ring.",
    )
    async def open_case(
        self,
        info: Info[Context, None],
        subject: CaseSubject,
        subject_id: strawberry.ID,
        title: str = "",
    ) -> Case:
        opened = cases.open_case(
            info.context.store, subject, str(subject_id), title, _caller(info)[1]
        )
        return Case.of(await refusing(opened))

    @strawberry.mutation(
        permission_classes=INVESTIGATORS,
        description="Give the case to a key (its id; caseAssignees lists them), to the "
        "caller (toMe), or to nobody (neither).",
    )
    async def assign_case(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        assignee: str | None = None,
        to_me: bool = False,
    ) -> Case:
        if to_me and assignee is not None:
            raise bad_input("toMe: give toMe or assignee, not both")
        key_id, who = _caller(info)
        target = key_id if to_me else assignee
        return Case.of(await refusing(cases.assign_case(info.context.store, str(id), target, who)))

    @strawberry.mutation(
        permission_classes=INVESTIGATORS,
        description="OPEN, IN_REVIEW, or CLOSED with an outcome and a reason.",
    )
    async def set_case_status(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        status: CaseStatus,
        outcome: CaseOutcome | None = None,
        reason: str = "",
    ) -> Case:
        change = cases.set_case_status(
            info.context.store, str(id), status, outcome, reason, _caller(info)[1]
        )
        return Case.of(await refusing(change))

    @strawberry.mutation(permission_classes=INVESTIGATORS, description="Append a note.")
    async def add_case_note(self, info: Info[Context, None], id: strawberry.ID, text: str) -> Note:
        added = cases.add_note(info.context.store, str(id), text, _caller(info)[1])
        return Note.of(await refusing(added))
