"""Every Cypher statement trustmesh runs, as named, parameterized constants.

Both engines (FalkorDB embedded, Neo4j 5 in production) run this exact text,
so it keeps to the subset both accept. The rules, learnt the hard way:

1. **No temporal types.** FalkorDB has no ``datetime()``; times are integer
   epoch seconds, compared with ``<``/``>`` like any number.
2. **Say ``WHERE a <> b``.** FalkorDB does not enforce Neo4j's
   relationship-uniqueness within one pattern, so ``(a)-[:R]->(x)<-[:R]-(b)``
   returns ``b = a`` there unless excluded.
3. **``shortestPath`` only in WITH/RETURN, and directed.** FalkorDB rejects it
   in MATCH and rejects undirected traversals.
4. **No APOC, no GDS, no ``COUNT {}``/``EXISTS {}`` subqueries, no ``CALL {}``
   with writes.** Pattern comprehensions ``[(a)-->(b) | b.id]`` work on both.
5. **No maps or nulls inside stored lists.** Neo4j only stores homogeneous
   lists of scalars; structured list items are stored as JSON strings.
6. **Optional writes use ``FOREACH (x IN CASE WHEN … THEN [v] ELSE [] END | …)``**
   rather than ``CALL {}`` subqueries, which FalkorDB does not take with MERGE.
7. **Labels and relationship types are literals**, never parameters; where a
   query varies by label there is one constant per label. Values always come
   in as ``$parameters`` — nothing here is ever formatted from input.
8. **Idempotent counters** go through a ledger of the events' content
   hashes: the store skips events already in the ledger, and writes the
   statement that moves a counter together with its ledger entries, so both
   land or neither does and re-ingesting a file changes no count. On Neo4j
   the ledger is ``Seen`` nodes written by ``MARK_SEEN`` in the counters'
   transaction; FalkorDB keeps it in a Redis set next to the graph, added in
   the same ``MULTI`` as the counting query (see ``FalkorDBStore``).
9. **One statement touches each relationship at most once.** FalkorDB 4.16
   crashes on ``MERGE … ON MATCH SET`` of a relationship created earlier in
   the same statement; rows are folded per relationship first
   (:mod:`graph.batching`). Repeated *nodes* in one statement are fine.
10. **Nodes are created with their properties.** In FalkorDB 4.16, once
   nodes have been created, the next query that ``SET``s a node property
   pays a pass over the whole graph (34 ms at 1.1M nodes, then nothing until
   nodes are created again; creating, merging, reading and setting
   relationship properties do not pay it). ``MERGE`` + ``SET`` paid it in
   every small write: one API event (a flag, message, contract or account)
   cost 22-25 ms of server time at the 100k demo's size, 0.5-4.5 ms
   created whole. So a node statement asks ``OPTIONAL MATCH`` whether each
   node exists, ``CREATE``s the missing ones with a property map and
   ``SET``s only the others (:func:`_create_or_update`). Its node rows are
   unique per key (:func:`graph.batching.node_rows`): two rows for one new
   key would both create it, on Neo4j too, where a clause's reads all happen
   before its writes. Every row's relationships follow in a second
   ``UNWIND``. The price, on Neo4j: two writers creating the same new node
   at the same moment no longer wait for each other as ``MERGE`` would; the
   second fails on the key constraint, and its batch is reported failed and
   stored by a re-run (ingest is idempotent).

CI lints each statement with Neo4j's own Cypher front end
(``.ci/lint_cypher.mjs``); ``all_statements()`` is what it reads.
"""

from __future__ import annotations

from typing import Final

# ---------------------------------------------------------------------------
# Schema: (label, property) pairs. Keys are unique; indexes are lookups only.
# ---------------------------------------------------------------------------

NODE_KEYS: Final[tuple[tuple[str, str], ...]] = (
    ("Account", "id"),
    ("Device", "id"),
    ("IP", "address"),
    ("PaymentMethod", "fingerprint"),
    ("Email", "hash"),
    ("Phone", "hash"),
    ("Contract", "id"),
    ("Portrait", "phash"),
    ("Flag", "id"),
    ("Message", "id"),
    ("JobPost", "id"),
    ("Action", "key"),
    ("Seen", "key"),
    ("Cluster", "id"),
    ("Logo", "key"),
    ("ApiKey", "hash"),
    ("Audit", "id"),
    ("Ring", "id"),
    ("Verdict", "key"),
)

NODE_INDEXES: Final[tuple[tuple[str, str], ...]] = (
    ("IP", "prefix"),
    ("Account", "name"),
    ("Account", "status"),
    ("Account", "band"),
)

