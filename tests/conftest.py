"""Shared fixtures: a real embedded FalkorDB, fresh graphs, a small marketplace.

One embedded server runs for the whole session; each test gets its own graph
in it (a fresh name), so tests are isolated without paying a start-up each.
When ``NEO4J_URI`` is set, every store test also runs against that Neo4j;
otherwise those variants are reported as skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.falkordb_store import FalkorDBStore
from graph.model import AccountRow
from graph.neo4j_store import Neo4jStore
from graph.store import CypherStore
from service.converting import Line
from service.ingest import Ingestor
from service.runtime import make_ingestor
from service.settings import Settings

SECRET = "test-secret-0123456789abcdef"


@pytest.fixture(scope="session")
def embedded() -> Iterator[EmbeddedFalkorDB]:
    # a short path: unix socket paths are limited to ~100 bytes
    data_dir = Path(tempfile.mkdtemp(prefix="tm-", dir="/tmp"))
    server = EmbeddedFalkorDB(data_dir).start()
    yield server
    server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", secret=SECRET)


@pytest.fixture(params=["falkordb", "neo4j"])
async def store(
    request: pytest.FixtureRequest, embedded: EmbeddedFalkorDB
) -> AsyncIterator[CypherStore]:
    opened: FalkorDBStore | Neo4jStore
    if request.param == "neo4j":
        url = os.environ.get("NEO4J_URI")
        if not url:
            pytest.skip("NEO4J_URI not set: no live Neo4j to run against")
        opened = Neo4jStore(
            url,
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD"),
            os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
    else:
        opened = FalkorDBStore(embedded.socket_path, f"t{uuid.uuid4().hex[:12]}")
    await opened.drop()
    await opened.ensure_schema()
    yield opened
    await opened.drop()
    await opened.close()


@pytest.fixture
def ingestor(store: CypherStore, settings: Settings) -> Ingestor:
    return make_ingestor(store, settings)


def lines(events: list[dict[str, Any]], source: str = "t") -> list[Line]:
    return [Line(f"{source}:{i + 1}", json.dumps(e)) for i, e in enumerate(events)]


def account_row(account_id: str, name: str | None = None) -> AccountRow:
    """A store row for a plain freelancer (for tests that write to the store directly)."""
    return {"id": account_id, "kind": "FREELANCER", "name": name or account_id,
            "country": "PT", "created_at": 1_700_000_000, "email_hash": None,
            "phone_hash": None, "agency": None}  # fmt: skip


RAW_EMAIL = "Ana.Silva+work@GoogleMail.com"
RAW_PHONE = "+351 912 345 678"
RAW_CARD = "4111 1111 1111 1111"


@pytest.fixture
def marketplace() -> list[dict[str, Any]]:
    """A small hand-built marketplace touching every event type."""
    t = "2024-03-01T10:00:00Z"
    return [
        {
            "type": "account",
            "id": "fl-1",
            "kind": "FREELANCER",
            "name": "Ana Silva",
            "country": "PT",
            "created_at": "2024-01-01T00:00:00Z",
            "email": RAW_EMAIL,
            "phone": RAW_PHONE,
        },
        {
            "type": "account",
            "id": "cl-1",
            "kind": "CLIENT",
            "name": "Bob Smith",
            "country": "US",
            "created_at": "2024-01-02T00:00:00Z",
            "email": "bob@example.com",
        },
        {
            "type": "account",
            "id": "ag-1",
            "kind": "AGENCY",
            "name": "Pixel Agency",
            "country": "PT",
            "created_at": "2024-01-01T00:00:00Z",
        },
        {
            "type": "account",
            "id": "fl-2",
            "kind": "FREELANCER",
            "name": "Rui Costa",
            "country": "PT",
            "created_at": "2024-01-03T00:00:00+01:00",
            "agency": "ag-1",
        },
        {
            "type": "login",
            "account": "fl-1",
            "at": "2024-02-01T08:00:00Z",
            "device": "dev-1",
            "ip": "85.10.20.30",
            "country": "PT",
            "lat": 38.72,
            "lon": -9.14,
        },
        {
            "type": "login",
            "account": "fl-1",
            "at": "2024-02-02T08:00:00Z",
            "device": "dev-1",
            "ip": "85.10.20.31",
            "country": "PT",
            "lat": 38.72,
            "lon": -9.14,
        },
        {
            "type": "login",
            "account": "fl-2",
            "at": "2024-02-02T09:00:00Z",
            "device": "dev-2",
            "ip": "2001:db8:aa::1",
        },
        {
            "type": "payment_method",
            "account": "cl-1",
            "fingerprint": RAW_CARD,
            "kind": "card",
            "at": "2024-01-05T00:00:00Z",
        },
        {
            "type": "contract",
            "id": "ct-1",
            "client": "cl-1",
            "freelancer": "fl-1",
            "amount": 250,
            "started_at": "2024-02-10T00:00:00Z",
            "ended_at": "2024-02-20T00:00:00Z",
        },
        {
            "type": "feedback",
            "contract": "ct-1",
            "from": "cl-1",
            "to": "fl-1",
            "rating": 5,
            "at": "2024-02-21T00:00:00Z",
            "text": "Excellent",
        },
        {
            "type": "feedback",
            "contract": "ct-1",
            "from": "fl-1",
            "to": "cl-1",
            "rating": 4,
            "at": "2024-02-22T00:00:00Z",
        },
        {
            "type": "job_post",
            "id": "job-1",
            "client": "cl-1",
            "at": "2024-02-01T00:00:00Z",
            "title": "Logo for a bakery",
            "text": "Need a logo, budget 200",
        },
        {
            "type": "message",
            "id": "msg-1",
            "from": "cl-1",
            "to": "fl-1",
            "at": t,
            "text": "Hello, are you available?",
        },
        {
            "type": "flag",
            "id": "flag-1",
            "reporter": "fl-2",
            "target": "fl-1",
            "target_kind": "account",
            "reason": "duplicate_account",
            "at": t,
        },
        {
            "type": "flag",
            "id": "flag-2",
            "reporter": "fl-1",
            "target": "job-1",
            "target_kind": "job",
            "reason": "unclear_job_post",
            "details": "no scope",
            "at": t,
        },
        {
            "type": "flag",
            "id": "flag-3",
            "reporter": "fl-2",
            "target": "msg-1",
            "target_kind": "message",
            "reason": "spam_or_suspicious_link",
            "at": t,
        },
        {
            "type": "action",
            "account": "fl-2",
            "action": "WARNING",
            "reason": "spam",
            "at": "2024-03-02T00:00:00Z",
            "by": "inv-1",
        },
        {
            "type": "action",
            "account": "cl-1",
            "action": "TIMED_RESTRICTION",
            "reason": "fees",
            "at": "2024-03-02T00:00:00Z",
            "expires_at": "2099-04-02T00:00:00Z",
            "by": "inv-1",
        },
    ]
