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


class StoredScore(NamedTuple):
    id: str
    score: float
    band: str
    dimensions: str  # JSON, see graph.codec
    reasons: str  # JSON, see graph.codec
    action: str | None
    cluster: str | None
    ring: str | None


class ProjectedAccount(NamedTuple):
    id: str
    kind: str | None
    name: str | None
    country: str | None
    created_at: int | None
    status: str | None
    logins: str | None  # the login window (graph.logins), where the account holds it
    score: float | None
    reasons: str | None


class Holding(NamedTuple):
    """An account and one identifier value it holds."""

    account: str
    value: str


class IpHolding(NamedTuple):
    account: str
    value: str
    prefix: str | None


class ProjectedPortrait(NamedTuple):
    """A portrait link; after ``last_seen`` come graph.model.PORTRAIT_SIGNATURES."""

    account: str
    phash: str
    dhash: str
    whash: str | None
    not_a_photo: float | None
    last_seen: int | None
    trimmed: str | None
    on_black: str | None
    colour: str | None
    segments: str | None
    circled: str | None
    inner: str | None
    turned: str | None


class Membership(NamedTuple):
    member: str
    agency: str


class ProjectedAction(NamedTuple):
    account: str
    action: str
    reason: str | None
    at: int
    expires_at: int | None


class GroupMember(NamedTuple):
    id: str
    account: str


class ContactRow(NamedTuple):
    sender: str
    recipient: str | None  # None for a job post
    id: str
    at: int | None
    categories: list[str]
    policy: list[str] | None  # None before the text policy existed


class ProjectedWork(NamedTuple):
    """A portfolio item (owner and id) or a registered work (source and key),
    with the signatures graph.model.WORK_SIGNATURES names."""

    owner: str
    id: str
    at: int | None
    phash: str
    dhash: str
    whash: str
    trimmed: str | None
    colour: str | None
    circled: str | None
    inner: str | None
    turned: str | None


class ProjectedTimeLog(NamedTuple):
    freelancer: str
    id: str
    contract: str
    start: int
    end: int
    manual: bool
    contract_start: int | None
    contract_end: int | None


class WorkSource(NamedTuple):
    source: str
    works: int
    added_at: int | None


class Hire(NamedTuple):
    client: str
    freelancer: str
    started_at: int


class ProjectedReview(NamedTuple):
    contract: str
    client: str
    freelancer: str
    rating: int
    amount: float | None
    at: int
    score: float | None


class ProjectedFlag(NamedTuple):
    id: str
    reporter: str
    target: str
    reason: str
    at: int


class StoredVerdict(NamedTuple):
    account: str
    code: str
    evidence: str
    decision: str
    fingerprint: str | None


class StoredLogo(NamedTuple):
    brand: str
    variant: str
    signature: str
    segments: str | None


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
