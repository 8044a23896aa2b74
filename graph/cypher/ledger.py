"""The idempotency ledger and the recent-login windows, where they sit in the graph.

On Neo4j both live in the graph (``Seen`` nodes, ``recent_logins``); on
FalkorDB in Redis beside it, and the ``*_SOME_*``/``DELETE``/``CLEAR``
statements take over what a store kept in the graph (``FalkorDBStore``).
"""

from __future__ import annotations

from typing import Final

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

# A FalkorDB store holding Seen nodes in its graph has them taken over into
# the Redis set, in slices, at start-up (FalkorDBStore).
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

# A FalkorDB store holding windows as account properties has them taken over
# into the Redis hash, in slices, at start-up (FalkorDBStore).
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
