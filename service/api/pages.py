"""Paged lists for investigators: search hits, groups, riskiest accounts."""

from __future__ import annotations

import strawberry

from graph.model import AccountKind, Queue
from graph.store.ports import InvestigatorReads
from service.api.permissions import bad_input
from service.scoring import Action, Band, ReasonCode

MAX_PAGE = 100


@strawberry.type
class SearchHit:
    id: strawberry.ID
    name: str | None
    kind: str | None
    band: str | None


@strawberry.type(description="A duplicate cluster or feedback ring from the last nightly run.")
class Group:
    id: strawberry.ID
    confidence: float | None
    size: int
    members: list[strawberry.ID]


@strawberry.type(description="A page of groups; pass endCursor as `after` for the next.")
class GroupPage:
    nodes: list[Group]
    end_cursor: str | None
    has_next_page: bool


@strawberry.type
class RiskyAccount:
    id: strawberry.ID
    name: str | None
    kind: str | None
    score: float
    band: str
    recommended_action: str | None


@strawberry.type
class RiskyPage:
    nodes: list[RiskyAccount]
    end_cursor: str | None
    has_next_page: bool
    total: int = strawberry.field(description="Accounts matching the filters, on every page.")


BANDS = tuple(Band)


def queue_of(
    band: str | None,
    reason_code: str | None,
    recommended_action: str | None,
    kind: str | None,
    country: str | None,
    unreviewed: bool,
) -> Queue:
    """The filters, checked: a value that can match nothing is the caller's mistake."""
    checks = (
        ("band", band, BANDS),
        ("reasonCode", reason_code, tuple(ReasonCode)),
        ("recommendedAction", recommended_action, tuple(Action)),
        ("kind", kind, tuple(AccountKind)),
    )
    for name, value, allowed in checks:
        if value is not None and value not in allowed:
            raise bad_input(f"{name}: one of {', '.join(allowed)}, got {value!r}")
    if country is not None and not (len(country) == 2 and country.isalpha()):
        raise bad_input(f"country: a two-letter ISO code, got {country!r}")
    return Queue(
        band=band,
        kind=kind,
        country=country.upper() if country else None,
        action=recommended_action,
        reason=reason_code,
        unreviewed=unreviewed,
    )


async def _risky_page(
    store: InvestigatorReads, queue: Queue, first: int, after: str | None
) -> RiskyPage:
    if not 1 <= first <= MAX_PAGE:
        raise bad_input(f"first: between 1 and {MAX_PAGE}, got {first}")
    after_score, after_id = -1.0, ""
    if after:
        score_text, _, after_id = after.partition("|")
        try:
            after_score = float(score_text)
        except ValueError:
            raise bad_input("after: not a cursor returned by this field") from None
    rows = await store.riskiest(queue, after_score, after_id, first + 1)
    nodes = [
        RiskyAccount(
            id=strawberry.ID(i),
            name=name,
            kind=kind,
            score=float(score),
            band=b,
            recommended_action=action,
        )
        for i, name, kind, score, b, action in rows[:first]
    ]
    cursor = f"{nodes[-1].score}|{nodes[-1].id}" if nodes else None
    total = await store.queue_size(queue)
    return RiskyPage(nodes=nodes, end_cursor=cursor, has_next_page=len(rows) > first, total=total)


async def _group_page(
    store: InvestigatorReads, kind: str, first: int, after: str | None
) -> GroupPage:
    if not 1 <= first <= MAX_PAGE:
        raise bad_input(f"first: between 1 and {MAX_PAGE}, got {first}")
    rows = await store.groups(kind, after or "", first + 1)
    nodes = [
        Group(
            id=strawberry.ID(gid),
            confidence=None if confidence is None else float(confidence),
            size=int(size or len(members)),
            members=[strawberry.ID(m) for m in sorted(members)],
        )
        for gid, confidence, size, members in rows[:first]
    ]
    return GroupPage(
        nodes=nodes,
        end_cursor=str(nodes[-1].id) if nodes else None,
        has_next_page=len(rows) > first,
    )
