"""Erasing accounts' personal data, when a person asks a marketplace to.

What goes: the profile (name, country, email domain), the login window,
every identifier only erased accounts hold (emails, phones, cards, devices,
IPs, portraits), the links to the ones others hold too, the messages, job
posts, portfolio items and time logs the account made, the flags about it
and the reporter link of the flags it filed, its scores (their evidence
names identifiers) and what detection derived from them. What stays: the
account's id (the marketplace's own key) with ``erased_at``, its contracts
and the ratings on them (the other side's reputation rests on them), its
enforcement actions, audit trail and cases, which a marketplace must be
able to account for. Every statement is idempotent: an interrupted erasure
is finished by running it again.
"""

from __future__ import annotations

from typing import Final

from graph.cypher import rows
from graph.cypher.query import Query, Read

# what an account holds that names or locates the person behind it
_HELD = "HAS_EMAIL|HAS_PHONE|PAYS_WITH|USED_DEVICE|LOGGED_IN_FROM|HAS_PORTRAIT"

READ_ERASABLE: Final = Read(
    "READ_ERASABLE",
    """
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id
""",
    rows.Id,
)

# Identifiers no account outside the erased ones holds. Counted before any
# deletion: FalkorDB applies a statement's deletions only at its end.
ERASE_LONE_IDENTIFIERS: Final = Query(
    "ERASE_LONE_IDENTIFIERS",
    f"""
UNWIND $ids AS id
MATCH (:Account {{id: id}})-[:{_HELD}]->(x)
WITH DISTINCT x
WITH x, [(x)<-[:{_HELD}]-(b:Account) | b.id] AS holders
WHERE all(h IN holders WHERE h IN $ids)
DETACH DELETE x
""",
)

ERASE_IDENTIFIER_LINKS: Final = Query(
    "ERASE_IDENTIFIER_LINKS",
    f"""
UNWIND $ids AS id
MATCH (:Account {{id: id}})-[r:{_HELD}]->()
DELETE r
""",
)

ERASE_CONTENT: Final = Query(
    "ERASE_CONTENT",
    """
UNWIND $ids AS id
MATCH (:Account {id: id})-[:SENT|POSTED|PUBLISHED|LOGGED]->(x)
DETACH DELETE x
""",
)

ERASE_FLAGS_AGAINST: Final = Query(
    "ERASE_FLAGS_AGAINST",
    """
UNWIND $ids AS id
MATCH (f:Flag)-[:AGAINST]->(:Account {id: id})
DETACH DELETE f
""",
)

# the flags it filed stay against their targets, with no reporter
ERASE_REPORTER_LINKS: Final = Query(
    "ERASE_REPORTER_LINKS",
    """
UNWIND $ids AS id
MATCH (:Account {id: id})-[r:REPORTED]->(:Flag)
DELETE r
""",
)

ERASE_DERIVED_OUT: Final = Query(
    "ERASE_DERIVED_OUT",
    """
UNWIND $ids AS id
MATCH (:Account {id: id})-[r:SAME_PERSON|IN_CLUSTER|IN_RING]->()
DELETE r
""",
)

ERASE_DERIVED_IN: Final = Query(
    "ERASE_DERIVED_IN",
    """
UNWIND $ids AS id
MATCH (:Account {id: id})<-[r:SAME_PERSON]-(:Account)
DELETE r
""",
)

ERASE_VERDICTS: Final = Query(
    "ERASE_VERDICTS",
    """
MATCH (v:Verdict)
WHERE v.account IN $ids
DETACH DELETE v
""",
)

# The account keeps what says it existed and what was done to it; every
# other property goes, including any a later version adds. On Neo4j the
# login window is a property too; FalkorDB's adapter drops it from the
# windows' hash as well. One replacing SET, not a null per property (rule 11).
ERASE_PROFILE: Final = Query(
    "ERASE_PROFILE",
    """
UNWIND $ids AS id
MATCH (a:Account {id: id})
SET a = {id: a.id, kind: a.kind, created_at: a.created_at, status: a.status,
         status_until: a.status_until, erased_at: $at}
""",
)

# in this order: identifiers are found through links the later steps remove
ERASURE: Final = (
    ERASE_LONE_IDENTIFIERS,
    ERASE_IDENTIFIER_LINKS,
    ERASE_CONTENT,
    ERASE_FLAGS_AGAINST,
    ERASE_REPORTER_LINKS,
    ERASE_DERIVED_OUT,
    ERASE_DERIVED_IN,
    ERASE_VERDICTS,
    ERASE_PROFILE,
)
