"""The idempotency ledger and the recent-login windows, where they sit in the graph.

On Neo4j both live in the graph (``Seen`` nodes, ``recent_logins``); on
FalkorDB in Redis beside it, and the ``*_SOME_*``/``DELETE``/``CLEAR``
statements take over what a store kept in the graph (``FalkorDBStore``).
"""

from __future__ import annotations

from typing import Final

from graph.cypher import rows
from graph.cypher.query import Query, Read

# The ledger on engines that keep it in the graph (rule 8). CREATE, not MERGE:
# the keys were just read as unseen, and a concurrent ingest of the same
# events then fails on the unique key instead of counting them twice.
MARK_SEEN: Final = Query(
    "MARK_SEEN",
    """
UNWIND $keys AS k
CREATE (:Seen {key: k})
""",
)

READ_SEEN: Final = Read(
    "READ_SEEN",
    """
UNWIND $keys AS k
MATCH (s:Seen {key: k})
RETURN s.key AS key
""",
    rows.Key,
)

READ_ALL_SEEN: Final = Read(
    "READ_ALL_SEEN",
    """
MATCH (s:Seen)
RETURN s.key AS key
""",
    rows.Key,
)

# A FalkorDB store holding Seen nodes in its graph has them taken over into
# the Redis set, in slices, at start-up (FalkorDBStore).
READ_SOME_SEEN: Final = Read(
    "READ_SOME_SEEN",
    """
MATCH (s:Seen)
RETURN s.key AS key
LIMIT $limit
""",
    rows.Key,
)

DELETE_SEEN: Final = Query(
    "DELETE_SEEN",
    """
UNWIND $keys AS k
MATCH (s:Seen {key: k})
DELETE s
""",
)

READ_LOGIN_WINDOWS: Final = Read(
    "READ_LOGIN_WINDOWS",
    """
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id, a.recent_logins AS logins
""",
    rows.Window,
)

WRITE_LOGIN_WINDOWS: Final = Query(
    "WRITE_LOGIN_WINDOWS",
    """
UNWIND $rows AS r
MATCH (a:Account {id: r.id})
SET a.recent_logins = r.logins
""",
)

# A FalkorDB store holding windows as account properties has them taken over
# into the Redis hash, in slices, at start-up (FalkorDBStore).
READ_SOME_WINDOWS: Final = Read(
    "READ_SOME_WINDOWS",
    """
MATCH (a:Account)
WHERE a.recent_logins IS NOT NULL
RETURN a.id AS id, a.recent_logins AS logins
LIMIT $limit
""",
    rows.Window,
)

CLEAR_WINDOWS: Final = Query(
    "CLEAR_WINDOWS",
    """
UNWIND $ids AS id
MATCH (a:Account {id: id})
SET a.recent_logins = null
""",
)
