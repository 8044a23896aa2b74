"""The store: a narrow typed port (:mod:`graph.store.ports`), one Cypher
implementation of it (:class:`CypherStore`) and an adapter per engine
(:mod:`graph.store.falkordb`, :mod:`graph.store.neo4j`), the only modules
that import a driver."""

from graph.store.cypher_store import CypherStore
from graph.store.ports import GraphStore

__all__ = ["CypherStore", "GraphStore"]
