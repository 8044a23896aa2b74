"""Ingest writes: one ``UNWIND`` statement per event kind."""

from __future__ import annotations

from typing import Final

from graph.cypher.query import Query
from identity.signatures import WORK_SIGNATURES


def _aggregate(rel: str) -> str:
    """first_seen / last_seen / count upkeep from a pre-folded row (graph.batching)."""
    return f"""
ON CREATE SET {rel}.first_seen = r.first_seen, {rel}.last_seen = r.last_seen, {rel}.count = r.n
ON MATCH SET {rel}.first_seen = CASE WHEN r.first_seen < {rel}.first_seen THEN r.first_seen
                                     ELSE {rel}.first_seen END,
             {rel}.last_seen = CASE WHEN r.last_seen > {rel}.last_seen THEN r.last_seen
                                    ELSE {rel}.last_seen END,
             {rel}.count = {rel}.count + r.n
"""


def _create_or_update(label: str, key: str, created: str, updated: str = "") -> str:
    """Rule 10: the node ``r.<key>`` created whole with ``created`` (a
    property map's body), or, when it exists, ``updated`` (``SET`` items on
    ``old``; without them an existing node is left as it is)."""
    text = f"""
OPTIONAL MATCH (old:{label} {{{key}: r.{key}}})
FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
    CREATE (:{label} {{{key}: r.{key}, {created}}}))"""
    if updated:
        text += f"""
FOREACH (_ IN CASE WHEN old IS NULL THEN [] ELSE [1] END |
    SET {updated})"""
    return text


# A new account starts $active (AccountStatus.ACTIVE); actions change it later.
MERGE_ACCOUNTS: Final = Query(
    "MERGE_ACCOUNTS",
    "UNWIND $nodes AS r"
    + _create_or_update(
        "Account",
        "id",
        "kind: r.kind, name: r.name, name_key: r.name_key, country: r.country, "
        "created_at: r.created_at, email_domain: r.email_domain, status: $active",
        "old.kind = r.kind, old.name = r.name, old.name_key = r.name_key, old.country = r.country, "
        "old.created_at = r.created_at, old.email_domain = r.email_domain, "
        "old.status = coalesce(old.status, $active)",
    )
    + """
WITH count(*) AS done
UNWIND $links AS r
MATCH (a:Account {id: r.id})
FOREACH (h IN CASE WHEN r.email_hash IS NULL THEN [] ELSE [r.email_hash] END |
    MERGE (e:Email {hash: h}) MERGE (a)-[:HAS_EMAIL]->(e))
FOREACH (h IN CASE WHEN r.phone_hash IS NULL THEN [] ELSE [r.phone_hash] END |
    MERGE (p:Phone {hash: h}) MERGE (a)-[:HAS_PHONE]->(p))
FOREACH (g IN CASE WHEN r.agency IS NULL THEN [] ELSE [r.agency] END |
    MERGE (ag:Account {id: g}) MERGE (a)-[:MEMBER_OF]->(ag))
""",
)

# An IP's prefix is a function of its address (service.addresses.ip_and_prefix),
# so it is merged on with it: set at creation instead of by ON CREATE SET,
# which FalkorDB charges like an update (8% of this statement).
MERGE_LOGINS: Final = Query(
    "MERGE_LOGINS",
    """
UNWIND $devices AS r
MERGE (a:Account {id: r.account})
MERGE (d:Device {id: r.device})
MERGE (a)-[u:USED_DEVICE]->(d)"""
    + _aggregate("u")
    + """
WITH count(*) AS done
UNWIND $ips AS r
MERGE (a:Account {id: r.account})
MERGE (ip:IP {address: r.ip, prefix: r.prefix})
MERGE (a)-[l:LOGGED_IN_FROM]->(ip)"""
    + _aggregate("l"),
)


# A payment method's kind is set when it is created (the first event wins).
MERGE_PAYMENTS: Final = Query(
    "MERGE_PAYMENTS",
    "UNWIND $methods AS r"
    + _create_or_update("PaymentMethod", "fingerprint", "kind: r.kind")
    + """
WITH count(*) AS done
UNWIND $links AS r
MATCH (p:PaymentMethod {fingerprint: r.fingerprint})
MERGE (a:Account {id: r.account})
MERGE (a)-[u:PAYS_WITH]->(p)"""
    + _aggregate("u"),
)

MERGE_CONTRACTS: Final = Query(
    "MERGE_CONTRACTS",
    "UNWIND $nodes AS r"
    + _create_or_update(
        "Contract",
        "id",
        "amount: r.amount, started_at: r.started_at, ended_at: r.ended_at",
        "old.amount = r.amount, old.started_at = r.started_at, "
        "old.ended_at = coalesce(r.ended_at, old.ended_at)",
    )
    + """
WITH count(*) AS done
UNWIND $links AS r
MATCH (c:Contract {id: r.id})
MERGE (cl:Account {id: r.client})
MERGE (fr:Account {id: r.freelancer})
MERGE (cl)-[:HIRED]->(c)
MERGE (fr)-[:WORKED_ON]->(c)
""",
)

