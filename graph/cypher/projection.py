"""The whole graph pulled in bulk for the nightly rescore, or around some accounts."""

from __future__ import annotations

from typing import Final

from graph.cypher import projected, rows
from graph.cypher.query import Read

# Each projection query comes in two scopes: every account (nightly) and the
# accounts in $ids (rescoring what an ingest batch touched). They share one
# tail, so the two can never drift apart.
_EVERY_ACCOUNT = "MATCH (a:Account)"
_SOME_ACCOUNTS = "UNWIND $ids AS id\nMATCH (a:Account {id: id})"

_ACCOUNTS_TAIL = """
RETURN a.id AS id, a.kind AS kind, a.name AS name, a.country AS country,
       a.created_at AS created_at, a.status AS status, a.recent_logins AS logins,
       a.score AS score, a.reasons AS reasons, a.email_domain AS email_domain
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
WHERE size(coalesce(m.off_platform, [])) > 0 OR size(coalesce(m.policy, [])) > 0
RETURN a.id AS sender, b.id AS recipient, m.id AS id, m.at AS at,
       coalesce(m.off_platform, []) AS categories, m.policy AS policy
"""
_JOB_POSTS_TAIL = """-[:POSTED]->(j:JobPost)
WHERE size(coalesce(j.off_platform, [])) > 0 OR size(coalesce(j.policy, [])) > 0
RETURN a.id AS sender, null AS recipient, j.id AS id, j.at AS at,
       coalesce(j.off_platform, []) AS categories, j.policy AS policy
"""
_PORTFOLIO_TAIL = """-[:PUBLISHED]->(w:PortfolioItem)
RETURN a.id AS owner, w.id AS id, w.at AS at, w.phash AS phash, w.dhash AS dhash,
       w.whash AS whash, w.trimmed AS trimmed, w.colour AS colour, w.circled AS circled,
       w.inner AS inner, w.turned AS turned
"""
# One row per freelancer, each log packed as graph.hours.decode reads it (ids
# hold no tabs): a marketplace has millions of logs, and one string each
# reads several times faster than a row of seven columns.
_TIME_LOGS_TAIL = """-[:LOGGED]->(t:TimeLog)-[:ON_CONTRACT]->(k:Contract)
WITH a, collect(t.id + '\t' + k.id + '\t' + toString(t.start) + '\t' + toString(t.end) + '\t'
                + CASE WHEN t.manual THEN '1' ELSE '0' END + '\t'
                + coalesce(toString(k.started_at), '') + '\t'
                + coalesce(toString(k.ended_at), '')) AS logs
RETURN a.id AS freelancer, logs
"""
# Every message, packed as graph.spam.decode reads it (ids hold no tabs): the
# sender's texts by shape, and who wrote to whom, for spam's cold recipients.
_SENT_TAIL = """-[:SENT]->(m:Message)-[:TO]->(b:Account)
WITH a, collect(m.id + '\t' + b.id + '\t' + toString(m.at) + '\t' + coalesce(m.shape, '')) AS sent
RETURN a.id AS sender, sent
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

PROJECT_ACCOUNTS: Final = Read(
    "PROJECT_ACCOUNTS",
    _EVERY_ACCOUNT + _ACCOUNTS_TAIL,
    projected.ProjectedAccount,
)
PROJECT_DEVICES: Final = Read(
    "PROJECT_DEVICES",
    _EVERY_ACCOUNT + _DEVICES_TAIL,
    projected.Holding,
)
PROJECT_IPS: Final = Read(
    "PROJECT_IPS",
    _EVERY_ACCOUNT + _IPS_TAIL,
    projected.IpHolding,
)
PROJECT_PAYMENTS: Final = Read(
    "PROJECT_PAYMENTS",
    _EVERY_ACCOUNT + _PAYMENTS_TAIL,
    projected.Holding,
)
PROJECT_EMAILS: Final = Read(
    "PROJECT_EMAILS",
    _EVERY_ACCOUNT + _EMAILS_TAIL,
    projected.Holding,
)
PROJECT_PHONES: Final = Read(
    "PROJECT_PHONES",
    _EVERY_ACCOUNT + _PHONES_TAIL,
    projected.Holding,
)
PROJECT_PORTRAITS: Final = Read(
    "PROJECT_PORTRAITS",
    _EVERY_ACCOUNT + _PORTRAITS_TAIL,
    projected.ProjectedPortrait,
)
PROJECT_MEMBERSHIPS: Final = Read(
    "PROJECT_MEMBERSHIPS",
    _EVERY_ACCOUNT + _MEMBERSHIPS_TAIL,
    projected.Membership,
)
PROJECT_ACTIONS: Final = Read(
    "PROJECT_ACTIONS",
    _EVERY_ACCOUNT + _ACTIONS_TAIL,
    projected.ProjectedAction,
)
PROJECT_CLUSTERS: Final = Read(
    "PROJECT_CLUSTERS",
    _EVERY_ACCOUNT + _CLUSTERS_TAIL,
    projected.GroupMember,
)
PROJECT_RINGS: Final = Read(
    "PROJECT_RINGS",
    _EVERY_ACCOUNT + _RINGS_TAIL,
    projected.GroupMember,
)
PROJECT_MESSAGES: Final = Read(
    "PROJECT_MESSAGES",
    _EVERY_ACCOUNT + _MESSAGES_TAIL,
    projected.ContactRow,
)
PROJECT_JOB_POSTS: Final = Read(
    "PROJECT_JOB_POSTS",
    _EVERY_ACCOUNT + _JOB_POSTS_TAIL,
    projected.ContactRow,
)
PROJECT_PORTFOLIO: Final = Read(
    "PROJECT_PORTFOLIO",
    _EVERY_ACCOUNT + _PORTFOLIO_TAIL,
    projected.ProjectedWork,
)
PROJECT_TIME_LOGS: Final = Read(
    "PROJECT_TIME_LOGS",
    _EVERY_ACCOUNT + _TIME_LOGS_TAIL,
    projected.ProjectedTimeLogs,
)
PROJECT_SENT: Final = Read(
    "PROJECT_SENT",
    _EVERY_ACCOUNT + _SENT_TAIL,
    projected.ProjectedSent,
)
PROJECT_WORKS: Final = Read(
    "PROJECT_WORKS",
    """
