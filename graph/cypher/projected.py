"""The records of the projection's reads (graph.cypher.projection): one per
kind of fact the nightly rescore pulls in bulk; fields are the RETURN aliases."""

from __future__ import annotations

from typing import NamedTuple


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
    email_domain: str | None  # keyed hash


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
    with the signatures identity.signatures.WORK_SIGNATURES names."""

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


class ProjectedTimeLogs(NamedTuple):
    freelancer: str
    logs: list[str]  # packed, one a log (graph.hours.decode)


class ProjectedSent(NamedTuple):
    sender: str
    sent: list[str]  # packed, one a message (graph.spam.decode)


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
