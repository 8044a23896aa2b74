"""Investigation cases, their notes and their audit trail.

A case points at the accounts it is about (``ABOUT``) and keeps their ids in
``members`` too, so its outcome still names them once the cluster or ring it
was opened on has been recomputed. Notes and audit entries are append-only:
nothing here updates or deletes either.
"""

from __future__ import annotations

from typing import Final

from graph.cypher import rows
from graph.cypher.admin import AUDIT_FIELDS, AUDIT_NODE
from graph.cypher.query import Query, Read

# `active` is `status <> 'CLOSED'`, kept as a property so the queue can ask
# for it inside a pattern predicate (no EXISTS {} subqueries, rule 4).
CREATE_CASE: Final = Query(
    "CREATE_CASE",
    """
CREATE (c:Case {id: $id, subject: $subject, subject_id: $subject_id, title: $title,
                status: $status, active: true, opened_by: $who, opened_at: $at,
                updated_at: $at, members: $members})
WITH c
UNWIND $members AS m
MATCH (a:Account {id: m})
CREATE (c)-[:ABOUT]->(a)
""",
)

SET_CASE_STATUS: Final = Query(
    "SET_CASE_STATUS",
    """
MATCH (c:Case {id: $id})
WITH c, c.status AS was
SET c.status = $status, c.outcome = $outcome, c.active = $active, c.updated_at = $at
WITH c, was, $stamp + randomUUID() AS event
SET c.closed_at = $closed_at
FOREACH (_ IN CASE WHEN $status = 'CLOSED' AND was <> 'CLOSED' THEN [1] ELSE [] END |
    CREATE (:Outbox {id: event, type: 'case.closed', created_at: timestamp(),
                     subject: c.id, before: was, after: $status, action: $outcome,
                     members: c.members}))
""",
)

ASSIGN_CASE: Final = Query(
    "ASSIGN_CASE",
    """
MATCH (c:Case {id: $id})
SET c.assignee = $assignee, c.updated_at = $at
WITH c
SET c.assignee_name = $assignee_name
""",
)

ADD_CASE_NOTE: Final = Query(
    "ADD_CASE_NOTE",
    """
MATCH (c:Case {id: $case})
CREATE (c)-[:NOTED]->(:CaseNote {id: $id, at: $at, ns: $ns, who: $who, text: $text})
""",
)

APPEND_CASE_AUDIT: Final = Query(
    "APPEND_CASE_AUDIT",
    "MATCH (c:Case {id: $case})\nCREATE (c)-[:AUDITED]->" + AUDIT_NODE,
)

_CASE_FIELDS = """
RETURN c.id AS id, c.subject AS subject, c.subject_id AS subject_id, c.title AS title,
       c.status AS status, c.outcome AS outcome, c.assignee AS assignee,
       c.assignee_name AS assignee_name, c.opened_by AS opened_by, c.opened_at AS opened_at,
       c.updated_at AS updated_at, c.members AS members
"""

READ_CASE: Final = Read(
    "READ_CASE",
    "MATCH (c:Case {id: $id})" + _CASE_FIELDS,
    rows.CaseRow,
)

# Most recently changed first; a null filter filters nothing.
LIST_CASES: Final = Read(
    "LIST_CASES",
    """
MATCH (c:Case)
WHERE ($status IS NULL OR c.status = $status)
  AND ($assignee IS NULL OR c.assignee = $assignee)
  AND (NOT $open_only OR c.active)
  AND ($account IS NULL OR $account IN c.members)
"""
    + _CASE_FIELDS
    + """
ORDER BY updated_at DESC, id
LIMIT $limit
""",
    rows.CaseRow,
)

READ_CASE_NOTES: Final = Read(
    "READ_CASE_NOTES",
    """
MATCH (:Case {id: $id})-[:NOTED]->(n:CaseNote)
RETURN n.id AS id, n.at AS at, n.who AS who, n.text AS text
ORDER BY n.ns
""",
    rows.NoteRow,
)

READ_CASE_AUDIT: Final = Read(
    "READ_CASE_AUDIT",
    "MATCH (:Case {id: $id})-[:AUDITED]->(e:Audit)" + AUDIT_FIELDS,
    rows.AuditRow,
)

# The feedback loop: one row per account of every closed case, oldest
# closing first, so a reader keeping the last row per account keeps the latest.
CASE_OUTCOMES: Final = Read(
    "CASE_OUTCOMES",
    """
MATCH (c:Case {active: false})
UNWIND c.members AS account
RETURN account, c.outcome AS outcome, c.id AS case, c.subject AS subject,
       c.closed_at AS closed_at
ORDER BY closed_at, case, account
""",
    rows.CaseLabelRow,
)
