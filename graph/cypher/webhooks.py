"""Webhook subscriptions, the outbox and its deliveries, and the admin trail.

The outbox is a queue of ``Outbox`` nodes. Each is created by the statement
that makes the change it announces (``write_back.WRITE_SCORES``,
``writes.MERGE_ACTIONS``, ``cases.SET_CASE_STATUS``,
:data:`ANNOUNCE_EXPIRIES`), so a change and its event land together or not
at all. :data:`FAN_OUT` then gives the event a ``WAITS_FOR`` relationship
to each subscription that wants it: the delivery, whose state (attempts, next
try, last error, dead or pending) sits on the relationship, which either
engine updates without touching any node (rule 10 of :mod:`graph.cypher`).
A delivered delivery is deleted; an event no delivery points at any more is
pruned.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from graph.cypher import rows
from graph.cypher.admin import AUDIT_FIELDS, AUDIT_NODE
from graph.cypher.query import Query, Read

# what an Outbox node holds, for the sender to build a payload from
_EVENT_FIELDS = """e.id AS id, e.type AS type, e.created_at AS created_at, e.account AS account,
       e.before AS before, e.after AS after, e.score AS score, e.action AS action,
       e.at AS at, e.expires_at AS expires_at, e.subject AS subject, e.members AS members"""


class SubscriptionRow(NamedTuple):
    id: str
    url: str
    events: list[str]
    secret: str  # encrypted (service.webhooks.secrets)
    created_at: int
    created_by: str
    description: str | None
    parallel: int  # calls in flight; above 1, order holds per account only


class DeliveryRow(NamedTuple):
    subscription: str
    attempts: int
    next_at: float  # epoch seconds
    since: float | None  # its first failure, epoch seconds
    status: str
    error: str | None
    id: str
    type: str
    created_at: int  # epoch milliseconds
    account: str | None
    before: str | None
    after: str | None
    score: float | None
    action: str | None
    at: int | None
    expires_at: int | None
    subject: str | None  # a case's id
    members: list[str] | None


class HeldRow(NamedTuple):
    """A delivery backing off after a failure: what it holds back."""

    id: str
    created_at: int  # epoch milliseconds
    account: str | None
    subject: str | None


class PendingStat(NamedTuple):
    subscription: str
    status: str  # pending | dead
    n: int
    oldest: int  # the oldest event's created_at (epoch ms)


class LeaseRow(NamedTuple):
    holder: str
    until: int


MERGE_SUBSCRIPTION: Final = Query(
    "MERGE_SUBSCRIPTION",
    """
CREATE (:Subscription {id: $id, url: $url, events: $events, secret: $secret,
                       created_at: $at, created_by: $by, description: $description,
                       parallel: $parallel})
""",
)

READ_SUBSCRIPTIONS: Final = Read(
    "READ_SUBSCRIPTIONS",
    """
MATCH (s:Subscription)
RETURN s.id AS id, s.url AS url, s.events AS events, s.secret AS secret,
       s.created_at AS created_at, s.created_by AS created_by, s.description AS description,
       coalesce(s.parallel, 1) AS parallel
ORDER BY s.created_at, s.id
""",
    SubscriptionRow,
)

# its pending and dead deliveries go with it; events then left without any
# are pruned by the sender
DELETE_SUBSCRIPTION: Final = Query(
    "DELETE_SUBSCRIPTION",
    """
MATCH (s:Subscription {id: $id})
DETACH DELETE s
""",
)

# A test event goes to one subscription only, already fanned out.
ENQUEUE_TEST: Final = Query(
    "ENQUEUE_TEST",
    """
MATCH (s:Subscription {id: $subscription})
CREATE (e:Outbox {id: $id, type: 'webhook.test', created_at: timestamp(), fanned: true})
CREATE (e)-[:WAITS_FOR {status: 'pending', attempts: 0, next_at: 0}]->(s)
""",
)

# Oldest unfanned events first, each to every subscription that wants its
# type; marked fanned in the same statement, so none is fanned twice.
COUNT_UNFANNED: Final = Read(
    "COUNT_UNFANNED",
    """
MATCH (e:Outbox)
WHERE e.fanned IS NULL
RETURN count(e) AS n
""",
    rows.Count,
)

FAN_OUT: Final = Query(
    "FAN_OUT",
    """
MATCH (e:Outbox)
WHERE e.fanned IS NULL
WITH e ORDER BY e.created_at, e.id LIMIT $limit
SET e.fanned = true
WITH e
OPTIONAL MATCH (s:Subscription)
WHERE e.type IN s.events
FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END |
    CREATE (e)-[:WAITS_FOR {status: 'pending', attempts: 0, next_at: 0}]->(s))
""",
)

# A subscription's deliveries backing off after a failure: each holds back
# the later events of its account (or case), or, in strict order, all of them.
READ_HELD: Final = Read(
    "READ_HELD",
    """
MATCH (s:Subscription {id: $subscription})<-[d:WAITS_FOR]-(e:Outbox)
WHERE d.status = 'pending' AND d.next_at > $now
RETURN e.id AS id, e.created_at AS created_at, e.account AS account, e.subject AS subject
""",
    HeldRow,
)

# A subscription's oldest deliveries due now, but those of the accounts and
# cases a backing-off delivery holds back (order is by created_at).
READ_DUE: Final = Read(
    "READ_DUE",
    """