MATCH (w:Work)
RETURN w.source AS owner, w.key AS id, w.added_at AS at, w.phash AS phash, w.dhash AS dhash,
       w.whash AS whash, w.trimmed AS trimmed, w.colour AS colour, w.circled AS circled,
       w.inner AS inner, w.turned AS turned
""",
    projected.ProjectedWork,
)
PROJECT_CONTRACTS: Final = Read(
    "PROJECT_CONTRACTS",
    _EVERY_ACCOUNT + _CONTRACTS_TAIL,
    projected.Hire,
)

LOCAL_ACCOUNTS: Final = Read(
    "LOCAL_ACCOUNTS",
    _SOME_ACCOUNTS + _ACCOUNTS_TAIL,
    projected.ProjectedAccount,
)
LOCAL_DEVICES: Final = Read(
    "LOCAL_DEVICES",
    _SOME_ACCOUNTS + _DEVICES_TAIL,
    projected.Holding,
)
LOCAL_IPS: Final = Read(
    "LOCAL_IPS",
    _SOME_ACCOUNTS + _IPS_TAIL,
    projected.IpHolding,
)
LOCAL_PAYMENTS: Final = Read(
    "LOCAL_PAYMENTS",
    _SOME_ACCOUNTS + _PAYMENTS_TAIL,
    projected.Holding,
)
LOCAL_EMAILS: Final = Read(
    "LOCAL_EMAILS",
    _SOME_ACCOUNTS + _EMAILS_TAIL,
    projected.Holding,
)
LOCAL_PHONES: Final = Read(
    "LOCAL_PHONES",
    _SOME_ACCOUNTS + _PHONES_TAIL,
    projected.Holding,
)
LOCAL_PORTRAITS: Final = Read(
    "LOCAL_PORTRAITS",
    _SOME_ACCOUNTS + _PORTRAITS_TAIL,
    projected.ProjectedPortrait,
)
LOCAL_MEMBERSHIPS: Final = Read(
    "LOCAL_MEMBERSHIPS",
    _SOME_ACCOUNTS + _MEMBERSHIPS_TAIL,
    projected.Membership,
)
LOCAL_ACTIONS: Final = Read(
    "LOCAL_ACTIONS",
    _SOME_ACCOUNTS + _ACTIONS_TAIL,
    projected.ProjectedAction,
)
LOCAL_CLUSTERS: Final = Read(
    "LOCAL_CLUSTERS",
    _SOME_ACCOUNTS + _CLUSTERS_TAIL,
    projected.GroupMember,
)
LOCAL_RINGS: Final = Read(
    "LOCAL_RINGS",
    _SOME_ACCOUNTS + _RINGS_TAIL,
    projected.GroupMember,
)
LOCAL_MESSAGES: Final = Read(
    "LOCAL_MESSAGES",
    _SOME_ACCOUNTS + _MESSAGES_TAIL,
    projected.ContactRow,
)
LOCAL_JOB_POSTS: Final = Read(
    "LOCAL_JOB_POSTS",
    _SOME_ACCOUNTS + _JOB_POSTS_TAIL,
    projected.ContactRow,
)
LOCAL_PORTFOLIO: Final = Read(
    "LOCAL_PORTFOLIO",
    _SOME_ACCOUNTS + _PORTFOLIO_TAIL,
    projected.ProjectedWork,
)
LOCAL_TIME_LOGS: Final = Read(
    "LOCAL_TIME_LOGS",
    _SOME_ACCOUNTS + _TIME_LOGS_TAIL,
    projected.ProjectedTimeLogs,
)
LOCAL_SENT: Final = Read(
    "LOCAL_SENT",
    _SOME_ACCOUNTS + _SENT_TAIL,
    projected.ProjectedSent,
)
LOCAL_CONTRACTS: Final = Read(
    "LOCAL_CONTRACTS",
    _SOME_ACCOUNTS + _CONTRACTS_TAIL,
    projected.Hire,
)

# Who a touched account could be linked to: holders of the same (uncrowded)
# identifier, and its cluster and ring mates from the last nightly run.
LOCAL_NEIGHBOURS: Final = Read(
    "LOCAL_NEIGHBOURS",
    """
