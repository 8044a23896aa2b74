"""What differs between the two engines, kept in one small object.

The query text is shared (see :mod:`graph.cypher`); only schema DDL and a few
capabilities differ. Adapters consult their dialect instead of branching on
engine names all over the code.
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
    keys = [SchemaItem(label, prop, True) for label, prop in cypher.NODE_KEYS]
    lookups = [SchemaItem(label, prop, False) for label, prop in cypher.NODE_INDEXES]
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
            return cypher.NEO4J_UNIQUE_TEMPLATE.format(
                name=item.name, label=item.label, prop=item.prop
            )
        if self.ddl_is_idempotent:
            return cypher.NEO4J_INDEX_TEMPLATE.format(
                name=item.name, label=item.label, prop=item.prop
            )
        return cypher.FALKORDB_INDEX_TEMPLATE.format(label=item.label, prop=item.prop)


NEO4J = Dialect(name="neo4j", ddl_is_idempotent=True, constraints_in_cypher=True)
FALKORDB = Dialect(name="falkordb", ddl_is_idempotent=False, constraints_in_cypher=False)