# A re-sent review replaces the old one only if it is newer (ties: higher
# rating), so the outcome does not depend on arrival order.
MERGE_FEEDBACK: Final = Query(
    "MERGE_FEEDBACK",
    """
UNWIND $rows AS r
MERGE (f:Account {id: r.src})
MERGE (t:Account {id: r.dst})
MERGE (f)-[v:REVIEWED {contract: r.contract}]->(t)
WITH v, r, (v.at IS NULL OR r.at > v.at OR (r.at = v.at AND r.rating >= v.rating)) AS newer
SET v.rating = CASE WHEN newer THEN r.rating ELSE v.rating END,
    v.score = CASE WHEN newer THEN r.score ELSE v.score END,
    v.text_len = CASE WHEN newer THEN r.text_len ELSE v.text_len END,
    v.at = CASE WHEN newer THEN r.at ELSE v.at END
""",
)

MERGE_FLAGS: Final = Query(
    "MERGE_FLAGS",
    "UNWIND $nodes AS r"
    + _create_or_update(
        "Flag",
        "id",
        "reason: r.reason, at: r.at, target_kind: r.target_kind, target: r.target, "
        "details: r.details",
        "old.reason = r.reason, old.at = r.at, old.target_kind = r.target_kind, "
        "old.target = r.target, old.details = r.details",
    )
    + """
WITH count(*) AS done
UNWIND $links AS r
MATCH (fl:Flag {id: r.id})
MERGE (rep:Account {id: r.reporter})
MERGE (rep)-[:REPORTED]->(fl)
""",
)

# An account or portfolio flag points straight at the account.
LINK_FLAGS_TO_ACCOUNTS: Final = Query(
    "LINK_FLAGS_TO_ACCOUNTS",
    """
UNWIND $rows AS r
MATCH (fl:Flag {id: r.id})
MERGE (t:Account {id: r.target})
MERGE (fl)-[:AGAINST]->(t)
""",
)

# A job or message flag concerns the content; it is AGAINST the content's
# author once both are known, whichever of the two events came first.
LINK_FLAGS_TO_JOBS: Final = Query(
    "LINK_FLAGS_TO_JOBS",
    """
UNWIND $rows AS r
MATCH (fl:Flag {id: r.id})
MERGE (j:JobPost {id: r.target})
MERGE (fl)-[:CONCERNS]->(j)
WITH fl, j
MATCH (author:Account)-[:POSTED]->(j)
MERGE (fl)-[:AGAINST]->(author)
""",
)

LINK_FLAGS_TO_MESSAGES: Final = Query(
    "LINK_FLAGS_TO_MESSAGES",
    """
UNWIND $rows AS r
MATCH (fl:Flag {id: r.id})
MERGE (m:Message {id: r.target})
MERGE (fl)-[:CONCERNS]->(m)
WITH fl, m
MATCH (author:Account)-[:SENT]->(m)
MERGE (fl)-[:AGAINST]->(author)
""",
)

MERGE_JOB_POSTS: Final = Query(
    "MERGE_JOB_POSTS",
    "UNWIND $nodes AS r"
    + _create_or_update(
        "JobPost",
        "id",
        "at: r.at, title: r.title, text_len: r.text_len, off_platform: r.categories, "
        "policy: r.policy, excerpt: r.excerpt, excerpt_until: r.excerpt_until",
        "old.at = r.at, old.title = r.title, old.text_len = r.text_len, "
        "old.off_platform = r.categories, old.policy = r.policy, old.excerpt = r.excerpt, "
        "old.excerpt_until = r.excerpt_until",
    )
    + """
WITH count(*) AS done
UNWIND $links AS r
MATCH (j:JobPost {id: r.id})
MERGE (c:Account {id: r.client})
MERGE (c)-[:POSTED]->(j)
WITH c, j
MATCH (fl:Flag)-[:CONCERNS]->(j)
MERGE (fl)-[:AGAINST]->(c)
""",
)

MERGE_MESSAGES: Final = Query(
    "MERGE_MESSAGES",
    "UNWIND $nodes AS r"
    + _create_or_update(
        "Message",
        "id",
        "at: r.at, text_len: r.text_len, shape: r.shape, off_platform: r.categories, "
        "policy: r.policy, excerpt: r.excerpt, excerpt_until: r.excerpt_until",
        "old.at = r.at, old.text_len = r.text_len, old.shape = r.shape, "
        "old.off_platform = r.categories, old.policy = r.policy, old.excerpt = r.excerpt, "
        "old.excerpt_until = r.excerpt_until",
    )
    + """
WITH count(*) AS done
UNWIND $links AS r
MATCH (m:Message {id: r.id})
MERGE (s:Account {id: r.src})
MERGE (t:Account {id: r.dst})
MERGE (s)-[:SENT]->(m)
MERGE (m)-[:TO]->(t)
WITH s, m
MATCH (fl:Flag)-[:CONCERNS]->(m)
MERGE (fl)-[:AGAINST]->(s)
""",
)

