"""Shared fixtures: a real embedded FalkorDB, fresh graphs, a small marketplace.

One embedded server runs for the whole session; each test gets its own graph
in it (a fresh name), so tests are isolated without paying a start-up each.

Every store-touching test also runs on a real Neo4j: the one at ``NEO4J_URI``
when given, else one ``scripts/neo4j`` starts for the session when
``TRUSTMESH_TEST_NEO4J=1`` (a start that fails fails those tests). Without
either, the Neo4j variants are skipped with one line saying so. Neo4j
Community holds one database, so each test wipes it first: tests run one at
a time.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from graph.cases import CaseOutcome, CaseStatus, CaseSubject, CaseView
from graph.embedded import EmbeddedFalkorDB
from graph.model import AccountRow
from graph.names import search_key
from graph.store import CypherStore
from graph.store.falkordb import FalkorDBStore
from graph.store.neo4j import Neo4jStore
from graph.store.records import GraphDump
from service.demo.images import encode, photo
from service.ingest.pipeline import Ingestor
from service.ingest.types import Line
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
async def falkordb(embedded: EmbeddedFalkorDB) -> AsyncIterator[FalkorDBStore]:
    """A fresh FalkorDB graph, for what only that adapter does."""
    opened = FalkorDBStore(embedded.socket_path, f"t{uuid.uuid4().hex[:12]}")
    await opened.ensure_schema()
    yield opened
    await opened.drop()
    await opened.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", secret=SECRET)


ROOT = Path(__file__).resolve().parent.parent
NO_NEO4J = (
    "Neo4j variant: set TRUSTMESH_TEST_NEO4J=1 (needs Java 17+ and Maven) or NEO4J_URI to run it"
)


@dataclass(frozen=True)
class Neo4jServer:
    """A live Neo4j for the Neo4j variants: where it is and how to log in."""

    url: str  # credentials included, as TRUSTMESH_GRAPH_URL takes it
    database: str | None = None

    def store(self) -> Neo4jStore:
        return Neo4jStore(self.url, None, None, self.database)

    def env(self) -> dict[str, str]:
        """The variables that point a ``trustmesh`` process at this server."""
        out = {"TRUSTMESH_GRAPH_URL": self.url}
        if self.database:
            out["TRUSTMESH_GRAPH_NAME"] = self.database
        return out

    async def wipe(self) -> None:
        opened = self.store()
        try:
            await opened.drop()
        finally:
            await opened.close()


def _given_neo4j() -> Neo4jServer | None:
    url = os.environ.get("NEO4J_URI")
    if not url:
        return None
    user = os.environ.get("NEO4J_USER", "neo4j")
    password = os.environ.get("NEO4J_PASSWORD", "")
    scheme, _, rest = url.partition("://")
    with_auth = f"{scheme}://{quote(user, safe='')}:{quote(password, safe='')}@{rest}"
    return Neo4jServer(with_auth, os.environ.get("NEO4J_DATABASE"))


LAUNCHER = ROOT / "scripts" / "neo4j"


def start_neo4j(data: Path) -> Neo4jServer:
    """Start ``scripts/neo4j`` on ``data`` (reusing the server already running
    there); fails the test, with the launcher's words, when it cannot."""
    started = subprocess.run(
        [str(LAUNCHER), "start", "--data", str(data)], capture_output=True, text=True, timeout=900
    )
    if started.returncode != 0:
        pytest.fail(
            "scripts/neo4j could not start Neo4j:\n" + started.stderr[-4000:], pytrace=False
        )
    return Neo4jServer(started.stdout.strip().splitlines()[-1])


def stop_neo4j(data: Path) -> None:
    subprocess.run([str(LAUNCHER), "stop", "--data", str(data)], capture_output=True, timeout=120)


def launching_neo4j() -> bool:
    """Whether this run starts its own Neo4j servers (TRUSTMESH_TEST_NEO4J=1)."""
    return os.environ.get("TRUSTMESH_TEST_NEO4J") == "1"


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer | None]:
    """The session's Neo4j, or None when none was asked for."""
    given = _given_neo4j()
    if given is not None or not launching_neo4j():
        yield given
        return
    data = Path(tempfile.mkdtemp(prefix="tmn-", dir="/tmp"))
    try:
        yield start_neo4j(data)
    finally:
        stop_neo4j(data)
        shutil.rmtree(data, ignore_errors=True)


