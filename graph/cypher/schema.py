"""Schema: the keys and lookup indexes, and the DDL that creates them.

Labels and properties in the templates come only from :data:`NODE_KEYS` and
:data:`NODE_INDEXES`; :mod:`graph.dialect` picks the engine's form.
"""

from __future__ import annotations

from typing import Final

from graph.cypher import rows
from graph.cypher.query import Query, Read

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
    ("Case", "id"),
    ("CaseNote", "id"),
    ("PortfolioItem", "id"),
    ("TimeLog", "id"),
    ("Work", "key"),
    ("Outbox", "id"),
    ("Subscription", "id"),
    ("Lease", "id"),
    ("Trail", "id"),
    ("DenyAllowList", "name"),
    ("ListEntry", "key"),
    ("SchemaVersion", "id"),  # Neo4j's migrations version (graph.store.migrations)
)

NODE_INDEXES: Final[tuple[tuple[str, str], ...]] = (
    ("IP", "prefix"),
    ("Account", "name"),
    ("Account", "status"),
    ("Account", "band"),
)


NEO4J_UNIQUE_TEMPLATE: Final = (
    "CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE"
)
NEO4J_INDEX_TEMPLATE: Final = "CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
FALKORDB_INDEX_TEMPLATE: Final = "CREATE INDEX FOR (n:{label}) ON (n.{prop})"
FALKORDB_LIST_INDEXES: Final = Read(
    "FALKORDB_LIST_INDEXES",
    "CALL db.indexes() YIELD label, properties RETURN label, properties",
    rows.Indexed,
)
FALKORDB_INDEX_STATUS: Final = Read(
    "FALKORDB_INDEX_STATUS",
    "CALL db.indexes() YIELD label, status RETURN label, status",
    rows.IndexStatus,
)

# Neo4j keeps the data migrations' version in the graph (FalkorDB in a Redis
# key beside it); dumps and counts leave the node out.
NEO4J_READ_VERSION: Final = Read(
    "NEO4J_READ_VERSION",
    "MATCH (v:SchemaVersion {id: 'trustmesh'}) RETURN v.version AS n",
    rows.Count,
)
NEO4J_SET_VERSION: Final = Query(
    "NEO4J_SET_VERSION",
    "MERGE (v:SchemaVersion {id: 'trustmesh'}) SET v.version = $version",
)
