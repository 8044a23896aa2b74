"""Reads behind the investigator's pages and the frontend's badges."""

from __future__ import annotations

from typing import Final

from graph.cypher import rows
from graph.cypher.query import Read

# The investigator's graph view: one hop from accounts to the things they
# touch (identifiers, contracts) and on to the other accounts on each thing.
# A crowded thing (a carrier's NAT IP) lists only its first $cap holders by id
# but reports how many there are, so the view stays readable and bounded.
EXPAND_ACCOUNTS: Final = Read(
    "EXPAND_ACCOUNTS",
    """
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
""",
    rows.Expansion,
)

ACCOUNT_SUMMARIES: Final = Read(
    "ACCOUNT_SUMMARIES",
    """
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id, a.name AS name, a.score AS score, a.status AS status
""",
    rows.AccountSummary,
)

# The investigator's account page, one query per section so a client pays
# only for what it selects. Lists are newest first and capped by $limit.
ACCOUNT_ACTIONS: Final = Read(
    "ACCOUNT_ACTIONS",
    """
MATCH (a:Account {id: $id})-[:RECEIVED]->(x:Action)
RETURN x.action AS action, x.reason AS reason, x.at AS at, x.expires_at AS expires_at,
       x.by AS by
ORDER BY at DESC, x.key DESC
LIMIT $limit
""",
    rows.StoredAction,
)

# Stored oldest first (graph.score_history); $limit counts from the newest.
ACCOUNT_SCORE_HISTORY: Final = Read(
    "ACCOUNT_SCORE_HISTORY",
    """
MATCH (a:Account {id: $id})
RETURN coalesce(a.score_history, [])[-$limit..] AS entries
""",
    rows.ScoreHistory,
)

# Every same-person link inside the account's cluster, with its evidence.
ACCOUNT_CLUSTER: Final = Read(
    "ACCOUNT_CLUSTER",
    """
MATCH (a:Account {id: $id})-[:IN_CLUSTER]->(g:Cluster)
MATCH (m:Account)-[:IN_CLUSTER]->(g)
OPTIONAL MATCH (m)-[s:SAME_PERSON]->(o:Account)
RETURN g.id AS cluster, g.confidence AS confidence, m.id AS member, o.id AS other,
       s.confidence AS link_confidence, s.evidence AS evidence
ORDER BY member, other
""",
    rows.ClusterLink,
)

ACCOUNT_RINGS: Final = Read(
    "ACCOUNT_RINGS",
    """
MATCH (a:Account {id: $id})-[:IN_RING]->(g:Ring)
RETURN g.id AS id, g.score AS confidence, g.size AS size,
       [(m:Account)-[:IN_RING]->(g) | m.id] AS members
ORDER BY id
""",
    rows.Group,
)

ACCOUNT_CONTRACTS: Final = Read(
    "ACCOUNT_CONTRACTS",
    """
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
""",
    rows.ContractSide,
)

# Reporters are returned here, for investigators only; no other read names them.
ACCOUNT_FLAGS: Final = Read(
    "ACCOUNT_FLAGS",
    """
MATCH (r:Account)-[:REPORTED]->(f:Flag)-[:AGAINST]->(t:Account {id: $id})
RETURN f.id AS id, f.reason AS reason, f.at AS at, r.id AS reporter, f.details AS details,
       f.target_kind AS target_kind
ORDER BY at DESC, id
LIMIT $limit
""",
    rows.StoredFlag,
)

# An account's portraits, latest upload first, with their previews (if kept).
ACCOUNT_PORTRAITS: Final = Read(
    "ACCOUNT_PORTRAITS",
    """
MATCH (:Account {id: $id})-[h:HAS_PORTRAIT]->(p:Portrait)
RETURN p.phash AS phash, p.thumb AS thumb, p.not_a_photo AS not_a_photo,
       h.first_seen AS first_seen, h.last_seen AS last_seen
ORDER BY last_seen DESC, phash
LIMIT $limit
""",
    rows.PortraitView,
)

# An account's portfolio items, newest first: what COPIED_PORTFOLIO names.
ACCOUNT_PORTFOLIO: Final = Read(
    "ACCOUNT_PORTFOLIO",
    """
MATCH (:Account {id: $id})-[:PUBLISHED]->(w:PortfolioItem)
RETURN w.id AS id, w.at AS at, w.title AS title
ORDER BY at DESC, id
LIMIT $limit
""",
    rows.PortfolioView,
)

