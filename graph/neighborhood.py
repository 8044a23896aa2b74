"""An account's neighbourhood and the shortest connection between two accounts.

The graph an investigator looks at is bipartite: accounts on one side, the
things they touch on the other (devices, IPs, payment fingerprints, email and
phone hashes, portraits, contracts). One *hop* goes from an account through
one thing to the other accounts on it, so ``depth`` and ``max_depth`` count
account-to-account steps: depth 1 is "who shares anything with this account".

Both searches are breadth-first over an ``expand`` step supplied by the store
(one query per frontier, not per node), and stop early: ``neighborhood`` at
``limit`` nodes, ``connection`` as soon as the target is reached. A crowded
thing (an office IP, a mobile carrier's NAT) contributes at most ``cap``
holders per expansion; it is still shown, with its true holder count, but a
graph view of 300 strangers on one IP helps nobody.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

ACCOUNT = "Account"


@dataclass(frozen=True)
class Hop:
    """One row of an expansion: ``account`` -[relation]-> ``thing`` <- ``others``."""

    account: str
    relation: str
    kind: str
    thing: str
    holders: int
    others: tuple[str, ...]


@dataclass(frozen=True)
class Node:
    kind: str
    ref: str
    holders: int = 0

    @property
    def key(self) -> str:
        """Unique across kinds: a device and an account may share an id string."""
        return f"{self.kind}:{self.ref}"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    relation: str


@dataclass(frozen=True)
class View:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    truncated: bool


Expand = Callable[[Sequence[str]], Awaitable[list[Hop]]]

# What an account touches, as the graph names it (graph.cypher.views.EXPAND_ACCOUNTS).
RELATIONS = (
    "USED_DEVICE",
    "LOGGED_IN_FROM",
    "PAYS_WITH",
    "HAS_EMAIL",
    "HAS_PHONE",
    "HAS_PORTRAIT",
    "HIRED",
    "WORKED_ON",
)

# A thing held by more accounts than this is a public place (the duplicate
# detector's crowd: graph.duplicates.DuplicateConfig.crowd).
CROWD = 10


@dataclass(frozen=True)
class Follow:
    """Which hops a view follows: the relations named (None: all), and
    crowded things only when asked (an office IP links strangers)."""

    relations: frozenset[str] | None = None
    crowded: bool = False

    def admits(self, hop: Hop) -> bool:
        if self.relations is not None and hop.relation not in self.relations:
            return False
        return self.crowded or hop.holders + 1 <= CROWD


def following(expand: Expand, follow: Follow) -> Expand:
    """``expand`` with the hops ``follow`` leaves out taken away."""

    async def filtered(accounts: Sequence[str]) -> list[Hop]:
        return [hop for hop in await expand(accounts) if follow.admits(hop)]

    return filtered


async def neighborhood(expand: Expand, account: str, depth: int, limit: int) -> View:
    """Accounts within ``depth`` hops and the things linking them, at most ``limit`` nodes."""
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str, str], Edge] = {}
    start = Node(ACCOUNT, account)
    nodes[start.key] = start
    frontier = [account]
    seen_accounts = {account}
    truncated = False
    for _ in range(depth):
        if not frontier or truncated:
            break
        hops = await expand(frontier)
        following: list[str] = []
        for hop in hops:
            thing = Node(hop.kind, hop.thing, hop.holders + 1)
            new = [Node(ACCOUNT, o) for o in hop.others if o not in seen_accounts]
            needed = (thing.key not in nodes) + len(new)
            if len(nodes) + needed > limit:
                truncated = True
                break
            nodes.setdefault(thing.key, thing)
            _link(edges, Node(ACCOUNT, hop.account), thing, hop.relation)
            for other in hop.others:
                _link(edges, Node(ACCOUNT, other), thing, their_relation(hop.relation))
            for node in new:
                nodes[node.key] = node
                seen_accounts.add(node.ref)
                following.append(node.ref)
        frontier = following
    # edges to accounts cut off by the limit would dangle in a graph view
    kept = tuple(e for e in edges.values() if e.source in nodes and e.target in nodes)
    return View(tuple(nodes.values()), kept, truncated)


def _link(edges: dict[tuple[str, str, str], Edge], a: Node, thing: Node, relation: str) -> None:
    edges.setdefault((a.key, thing.key, relation), Edge(a.key, thing.key, relation))


def their_relation(relation: str) -> str:
    """How the other holders reach the thing: the same way for an identifier,
    the other side for a contract (one client HIRED, one freelancer WORKED_ON)."""
    return {"HIRED": "WORKED_ON", "WORKED_ON": "HIRED"}.get(relation, relation)


async def connection(expand: Expand, source: str, target: str, max_depth: int) -> View | None:
    """The shortest chain account–thing–account–… from ``source`` to ``target``.

    ``None`` when there is none within ``max_depth`` hops. Ties go to the
    first path found in id order, so the answer is the same on every run.
    """
    if source == target:
        return View((Node(ACCOUNT, source),), (), False)
    # parent[account] = (previous account, the thing between them)
    parent: dict[str, tuple[str, Hop]] = {}
    seen = {source}
    frontier = [source]
    for _ in range(max_depth):
        if not frontier:
            return None
        following: list[str] = []
        for hop in await expand(sorted(frontier)):
            for other in hop.others:
                if other in seen:
                    continue
                seen.add(other)
                parent[other] = (hop.account, hop)
                following.append(other)
                if other == target:
                    return _path(parent, source, target)
        frontier = following
    return None


def _path(parent: dict[str, tuple[str, Hop]], source: str, target: str) -> View:
    nodes: list[Node] = [Node(ACCOUNT, target)]
    edges: list[Edge] = []
    here = target
    while here != source:
        before, hop = parent[here]
        thing = Node(hop.kind, hop.thing, hop.holders + 1)
        edges.append(Edge(f"{ACCOUNT}:{here}", thing.key, their_relation(hop.relation)))
        edges.append(Edge(f"{ACCOUNT}:{before}", thing.key, hop.relation))
        nodes += [thing, Node(ACCOUNT, before)]
        here = before
    return View(tuple(reversed(nodes)), tuple(reversed(edges)), False)
