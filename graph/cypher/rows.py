"""The record each read returns: field names are its RETURN aliases, in order.

:meth:`graph.cypher.query.Read.records` checks the engine's column names
against these fields on every read, so a RETURN clause and its record cannot
drift apart unnoticed. Values are as the engines return them: numbers may
come back as float or int, lists as lists.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Key(NamedTuple):
    key: str


class Window(NamedTuple):
    id: str
    logins: str | None


class Ok(NamedTuple):
    ok: int


class Id(NamedTuple):
    id: str


class Count(NamedTuple):
    n: int


class Indexed(NamedTuple):
    label: str
    properties: list[str]


class IndexStatus(NamedTuple):
    label: str
    status: str


class AccountNode(NamedTuple):
    props: dict[str, Any]
    devices: list[str]
    ips: list[str]
    payments: list[str]
    emails: list[str]
    phones: list[str]
    agencies: list[str]


class LabelCount(NamedTuple):
    label: str
    n: int


class TypeCount(NamedTuple):
    type: str
    n: int


class NodeDump(NamedTuple):
    label: str
    props: dict[str, Any]


class RelationshipDump(NamedTuple):
    src_label: str
    src: dict[str, Any]
    type: str
    props: dict[str, Any]
    dst_label: str
    dst: dict[str, Any]


class ScoreHistory(NamedTuple):
    entries: list[str]  # JSON, oldest first, see graph.score_history


class StoredScore(NamedTuple):
    id: str
    score: float
    band: str
    dimensions: str  # JSON, see graph.codec
    reasons: str  # JSON, see graph.codec
    action: str | None
    cluster: str | None
    ring: str | None


class WorkSource(NamedTuple):
    source: str
    works: int
    added_at: int | None


class Expansion(NamedTuple):
    account: str
    rel: str
    kind: str
    thing: Any
    holders: int
    others: list[str]


class AccountSummary(NamedTuple):
    id: str
    name: str | None
    score: float | None
    status: str | None


class StoredAction(NamedTuple):
    action: str
    reason: str | None
    at: int
    expires_at: int | None
    by: str | None


class ClusterLink(NamedTuple):
    cluster: str
    confidence: float | None
    member: str
    other: str | None
    link_confidence: float | None
    evidence: str | None  # JSON list of evidence maps


class Group(NamedTuple):
    id: str
    confidence: float | None
    size: int | None
    members: list[str]


class ContractSide(NamedTuple):
    contract: str
    relation: str  # HIRED or WORKED_ON
    counterpart: str
    amount: float | None
    started_at: int | None
    rating_given: int | None
    rating_received: int | None


class StoredFlag(NamedTuple):
    id: str
    reason: str
    at: int | None
    reporter: str
    details: str | None
    target_kind: str | None


class Decile(NamedTuple):
    band: str
    decile: int
    n: int


class Badge(NamedTuple):
    id: str
    band: str | None
    score: float | None
    created_at: int | None
    status: str | None


class SearchHit(NamedTuple):
    id: str
    name: str | None
    kind: str | None
    band: str | None


class Risky(NamedTuple):
    id: str
    name: str | None
    kind: str | None
    score: float
    band: str
    action: str | None


class KeyRole(NamedTuple):
    role: str
    name: str | None


class ApiKeyRow(NamedTuple):
    hash: str
    role: str
    name: str | None
    created_at: int | None


class Hash(NamedTuple):
    hash: str


class At(NamedTuple):
    at: int | None


class AuditRow(NamedTuple):
    id: str
    at: int
    who: str
    what: str
    reason: str | None
    before: str | None
    after: str | None
    detail: str | None


class CaseRow(NamedTuple):
    id: str
    subject: str
    subject_id: str
    title: str | None
    status: str
    outcome: str | None
    assignee: str | None
    assignee_name: str | None
    opened_by: str
    opened_at: int
    updated_at: int
    members: list[str]


class NoteRow(NamedTuple):
    id: str
    at: int
    who: str
    text: str


class CaseLabelRow(NamedTuple):
    account: str
    outcome: str
    case: str
    subject: str
    closed_at: int


class PortfolioView(NamedTuple):
    id: str
    at: int | None
    title: str | None


class SentMessageView(NamedTuple):
    id: str
    recipient: str
    at: int | None
    length: int | None
    categories: list[str]


class TimeLogView(NamedTuple):
    id: str
    contract: str
    start: int
    end: int
    manual: bool | None
    contract_start: int | None
    contract_end: int | None


class PortraitView(NamedTuple):
    phash: str
    thumb: str | None
    not_a_photo: float | None
    first_seen: int | None
    last_seen: int | None


class ContactExcerpt(NamedTuple):
    id: str
    at: int | None
    categories: list[str]
    excerpt: str | None
