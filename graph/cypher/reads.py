"""Reads that are not investigator views: one account, counts, dumps, scores."""

from __future__ import annotations

from typing import Final

from graph.cypher import rows
from graph.cypher.query import Query, Read

PING: Final = Read(
    "PING",
    "RETURN 1 AS ok",
    rows.Ok,
)

READ_ACCOUNT: Final = Read(
    "READ_ACCOUNT",
    """
MATCH (a:Account {id: $id})
RETURN properties(a) AS props,
       [(a)-[:USED_DEVICE]->(d:Device) | d.id] AS devices,
       [(a)-[:LOGGED_IN_FROM]->(i:IP) | i.address] AS ips,
       [(a)-[:PAYS_WITH]->(p:PaymentMethod) | p.fingerprint] AS payments,
       [(a)-[:HAS_EMAIL]->(e:Email) | e.hash] AS emails,
       [(a)-[:HAS_PHONE]->(h:Phone) | h.hash] AS phones,
       [(a)-[:MEMBER_OF]->(g:Account) | g.id] AS agencies
""",
    rows.AccountNode,
)

COUNT_NODES: Final = Read(
    "COUNT_NODES",
    """
MATCH (n) WHERE NOT n:SchemaVersion
RETURN labels(n)[0] AS label, count(n) AS n
""",
    rows.LabelCount,
)

COUNT_RELATIONSHIPS: Final = Read(
    "COUNT_RELATIONSHIPS",
    """
MATCH ()-[r]->()
RETURN type(r) AS type, count(r) AS n
""",
    rows.TypeCount,
)

# The ledger is not part of the graph's content; dumps list it apart.
# The dump is the graph's state: the ledger is compared apart, and the
# outbox is a queue of announcements whose ids and times differ per write.
DUMP_NODES: Final = Read(
    "DUMP_NODES",
    """
MATCH (n) WHERE NOT n:Seen AND NOT n:Outbox AND NOT n:SchemaVersion
RETURN labels(n)[0] AS label, properties(n) AS props
""",
    rows.NodeDump,
)

DUMP_RELATIONSHIPS: Final = Read(
    "DUMP_RELATIONSHIPS",
    """
MATCH (a)-[r]->(b)
WHERE NOT a:Outbox
RETURN labels(a)[0] AS src_label, properties(a) AS src, type(r) AS type,
       properties(r) AS props, labels(b)[0] AS dst_label, properties(b) AS dst
""",
    rows.RelationshipDump,
)


# Answered from the band index (tests/graph/store/test_falkordb.py): a scan
# would visit every account of a never-rescored store on each API write.
HAS_SCORES: Final = Read(
    "HAS_SCORES",
    """
MATCH (a:Account)
WHERE a.band >= ''
RETURN a.id AS id
LIMIT 1
""",
    rows.Id,
)

READ_SCORES: Final = Read(
    "READ_SCORES",
    """
MATCH (a:Account)
WHERE a.score IS NOT NULL
RETURN a.id AS id, a.score AS score, a.band AS band, a.dimensions AS dimensions,
       a.reasons AS reasons, a.recommended_action AS action,
       a.duplicate_cluster AS cluster, a.ring AS ring
ORDER BY a.id
""",
    rows.StoredScore,
)

# Emptying a database in bounded steps (tests; Neo4j has no "drop graph").
COUNT_ALL_NODES: Final = Read(
    "COUNT_ALL_NODES",
    "MATCH (n) RETURN count(n) AS n",
    rows.Count,
)
DELETE_SOME_NODES: Final = Query(
    "DELETE_SOME_NODES",
    "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n",
)