# The messages an account sent, newest first, with their recipients and
# lengths (the text is never stored): what SPAM_MESSAGES names.
ACCOUNT_SENT_MESSAGES: Final = Read(
    "ACCOUNT_SENT_MESSAGES",
    """
MATCH (:Account {id: $id})-[:SENT]->(m:Message)-[:TO]->(b:Account)
RETURN m.id AS id, b.id AS recipient, m.at AS at, m.text_len AS length,
       coalesce(m.off_platform, []) + coalesce(m.policy, []) AS categories
ORDER BY at DESC, id
LIMIT $limit
""",
    rows.SentMessageView,
)

# An account's time logs, latest first, with their contract's dates: what
# PADDED_HOURS names.
ACCOUNT_TIME_LOGS: Final = Read(
    "ACCOUNT_TIME_LOGS",
    """
MATCH (:Account {id: $id})-[:LOGGED]->(t:TimeLog)-[:ON_CONTRACT]->(k:Contract)
RETURN t.id AS id, k.id AS contract, t.start AS start, t.end AS end, t.manual AS manual,
       k.started_at AS contract_start, k.ended_at AS contract_end
ORDER BY start DESC, id
LIMIT $limit
""",
    rows.TimeLogView,
)

# Messages and job posts an account sent that asked to go off the platform or
# broke the text policy, newest first, with both kinds of category; the masked
# excerpt only until its retention ends (write_back.PURGE_* then remove it).
_FLAGGED_TEXT = "WHERE size(coalesce(m.off_platform, [])) + size(coalesce(m.policy, [])) > 0"
_EXCERPT = """
RETURN m.id AS id, m.at AS at, coalesce(m.off_platform, []) + coalesce(m.policy, []) AS categories,
       CASE WHEN m.excerpt_until > $now THEN m.excerpt ELSE null END AS excerpt
ORDER BY at DESC, id
LIMIT $limit
"""
ACCOUNT_CONTACT_MESSAGES: Final = Read(
    "ACCOUNT_CONTACT_MESSAGES",
    "MATCH (:Account {id: $id})-[:SENT]->(m:Message)\n" + _FLAGGED_TEXT + _EXCERPT,
    rows.ContactExcerpt,
)
ACCOUNT_CONTACT_POSTS: Final = Read(
    "ACCOUNT_CONTACT_POSTS",
    "MATCH (:Account {id: $id})-[:POSTED]->(m:JobPost)\n" + _FLAGGED_TEXT + _EXCERPT,
    rows.ContactExcerpt,
)
# The score distribution for /metrics: accounts per band and per score decile.
SCORE_DISTRIBUTION: Final = Read(
    "SCORE_DISTRIBUTION",
    """
MATCH (a:Account)
WHERE a.band IS NOT NULL
RETURN a.band AS band, toInteger(a.score / 10) AS decile, count(a) AS n
""",
    rows.Decile,
)

# Badges for the marketplace frontend: band and facts, nothing about why.
# Only declared accounts have badges: one known only from others' events (a
# flag's made-up reporter or target, a contract's party) has no created_at.
READ_BADGES: Final = Read(
    "READ_BADGES",
    """
UNWIND $ids AS id
MATCH (a:Account {id: id})
WHERE a.created_at IS NOT NULL
RETURN a.id AS id, a.band AS band, a.score AS score, a.created_at AS created_at,
       a.status AS status
""",
    rows.Badge,
)


# Investigator search: an exact id, or the start of a name (indexed).
SEARCH_BY_ID: Final = Read(
    "SEARCH_BY_ID",
    """
MATCH (a:Account {id: $q})
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.band AS band
""",
    rows.SearchHit,
)

SEARCH_BY_NAME: Final = Read(
    "SEARCH_BY_NAME",
    """
MATCH (a:Account)
WHERE a.name STARTS WITH $q
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.band AS band
ORDER BY a.name, a.id
LIMIT $limit
""",
    rows.SearchHit,
)

# Holders of one hashed identifier (what an investigator typed, hashed as at ingest).
_HOLDERS = """
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.band AS band
ORDER BY a.id
LIMIT $limit
"""
SEARCH_BY_EMAIL: Final = Read(
    "SEARCH_BY_EMAIL",
    "MATCH (a:Account)-[:HAS_EMAIL]->(:Email {hash: $hash})\n" + _HOLDERS,
    rows.SearchHit,
)