MATCH (s:Subscription {id: $subscription})<-[d:WAITS_FOR]-(e:Outbox)
WHERE d.status = 'pending' AND d.next_at <= $now
  AND NOT coalesce(e.account, '') IN $held_accounts
  AND NOT coalesce(e.subject, '') IN $held_subjects
RETURN s.id AS subscription, d.attempts AS attempts, d.next_at AS next_at,
       d.since AS since, d.status AS status, d.error AS error, """
    + _EVENT_FIELDS
    + """
ORDER BY e.created_at, e.id
LIMIT $limit
""",
    DeliveryRow,
)

# From the event (one relationship), not from the subscription (all of its
# queue): the filter on the subscription comes after a WITH, where FalkorDB
# would otherwise start from its id index and walk the whole queue per row
# (~9 ms a row at 10,000 queued, bench/webhooks.py).
ACK_DELIVERED: Final = Query(
    "ACK_DELIVERED",
    """
UNWIND $ids AS id
MATCH (e:Outbox {id: id})-[d:WAITS_FOR]->(s:Subscription)
WITH d, s
WHERE s.id = $subscription
DELETE d
""",
)

RECORD_FAILURE: Final = Query(
    "RECORD_FAILURE",
    """
MATCH (e:Outbox {id: $id})-[d:WAITS_FOR]->(s:Subscription)
WITH d, s
WHERE s.id = $subscription
SET d.attempts = $attempts, d.next_at = $next_at, d.error = $error, d.status = $status,
    d.since = coalesce(d.since, $now)
""",
)

READ_FAILED: Final = Read(
    "READ_FAILED",
    """
MATCH (s:Subscription)<-[d:WAITS_FOR]-(e:Outbox)
WHERE d.attempts > 0 AND ($subscription IS NULL OR s.id = $subscription)
RETURN s.id AS subscription, d.attempts AS attempts, d.next_at AS next_at,
       d.since AS since, d.status AS status, d.error AS error, """
    + _EVENT_FIELDS
    + """
ORDER BY e.created_at DESC, e.id
LIMIT $limit
""",
    DeliveryRow,
)

# A replay puts dead deliveries back at their place in the queue (by created_at).
_DEAD = """
MATCH (s:Subscription)<-[d:WAITS_FOR]-(e:Outbox)
WHERE d.status = 'dead' AND ($subscription IS NULL OR s.id = $subscription)
  AND ($event IS NULL OR e.id = $event)
"""

COUNT_DEAD: Final = Read("COUNT_DEAD", _DEAD + "RETURN count(d) AS n\n", rows.Count)

REPLAY_DEAD: Final = Query(
    "REPLAY_DEAD",
    _DEAD + "SET d.status = 'pending', d.attempts = 0, d.next_at = 0, d.since = null\n",
)

PRUNE_OUTBOX: Final = Query(
    "PRUNE_OUTBOX",
    """
MATCH (e:Outbox)
WHERE e.fanned = true AND NOT (e)-[:WAITS_FOR]->()
DELETE e
""",
)

PENDING_STATS: Final = Read(
    "PENDING_STATS",
    """
MATCH (s:Subscription)<-[d:WAITS_FOR]-(e:Outbox)
RETURN s.id AS subscription, d.status AS status, count(d) AS n, min(e.created_at) AS oldest
""",
    PendingStat,
)

# A timed restriction whose time is up: announced once per expiry (the
# account remembers the last expiry it announced).
ANNOUNCE_EXPIRIES: Final = Query(
    "ANNOUNCE_EXPIRIES",
    """
MATCH (a:Account {status: 'RESTRICTED'})
WHERE a.status_until IS NOT NULL AND a.status_until <= $now
  AND coalesce(a.expiry_announced, 0) <> a.status_until
SET a.expiry_announced = a.status_until
WITH a, $stamp + randomUUID() AS event
CREATE (:Outbox {id: event, type: 'action.taken', created_at: timestamp(),
                 account: a.id, after: 'EXPIRY', at: a.status_until})
""",
)

# One sender delivers at a time (several servers, or a server and the CLI):
# it holds the lease while it renews it, and another takes it once it lapses.
TAKE_LEASE: Final = Query(
    "TAKE_LEASE",
    """
MERGE (l:Lease {id: $name})
WITH l
WHERE l.holder IS NULL OR l.holder = $holder OR l.until < $now
SET l.holder = $holder, l.until = $until
""",
)

READ_LEASE: Final = Read(
    "READ_LEASE",
    """
MATCH (l:Lease {id: $name})
RETURN l.holder AS holder, l.until AS until
""",
    LeaseRow,
)

RELEASE_LEASE: Final = Query(
    "RELEASE_LEASE",
    """
MATCH (l:Lease {id: $name})
WHERE l.holder = $holder
SET l.holder = null, l.until = 0
""",
)

# The admin trail: webhook and list changes, which belong to no account.
APPEND_TRAIL: Final = Query(
    "APPEND_TRAIL",
    "MERGE (t:Trail {id: $trail})\nCREATE (t)-[:AUDITED]->" + AUDIT_NODE,
)

READ_TRAIL: Final = Read(
    "READ_TRAIL",
    "MATCH (:Trail {id: $trail})-[:AUDITED]->(e:Audit)" + AUDIT_FIELDS,
    rows.AuditRow,
)
