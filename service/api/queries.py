"""The root Query: badges for the frontend, everything else for investigators."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import strawberry
from strawberry.types import Info

from graph import neighborhood as hops
from graph.store.ports import InvestigatorReads
from service.api.admin import AdminQuery
from service.api.admin_hooks import HooksQuery
from service.api.badges import MAX_BADGES, TrustBadge
from service.api.cases import CaseQuery
from service.api.context import Context
from service.api.evidence import DuplicateCluster, RingMembership
from service.api.graphview import MAX_DEPTH, MAX_NODES, MAX_PATH_DEPTH, GraphView, render
from service.api.pages import (
    MAX_PAGE,
    GroupPage,
    RiskyPage,
    SearchHit,
    _group_page,
    _risky_page,
    queue_of,
)
from service.api.permissions import BADGE_READERS, INVESTIGATORS, bad_input, not_found
from service.api.types import Account, AuditRecord
from service.enforcement import audit_log


@strawberry.type
class InvestigatorQuery:
    @strawberry.field(permission_classes=BADGE_READERS, description="One account's badge.")
    async def trust_badge(
        self, info: Info[Context, None], account_id: strawberry.ID
    ) -> TrustBadge | None:
        result: TrustBadge | None = await info.context.badges.load(str(account_id))
        return result

    @strawberry.field(
        permission_classes=BADGE_READERS, description=f"Up to {MAX_BADGES} badges at once."
    )
    async def trust_badges(
        self, info: Info[Context, None], account_ids: list[strawberry.ID]
    ) -> list[TrustBadge | None]:
        if len(account_ids) > MAX_BADGES:
            raise bad_input(f"accountIds: at most {MAX_BADGES} ids, got {len(account_ids)}")
        loaded: list[TrustBadge | None] = await info.context.badges.load_many(
            [str(i) for i in account_ids]
        )
        return loaded

    @strawberry.field(
        permission_classes=INVESTIGATORS,
        description=(
            "By exact account id, by any part of a name in any case, or by an email, a "
            "phone (with its + country code) or a card or bank number: normalised and "
            "hashed as at ingest, never stored or logged, then matched to its holders."
        ),
    )
    async def search(
        self, info: Info[Context, None], query: str, first: int = 20
    ) -> list[SearchHit]:
        if not query.strip():
            raise bad_input("query: empty")
        if not 1 <= first <= MAX_PAGE:
            raise bad_input(f"first: between 1 and {MAX_PAGE}, got {first}")
        store = info.context.store
        rows = await store.search(query.strip(), first)
        seen = {row.id for row in rows}
        for kind, digest in info.context.hasher.candidates(query):
            for row in await store.holders(kind, digest, first):
                if row.id not in seen:
                    seen.add(row.id)
                    rows.append(row)
        return [
            SearchHit(id=strawberry.ID(r.id), name=r.name, kind=r.kind, band=r.band)
            for r in rows[:first]
        ]

    @strawberry.field(
        permission_classes=INVESTIGATORS,
        description=(
            "The queue: lowest scores first, in one band (null: every band), narrowed by "
            "reason code, recommended action, kind, country, and to accounts nobody has "
            "acted on yet (unreviewed: no audit record), or to the accounts of the "
            "caller's open cases (myCases)."
        ),
    )
    async def riskiest_accounts(
        self,
        info: Info[Context, None],
        band: str | None = "HIGH_RISK",
        first: int = 20,
        after: str | None = None,
        reason_code: str | None = None,
        recommended_action: str | None = None,
        kind: str | None = None,
        country: str | None = None,
        unreviewed: bool = False,
        my_cases: bool = False,
    ) -> RiskyPage:
        queue = queue_of(band, reason_code, recommended_action, kind, country, unreviewed)
        if my_cases:
            queue = dataclasses.replace(queue, assignee=info.context.known_caller().key_id)
        return await _risky_page(info.context.store, queue, first, after)

    @strawberry.field(permission_classes=INVESTIGATORS)
    async def duplicate_clusters(
        self, info: Info[Context, None], first: int = 20, after: str | None = None
    ) -> GroupPage:
        return await _group_page(info.context.store, "cluster", first, after)

    @strawberry.field(permission_classes=INVESTIGATORS)
    async def feedback_rings(
        self, info: Info[Context, None], first: int = 20, after: str | None = None
    ) -> GroupPage:
        return await _group_page(info.context.store, "ring", first, after)

    @strawberry.field(permission_classes=INVESTIGATORS, description="Newest first.")
    async def audit_log(
        self, info: Info[Context, None], account_id: strawberry.ID, first: int = 50
    ) -> list[AuditRecord]:
        if not 1 <= first <= MAX_PAGE:
            raise bad_input(f"first: between 1 and {MAX_PAGE}, got {first}")
        return [
            AuditRecord.of(e) for e in await audit_log(info.context.store, str(account_id), first)
        ]

    @strawberry.field(permission_classes=INVESTIGATORS, description="One account by id.")
    async def account(self, info: Info[Context, None], id: strawberry.ID) -> Account | None:
        store: InvestigatorReads = info.context.store
        record = await store.account(str(id))
        return None if record is None else Account.from_record(record)

    @strawberry.field(
        permission_classes=INVESTIGATORS,
        description="A same-person cluster by id, with the evidence of every link.",
    )
    async def duplicate_cluster(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> DuplicateCluster | None:
        found = await info.context.store.cluster(str(id))
        return None if found is None else DuplicateCluster.of(found)

    @strawberry.field(permission_classes=INVESTIGATORS, description="A feedback ring by id.")
    async def feedback_ring(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> RingMembership | None:
        found = await info.context.store.ring(str(id))
        return None if found is None else RingMembership.of(found)

    @strawberry.field(
        permission_classes=INVESTIGATORS,
        description=f"Accounts within depth (1..{MAX_DEPTH}) shared things of this one, "
        f"and those things; at most limit (1..{MAX_NODES}) nodes. Follows only the "
        "relations named (default all) and, unless includeCrowded, no thing held by more "
        f"than {hops.CROWD} accounts (an office IP, a carrier's NAT).",
    )
    async def neighborhood(
        self,
        info: Info[Context, None],
        account_id: strawberry.ID,
        depth: int = 1,
        limit: int = 200,
        relations: list[str] | None = None,
        include_crowded: bool = False,
    ) -> GraphView | None:
        follow = _follow(relations, include_crowded)
        if not 1 <= depth <= MAX_DEPTH:
            raise bad_input(f"depth: between 1 and {MAX_DEPTH}, got {depth}")
        if not 1 <= limit <= MAX_NODES:
            raise bad_input(f"limit: between 1 and {MAX_NODES}, got {limit}")
        store: InvestigatorReads = info.context.store
        if not await store.account_summaries([str(account_id)]):
            return None
        expand = hops.following(store.expand, follow)
        return await render(store, await hops.neighborhood(expand, str(account_id), depth, limit))

    @strawberry.field(
        permission_classes=INVESTIGATORS,
        description="The shortest chain of shared devices, payments, contracts… between two "
        f"accounts, within maxDepth (1..{MAX_PATH_DEPTH}) hops; null if there is none. "
        "relations and includeCrowded as for neighborhood.",
    )
    async def connection(
        self,
        info: Info[Context, None],
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        max_depth: int = 3,
        relations: list[str] | None = None,
        include_crowded: bool = False,
    ) -> GraphView | None:
        follow = _follow(relations, include_crowded)
        if not 1 <= max_depth <= MAX_PATH_DEPTH:
            raise bad_input(f"maxDepth: between 1 and {MAX_PATH_DEPTH}, got {max_depth}")
        store: InvestigatorReads = info.context.store
        # null means "no path": an id that names no account must not read as one
        for name, account_id in (("from", from_), ("to", to)):
            if await store.account(str(account_id)) is None:
                raise not_found(f"{name}: no account {account_id}")
        expand = hops.following(store.expand, follow)
        path = await hops.connection(expand, str(from_), str(to), max_depth)
        return None if path is None else await render(store, path)


def _follow(relations: list[str] | None, include_crowded: bool) -> hops.Follow:
    """Which hops a graph view follows: the relations named (checked) and,
    only when asked, things held by more than hops.CROWD accounts."""
    if relations is not None:
        unknown = sorted(set(relations) - set(hops.RELATIONS))
        if unknown or not relations:
            got = ", ".join(unknown) or "none"
            raise bad_input(f"relations: some of {', '.join(hops.RELATIONS)}; got {got}")
    chosen = None if relations is None else frozenset(relations)
    return hops.Follow(chosen, include_crowded)


@strawberry.type
class Query(InvestigatorQuery, CaseQuery, AdminQuery, HooksQuery):
    pass