# ---------------------------------------------------------------------------
# Fragments shared by several statements (composed here, at import time).
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Writes: one UNWIND statement per event kind.
# ---------------------------------------------------------------------------

# A new account starts $active (AccountStatus.ACTIVE); actions change it later.
MERGE_ACCOUNTS: Final = (
    "UNWIND $nodes AS r"
    + _create_or_update(
        "Account",
        "id",
        "kind: r.kind, name: r.name, country: r.country, created_at: r.created_at, status: $active",
        "old.kind = r.kind, old.name = r.name, old.country = r.country, "
        "old.created_at = r.created_at, old.status = coalesce(old.status, $active)",
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
"""
)

# An IP's prefix is a function of its address (service.events.ip_and_prefix),
# so it is merged on with it: set at creation instead of by ON CREATE SET,
# which FalkorDB charges like an update (8% of this statement).
MERGE_LOGINS: Final = (
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
    + _aggregate("l")
)

# The ledger on engines that keep it in the graph (rule 8). CREATE, not MERGE:
# the keys were just read as unseen, and a concurrent ingest of the same
# events then fails on the unique key instead of counting them twice.
MARK_SEEN: Final = """
UNWIND $keys AS k
CREATE (:Seen {key: k})
"""

READ_SEEN: Final = """
UNWIND $keys AS k
MATCH (s:Seen {key: k})
RETURN s.key AS key
"""

READ_ALL_SEEN: Final = """
MATCH (s:Seen)
RETURN s.key AS key
"""

# FalkorDB stores from before its ledger moved to a Redis set: the graph's
# Seen nodes are taken over in slices at start-up (FalkorDBStore).
READ_SOME_SEEN: Final = """
MATCH (s:Seen)
RETURN s.key AS key
LIMIT $limit
"""

DELETE_SEEN: Final = """
UNWIND $keys AS k
MATCH (s:Seen {key: k})
DELETE s
"""

READ_LOGIN_WINDOWS: Final = """
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id, a.recent_logins AS logins
"""

WRITE_LOGIN_WINDOWS: Final = """
UNWIND $rows AS r
MATCH (a:Account {id: r.id})
SET a.recent_logins = r.logins
"""

# FalkorDB stores from before the windows moved to a Redis hash: taken over
# in slices at start-up (FalkorDBStore), like the ledger's Seen nodes.
READ_SOME_WINDOWS: Final = """
MATCH (a:Account)
WHERE a.recent_logins IS NOT NULL
RETURN a.id AS id, a.recent_logins AS logins
LIMIT $limit
"""

CLEAR_WINDOWS: Final = """
UNWIND $ids AS id
MATCH (a:Account {id: id})
SET a.recent_logins = null
"""

# A payment method's kind is set when it is created (the first event wins).
MERGE_PAYMENTS: Final = (
    "UNWIND $methods AS r"
    + _create_or_update("PaymentMethod", "fingerprint", "kind: r.kind")
    + """
WITH count(*) AS done
UNWIND $links AS r
MATCH (p:PaymentMethod {fingerprint: r.fingerprint})
MERGE (a:Account {id: r.account})
MERGE (a)-[u:PAYS_WITH]->(p)"""
    + _aggregate("u")
)

MERGE_CONTRACTS: Final = (
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
"""
)

# A re-sent review replaces the old one only if it is newer (ties: higher
# rating), so the outcome does not depend on arrival order.
MERGE_FEEDBACK: Final = """
UNWIND $rows AS r
MERGE (f:Account {id: r.src})
MERGE (t:Account {id: r.dst})
MERGE (f)-[v:REVIEWED {contract: r.contract}]->(t)
WITH v, r, (v.at IS NULL OR r.at > v.at OR (r.at = v.at AND r.rating >= v.rating)) AS newer
SET v.rating = CASE WHEN newer THEN r.rating ELSE v.rating END,
    v.text_len = CASE WHEN newer THEN r.text_len ELSE v.text_len END,
    v.at = CASE WHEN newer THEN r.at ELSE v.at END
"""

MERGE_FLAGS: Final = (
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
"""
)

# An account or portfolio flag points straight at the account.
LINK_FLAGS_TO_ACCOUNTS: Final = """
UNWIND $rows AS r
MATCH (fl:Flag {id: r.id})
MERGE (t:Account {id: r.target})
MERGE (fl)-[:AGAINST]->(t)
"""

# A job or message flag concerns the content; it is AGAINST the content's
# author once both are known, whichever of the two events came first.
LINK_FLAGS_TO_JOBS: Final = """
UNWIND $rows AS r
MATCH (fl:Flag {id: r.id})
MERGE (j:JobPost {id: r.target})
MERGE (fl)-[:CONCERNS]->(j)
WITH fl, j
MATCH (author:Account)-[:POSTED]->(j)
MERGE (fl)-[:AGAINST]->(author)
"""

LINK_FLAGS_TO_MESSAGES: Final = """
UNWIND $rows AS r
MATCH (fl:Flag {id: r.id})
MERGE (m:Message {id: r.target})
MERGE (fl)-[:CONCERNS]->(m)
WITH fl, m
MATCH (author:Account)-[:SENT]->(m)
MERGE (fl)-[:AGAINST]->(author)
"""

MERGE_JOB_POSTS: Final = (
    "UNWIND $nodes AS r"
    + _create_or_update(
        "JobPost",
        "id",
        "at: r.at, title: r.title, text_len: r.text_len, off_platform: r.categories",
        "old.at = r.at, old.title = r.title, old.text_len = r.text_len, "
        "old.off_platform = r.categories",
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
"""
)

MERGE_MESSAGES: Final = (
    "UNWIND $nodes AS r"
    + _create_or_update(
        "Message",
        "id",
        "at: r.at, text_len: r.text_len, off_platform: r.categories",
        "old.at = r.at, old.text_len = r.text_len, old.off_platform = r.categories",
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
"""
)

# Every portrait stays linked; the one an account shows is its latest by the
# links' last_seen (graph.projecting), not an account property (rule 10).
MERGE_PORTRAITS: Final = (
    "UNWIND $nodes AS r"
    + _create_or_update(
        "Portrait",
        "phash",
        "dhash: r.dhash, whash: r.whash, width: r.width, height: r.height, "
        "not_a_photo: r.not_a_photo, trimmed: r.trimmed, on_black: r.on_black, "
        "colour: r.colour, segments: r.segments, circled: r.circled, inner: r.inner, "
        "turned: r.turned",
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
"""
)

MERGE_ACTIONS: Final = (
    "UNWIND $rows AS r"
    + _create_or_update(
        "Action",
        "key",
        "action: r.action, reason: r.reason, at: r.at, expires_at: r.expires_at, by: r.by",
        "old.action = r.action, old.reason = r.reason, old.at = r.at, "
        "old.expires_at = r.expires_at, old.by = r.by",
    )
    + """
WITH count(*) AS done
UNWIND $rows AS r
MATCH (x:Action {key: r.key})
MERGE (a:Account {id: r.account})
MERGE (a)-[:RECEIVED]->(x)
"""
)

# Status follows the latest status-changing action by time (ties broken by
# key) so that it does not depend on the order the actions arrived in.
RECOMPUTE_STATUS: Final = """
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
"""

# ---------------------------------------------------------------------------
# Reads.
# ---------------------------------------------------------------------------

PING: Final = "RETURN 1 AS ok"

READ_ACCOUNT: Final = """
MATCH (a:Account {id: $id})
RETURN properties(a) AS props,
       [(a)-[:USED_DEVICE]->(d:Device) | d.id] AS devices,
       [(a)-[:LOGGED_IN_FROM]->(i:IP) | i.address] AS ips,
       [(a)-[:PAYS_WITH]->(p:PaymentMethod) | p.fingerprint] AS payments,
       [(a)-[:HAS_EMAIL]->(e:Email) | e.hash] AS emails,
       [(a)-[:HAS_PHONE]->(h:Phone) | h.hash] AS phones,
       [(a)-[:MEMBER_OF]->(g:Account) | g.id] AS agencies
"""

COUNT_NODES: Final = """
MATCH (n)
RETURN labels(n)[0] AS label, count(n) AS n
"""

COUNT_RELATIONSHIPS: Final = """
MATCH ()-[r]->()
RETURN type(r) AS type, count(r) AS n
"""

# The ledger is not part of the graph's content; dumps list it apart.
DUMP_NODES: Final = """
MATCH (n) WHERE NOT n:Seen
RETURN labels(n)[0] AS label, properties(n) AS props
"""

DUMP_RELATIONSHIPS: Final = """
MATCH (a)-[r]->(b)
RETURN labels(a)[0] AS src_label, properties(a) AS src, type(r) AS type,
       properties(r) AS props, labels(b)[0] AS dst_label, properties(b) AS dst
"""

# ---------------------------------------------------------------------------
# Projection: the whole graph pulled in bulk for the nightly rescore.
# ---------------------------------------------------------------------------

# Each projection query comes in two scopes: every account (nightly) and the
# accounts in $ids (rescoring what an ingest batch touched). They share one
# tail, so the two can never drift apart.
_EVERY_ACCOUNT = "MATCH (a:Account)"
_SOME_ACCOUNTS = "UNWIND $ids AS id\nMATCH (a:Account {id: id})"

_ACCOUNTS_TAIL = """
RETURN a.id AS id, a.kind AS kind, a.name AS name, a.country AS country,
       a.created_at AS created_at, a.status AS status, a.recent_logins AS logins,
       a.score AS score, a.reasons AS reasons
"""
_DEVICES_TAIL = """-[:USED_DEVICE]->(d:Device)
RETURN a.id AS account, d.id AS value
"""
_IPS_TAIL = """-[:LOGGED_IN_FROM]->(i:IP)
RETURN a.id AS account, i.address AS value, i.prefix AS prefix
"""
_PAYMENTS_TAIL = """-[:PAYS_WITH]->(p:PaymentMethod)
RETURN a.id AS account, p.fingerprint AS value
"""
_EMAILS_TAIL = """-[:HAS_EMAIL]->(e:Email)
RETURN a.id AS account, e.hash AS value
"""
_PHONES_TAIL = """-[:HAS_PHONE]->(p:Phone)
RETURN a.id AS account, p.hash AS value
"""
_PORTRAITS_TAIL = """-[h:HAS_PORTRAIT]->(p:Portrait)
RETURN a.id AS account, p.phash AS phash, p.dhash AS dhash, p.whash AS whash,
       p.not_a_photo AS not_a_photo, h.last_seen AS last_seen, p.trimmed AS trimmed,
       p.on_black AS on_black, p.colour AS colour, p.segments AS segments, p.circled AS circled,
       p.inner AS inner, p.turned AS turned
"""
_MESSAGES_TAIL = """-[:SENT]->(m:Message)-[:TO]->(b:Account)
WHERE size(coalesce(m.off_platform, [])) > 0
RETURN a.id AS sender, b.id AS recipient, m.id AS id, m.at AS at, m.off_platform AS categories
"""
_JOB_POSTS_TAIL = """-[:POSTED]->(j:JobPost)
WHERE size(coalesce(j.off_platform, [])) > 0
RETURN a.id AS sender, null AS recipient, j.id AS id, j.at AS at, j.off_platform AS categories
"""
_CONTRACTS_TAIL = """-[:HIRED]->(k:Contract)<-[:WORKED_ON]-(f:Account)
RETURN a.id AS client, f.id AS freelancer, k.started_at AS started_at
"""
_MEMBERSHIPS_TAIL = """-[:MEMBER_OF]->(g:Account)
RETURN a.id AS member, g.id AS agency
"""
_ACTIONS_TAIL = """-[:RECEIVED]->(x:Action)
RETURN a.id AS account, x.action AS action, x.reason AS reason, x.at AS at,
       x.expires_at AS expires_at
"""
_CLUSTERS_TAIL = """-[:IN_CLUSTER]->(g:Cluster)
RETURN g.id AS id, a.id AS account
"""
_RINGS_TAIL = """-[:IN_RING]->(g:Ring)
RETURN g.id AS id, a.id AS account
"""

PROJECT_ACCOUNTS: Final = _EVERY_ACCOUNT + _ACCOUNTS_TAIL
PROJECT_DEVICES: Final = _EVERY_ACCOUNT + _DEVICES_TAIL
PROJECT_IPS: Final = _EVERY_ACCOUNT + _IPS_TAIL
PROJECT_PAYMENTS: Final = _EVERY_ACCOUNT + _PAYMENTS_TAIL
PROJECT_EMAILS: Final = _EVERY_ACCOUNT + _EMAILS_TAIL
PROJECT_PHONES: Final = _EVERY_ACCOUNT + _PHONES_TAIL
PROJECT_PORTRAITS: Final = _EVERY_ACCOUNT + _PORTRAITS_TAIL
PROJECT_MEMBERSHIPS: Final = _EVERY_ACCOUNT + _MEMBERSHIPS_TAIL
PROJECT_ACTIONS: Final = _EVERY_ACCOUNT + _ACTIONS_TAIL
PROJECT_CLUSTERS: Final = _EVERY_ACCOUNT + _CLUSTERS_TAIL
PROJECT_RINGS: Final = _EVERY_ACCOUNT + _RINGS_TAIL
PROJECT_MESSAGES: Final = _EVERY_ACCOUNT + _MESSAGES_TAIL
PROJECT_JOB_POSTS: Final = _EVERY_ACCOUNT + _JOB_POSTS_TAIL
PROJECT_CONTRACTS: Final = _EVERY_ACCOUNT + _CONTRACTS_TAIL

LOCAL_ACCOUNTS: Final = _SOME_ACCOUNTS + _ACCOUNTS_TAIL
LOCAL_DEVICES: Final = _SOME_ACCOUNTS + _DEVICES_TAIL
LOCAL_IPS: Final = _SOME_ACCOUNTS + _IPS_TAIL
LOCAL_PAYMENTS: Final = _SOME_ACCOUNTS + _PAYMENTS_TAIL
LOCAL_EMAILS: Final = _SOME_ACCOUNTS + _EMAILS_TAIL
LOCAL_PHONES: Final = _SOME_ACCOUNTS + _PHONES_TAIL
LOCAL_PORTRAITS: Final = _SOME_ACCOUNTS + _PORTRAITS_TAIL
LOCAL_MEMBERSHIPS: Final = _SOME_ACCOUNTS + _MEMBERSHIPS_TAIL
LOCAL_ACTIONS: Final = _SOME_ACCOUNTS + _ACTIONS_TAIL
LOCAL_CLUSTERS: Final = _SOME_ACCOUNTS + _CLUSTERS_TAIL
LOCAL_RINGS: Final = _SOME_ACCOUNTS + _RINGS_TAIL
LOCAL_MESSAGES: Final = _SOME_ACCOUNTS + _MESSAGES_TAIL
LOCAL_JOB_POSTS: Final = _SOME_ACCOUNTS + _JOB_POSTS_TAIL
LOCAL_CONTRACTS: Final = _SOME_ACCOUNTS + _CONTRACTS_TAIL

# Who a touched account could be linked to: holders of the same (uncrowded)
# identifier, and its cluster and ring mates from the last nightly run.
LOCAL_NEIGHBOURS: Final = """
UNWIND $ids AS id
MATCH (a:Account {id: id})
      -[:USED_DEVICE|LOGGED_IN_FROM|PAYS_WITH|HAS_EMAIL|HAS_PHONE|HAS_PORTRAIT]->(x)
WITH x, size([(x)
        <-[:USED_DEVICE|LOGGED_IN_FROM|PAYS_WITH|HAS_EMAIL|HAS_PHONE|HAS_PORTRAIT]-(:Account) | 1])
     AS holders
WHERE holders <= $max_holders
MATCH (x)<-[:USED_DEVICE|LOGGED_IN_FROM|PAYS_WITH|HAS_EMAIL|HAS_PHONE|HAS_PORTRAIT]-(b:Account)
RETURN DISTINCT b.id AS id
"""

LOCAL_GROUP_MATES: Final = """
UNWIND $ids AS id
MATCH (a:Account {id: id})-[:IN_CLUSTER|IN_RING]->(g)<-[:IN_CLUSTER|IN_RING]-(b:Account)
RETURN DISTINCT b.id AS id
"""

# Contracts with feedback that involve the accounts in $ids, either side.
LOCAL_REVIEWS: Final = """
UNWIND $ids AS id
MATCH (a:Account {id: id})-[:HIRED|WORKED_ON]->(k:Contract)
MATCH (c:Account)-[:HIRED]->(k)<-[:WORKED_ON]-(f:Account)
MATCH (c)-[v:REVIEWED {contract: k.id}]->(f)
RETURN DISTINCT k.id AS contract, c.id AS client, f.id AS freelancer, v.rating AS rating,
       k.amount AS amount, v.at AS at
"""

LOCAL_FLAGS: Final = """
UNWIND $ids AS id
MATCH (r:Account)-[:REPORTED]->(f:Flag)-[:AGAINST]->(t:Account {id: id})
RETURN f.id AS id, r.id AS reporter, t.id AS target, f.reason AS reason, f.at AS at
"""

PROJECT_REVIEWS: Final = """
MATCH (c:Account)-[:HIRED]->(k:Contract)<-[:WORKED_ON]-(f:Account)
MATCH (c)-[v:REVIEWED {contract: k.id}]->(f)
RETURN k.id AS contract, c.id AS client, f.id AS freelancer, v.rating AS rating,
       k.amount AS amount, v.at AS at
"""

PROJECT_FLAGS: Final = """
MATCH (r:Account)-[:REPORTED]->(f:Flag)-[:AGAINST]->(t:Account)
RETURN f.id AS id, r.id AS reporter, t.id AS target, f.reason AS reason, f.at AS at
"""

PROJECT_VERDICTS: Final = """
MATCH (v:Verdict)
RETURN v.account AS account, v.code AS code, v.evidence AS evidence,
       v.decision AS decision, v.fingerprint AS fingerprint
"""

# ---------------------------------------------------------------------------
# Write-back of a rescore. Every account's score lands in one SET, so a
# reader never sees half of it; groups and links carry the run id, and what
# an earlier run left behind is removed only after the new run is written.
# ---------------------------------------------------------------------------

WRITE_SCORES: Final = """
UNWIND $rows AS r
MATCH (a:Account {id: r.id})
SET a.score = r.score, a.band = r.band, a.dimensions = r.dimensions,
    a.reasons = r.reasons, a.recommended_action = r.action,
    a.duplicate_cluster = r.cluster, a.ring = r.ring, a.scored_run = $run
"""

WRITE_SAME_PERSON: Final = """
UNWIND $rows AS r
MATCH (a:Account {id: r.a})
MATCH (b:Account {id: r.b})
MERGE (a)-[s:SAME_PERSON]->(b)
SET s.confidence = r.confidence, s.evidence = r.evidence, s.run = $run
"""

WRITE_CLUSTERS: Final = """
UNWIND $rows AS r
MERGE (g:Cluster {id: r.id})
SET g.confidence = r.confidence, g.size = r.size, g.run = $run
WITH g, r
UNWIND r.members AS member
MATCH (a:Account {id: member})
MERGE (a)-[m:IN_CLUSTER]->(g)
SET m.run = $run
"""

WRITE_RINGS: Final = """
UNWIND $rows AS r
MERGE (g:Ring {id: r.id})
SET g.score = r.score, g.density = r.density, g.size = r.size, g.kind = r.kind,
    g.run = $run
WITH g, r
UNWIND r.members AS member
MATCH (a:Account {id: member})
MERGE (a)-[m:IN_RING]->(g)
SET m.run = $run
"""

# Each stale-link sweep starts from the label its links leave or reach:
# FalkorDB answers an unlabelled pattern by scanning every node (1.9 s of
# a 100k-account rescore, with ten nodes per account), a labelled one by
# scanning that label (clusters and rings are few).
DELETE_STALE_SAME_PERSON: Final = """
MATCH (:Account)-[s:SAME_PERSON]->()
WHERE s.run <> $run
DELETE s
"""

DELETE_STALE_CLUSTER_LINKS: Final = """
MATCH (:Cluster)<-[s:IN_CLUSTER]-()
WHERE s.run <> $run
DELETE s
"""

DELETE_STALE_RING_LINKS: Final = """
MATCH (:Ring)<-[s:IN_RING]-()
WHERE s.run <> $run
DELETE s
"""

DELETE_STALE_CLUSTERS: Final = """
MATCH (g:Cluster)
WHERE g.run <> $run
DETACH DELETE g
"""

DELETE_STALE_RINGS: Final = """
MATCH (g:Ring)
WHERE g.run <> $run
DETACH DELETE g
"""

MERGE_VERDICT: Final = """
MERGE (v:Verdict {key: $key})
SET v.account = $account, v.code = $code, v.evidence = $evidence,
    v.decision = $decision, v.note = $note, v.by = $by, v.at = $at,
    v.fingerprint = $fingerprint
"""

# The logo registry: signatures of known brand marks (no image bytes).
MERGE_LOGOS: Final = """
UNWIND $rows AS r
MERGE (l:Logo {key: r.key})
SET l.brand = r.brand, l.variant = r.variant, l.signature = r.signature, l.source = r.source,
    l.segments = r.segments
"""

PROJECT_LOGOS: Final = """
MATCH (l:Logo)
RETURN l.brand AS brand, l.variant AS variant, l.signature AS signature,
       coalesce(l.segments, '') AS segments
"""

# The investigator's graph view: one hop from accounts to the things they
# touch (identifiers, contracts) and on to the other accounts on each thing.
# A crowded thing (a carrier's NAT IP) lists only its first $cap holders by id
# but reports how many there are, so the view stays readable and bounded.
EXPAND_ACCOUNTS: Final = """
UNWIND $ids AS id
MATCH (a:Account {id: id})
      -[r:USED_DEVICE|LOGGED_IN_FROM|PAYS_WITH|HAS_EMAIL|HAS_PHONE|HAS_PORTRAIT|HIRED|WORKED_ON]->(x)
OPTIONAL MATCH (x)
      <-[:USED_DEVICE|LOGGED_IN_FROM|PAYS_WITH|HAS_EMAIL|HAS_PHONE|HAS_PORTRAIT|HIRED|WORKED_ON]-(b:Account)
WHERE b <> a
WITH a, type(r) AS rel, x, b ORDER BY b.id
WITH a, rel, x, collect(b.id) AS others
RETURN a.id AS account, rel, labels(x)[0] AS kind,
       coalesce(x.id, x.address, x.fingerprint, x.hash, x.phash) AS thing,
       size(others) AS holders, others[..$cap] AS others
ORDER BY account, kind, thing
"""

ACCOUNT_SUMMARIES: Final = """
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id, a.name AS name, a.score AS score, a.status AS status
"""

# The investigator's account page, one query per section so a client pays
# only for what it selects. Lists are newest first and capped by $limit.
ACCOUNT_ACTIONS: Final = """
MATCH (a:Account {id: $id})-[:RECEIVED]->(x:Action)
RETURN x.action AS action, x.reason AS reason, x.at AS at, x.expires_at AS expires_at,
       x.by AS by
ORDER BY at DESC, x.key DESC
LIMIT $limit
"""

# Every same-person link inside the account's cluster, with its evidence.
ACCOUNT_CLUSTER: Final = """
MATCH (a:Account {id: $id})-[:IN_CLUSTER]->(g:Cluster)
MATCH (m:Account)-[:IN_CLUSTER]->(g)
OPTIONAL MATCH (m)-[s:SAME_PERSON]->(o:Account)
RETURN g.id AS cluster, g.confidence AS confidence, m.id AS member, o.id AS other,
       s.confidence AS link_confidence, s.evidence AS evidence
ORDER BY member, other
"""

ACCOUNT_RINGS: Final = """
MATCH (a:Account {id: $id})-[:IN_RING]->(g:Ring)
RETURN g.id AS id, g.score AS confidence, g.size AS size,
       [(m:Account)-[:IN_RING]->(g) | m.id] AS members
ORDER BY id
"""

ACCOUNT_CONTRACTS: Final = """
MATCH (a:Account {id: $id})-[r:HIRED|WORKED_ON]->(k:Contract)
MATCH (o:Account)-[:HIRED|WORKED_ON]->(k)
WHERE o <> a
OPTIONAL MATCH (a)-[given:REVIEWED]->(o)
WHERE given.contract = k.id
OPTIONAL MATCH (o)-[got:REVIEWED]->(a)
WHERE got.contract = k.id
RETURN k.id AS contract, type(r) AS relation, o.id AS counterpart, k.amount AS amount,
       k.started_at AS started_at, given.rating AS rating_given, got.rating AS rating_received
ORDER BY started_at DESC, contract
LIMIT $limit
"""

# Reporters are returned here, for investigators only; no other read names them.
ACCOUNT_FLAGS: Final = """
MATCH (r:Account)-[:REPORTED]->(f:Flag)-[:AGAINST]->(t:Account {id: $id})
RETURN f.id AS id, f.reason AS reason, f.at AS at, r.id AS reporter, f.details AS details,
       f.target_kind AS target_kind
ORDER BY at DESC, id
LIMIT $limit
"""

# The score distribution for /metrics: accounts per band and per score decile.
SCORE_DISTRIBUTION: Final = """
MATCH (a:Account)
WHERE a.band IS NOT NULL
RETURN a.band AS band, toInteger(a.score / 10) AS decile, count(a) AS n
"""

# Badges for the marketplace frontend: band and facts, nothing about why.
# Only declared accounts have badges: one known only from others' events (a
# flag's made-up reporter or target, a contract's party) has no created_at.
READ_BADGES: Final = """
UNWIND $ids AS id
MATCH (a:Account {id: id})
WHERE a.created_at IS NOT NULL
RETURN a.id AS id, a.band AS band, a.score AS score, a.created_at AS created_at,
       a.status AS status
"""

# API keys: only a hash of each key is stored.
MERGE_API_KEY: Final = """
MERGE (k:ApiKey {hash: $hash})
SET k.role = $role, k.name = $name, k.created_at = $at
"""

READ_API_KEY: Final = """
MATCH (k:ApiKey {hash: $hash})
RETURN k.role AS role, k.name AS name
"""

LIST_API_KEYS: Final = """
MATCH (k:ApiKey)
RETURN k.hash AS hash, k.role AS role, k.name AS name, k.created_at AS created_at
ORDER BY created_at, hash
"""

FIND_API_KEY: Final = """
MATCH (k:ApiKey)
WHERE k.hash STARTS WITH $prefix
RETURN k.hash AS hash
"""

DELETE_API_KEY: Final = """
MATCH (k:ApiKey)
WHERE k.hash STARTS WITH $prefix
DELETE k
"""

# Investigator search: an exact id, or the start of a name (indexed).
SEARCH_BY_ID: Final = """
MATCH (a:Account {id: $q})
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.band AS band
"""

SEARCH_BY_NAME: Final = """
MATCH (a:Account)
WHERE a.name STARTS WITH $q
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.band AS band
ORDER BY a.name, a.id
LIMIT $limit
"""

# What the prefix index cannot find: the query in any case, anywhere in the
# name ("santos" finds "Maria Santos"). A label scan, run only when the id and
# the prefix left the page short; investigators search, the frontend never does.
SEARCH_IN_NAME: Final = """
MATCH (a:Account)
WHERE a.name IS NOT NULL AND toLower(a.name) CONTAINS $q
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.band AS band
ORDER BY a.name, a.id
LIMIT $limit
"""

# Groups page by id (a stable cursor), largest evidence first within a page.
LIST_CLUSTERS: Final = """
MATCH (g:Cluster)
WHERE g.id > $after
WITH g ORDER BY g.id LIMIT $limit
RETURN g.id AS id, g.confidence AS confidence, g.size AS size,
       [(a:Account)-[:IN_CLUSTER]->(g) | a.id] AS members
"""

LIST_RINGS: Final = """
MATCH (g:Ring)
WHERE g.id > $after
WITH g ORDER BY g.id LIMIT $limit
RETURN g.id AS id, g.score AS confidence, g.size AS size,
       [(a:Account)-[:IN_RING]->(g) | a.id] AS members
"""

# Lowest scores first; the cursor is the last (score, id) seen.
RISKIEST_ACCOUNTS: Final = """
MATCH (a:Account)
WHERE a.band = $band
  AND (a.score > $after_score OR (a.score = $after_score AND a.id > $after_id))
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.score AS score, a.band AS band,
       a.recommended_action AS action
ORDER BY a.score, a.id
LIMIT $limit
"""

# The audit log is append-only: there is no statement that updates or
# deletes an Audit node.
APPEND_AUDIT: Final = """
MATCH (a:Account {id: $account})
CREATE (a)-[:AUDITED]->(:Audit {id: $id, at: $at, ns: $ns, who: $who, what: $what,
                                reason: $reason, before: $before, after: $after,
                                detail: $detail})
"""

LATEST_ACTION_AT: Final = """
MATCH (a:Account {id: $account})-[:RECEIVED]->(x:Action)
RETURN max(x.at) AS at
"""

READ_AUDIT: Final = """
MATCH (a:Account {id: $account})-[:AUDITED]->(e:Audit)
RETURN e.id AS id, e.at AS at, e.who AS who, e.what AS what, e.reason AS reason,
       e.before AS before, e.after AS after, e.detail AS detail
ORDER BY e.ns DESC
LIMIT $limit
"""

# Asked by every ingest call (is there a nightly score to keep current?).
# A rescore sets band with score; `band >= ''` holds for every band and lets
# both engines answer from the band index, where `IS NOT NULL` scanned every
# account of a never-rescored store (~15 ms per API write at 100k accounts).
HAS_SCORES: Final = """
MATCH (a:Account)
WHERE a.band >= ''
RETURN a.id AS id
LIMIT 1
"""

READ_SCORES: Final = """
MATCH (a:Account)
WHERE a.score IS NOT NULL
RETURN a.id AS id, a.score AS score, a.band AS band, a.dimensions AS dimensions,
       a.reasons AS reasons, a.recommended_action AS action,
       a.duplicate_cluster AS cluster, a.ring AS ring
ORDER BY a.id
"""

# Emptying a database in bounded steps (tests; Neo4j has no "drop graph").
COUNT_ALL_NODES: Final = "MATCH (n) RETURN count(n) AS n"
DELETE_SOME_NODES: Final = "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n"

# ---------------------------------------------------------------------------
# DDL templates. Labels/properties come only from NODE_KEYS/NODE_INDEXES above.
# ---------------------------------------------------------------------------

NEO4J_UNIQUE_TEMPLATE: Final = (
    "CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE"
)
NEO4J_INDEX_TEMPLATE: Final = "CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
FALKORDB_INDEX_TEMPLATE: Final = "CREATE INDEX FOR (n:{label}) ON (n.{prop})"
FALKORDB_LIST_INDEXES: Final = "CALL db.indexes() YIELD label, properties RETURN label, properties"
FALKORDB_INDEX_STATUS: Final = "CALL db.indexes() YIELD label, status RETURN label, status"


def all_statements() -> dict[str, str]:
    """Every non-DDL statement by name, for the Neo4j linter and for tests."""
    return {
        name: value
        for name, value in globals().items()
        if name.isupper()
        and not name.startswith("_")
        and isinstance(value, str)
        and not name.endswith("_TEMPLATE")
        and not name.startswith("FALKORDB_")
    }
