"""What differs between the two engines, kept in one small object.

The query text is shared (see :mod:`graph.cypher`, whose numbered rules say
which Cypher both accept); only schema DDL and a few capabilities differ.
Adapters consult their dialect instead of branching on engine names all over
the code.

Where the engines differ in meaning, and what keeps trustmesh's answers equal
(``tests/service/test_engines.py`` and ``bench/engines.py`` compare them):

- **Unique keys.** Neo4j enforces them with constraints; FalkorDB has range
  indexes only and serialises writes, so ``MERGE`` alone keeps keys unique.
- **Row order.** Without ``ORDER BY`` the engines return rows in different
  orders. Whatever feeds a decision is sorted first (the projection sorts
  accounts by id), so evidence lists, tie-breaks and ids agree.
- **The idempotency ledger.** ``Seen`` nodes on Neo4j, written in the
  counters' transaction; a Redis set beside the graph on FalkorDB, added in
  the counting query's ``MULTI``. Dumps list it apart from the nodes.
- **Login windows.** The account's ``recent_logins`` property on Neo4j; a
  Redis hash on FalkorDB (setting a node property there costs a graph pass).
  Dumps show them as the property on both.
- **Atomicity.** A Neo4j batch is one transaction (the driver retries
  transient errors). On FalkorDB each statement is atomic, not the batch; a
  batch cut by a crash is written again whole when the ingest is re-run,
  which changes nothing already there because every write is idempotent.
- **Durability.** Both acknowledge a batch once it is on disk: FalkorDB's AOF
  with ``appendfsync always``, Neo4j's transaction log on commit. Both are
  tested with ``kill -9`` of the server.
- **Lists.** Neo4j stores homogeneous lists of scalars only; structured items
  are JSON strings on both.
- **Notifications.** Neo4j warns about property keys it has not seen yet; the
  adapter turns notifications off.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph import cypher


@dataclass(frozen=True)
class SchemaItem:
    label: str
    prop: str
    unique: bool

    @property
    def name(self) -> str:
        kind = "key" if self.unique else "idx"
        return f"{self.label.lower()}_{self.prop}_{kind}"


def schema_items() -> list[SchemaItem]:
    keys = [SchemaItem(label, prop, True) for label, prop in cypher.schema.NODE_KEYS]
    lookups = [SchemaItem(label, prop, False) for label, prop in cypher.schema.NODE_INDEXES]
    return keys + lookups


@dataclass(frozen=True)
class Dialect:
    """Engine capabilities that the shared query text cannot hide."""

    name: str
    # Neo4j has ``IF NOT EXISTS``; FalkorDB errors on a second CREATE INDEX,
    # so its adapter lists existing indexes first.
    ddl_is_idempotent: bool
    # Neo4j enforces keys with constraints. FalkorDB gets range indexes only:
    # it serialises writes, so MERGE keeps keys unique (see FalkorDBStore).
    constraints_in_cypher: bool

    def ddl(self, item: SchemaItem) -> str:
        if self.constraints_in_cypher and item.unique:
            return cypher.schema.NEO4J_UNIQUE_TEMPLATE.format(
                name=item.name, label=item.label, prop=item.prop
            )
        if self.ddl_is_idempotent:
            return cypher.schema.NEO4J_INDEX_TEMPLATE.format(
                name=item.name, label=item.label, prop=item.prop
            )
        return cypher.schema.FALKORDB_INDEX_TEMPLATE.format(label=item.label, prop=item.prop)


NEO4J = Dialect(name="neo4j", ddl_is_idempotent=True, constraints_in_cypher=True)
FALKORDB = Dialect(name="falkordb", ddl_is_idempotent=False, constraints_in_cypher=False)
