"""The logo registry, API keys and the append-only audit log."""

from __future__ import annotations

from typing import Final

from graph.cypher import rows
from graph.cypher.query import Query, Read

# The logo registry: signatures of known brand marks (no image bytes).
MERGE_LOGOS: Final = Query(
    "MERGE_LOGOS",
    """
UNWIND $rows AS r
MERGE (l:Logo {key: r.key})
SET l.brand = r.brand, l.variant = r.variant, l.signature = r.signature, l.source = r.source,
    l.segments = r.segments
""",
)


# The registry of known stock and template work: signatures, never pictures.
MERGE_WORKS: Final = Query(
    "MERGE_WORKS",
    """
UNWIND $rows AS r
MERGE (w:Work {key: r.key})
SET w.source = r.source, w.name = r.name, w.added_at = r.added_at, w.phash = r.phash,
    w.dhash = r.dhash, w.whash = r.whash, w.trimmed = r.trimmed, w.colour = r.colour,
    w.circled = r.circled, w.inner = r.inner, w.turned = r.turned
""",
)

LIST_WORK_SOURCES: Final = Read(
    "LIST_WORK_SOURCES",
    """
MATCH (w:Work)
RETURN w.source AS source, count(w) AS works, max(w.added_at) AS added_at
ORDER BY source
""",
    rows.WorkSource,
)


# API keys: only a hash of each key is stored.
MERGE_API_KEY: Final = Query(
    "MERGE_API_KEY",
    """
MERGE (k:ApiKey {hash: $hash})
SET k.role = $role, k.name = $name, k.created_at = $at
""",
)

READ_API_KEY: Final = Read(
    "READ_API_KEY",
    """
MATCH (k:ApiKey {hash: $hash})
RETURN k.role AS role, k.name AS name
""",
    rows.KeyRole,
)

LIST_API_KEYS: Final = Read(
    "LIST_API_KEYS",
    """
MATCH (k:ApiKey)
RETURN k.hash AS hash, k.role AS role, k.name AS name, k.created_at AS created_at
ORDER BY created_at, hash
""",
    rows.ApiKeyRow,
)

FIND_API_KEY: Final = Read(
    "FIND_API_KEY",
    """
MATCH (k:ApiKey)
WHERE k.hash STARTS WITH $prefix
RETURN k.hash AS hash
""",
    rows.Hash,
)

DELETE_API_KEY: Final = Query(
    "DELETE_API_KEY",
    """
MATCH (k:ApiKey)
WHERE k.hash STARTS WITH $prefix
DELETE k
""",
)


# The audit log is append-only: there is no statement that updates or
# deletes an Audit node.
# An entry as both trails (an account's, a case's) create and read it.
AUDIT_NODE: Final = """(:Audit {id: $id, at: $at, ns: $ns, who: $who, what: $what,
                                reason: $reason, before: $before, after: $after,
                                detail: $detail})
"""
AUDIT_FIELDS: Final = """
RETURN e.id AS id, e.at AS at, e.who AS who, e.what AS what, e.reason AS reason,
       e.before AS before, e.after AS after, e.detail AS detail
ORDER BY e.ns DESC
LIMIT $limit
"""

APPEND_AUDIT: Final = Query(
    "APPEND_AUDIT",
    "MATCH (a:Account {id: $account})\nCREATE (a)-[:AUDITED]->" + AUDIT_NODE,
)

LATEST_ACTION_AT: Final = Read(
    "LATEST_ACTION_AT",
    """
MATCH (a:Account {id: $account})-[:RECEIVED]->(x:Action)
RETURN max(x.at) AS at
""",
    rows.At,
)

READ_AUDIT: Final = Read(
    "READ_AUDIT",
    "MATCH (a:Account {id: $account})-[:AUDITED]->(e:Audit)" + AUDIT_FIELDS,
    rows.AuditRow,
)

# Asked by every ingest call (is there a nightly score to keep current?).
# A rescore sets band with score; `band >= ''` holds for every band and lets
# both engines answer from the band index, where `IS NOT NULL` scanned every