SEARCH_BY_PHONE: Final = Read(
    "SEARCH_BY_PHONE",
    "MATCH (a:Account)-[:HAS_PHONE]->(:Phone {hash: $hash})\n" + _HOLDERS,
    rows.SearchHit,
)

SEARCH_BY_PAYMENT: Final = Read(
    "SEARCH_BY_PAYMENT",
    "MATCH (a:Account)-[:PAYS_WITH]->(:PaymentMethod {fingerprint: $hash})\n" + _HOLDERS,
    rows.SearchHit,
)

# What the prefix index cannot find: the query anywhere in the name, in any
# case and without accents ("santos" finds "Maria Santos", "jose" "José"), on
# the name's graph.names.search_key (accounts written before the key existed
# match on the lower-cased name until their next account event). A label
# scan, run only when the id and the prefix left the page short;
# investigators search, the frontend never does.
SEARCH_IN_NAME: Final = Read(
    "SEARCH_IN_NAME",
    """
MATCH (a:Account)
WHERE a.name IS NOT NULL AND coalesce(a.name_key, toLower(a.name)) CONTAINS $q
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.band AS band
ORDER BY a.name, a.id
LIMIT $limit
""",
    rows.SearchHit,
)

# Groups page by id (a stable cursor), largest evidence first within a page.
LIST_CLUSTERS: Final = Read(
    "LIST_CLUSTERS",
    """
MATCH (g:Cluster)
WHERE g.id > $after
WITH g ORDER BY g.id LIMIT $limit
RETURN g.id AS id, g.confidence AS confidence, g.size AS size,
       [(a:Account)-[:IN_CLUSTER]->(g) | a.id] AS members
""",
    rows.Group,
)

LIST_RINGS: Final = Read(
    "LIST_RINGS",
    """
MATCH (g:Ring)
WHERE g.id > $after
WITH g ORDER BY g.id LIMIT $limit
RETURN g.id AS id, g.score AS confidence, g.size AS size,
       [(a:Account)-[:IN_RING]->(g) | a.id] AS members
""",
    rows.Group,
)

# Any member of a cluster: its page is the member's cluster view.
CLUSTER_MEMBER: Final = Read(
    "CLUSTER_MEMBER",
    """
MATCH (a:Account)-[:IN_CLUSTER]->(g:Cluster {id: $id})
RETURN a.id AS id
ORDER BY a.id
LIMIT 1
""",
    rows.Id,
)

RING_BY_ID: Final = Read(
    "RING_BY_ID",
    """
MATCH (g:Ring {id: $id})
RETURN g.id AS id, g.score AS confidence, g.size AS size,
       [(a:Account)-[:IN_RING]->(g) | a.id] AS members
""",
    rows.Group,
)

# The investigators' queue: scored accounts matching every filter given (a
# null parameter filters nothing). ``$needle`` is a reason code as the codec
# writes it into ``a.reasons``; unreviewed means no audit record yet; an
# assignee (a key id) keeps the accounts of that key's open cases.
_QUEUE_FILTER = """
MATCH (a:Account)
WHERE a.score IS NOT NULL
  AND ($band IS NULL OR a.band = $band)
  AND ($kind IS NULL OR a.kind = $kind)
  AND ($country IS NULL OR a.country = $country)
  AND ($action IS NULL OR a.recommended_action = $action)
  AND ($needle IS NULL OR a.reasons CONTAINS $needle)
  AND (NOT $unreviewed OR NOT (a)-[:AUDITED]->())
  AND ($assignee IS NULL OR (a)<-[:ABOUT]-(:Case {assignee: $assignee, active: true}))
"""

# Lowest scores first; the cursor is the last (score, id) seen.
RISKIEST_ACCOUNTS: Final = Read(
    "RISKIEST_ACCOUNTS",
    _QUEUE_FILTER
    + """
  AND (a.score > $after_score OR (a.score = $after_score AND a.id > $after_id))
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.score AS score, a.band AS band,
       a.recommended_action AS action
ORDER BY a.score, a.id
LIMIT $limit
""",
    rows.Risky,
)

COUNT_QUEUE: Final = Read(
    "COUNT_QUEUE",
    _QUEUE_FILTER + "RETURN count(a) AS n\n",
    rows.Count,
)