ENGINES = ["falkordb", "neo4j"]


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Which engine a parametrised test runs on."""
    return str(request.param)


@pytest.fixture
def live_neo4j(engine: str, request: pytest.FixtureRequest) -> Neo4jServer | None:
    """The Neo4j to use on the neo4j variant (skipping when there is none); None on FalkorDB."""
    if engine != "neo4j":
        return None
    server: Neo4jServer | None = request.getfixturevalue("neo4j_server")
    if server is None:
        pytest.skip(NO_NEO4J)
    return server


@pytest.fixture
async def store(
    live_neo4j: Neo4jServer | None, embedded: EmbeddedFalkorDB
) -> AsyncIterator[CypherStore]:
    opened: FalkorDBStore | Neo4jStore
    if live_neo4j is not None:
        opened = live_neo4j.store()
    else:
        opened = FalkorDBStore(embedded.socket_path, f"t{uuid.uuid4().hex[:12]}")
    await opened.drop()
    await opened.ensure_schema()
    yield opened
    await opened.drop()
    await opened.close()


@pytest.fixture
async def engine_env(live_neo4j: Neo4jServer | None) -> dict[str, str]:
    """Variables that point a ``trustmesh`` process at the variant's engine, its
    graph empty: nothing on FalkorDB (each process embeds its own in its data dir)."""
    if live_neo4j is None:
        return {}
    await live_neo4j.wipe()
    return live_neo4j.env()


@pytest.fixture
def ingestor(store: CypherStore, settings: Settings) -> Ingestor:
    return make_ingestor(store, settings)


def lines(events: list[dict[str, Any]], source: str = "t") -> list[Line]:
    return [Line(f"{source}:{i + 1}", json.dumps(e)) for i, e in enumerate(events)]


def account_row(account_id: str, name: str | None = None) -> AccountRow:
    """A store row for a plain freelancer (for tests that write to the store directly)."""
    return {"id": account_id, "kind": "FREELANCER", "name": name or account_id,
            "name_key": search_key(name or account_id), "country": "PT",
            "created_at": 1_700_000_000, "email_hash": None, "email_domain": None,
            "phone_hash": None, "agency": None}  # fmt: skip


async def closed_case(store: CypherStore, account: str, at: int) -> str:
    """A case on ``account`` opened at ``at``, assigned, then closed as
    confirmed (one second apart); its id."""
    await store.open_case(CaseView(
        id="case-1", subject=CaseSubject.ACCOUNT, subject_id=account, title=f"look at {account}",
        status=CaseStatus.OPEN, outcome=None, assignee=None, assignee_name=None,
        opened_by="ann", opened_at=at, updated_at=at, members=(account,),
    ))  # fmt: skip
    await store.assign_case("case-1", "k1", "bob", at + 1)
    await store.set_case_status("case-1", CaseStatus.CLOSED, CaseOutcome.CONFIRMED, at + 2)
    return "case-1"


def _dated_by_the_test(entry: str) -> str:
    """A score-history entry, without the time an ingest's rescore read off the clock."""
    _at, rest = entry.split("|", 1)
    return rest if rest.startswith("NEIGHBOURHOOD|") else entry


def without_clock(dump: GraphDump) -> GraphDump:
    """The dump with what is drawn from the clock taken out: rescore run ids,
    and the times of rescores at ingest."""

    def keep(props: tuple[tuple[str, Any], ...]) -> tuple[tuple[str, Any], ...]:
        return tuple(
            (key, tuple(map(_dated_by_the_test, value)) if key == "score_history" else value)
            for key, value in props
            if key not in ("run", "scored_run")
        )

    return GraphDump(
        nodes=[(label, keep(props)) for label, props in dump.nodes],
        relationships=[(*rel[:5], keep(rel[5])) for rel in dump.relationships],
        ledger=dump.ledger,
    )


RAW_EMAIL = "Ana.Silva+work@GoogleMail.com"
RAW_PHONE = "+351 912 345 678"
RAW_CARD = "4111 1111 1111 1111"
# a small real picture (a generated photo, PNG) for the portfolio event
PORTFOLIO_PICTURE = base64.b64encode(encode(photo(5, size=48), "PNG")).decode()


@pytest.fixture
def marketplace() -> list[dict[str, Any]]:
    return marketplace_events()


def marketplace_events() -> list[dict[str, Any]]:
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
            "type": "portfolio",
            "id": "pf-1",
            "account": "fl-1",
            "at": t,
            "data": PORTFOLIO_PICTURE,
            "title": "Poster",
        },
        {
            "type": "flag",
            "id": "flag-4",
            "reporter": "cl-1",
            "target": "fl-1",
            "target_kind": "portfolio",
            "reason": "something_else",
            "at": t,
        },
        {
            "type": "time_log",
            "id": "tl-1",
            "contract": "ct-1",
            "freelancer": "fl-1",
            "start": "2024-02-12T09:00:00Z",
            "end": "2024-02-12T13:00:00Z",
            "manual": False,
            "memo": "wireframes",
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