# A portfolio item keeps its picture's signatures, never the picture; a
# re-sent item (same id) replaces the old one's.
# (the property names are identity.signatures.WORK_SIGNATURES, constants of ours)
_ITEM = ("at", "title", *WORK_SIGNATURES)
MERGE_PORTFOLIO: Final = Query(
    "MERGE_PORTFOLIO",
    "UNWIND $nodes AS r"
    + _create_or_update(
        "PortfolioItem",
        "id",
        ", ".join(f"{name}: r.{name}" for name in _ITEM),
        ", ".join(f"old.{name} = r.{name}" for name in _ITEM),
    )
    + """
WITH count(*) AS done
UNWIND $links AS r
MATCH (w:PortfolioItem {id: r.id})
MERGE (a:Account {id: r.account})
MERGE (a)-[:PUBLISHED]->(w)
""",
)

# A time log names its contract, which may arrive later: the contract node
# is merged by id, and the contract event fills it in.
MERGE_TIME_LOGS: Final = Query(
    "MERGE_TIME_LOGS",
    "UNWIND $nodes AS r"
    + _create_or_update(
        "TimeLog",
        "id",
        "start: r.start, end: r.end, manual: r.manual, memo_len: r.memo_len",
        "old.start = r.start, old.end = r.end, old.manual = r.manual, old.memo_len = r.memo_len",
    )
    + """
WITH count(*) AS done
UNWIND $links AS r
MATCH (t:TimeLog {id: r.id})
MERGE (f:Account {id: r.freelancer})
MERGE (k:Contract {id: r.contract})
MERGE (f)-[:LOGGED]->(t)
MERGE (t)-[:ON_CONTRACT]->(k)
""",
)

# Every portrait stays linked; the one an account shows is its latest by the
# links' last_seen (graph.projecting), not an account property (rule 10).
MERGE_PORTRAITS: Final = Query(
    "MERGE_PORTRAITS",
    "UNWIND $nodes AS r"
    + _create_or_update(
        "Portrait",
        "phash",
        "dhash: r.dhash, whash: r.whash, width: r.width, height: r.height, "
        "not_a_photo: r.not_a_photo, trimmed: r.trimmed, on_black: r.on_black, "
        "colour: r.colour, segments: r.segments, circled: r.circled, inner: r.inner, "
        "turned: r.turned, thumb: r.thumb",
    )
    + """
WITH count(*) AS done
UNWIND $links AS r
MATCH (p:Portrait {phash: r.phash})
MERGE (a:Account {id: r.account})
MERGE (a)-[h:HAS_PORTRAIT]->(p)
ON CREATE SET h.first_seen = r.first_seen, h.last_seen = r.last_seen
ON MATCH SET h.first_seen = CASE WHEN r.first_seen < h.first_seen THEN r.first_seen
                                 ELSE h.first_seen END,
             h.last_seen = CASE WHEN r.last_seen > h.last_seen THEN r.last_seen
                                ELSE h.last_seen END
""",
)

MERGE_ACTIONS: Final = Query(
    "MERGE_ACTIONS",
    "UNWIND $rows AS r"
    + _create_or_update(
        "Action",
        "key",
        "action: r.action, reason: r.reason, at: r.at, expires_at: r.expires_at, by: r.by",
        "old.action = r.action, old.reason = r.reason, old.at = r.at, "
        "old.expires_at = r.expires_at, old.by = r.by",
    )
    # a newly recorded action is announced by the write that records it
    # (graph.cypher.webhooks); one ingested again is not news. One batch's
    # actions go out in the order they were taken.
    + """
WITH r, old, $stamp + right('000000000000' + toString(coalesce(r.at, 0)), 12) + '-'
             + randomUUID() AS event
FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
    CREATE (:Outbox {id: event, type: 'action.taken', created_at: timestamp(),
                     account: r.account, after: r.action, at: r.at, expires_at: r.expires_at}))
WITH count(*) AS done
UNWIND $rows AS r
MATCH (x:Action {key: r.key})
MERGE (a:Account {id: r.account})
MERGE (a)-[:RECEIVED]->(x)
""",
)

# Status follows the latest status-changing action by time (ties broken by
# key) so that it does not depend on the order the actions arrived in.
RECOMPUTE_STATUS: Final = Query(
    "RECOMPUTE_STATUS",
    """
UNWIND $ids AS id
MATCH (a:Account {id: id})
OPTIONAL MATCH (a)-[:RECEIVED]->(x:Action)
WHERE x.action IN $status_actions
WITH a, x ORDER BY x.at DESC, x.key DESC
WITH a, collect(x) AS xs
WITH a, CASE WHEN size(xs) = 0 THEN null ELSE xs[0] END AS last
SET a.status = CASE WHEN last IS NULL OR last.action = 'LIFT' THEN 'ACTIVE'
                    WHEN last.action = 'BLOCK' THEN 'BLOCKED'
                    ELSE 'RESTRICTED' END,
    a.status_until = CASE WHEN last IS NULL THEN null ELSE last.expires_at END
""",
)
