"""Graph views for investigators: typed nodes and edges a graph widget can draw.

Node ids are qualified by kind (``Device:dev-1``) because a device and an
account may carry the same id string. ``risk`` is 1 − score/100 for a scored
account; for a thing it is the highest risk of the accounts on it in this
view, so a device shared with a high-risk account stands out at a glance.
Hashes (email, phone, portrait, payment fingerprint) are shortened in the
label only; ``ref`` keeps the full value to search with.
"""

from __future__ import annotations

from typing import Any

import strawberry

from graph.neighborhood import ACCOUNT, View
from graph.store.ports import InvestigatorReads

HASHED_KINDS = frozenset({"Email", "Phone", "Portrait", "PaymentMethod"})
MAX_NODES = 1000
MAX_DEPTH = 3
MAX_PATH_DEPTH = 4


@strawberry.type
class GraphNode:
    id: strawberry.ID = strawberry.field(description="Kind-qualified, e.g. 'Device:dev-1'.")
    kind: str = strawberry.field(
        description="Account, Device, IP, PaymentMethod, Email, Phone, Portrait or Contract."
    )
    ref: str = strawberry.field(description="The account id, device id, address or hash.")
    label: str
    risk: float | None = strawberry.field(description="0 (none) to 1; null if never scored.")
    holders: int | None = strawberry.field(description="Accounts on this thing (not accounts).")


@strawberry.type
class GraphEdge:
    source: strawberry.ID
    target: strawberry.ID
    relation: str = strawberry.field(description="USED_DEVICE, PAYS_WITH, HIRED, …")


@strawberry.type(description="Nodes and edges ready for a graph view.")
class GraphView:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = strawberry.field(description="True when the node limit cut the view.")


async def render(store: InvestigatorReads, view: View) -> GraphView:
    accounts = [n.ref for n in view.nodes if n.kind == ACCOUNT]
    summary: dict[str, tuple[Any, Any]] = {
        row.id: (row.name, row.score) for row in await store.account_summaries(accounts)
    }
    risk: dict[str, float | None] = {}
    for n in view.nodes:
        if n.kind == ACCOUNT:
            score = summary.get(n.ref, (None, None))[1]
            risk[n.key] = None if score is None else round(1 - float(score) / 100, 3)
    for e in view.edges:
        account_risk = risk.get(e.source)
        if account_risk is not None:
            risk[e.target] = max(account_risk, risk.get(e.target) or 0.0)
    nodes = [
        GraphNode(
            id=strawberry.ID(n.key),
            kind=n.kind,
            ref=n.ref,
            label=_label(n.kind, n.ref, summary),
            risk=risk.get(n.key),
            holders=None if n.kind == ACCOUNT else n.holders,
        )
        for n in view.nodes
    ]
    edges = [
        GraphEdge(
            source=strawberry.ID(e.source), target=strawberry.ID(e.target), relation=e.relation
        )
        for e in view.edges
    ]
    return GraphView(nodes=nodes, edges=edges, truncated=view.truncated)


def _label(kind: str, ref: str, summary: dict[str, tuple[Any, Any]]) -> str:
    if kind == ACCOUNT:
        name = summary.get(ref, (None, None))[0]
        return f"{name} ({ref})" if name else ref
    if kind in HASHED_KINDS and len(ref) > 12:
        return f"{kind} {ref[:10]}…"
    return f"{kind} {ref}"
