"""Same changes, same graph: events sent again with fields added, changed or
dropped, enforcement, cases, erasure and rescores that break groups up land
identically on FalkorDB and Neo4j.

The demo mostly creates; this stream mostly changes what exists, the path
where an engine flaw (rule 11 of graph.cypher) once showed.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from graph.cases import CaseStatus
from graph.embedded import EmbeddedFalkorDB
from graph.store import CypherStore
from graph.store.falkordb import FalkorDBStore
from graph.store.records import GraphDump
from service.rescore import rescore
from service.runtime import make_ingestor
from service.settings import Settings
from tests.conftest import (
    NO_NEO4J,
    PORTFOLIO_PICTURE,
    SECRET,
    Neo4jServer,
    closed_case,
    lines,
    without_clock,
)
from tests.service.test_engines import NOW

COUNTRIES = ("PT", "DE", "NG", "US")
CONTACT = "great brief, whatsapp me on +44 7700 900{:03d} and pay by bank transfer"
PLAIN = "thanks, the draft is attached in the workroom"


def _day(d: int, hour: int = 9) -> str:
    return f"2024-{1 + d // 28:02d}-{1 + d % 28:02d}T{hour:02d}:00:00Z"


def _account(rng: random.Random, a: str, kind: str) -> dict[str, Any]:
    event = {"type": "account", "id": a, "kind": kind, "name": f"{rng.choice('ABC')}na {a}",
             "country": rng.choice(COUNTRIES), "created_at": _day(0)}  # fmt: skip
    if rng.random() < 0.6:
        event["email"] = f"{a}.{rng.randint(0, 1)}@example.com"
    if rng.random() < 0.4:
        event["phone"] = f"+44 7700 900{rng.randint(0, 30):03d}"
    return event


def _stream(seed: int) -> list[dict[str, Any]]:
    """Every kind of change a marketplace sends, twice over for many ids."""
    rng = random.Random(seed)
    people = [f"u{i:02d}" for i in range(36)]
    kinds = {a: "CLIENT" if i % 3 == 0 else "FREELANCER" for i, a in enumerate(people)}
    events: list[dict[str, Any]] = []
    for a in people:  # declared, then sent again with a field or two different
        events += [_account(rng, a, kinds[a]), _account(rng, a, kinds[a])]
        for n in range(rng.randint(2, 6)):
            events.append({"type": "login", "account": a, "at": _day(1 + n, rng.randint(0, 23)),
                           "device": f"dev-{rng.randint(0, 20)}",
                           "ip": f"198.51.100.{rng.randint(1, 40)}",
                           "country": rng.choice(COUNTRIES)})  # fmt: skip
        if rng.random() < 0.3:
            events.append({"type": "payment_method", "account": a, "kind": "card",
                           "fingerprint": f"4111 1111 1111 {rng.randint(0, 9):04d}",
                           "at": _day(2)})  # fmt: skip
    clients = [a for a in people if kinds[a] == "CLIENT"]
    workers = [a for a in people if kinds[a] == "FREELANCER"]
    for k in range(40):
        client, worker, day = rng.choice(clients), rng.choice(workers), rng.randint(3, 40)
        events.append({"type": "contract", "id": f"k{k}", "client": client, "freelancer": worker,
                       "amount": rng.choice([20, 150, 900]), "started_at": _day(day)})  # fmt: skip
        for sent in range(rng.randint(1, 2)):  # a newer review replaces the older one
            rating = rng.randint(1, 5)
            review: dict[str, Any] = {"type": "feedback", "contract": f"k{k}", "from": client,
                                      "to": worker, "rating": rating,
                                      "at": _day(day + 5 + sent)}  # fmt: skip
            if rng.random() < 0.5:
                review["text"] = "good work" if rating > 3 else "missed the deadline"
            if rng.random() < 0.5:
                review["score"] = round(rating / 2.5 - 1.0, 1)
            events.append(review)
        for t in range(rng.randint(0, 3)):
            log = {"type": "time_log", "id": f"t{k}-{t}", "contract": f"k{k}",
                   "freelancer": worker, "start": _day(day + t, 8), "end": _day(day + t, 17),
                   "manual": rng.random() < 0.3}  # fmt: skip
            if rng.random() < 0.5:
                log["memo"] = "api work"
            events.append(log)
        for m in range(rng.randint(0, 2)):  # the same message id, its text edited
            for edit in range(rng.randint(1, 2)):
                text = CONTACT.format(k) if rng.random() < 0.5 else PLAIN
                events.append({"type": "message", "id": f"m{k}-{m}", "from": worker,
                               "to": client, "at": _day(day + edit), "text": text})  # fmt: skip
    for j in range(8):  # a post edited, a portfolio item re-titled or left untitled
        client, worker = rng.choice(clients), rng.choice(workers)
        for edit in range(2):
            text = CONTACT.format(j) if (j + edit) % 2 else "logo design for a bakery, 3 drafts"
            events.append({"type": "job_post", "id": f"j{j}", "client": client,
                           "at": _day(10 + j + edit), "title": "logo", "text": text})  # fmt: skip
            item = {"type": "portfolio", "id": f"w{j}", "account": worker, "at": _day(5 + j),
                    "data": PORTFOLIO_PICTURE}  # fmt: skip
            events.append({**item, "title": "bakery logo"} if edit == 0 else item)
    for f in range(12):
        flag = {"type": "flag", "id": f"f{f}", "reporter": rng.choice(people),
                "target": rng.choice(people), "target_kind": "account",
                "reason": "fake_profile", "at": _day(20 + f)}  # fmt: skip
        events.append({**flag, "details": "same photo as another"})
        if rng.random() < 0.5:
            events.append(flag)  # sent again without its details
    for n, a in enumerate(rng.sample(people, 8)):
        action = {"type": "action", "account": a, "action": "TIMED_RESTRICTION",
                  "reason": "under review", "at": _day(30 + n), "by": "inv-1",
                  "expires_at": "2099-01-01T00:00:00Z"}  # fmt: skip
        events.append(action)
        if n % 3 == 0:
            events.append({"type": "action", "account": a, "action": "LIFT", "reason": "cleared",
                           "at": _day(45 + n), "by": "inv-1"})  # fmt: skip
    return events


async def _cases(store: CypherStore) -> None:
    """A case closed, reopened and unassigned: outcome, close time and assignee cleared."""
    await closed_case(store, "u01", NOW)
    await store.set_case_status("case-1", CaseStatus.OPEN, None, NOW + 3)
    await store.assign_case("case-1", None, None, NOW + 4)


async def _lists(store: CypherStore) -> None:
    """A deny list of devices and an allow list of accounts, entries re-added
    with another expiry (cleared) and removed."""
    for name, kind, effect, action, suppress in (
        ("bad-devices", "device", "deny", "RESTRICTION", []),
        ("known-good", "account", "allow", None, ["FAKE_NAME"]),
    ):
        await store.create_list({"name": name, "kind": kind, "effect": effect, "action": action,
                                 "suppress": suppress, "description": "", "at": NOW,
                                 "by": "ann"})  # fmt: skip
    entry = {"added_by": "ann", "reason": "seen in fraud", "added_at": NOW}
    await store.add_list_entries("bad-devices", [
        {**entry, "value": "dev-3", "expires_at": NOW + 999_999},
        {**entry, "value": "dev-7", "expires_at": None},
    ])  # fmt: skip
    await store.add_list_entries("bad-devices", [{**entry, "value": "dev-3", "expires_at": None}])
    await store.add_list_entries("known-good", [{**entry, "value": v, "expires_at": None}
                                                for v in ("u04", "u05", "u06")])  # fmt: skip
    await store.remove_list_entries("known-good", ["u05"])


async def _run(store: CypherStore, events: list[dict[str, Any]], settings: Settings) -> GraphDump:
    await store.drop()
    await store.ensure_schema()
    ingestor = make_ingestor(store, settings)
    half = len(events) // 2
    await ingestor.ingest(lines(events[:half]))
    await rescore(store, now=NOW)
    ingestor.rescore_on_ingest = "on"
    await ingestor.ingest(lines(events[half:]))
    await _cases(store)
    await _lists(store)
    restricted = sorted({e["account"] for e in events if e["type"] == "action"})
    await store.erase_accounts(restricted[:3], NOW + 5)
    await rescore(store, now=NOW + 86_400)  # groups the erased accounts held break up
    return without_clock(await store.dump())


def _differences(one: list[Any], other: list[Any]) -> list[str]:
    """Node by node, the properties that differ (a readable failure)."""
    found = []
    for (label, a), (_, b) in zip(one, other, strict=False):
        x, y = dict(a), dict(b)
        keys = sorted(k for k in x.keys() | y.keys() if x.get(k) != y.get(k))
        found += [f"{label} {x.get('id')}: {k}: {x.get(k)!r} <> {y.get(k)!r}" for k in keys]
    if len(one) != len(other):
        found.append(f"{len(one)} nodes <> {len(other)}")
    return found[:20]


@pytest.mark.parametrize("seed", [1, 2])
async def test_changes_land_the_same_on_both_engines(
    seed: int, tmp_path: Path, embedded: EmbeddedFalkorDB, neo4j_server: Neo4jServer | None
) -> None:
    if neo4j_server is None:
        pytest.skip(NO_NEO4J)
    events = _stream(seed)
    settings = Settings(data_dir=tmp_path / "data", secret=SECRET)
    falkordb = FalkorDBStore(embedded.socket_path, f"updates-{seed}")
    neo4j = neo4j_server.store()
    try:
        on_falkordb = await _run(falkordb, events, settings)
        on_neo4j = await _run(neo4j, events, settings)
    finally:
        await falkordb.drop()
        await falkordb.close()
        await neo4j.drop()
        await neo4j.close()
    # the comparison must be able to fail: the stream changed what it names
    accounts = {dict(p)["id"]: dict(p) for label, p in on_falkordb.nodes if label == "Account"}
    assert sum("erased_at" in a for a in accounts.values()) == 3
    assert any("score_history" in a for a in accounts.values())
    messages = [dict(p) for label, p in on_falkordb.nodes if label == "Message"]
    assert messages and all("excerpt_until" not in m for m in messages)  # purged
    differences = _differences(on_falkordb.nodes, on_neo4j.nodes)
    assert differences == [], "\n".join(differences)
    assert on_falkordb.relationships == on_neo4j.relationships
    assert on_falkordb.ledger == on_neo4j.ledger
