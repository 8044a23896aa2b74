"""The GraphQL endpoint over HTTP: in-process ASGI and a real uvicorn process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from graph.store import CypherStore
from service.api.app import create_app
from service.api.schema import schema_sdl
from service.ingest import Ingestor
from service.settings import Settings
from tests.conftest import SECRET, lines

ROOT = Path(__file__).resolve().parents[2]
QUERY = (
    "query($id: ID!) { account(id: $id) { id kind name country createdAt status agency "
    "deviceCount ipCount paymentMethodCount recentLoginCount } }"
)


def test_committed_schema_matches_the_code() -> None:
    assert (ROOT / "schema.graphql").read_text() == schema_sdl(), (
        "run: trustmesh schema --graphql schema.graphql"
    )


BADGES = (
    "query($ids: [ID!]!) { trustBadges(accountIds: $ids) "
    "{ accountId band scoreRange memberSince } }"
)
SCORE = (
    "query($id: ID!) { account(id: $id) { trustScore { score band reasons { code evidence } } } }"
)


async def test_roles_badges_and_account(
    store: CypherStore, ingestor: Ingestor, settings: Settings, marketplace: list[dict[str, Any]]
) -> None:
    from service.keys import create_key
    from service.rescore import rescore

    await ingestor.ingest(lines(marketplace))
    await rescore(store, now=1_735_689_600)
    keys = {role: await create_key(store, role) for role in ("frontend", "investigator")}
    app = create_app(settings, store=store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:

            async def ask(query: str, variables: dict[str, Any], key: str | None) -> Any:
                headers = {"Authorization": f"Bearer {key}"} if key else {}
                reply = await client.post(
                    "/graphql", json={"query": query, "variables": variables}, headers=headers
                )
                assert reply.status_code == 200 and "Traceback" not in reply.text
                return reply.json()

            health = await client.get("/healthz")
            assert health.status_code == 200 and health.json() == {"status": "ok"}

            # no key, an unknown key, the wrong role
            for key, code in (
                (None, "UNAUTHENTICATED"),
                ("tm_admin_forged", "UNAUTHENTICATED"),
                (keys["frontend"], "FORBIDDEN"),
            ):
                denied = await ask(QUERY, {"id": "fl-2"}, key)
                assert denied["data"] in (None, {"account": None})  # nothing leaks
                assert denied["errors"][0]["extensions"]["code"] == code
            assert (await ask(BADGES, {"ids": ["fl-1"]}, None))["errors"][0]["extensions"][
                "code"
            ] == "UNAUTHENTICATED"

            badges = await ask(
                BADGES, {"ids": ["fl-1", "newbie-unknown", "cl-1"]}, keys["frontend"]
            )
            fl1, missing, cl1 = badges["data"]["trustBadges"]
            assert missing is None and cl1["accountId"] == "cl-1"
            assert fl1 == {
                "accountId": "fl-1",
                "band": fl1["band"],
                "scoreRange": fl1["scoreRange"],
                "memberSince": "2024-01-01",
            }
            assert fl1["band"] in ("TRUSTED", "STANDARD", "CAUTION", "HIGH_RISK")
            assert fl1["scoreRange"] in ("0-20", "20-40", "40-60", "60-80", "80-100")
            # a badge says nothing about why: no reasons, no flags, no reporters
            assert "flag" not in repr(badges).lower() and "reason" not in repr(badges).lower()
            too_many = await ask(BADGES, {"ids": [f"a{i}" for i in range(501)]}, keys["frontend"])
            assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

            found = await ask(QUERY, {"id": "fl-2"}, keys["investigator"])
            assert found["data"]["account"] == {
                "id": "fl-2",
                "kind": "FREELANCER",
                "name": "Rui Costa",
                "country": "PT",
                "createdAt": "2024-01-02T23:00:00+00:00",
                "status": "ACTIVE",
                "agency": "ag-1",
                "deviceCount": 1,
                "ipCount": 1,
                "paymentMethodCount": 0,
                "recentLoginCount": 1,
            }
            scored = await ask(SCORE, {"id": "fl-1"}, keys["investigator"])
            trust = scored["data"]["account"]["trustScore"]
            assert trust["band"] == fl1["band"]
            flagged = next(r for r in trust["reasons"] if r["code"] == "FLAGGED")
            assert flagged["evidence"] == ["flag-1"]  # flag ids, never the reporter
            assert (await ask(QUERY, {"id": "zz"}, keys["investigator"])) == {
                "data": {"account": None}
            }
            bad = await ask("{ account { id } }", {}, keys["investigator"])
            assert "errors" in bad


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_demo_end_to_end_with_uvicorn() -> None:
    data = Path(tempfile.mkdtemp(prefix="tms-", dir="/tmp"))
    port = _free_port()
    env = {
        **os.environ,
        "TRUSTMESH_DATA_DIR": str(data),
        "TRUSTMESH_SECRET": SECRET,
        "PYTHONUNBUFFERED": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    printed = []
    try:
        key = None
        assert server.stdout is not None
        while key is None:  # the demo keys are printed before uvicorn starts
            line = server.stdout.readline()
            assert line, "serve --demo exited before printing its demo keys"
            printed.append(line)
            if line.startswith("demo key (investigator): "):
                key = line.split(": ", 1)[1].strip()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        reply = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": QUERY, "variables": {"id": "acc-0000001"}},
            headers={"Authorization": f"Bearer {key}"},
            timeout=10,
        )
        account = reply.json()["data"]["account"]
        assert account["id"] == "acc-0000001" and account["recentLoginCount"] > 0
    finally:
        server.terminate()
        output = "".join(printed) + server.communicate(timeout=60)[0]
        shutil.rmtree(data, ignore_errors=True)
    # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status says why
    assert server.returncode in (0, -15), output
    assert "Application shutdown complete" in output
    assert "demo marketplace loaded" in output
    assert not (data / "falkordb.pid").exists()  # the server it started is stopped again


def test_frontend_role_reaches_nothing_but_badges() -> None:
    """Walk every root field: each names its roles, and frontend gets badges only."""
    from service.api.mutations import Mutation
    from service.api.queries import Query

    reachable = set()
    fields = [
        *Query.__strawberry_definition__.fields,  # type: ignore[attr-defined]
        *Mutation.__strawberry_definition__.fields,  # type: ignore[attr-defined]
    ]
    for field in fields:
        assert field.permission_classes, f"{field.name}: no permission class"
        roles = set().union(*(p.roles for p in field.permission_classes))
        if "frontend" in roles:
            reachable.add(field.name)
    assert reachable == {"trust_badge", "trust_badges"}


INGEST = (
    "mutation($events: [EventInput!]!) { ingestEvents(events: $events) "
    "{ accepted rejected { index reason } } }"
)
FLAG = (
    'mutation { flag(reporter: "cl-9", target: "fl-9", targetKind: "account", '
    'reason: "fake_profile", details: "stolen photo") { received reference } }'
)


async def test_ingest_and_flag_mutations(store: CypherStore, settings: Settings) -> None:
    from service.keys import create_key

    keys = {role: await create_key(store, role) for role in ("frontend", "ingest")}
    app = create_app(settings, store=store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:

            async def ask(query: str, variables: dict[str, Any], key: str) -> Any:
                reply = await client.post(
                    "/graphql",
                    json={"query": query, "variables": variables},
                    headers={"Authorization": f"Bearer {key}"},
                )
                assert reply.status_code == 200 and "Traceback" not in reply.text
                return reply.json()

            events = [
                {
                    "type": "account",
                    "id": "fl-9",
                    "kind": "FREELANCER",
                    "name": "Ana Lima",
                    "country": "BR",
                    "createdAt": "2024-01-01T00:00:00Z",
                },
                {
                    "type": "feedback",
                    "contract": "c",
                    "from": "cl-9",
                    "to": "fl-9",
                    "rating": 9,
                    "at": "2024-01-01T00:00:00Z",
                },
                {
                    "type": "portrait",
                    "account": "fl-9",
                    "at": "2024-01-01T00:00:00Z",
                    "data": "not base64!",
                },
            ]
            forbidden = await ask(INGEST, {"events": events}, keys["frontend"])
            assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
            result = (await ask(INGEST, {"events": events}, keys["ingest"]))["data"]
            assert result["ingestEvents"]["accepted"] == 1
            rejected = result["ingestEvents"]["rejected"]
            assert [r["index"] for r in rejected] == [1, 2]
            assert rejected[0]["reason"].startswith("rating:")
            assert (await store.account("fl-9")) is not None

            receipt = (await ask(FLAG, {}, keys["ingest"]))["data"]["flag"]
            assert receipt["received"] is True and receipt["reference"].startswith("flag-")
            assert "fl-9" not in repr(receipt)  # the receipt says nothing about the target
            assert (await store.counts()).get("Flag") == 1


async def test_search_and_group_pages(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    from service.keys import create_key
    from service.rescore import rescore
    from tests.service.test_rescore import NOW
    from tests.service.test_rescore import marketplace as two_duplicates_and_an_evader

    await ingestor.ingest(lines(two_duplicates_and_an_evader()))
    await rescore(store, now=NOW)
    key = await create_key(store, "investigator")
    app = create_app(settings, store=store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:

            async def ask(query: str) -> Any:
                reply = await client.post(
                    "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {key}"}
                )
                assert reply.status_code == 200 and "Traceback" not in reply.text
                return reply.json()

            hits = (await ask('{ search(query: "dup-a") { id } }'))["data"]["search"]
            assert hits == [{"id": "dup-a"}]
            named = (await ask('{ search(query: "Maria", first: 3) { id name } }'))["data"]
            assert len(named["search"]) == 3 and all(
                h["name"] == "Maria Santos" for h in named["search"]
            )
            first = (
                await ask(
                    "{ duplicateClusters(first: 1) { nodes { id size members } "
                    "endCursor hasNextPage } }"
                )
            )["data"]["duplicateClusters"]
            assert first["hasNextPage"] is True and len(first["nodes"]) == 1
            cursor = first["endCursor"]
            second = (
                await ask(
                    f'{{ duplicateClusters(first: 1, after: "{cursor}") '
                    "{ nodes { id members } hasNextPage } }"
                )
            )["data"]
            page = second["duplicateClusters"]
            assert page["hasNextPage"] is False
            members = {tuple(first["nodes"][0]["members"]), tuple(page["nodes"][0]["members"])}
            assert members == {("dup-a", "dup-b"), ("banned", "evader")}
            bad = await ask("{ duplicateClusters(first: 1000) { endCursor } }")
            assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

            # riskiest accounts, page by page, lowest score first, no repeats
            seen: list[tuple[float, str]] = []
            cursor_arg = ""
            for _ in range(10):
                page = (
                    await ask(
                        '{ riskiestAccounts(band: "HIGH_RISK", first: 1' + cursor_arg + ") "
                        "{ nodes { id score } endCursor hasNextPage } }"
                    )
                )["data"]["riskiestAccounts"]
                seen += [(n["score"], n["id"]) for n in page["nodes"]]
                if not page["hasNextPage"]:
                    break
                cursor_arg = f', after: "{page["endCursor"]}"'
            assert seen == sorted(seen) and len(seen) == len(set(seen)) >= 2
            assert {"dup-a", "dup-b", "evader"} <= {i for _, i in seen}
            wrong = await ask('{ riskiestAccounts(band: "SCARY") { endCursor } }')
            assert wrong["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_investigator_verdicts_and_rescore_account(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    from service.keys import create_key
    from service.rescore import rescore
    from tests.service.test_rescore import NOW
    from tests.service.test_rescore import marketplace as two_duplicates_and_an_evader

    await ingestor.ingest(lines(two_duplicates_and_an_evader()))
    await rescore(store, now=NOW)
    keys = {role: await create_key(store, role) for role in ("ingest", "investigator")}
    app = create_app(settings, store=store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:

            async def ask(query: str, key: str) -> Any:
                reply = await client.post(
                    "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {key}"}
                )
                assert reply.status_code == 200 and "Traceback" not in reply.text
                return reply.json()

            dismiss = (
                'mutation { dismissEvidence(accountId: "dup-a", reasonCode: '
                '"DUPLICATE_ACCOUNT", evidenceId: "dup-b", note: "twins") '
                "{ decision } }"
            )
            assert (await ask(dismiss, keys["ingest"]))["errors"][0]["extensions"][
                "code"
            ] == "FORBIDDEN"
            assert (await ask(dismiss, keys["investigator"]))["data"]["dismissEvidence"] == {
                "decision": "DISMISSED"
            }
            unknown = dismiss.replace("DUPLICATE_ACCOUNT", "NOT_A_CODE")
            assert (await ask(unknown, keys["investigator"]))["errors"][0]["extensions"][
                "code"
            ] == "BAD_USER_INPUT"
            rescored = await ask(
                'mutation { rescoreAccount(accountId: "dup-a") '
                "{ trustScore { reasons { code } duplicateCluster } } }",
                keys["investigator"],
            )
            trust = rescored["data"]["rescoreAccount"]["trustScore"]
            assert "DUPLICATE_ACCOUNT" not in {r["code"] for r in trust["reasons"]}


async def test_protections_depth_aliases_introspection(
    store: CypherStore, settings: Settings
) -> None:
    from service.keys import create_key

    key = await create_key(store, "investigator")
    for dev in (False, True):
        app = create_app(settings, dev=dev, store=store)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:

                async def ask(query: str) -> Any:
                    reply = await client.post(
                        "/graphql",
                        json={"query": query},
                        headers={"Authorization": f"Bearer {key}"},
                    )
                    assert reply.status_code < 500 and "Traceback" not in reply.text
                    return reply.json()

                introspect = await ask("{ __schema { queryType { name } } }")
                assert ("errors" in introspect) is not dev
                aliases = " ".join(f'a{i}: search(query: "x") {{ id }}' for i in range(30))
                assert "errors" in await ask("{ " + aliases + " }")


async def test_enforcement_and_audit(
    store: CypherStore, settings: Settings, ingestor: Ingestor, marketplace: list[dict[str, Any]]
) -> None:
    from service.keys import create_key

    await ingestor.ingest(lines(marketplace))
    key = await create_key(store, "investigator")
    app = create_app(settings, store=store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:

            async def ask(query: str) -> Any:
                reply = await client.post(
                    "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {key}"}
                )
                assert reply.status_code == 200 and "Traceback" not in reply.text
                return reply.json()

            block = await ask(
                'mutation { takeAction(accountId: "fl-1", action: "BLOCK", '
                'reason: "ban evasion") { what before after who } }'
            )
            assert block["data"]["takeAction"] == {
                "what": "BLOCK",
                "before": "ACTIVE",
                "after": "BLOCKED",
                "who": "api:investigator",
            }
            timed = await ask(
                'mutation { takeAction(accountId: "fl-2", '
                'action: "TIMED_RESTRICTION", reason: "spam") { after } }'
            )
            assert timed["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
            assert "expires_at" in timed["errors"][0]["message"]
            lifted = await ask(
                'mutation { liftAction(accountId: "fl-1", reason: "appeal '
                'upheld") { before after } }'
            )
            assert lifted["data"]["liftAction"] == {"before": "BLOCKED", "after": "ACTIVE"}
            appeal = await ask(
                'mutation { recordAppeal(accountId: "fl-1", '
                'text: "it was my brother") { what detail } }'
            )
            assert appeal["data"]["recordAppeal"]["what"] == "APPEAL"
            log = await ask('{ auditLog(accountId: "fl-1") { what reason } }')
            assert [e["what"] for e in log["data"]["auditLog"]] == ["APPEAL", "LIFT", "BLOCK"]
            missing = await ask(
                'mutation { takeAction(accountId: "nobody", action: "WARNING", '
                'reason: "x") { what } }'
            )
            assert missing["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_expired_timed_restriction_reads_as_active() -> None:
    from graph.store import _effective_status

    assert _effective_status({"status": "RESTRICTED", "status_until": 1}) == "ACTIVE"
    assert _effective_status({"status": "RESTRICTED", "status_until": 4_000_000_000}) == (
        "RESTRICTED"
    )
    assert _effective_status({"status": "BLOCKED", "status_until": None}) == "BLOCKED"
