"""Reads behind the investigator's pages: accounts, their evidence, graph
views, search and queues. Each is one named query, returned as records the
API shapes directly.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, final

from graph import cypher, logins
from graph.codec import (
    LinkEvidence,
    ScoreRecord,
    decode_dimensions,
    decode_link_evidence,
    decode_reasons,
)
from graph.cypher import rows
from graph.model import AccountRecord, Queue
from graph.names import search_key
from graph.neighborhood import Hop
from graph.store.runner import WindowReads

# an account's actions and the flags against it, as the store returns them
ActionEntry = rows.StoredAction
FlagEntry = rows.StoredFlag
PortraitEntry = rows.PortraitView
ContactEntry = rows.ContactExcerpt


@dataclass(frozen=True)
class PersonLink:
    a: str
    b: str
    confidence: float
    evidence: tuple[LinkEvidence, ...]


@dataclass(frozen=True)
class ClusterView:
    id: str
    confidence: float | None
    members: tuple[str, ...]
    links: tuple[PersonLink, ...]


@dataclass(frozen=True)
class GroupEntry:
    id: str
    confidence: float | None
    size: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class ContractEntry:
    id: str
    role: str  # CLIENT (hired) or FREELANCER (worked on)
    counterpart: str
    amount: float | None
    started_at: int | None
    rating_given: int | None
    rating_received: int | None


def effective_status(props: Mapping[str, Any], now: float | None = None) -> str:
    """A timed restriction is lifted by itself once its end has passed."""
    status = str(props.get("status") or "ACTIVE")
    until = props.get("status_until")
    now = time.time() if now is None else now
    if status == "RESTRICTED" and until is not None and int(until) <= now:
        return "ACTIVE"
    return status


def _stored_score(props: Mapping[str, Any]) -> ScoreRecord | None:
    if props.get("score") is None:
        return None
    return ScoreRecord(
        account=props["id"],
        score=props["score"],
        band=props.get("band") or "",
        dimensions=decode_dimensions(props.get("dimensions")),
        reasons=decode_reasons(props.get("reasons")),
        recommended_action=props.get("recommended_action"),
        duplicate_cluster=props.get("duplicate_cluster"),
        ring=props.get("ring"),
    )


class ViewReads(WindowReads):
    @final
    async def account(self, account_id: str) -> AccountRecord | None:
        found = await self._read(cypher.reads.READ_ACCOUNT, {"id": account_id})
        if not found:
            return None
        row = found[0]
        props = dict(row.props)
        (window,) = await self._windows([account_id], [props.get("recent_logins")])
        return AccountRecord(
            id=props["id"],
            kind=props.get("kind"),
            name=props.get("name"),
            country=props.get("country"),
            created_at=props.get("created_at"),
            status=effective_status(props),
            agency=min(row.agencies) if row.agencies else None,
            devices=sorted(row.devices),
            ips=sorted(row.ips),
            payment_fingerprints=sorted(row.payments),
            email_hashes=sorted(row.emails),
            phone_hashes=sorted(row.phones),
            recent_logins=[logins.decode(e) for e in logins.unpack(window)],
            score=_stored_score(props),
        )

    @final
    async def search(self, q: str, limit: int) -> list[rows.SearchHit]:
        hits = await self._read(cypher.views.SEARCH_BY_ID, {"q": q})
        seen = {hit.id for hit in hits}
        for query, params in (
            (cypher.views.SEARCH_BY_NAME, {"q": q, "limit": limit}),
            (cypher.views.SEARCH_IN_NAME, {"q": search_key(q), "limit": limit}),
        ):
            if len(hits) >= limit:
                break
            for hit in await self._read(query, params):
                if hit.id not in seen:
                    seen.add(hit.id)
                    hits.append(hit)
        return hits[:limit]

    @final
    async def holders(self, kind: str, digest: str, limit: int) -> list[rows.SearchHit]:
        query = {
            "email": cypher.views.SEARCH_BY_EMAIL,
            "phone": cypher.views.SEARCH_BY_PHONE,
            "payment": cypher.views.SEARCH_BY_PAYMENT,
        }[kind]
        return await self._read(query, {"hash": digest, "limit": limit})

    @final
    async def groups(self, kind: str, after: str, limit: int) -> list[rows.Group]:
        query = cypher.views.LIST_CLUSTERS if kind == "cluster" else cypher.views.LIST_RINGS
        return await self._read(query, {"after": after, "limit": limit})

    @final
    async def riskiest(
        self, queue: Queue, after_score: float, after_id: str, limit: int
    ) -> list[rows.Risky]:
        params = {
            **queue.params(),
            "after_score": after_score,
            "after_id": after_id,
            "limit": limit,
        }
        return await self._read(cypher.views.RISKIEST_ACCOUNTS, params)

    @final
    async def queue_size(self, queue: Queue) -> int:
        found = await self._read(cypher.views.COUNT_QUEUE, queue.params())
        return int(found[0].n) if found else 0

    @final
    async def expand(self, accounts: Sequence[str], cap: int = 50) -> list[Hop]:
        params = {"ids": list(accounts), "cap": cap}
        return [
            Hop(r.account, r.rel, r.kind, str(r.thing), int(r.holders), tuple(r.others))
            for r in await self._read(cypher.views.EXPAND_ACCOUNTS, params)
        ]

    @final
    async def account_summaries(self, ids: Sequence[str]) -> list[rows.AccountSummary]:
        return await self._read(cypher.views.ACCOUNT_SUMMARIES, {"ids": list(ids)})

    @final
    async def score_distribution(self) -> list[rows.Decile]:
        return await self._read(cypher.views.SCORE_DISTRIBUTION)

    @final
    async def account_actions(self, account: str, limit: int) -> list[ActionEntry]:
        return await self._read(cypher.views.ACCOUNT_ACTIONS, {"id": account, "limit": limit})

    @final
    async def account_cluster(self, account: str) -> ClusterView | None:
        found = await self._read(cypher.views.ACCOUNT_CLUSTER, {"id": account})
        if not found:
            return None
        members = sorted({r.member for r in found})
        links = tuple(
            PersonLink(r.member, r.other, float(r.link_confidence or 0.0),
                       decode_link_evidence(r.evidence))
            for r in found
            if r.other is not None and r.other in members
        )  # fmt: skip
        return ClusterView(found[0].cluster, found[0].confidence, tuple(members), links)

    @final
    async def cluster(self, cluster_id: str) -> ClusterView | None:
        found = await self._read(cypher.views.CLUSTER_MEMBER, {"id": cluster_id})
        return await self.account_cluster(found[0].id) if found else None

    @final
    async def ring(self, ring_id: str) -> GroupEntry | None:
        found = await self._read(cypher.views.RING_BY_ID, {"id": ring_id})
        if not found:
            return None
        r = found[0]
        return GroupEntry(r.id, r.confidence, int(r.size or 0), tuple(sorted(r.members)))

    @final
    async def account_rings(self, account: str) -> list[GroupEntry]:
        return [
            GroupEntry(r.id, r.confidence, int(r.size or 0), tuple(sorted(r.members)))
            for r in await self._read(cypher.views.ACCOUNT_RINGS, {"id": account})
        ]

    @final
    async def account_contracts(self, account: str, limit: int) -> list[ContractEntry]:
        params = {"id": account, "limit": limit}
        return [
            ContractEntry(
                r.contract,
                "CLIENT" if r.relation == "HIRED" else "FREELANCER",
                r.counterpart,
                r.amount,
                r.started_at,
                r.rating_given,
                r.rating_received,
            )
            for r in await self._read(cypher.views.ACCOUNT_CONTRACTS, params)
        ]

    @final
    async def account_flags(self, account: str, limit: int) -> list[FlagEntry]:
        return await self._read(cypher.views.ACCOUNT_FLAGS, {"id": account, "limit": limit})

    @final
    async def account_contact_attempts(
        self, account: str, now: int, limit: int
    ) -> list[tuple[str, ContactEntry]]:
        params = {"id": account, "now": now, "limit": limit}
        found = [
            (kind, row)
            for kind, read in (
                ("MESSAGE", cypher.views.ACCOUNT_CONTACT_MESSAGES),
                ("JOB_POST", cypher.views.ACCOUNT_CONTACT_POSTS),
            )
            for row in await self._read(read, params)
        ]
        return sorted(found, key=lambda item: (-int(item[1].at or 0), item[1].id))[:limit]

    @final
    async def account_portraits(self, account: str, limit: int) -> list[PortraitEntry]:
        return await self._read(cypher.views.ACCOUNT_PORTRAITS, {"id": account, "limit": limit})

    @final
    async def account_portfolio(self, account: str, limit: int) -> list[rows.PortfolioView]:
        return await self._read(cypher.views.ACCOUNT_PORTFOLIO, {"id": account, "limit": limit})

    @final
    async def account_sent_messages(self, account: str, limit: int) -> list[rows.SentMessageView]:
        return await self._read(cypher.views.ACCOUNT_SENT_MESSAGES, {"id": account, "limit": limit})

    @final
    async def account_time_logs(self, account: str, limit: int) -> list[rows.TimeLogView]:
        return await self._read(cypher.views.ACCOUNT_TIME_LOGS, {"id": account, "limit": limit})
