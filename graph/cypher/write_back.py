"""Write-back of a rescore, and investigator verdicts.

Every account's score lands in one ``SET``, so a reader never sees half of
it; groups and links carry the run id, and what an earlier run left behind
is removed only after the new run is written.
"""

from __future__ import annotations

from typing import Final

from graph.cypher.query import Query

# A score and the outbox events announcing its change are one statement, so
# neither lands without the other (graph.cypher.webhooks). Only declared
# accounts have badges to change; a first score is news only when it is not
# what a new account shows ($first_band): a first load of a marketplace
# would otherwise announce every account. The score history gains an entry
# only on a change worth one (graph.score_history), and keeps the last $keep.
# The ring is set apart from the cluster: an account leaving both would
# clear two properties in one update (rule 11).
WRITE_SCORES: Final = Query(
    "WRITE_SCORES",
    """
UNWIND $rows AS r
MATCH (a:Account {id: r.id})
WITH a, r, a.band AS was, coalesce(a.band, 'UNRATED') AS shown,
     coalesce(a.recommended_action, 'NONE') AS did, coalesce(r.action, 'NONE') AS does,
     coalesce(a.score_mark, '') <> r.mark
       OR abs(coalesce(a.score_noted, -1000.0) - r.score) >= $step AS changed
SET a.score = r.score, a.band = r.band, a.dimensions = r.dimensions,
    a.reasons = r.reasons, a.recommended_action = r.action,
    a.duplicate_cluster = r.cluster, a.scored_run = $run,
    a.score_history = CASE WHEN changed
                           THEN (coalesce(a.score_history, []) + [r.entry])[-$keep..]
                           ELSE a.score_history END,
    a.score_noted = CASE WHEN changed THEN r.score ELSE a.score_noted END,
    a.score_mark = r.mark
WITH a, r, was, shown, did, does,
     $stamp + '0-' + randomUUID() AS banded, $stamp + '1-' + randomUUID() AS acted
SET a.ring = r.ring
FOREACH (_ IN CASE WHEN a.created_at IS NOT NULL
                        AND coalesce(was, coalesce($first_band, 'UNRATED')) <> r.band
                   THEN [1] ELSE [] END |
    CREATE (:Outbox {id: banded, type: 'account.band_changed', created_at: timestamp(),
                     account: r.id, before: shown, after: r.band, score: r.score,
                     action: r.action}))
FOREACH (_ IN CASE WHEN a.created_at IS NOT NULL AND did <> does THEN [1] ELSE [] END |
    CREATE (:Outbox {id: acted, type: 'account.recommended_action_changed',
                     created_at: timestamp(), account: r.id, before: did, after: does,
                     score: r.score, action: r.action}))
""",
)

WRITE_SAME_PERSON: Final = Query(
    "WRITE_SAME_PERSON",
    """
UNWIND $rows AS r
MATCH (a:Account {id: r.a})
MATCH (b:Account {id: r.b})
MERGE (a)-[s:SAME_PERSON]->(b)
SET s.confidence = r.confidence, s.evidence = r.evidence, s.run = $run
""",
)

WRITE_CLUSTERS: Final = Query(
    "WRITE_CLUSTERS",
    """
UNWIND $rows AS r
MERGE (g:Cluster {id: r.id})
SET g.confidence = r.confidence, g.size = r.size, g.run = $run
WITH g, r
UNWIND r.members AS member
MATCH (a:Account {id: member})
MERGE (a)-[m:IN_CLUSTER]->(g)
SET m.run = $run
""",
)

WRITE_RINGS: Final = Query(
    "WRITE_RINGS",
    """
UNWIND $rows AS r
MERGE (g:Ring {id: r.id})
SET g.score = r.score, g.density = r.density, g.size = r.size, g.kind = r.kind,
    g.run = $run
WITH g, r
UNWIND r.members AS member
MATCH (a:Account {id: member})
MERGE (a)-[m:IN_RING]->(g)
SET m.run = $run
""",
)

# Each stale-link sweep starts from the label its links leave or reach:
# FalkorDB answers an unlabelled pattern by scanning every node, a labelled
# one by scanning that label (clusters and rings are few).
DELETE_STALE_SAME_PERSON: Final = Query(
    "DELETE_STALE_SAME_PERSON",
    """
MATCH (:Account)-[s:SAME_PERSON]->()
WHERE s.run <> $run
DELETE s
""",
)

DELETE_STALE_CLUSTER_LINKS: Final = Query(
    "DELETE_STALE_CLUSTER_LINKS",
    """
MATCH (:Cluster)<-[s:IN_CLUSTER]-()
WHERE s.run <> $run
DELETE s
""",
)

DELETE_STALE_RING_LINKS: Final = Query(
    "DELETE_STALE_RING_LINKS",
    """
MATCH (:Ring)<-[s:IN_RING]-()
WHERE s.run <> $run
DELETE s
""",
)

DELETE_STALE_CLUSTERS: Final = Query(
    "DELETE_STALE_CLUSTERS",
    """
MATCH (g:Cluster)
WHERE g.run <> $run
DETACH DELETE g
""",
)

DELETE_STALE_RINGS: Final = Query(
    "DELETE_STALE_RINGS",
    """
MATCH (g:Ring)
WHERE g.run <> $run
DETACH DELETE g
""",
)

MERGE_VERDICT: Final = Query(
    "MERGE_VERDICT",
    """
MERGE (v:Verdict {key: $key})
SET v.account = $account, v.code = $code, v.evidence = $evidence,
    v.decision = $decision, v.note = $note, v.by = $by, v.at = $at,
    v.fingerprint = $fingerprint
""",
)


# The nightly run removes message excerpts whose retention has ended, one
# property per SET (rule 11).
PURGE_MESSAGE_EXCERPTS: Final = Query(
    "PURGE_MESSAGE_EXCERPTS",
    """
MATCH (m:Message)
WHERE m.excerpt_until <= $now
SET m.excerpt = null
WITH m
SET m.excerpt_until = null
""",
)
PURGE_POST_EXCERPTS: Final = Query(
    "PURGE_POST_EXCERPTS",
    """
MATCH (m:JobPost)
WHERE m.excerpt_until <= $now
SET m.excerpt = null
WITH m
SET m.excerpt_until = null
""",
)