UNWIND $ids AS id
MATCH (a:Account {id: id})
      -[:USED_DEVICE|LOGGED_IN_FROM|PAYS_WITH|HAS_EMAIL|HAS_PHONE|HAS_PORTRAIT]->(x)
WITH x, size([(x)
        <-[:USED_DEVICE|LOGGED_IN_FROM|PAYS_WITH|HAS_EMAIL|HAS_PHONE|HAS_PORTRAIT]-(:Account) | 1])
     AS holders
WHERE holders <= $max_holders
MATCH (x)<-[:USED_DEVICE|LOGGED_IN_FROM|PAYS_WITH|HAS_EMAIL|HAS_PHONE|HAS_PORTRAIT]-(b:Account)
RETURN DISTINCT b.id AS id
""",
    rows.Id,
)

LOCAL_GROUP_MATES: Final = Read(
    "LOCAL_GROUP_MATES",
    """
UNWIND $ids AS id
MATCH (a:Account {id: id})-[:IN_CLUSTER|IN_RING]->(g)<-[:IN_CLUSTER|IN_RING]-(b:Account)
RETURN DISTINCT b.id AS id
""",
    rows.Id,
)

# Contracts with feedback that involve the accounts in $ids, either side.
LOCAL_REVIEWS: Final = Read(
    "LOCAL_REVIEWS",
    """
UNWIND $ids AS id
MATCH (a:Account {id: id})-[:HIRED|WORKED_ON]->(k:Contract)
MATCH (c:Account)-[:HIRED]->(k)<-[:WORKED_ON]-(f:Account)
MATCH (c)-[v:REVIEWED {contract: k.id}]->(f)
RETURN DISTINCT k.id AS contract, c.id AS client, f.id AS freelancer, v.rating AS rating,
       k.amount AS amount, v.at AS at, v.score AS score
""",
    projected.ProjectedReview,
)

LOCAL_FLAGS: Final = Read(
    "LOCAL_FLAGS",
    """
UNWIND $ids AS id
MATCH (r:Account)-[:REPORTED]->(f:Flag)-[:AGAINST]->(t:Account {id: id})
RETURN f.id AS id, r.id AS reporter, t.id AS target, f.reason AS reason, f.at AS at
""",
    projected.ProjectedFlag,
)

PROJECT_REVIEWS: Final = Read(
    "PROJECT_REVIEWS",
    """
MATCH (c:Account)-[:HIRED]->(k:Contract)<-[:WORKED_ON]-(f:Account)
MATCH (c)-[v:REVIEWED {contract: k.id}]->(f)
RETURN k.id AS contract, c.id AS client, f.id AS freelancer, v.rating AS rating,
       k.amount AS amount, v.at AS at, v.score AS score
""",
    projected.ProjectedReview,
)

PROJECT_FLAGS: Final = Read(
    "PROJECT_FLAGS",
    """
MATCH (r:Account)-[:REPORTED]->(f:Flag)-[:AGAINST]->(t:Account)
RETURN f.id AS id, r.id AS reporter, t.id AS target, f.reason AS reason, f.at AS at
""",
    projected.ProjectedFlag,
)

PROJECT_VERDICTS: Final = Read(
    "PROJECT_VERDICTS",
    """
MATCH (v:Verdict)
RETURN v.account AS account, v.code AS code, v.evidence AS evidence,
       v.decision AS decision, v.fingerprint AS fingerprint
""",
    projected.StoredVerdict,
)


PROJECT_LOGOS: Final = Read(
    "PROJECT_LOGOS",
    """
MATCH (l:Logo)
RETURN l.brand AS brand, l.variant AS variant, l.signature AS signature,
       coalesce(l.segments, '') AS segments
""",
    projected.StoredLogo,
)
