"""Allow and deny lists: a ``DenyAllowList`` node per list, ``ListEntry`` nodes it holds.

Entry values arrive already normalised and, for personal data, hashed as
the stored identifiers are (service.lists): nothing here sees a raw value.
An entry's key is its list's name and its value, so adding a value twice
updates the one entry.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from graph.cypher import rows
from graph.cypher.query import Query, Read


class ListRow(NamedTuple):
    name: str
    kind: str
    effect: str
    action: str | None
    suppress: list[str] | None
    description: str | None
    created_at: int
    created_by: str
    entries: int


class EntryRow(NamedTuple):
    value: str
    added_by: str
    reason: str
    added_at: int
    expires_at: int | None


class ActiveList(NamedTuple):
    name: str
    kind: str
    effect: str
    action: str | None
    suppress: list[str] | None
    values: list[str]


CREATE_LIST: Final = Query(
    "CREATE_LIST",
    """
CREATE (:DenyAllowList {name: $name, kind: $kind, effect: $effect, action: $action,
                        suppress: $suppress, description: $description,
                        created_at: $at, created_by: $by})
""",
)

_LIST_FIELDS = """
RETURN l.name AS name, l.kind AS kind, l.effect AS effect, l.action AS action,
       l.suppress AS suppress, l.description AS description, l.created_at AS created_at,
       l.created_by AS created_by, count(e) AS entries
ORDER BY name
"""

READ_LISTS: Final = Read(
    "READ_LISTS",
    "MATCH (l:DenyAllowList)\nOPTIONAL MATCH (l)-[:HOLDS]->(e:ListEntry)" + _LIST_FIELDS,
    ListRow,
)

READ_LIST: Final = Read(
    "READ_LIST",
    "MATCH (l:DenyAllowList {name: $name})\nOPTIONAL MATCH (l)-[:HOLDS]->(e:ListEntry)"
    + _LIST_FIELDS,
    ListRow,
)

DELETE_LIST: Final = Query(
    "DELETE_LIST",
    """
MATCH (l:DenyAllowList {name: $name})
OPTIONAL MATCH (l)-[:HOLDS]->(e:ListEntry)
DETACH DELETE l, e
""",
)

ADD_ENTRIES: Final = Query(
    "ADD_ENTRIES",
    """
MATCH (l:DenyAllowList {name: $name})
UNWIND $rows AS r
MERGE (e:ListEntry {key: r.key})
SET e.value = r.value, e.added_by = r.added_by, e.reason = r.reason,
    e.added_at = r.added_at, e.expires_at = r.expires_at
MERGE (l)-[:HOLDS]->(e)
""",
)

# Entry keys once joined list and value with a control character, which
# FalkorDB stores as U+FFFD; a list name never holds ':' (service.lists).
REKEY_ENTRIES: Final = Query(
    "REKEY_ENTRIES",
    """
MATCH (l:DenyAllowList)-[:HOLDS]->(e:ListEntry)
WITH e, l.name + ':' + e.value AS key
WHERE e.key <> key
SET e.key = key
""",
)

COUNT_ENTRIES: Final = Read(
    "COUNT_ENTRIES",
    """
UNWIND $keys AS k
MATCH (e:ListEntry {key: k})
RETURN count(e) AS n
""",
    rows.Count,
)

REMOVE_ENTRIES: Final = Query(
    "REMOVE_ENTRIES",
    """
UNWIND $keys AS k
MATCH (e:ListEntry {key: k})
DETACH DELETE e
""",
)

READ_ENTRIES: Final = Read(
    "READ_ENTRIES",
    """
MATCH (:DenyAllowList {name: $name})-[:HOLDS]->(e:ListEntry)
RETURN e.value AS value, e.added_by AS added_by, e.reason AS reason,
       e.added_at AS added_at, e.expires_at AS expires_at
ORDER BY e.added_at DESC, e.value
LIMIT $limit
""",
    EntryRow,
)

# What a rescore applies: each list with its entries that have not expired.
READ_ACTIVE_LISTS: Final = Read(
    "READ_ACTIVE_LISTS",
    """
MATCH (l:DenyAllowList)-[:HOLDS]->(e:ListEntry)
WHERE e.expires_at IS NULL OR e.expires_at > $now
RETURN l.name AS name, l.kind AS kind, l.effect AS effect, l.action AS action,
       l.suppress AS suppress, collect(e.value) AS values
""",
    ActiveList,
)
