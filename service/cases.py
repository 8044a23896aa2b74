"""Investigation cases: opening, assigning, moving along and annotating them.

Every change leaves an entry on the case's own audit trail, attributed to
the key that made it; notes are append-only, like the trail.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Protocol

from graph.cases import (
    CaseNote,
    CaseOutcome,
    CaseStatus,
    CaseSubject,
    CaseView,
    transition_error,
)
from graph.store.ports import CaseBook, InvestigatorReads, KeyRing
from service.enforcement import AuditEntry, audit_entry, entries
from service.errors import ServiceError, UnknownAccount, UnknownCase
from service.keys import Role

MAX_TITLE = 200
MAX_NOTE = 10_000
ASSIGNABLE = frozenset({Role.INVESTIGATOR, Role.ADMIN})


class CaseDesk(CaseBook, InvestigatorReads, KeyRing, Protocol):
    """What case work needs of the store: cases, the subjects, the key ring."""


def _now() -> int:
    return int(datetime.now(tz=UTC).timestamp())


async def _members(
    store: InvestigatorReads, subject: CaseSubject, subject_id: str
) -> tuple[str, ...]:
    if subject is CaseSubject.ACCOUNT:
        if await store.account(subject_id) is None:
            raise UnknownAccount(subject_id)
        return (subject_id,)
    group = await (
        store.cluster(subject_id) if subject is CaseSubject.CLUSTER else store.ring(subject_id)
    )
    if group is None:
        raise ServiceError(f"subjectId: no {subject.value.lower()} {subject_id}")
    return tuple(sorted(group.members))


async def _existing(store: CaseBook, case_id: str) -> CaseView:
    found = await store.case(case_id)
    if found is None:
        raise UnknownCase(case_id)
    return found


async def _audit(
    store: CaseBook, case_id: str, who: str, what: str, before: str | None, after: str | None,
    reason: str = "", detail: str | None = None,
) -> AuditEntry:  # fmt: skip
    entry, fields = audit_entry(who, what, reason, before, after, detail)
    await store.append_case_audit(case_id, fields)
    return entry


async def open_case(
    store: CaseDesk, subject: CaseSubject, subject_id: str, title: str, who: str
) -> CaseView:
    """Open a case on an account, cluster or ring that exists now."""
    title = title.strip() or f"{subject.value.lower()} {subject_id}"
    if len(title) > MAX_TITLE:
        raise ServiceError(f"title: at most {MAX_TITLE} characters, got {len(title)}")
    at = _now()
    case = CaseView(
        id=f"case-{uuid.uuid4().hex[:16]}",
        subject=subject,
        subject_id=subject_id,
        title=title,
        status=CaseStatus.OPEN,
        outcome=None,
        assignee=None,
        assignee_name=None,
        opened_by=who,
        opened_at=at,
        updated_at=at,
        members=await _members(store, subject, subject_id),
    )
    await store.open_case(case)
    await _audit(store, case.id, who, "CASE_OPENED", None, CaseStatus.OPEN, detail=title)
    return case


async def assign_case(store: CaseDesk, case_id: str, assignee: str | None, who: str) -> CaseView:
    """Give the case to an investigator or admin key (by its id), or to nobody."""
    case = await _existing(store, case_id)
    name: str | None = None
    if assignee is not None:
        keys = {key.id: key for key in await store.api_keys() if key.role in ASSIGNABLE}
        if assignee not in keys:
            raise ServiceError(f"assignee: {assignee} is not an investigator or admin key id")
        name = keys[assignee].name or None
    await store.assign_case(case_id, assignee, name, _now())
    before = case.assignee_name or case.assignee
    await _audit(store, case_id, who, "CASE_ASSIGNED", before, name or assignee)
    return await _existing(store, case_id)


async def set_case_status(
    store: CaseDesk,
    case_id: str,
    status: CaseStatus,
    outcome: CaseOutcome | None,
    reason: str,
    who: str,
) -> CaseView:
    """Move the case along; closing it needs an outcome, reopening clears it."""
    if (problem := transition_error(status, outcome)) is not None:
        raise ServiceError(problem)
    case = await _existing(store, case_id)
    if case.status is status and case.outcome is outcome:
        raise ServiceError(f"status: the case is already {status}")
    if status is CaseStatus.CLOSED and not reason.strip():
        raise ServiceError("reason: say why the case is closed this way")
    await store.set_case_status(case_id, status, outcome, _now())
    before = _standing(case.status, case.outcome)
    after = _standing(status, outcome)
    await _audit(store, case_id, who, "CASE_STATUS", before, after, reason.strip())
    return await _existing(store, case_id)


def _standing(status: CaseStatus, outcome: CaseOutcome | None) -> str:
    return status.value if outcome is None else f"{status.value}:{outcome.value}"


async def add_note(store: CaseDesk, case_id: str, text: str, who: str) -> CaseNote:
    text = text.strip()
    if not text:
        raise ServiceError("text: a note needs some words")
    if len(text) > MAX_NOTE:
        raise ServiceError(f"text: at most {MAX_NOTE} characters, got {len(text)}")
    await _existing(store, case_id)
    note = CaseNote(f"note-{uuid.uuid4().hex[:16]}", _now(), who, text)
    await store.add_case_note(case_id, note, time.time_ns())
    await _audit(store, case_id, who, "CASE_NOTE", None, None, detail=note.id)
    return note


async def case_trail(store: CaseBook, case_id: str, limit: int = 100) -> list[AuditEntry]:
    return entries(await store.case_audit(case_id, limit))
