"""Attacks and careless clients: every reproduction answers with a code, a
bounded log and nothing of the schema."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from graph.store import CypherStore
from service.api.observe import JsonFormatter
from service.keys import create_key
from service.settings import Settings
from tests.service.api.client import code_of, serving

WRONG_VARIABLES: list[tuple[str, dict[str, Any]]] = [
    ("query($id: ID!) { trustBadge(accountId: $id) { band } }", {"id": {"a": 1}}),
    ('query($n: Int!) { search(query: "a", first: $n) { id } }', {"n": 10**20}),
    ("query($id: ID!) { trustBadge(accountId: $id) { band } }", {"id": [1, 2]}),
]


@pytest.mark.parametrize(("query", "variables"), WRONG_VARIABLES)
async def test_wrong_variables_are_validation_errors_not_internal(
    store: CypherStore, settings: Settings, query: str, variables: dict[str, Any]
) -> None:
    async with serving(store, settings) as api:
        answer = await api.ask(query, variables)
    assert code_of(answer) == "GRAPHQL_VALIDATION", answer


async def test_out_of_range_float_and_bad_datetime_variables(
    store: CypherStore, settings: Settings
) -> None:
    key = await create_key(store, "investigator")
    async with serving(store, settings, key) as api:
        for name, value in (("Float", 1e400), ("DateTime", "not-a-date")):
            query = f"query($v: {name}!) {{ __typename }}"
            literal = "1e400" if name == "Float" else json.dumps(value)  # JSON has no inf
            body = json.dumps({"query": query, "variables": {"v": "V"}}).replace('"V"', literal)
            reply = await api.post_text(body)
            assert reply.status_code < 500
            assert code_of(reply.json()) != "INTERNAL", reply.text


async def test_introspection_refusal_has_a_code_and_no_suggestions_leak(
    store: CypherStore, settings: Settings
) -> None:
    async with serving(store, settings) as api:
        introspect = await api.ask("{ __schema { queryType { name } } }")
        assert code_of(introspect) == "GRAPHQL_VALIDATION"
        typo = await api.ask('{ acount(id: "x") { id } }')
        assert "Did you mean" not in json.dumps(typo) and "account" not in json.dumps(typo)
    async with serving(store, settings, dev=True) as api:
        assert "Did you mean" in json.dumps(await api.ask('{ acount(id: "x") { id } }'))


async def test_rejected_requests_write_one_bounded_line_without_the_document(
    store: CypherStore, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "jane.doe+x@example.com"
    fields = " ".join(f'f{i}: nope{i}(email: "{secret}") {{ x }}' for i in range(100))
    document = "mutation Evil { " + fields + " }" + " " * 50_000  # under the size limit
    async with serving(store, settings) as api:
        with caplog.at_level(logging.DEBUG):
            answer = await api.ask(document)
            await api.ask('{ account(id: "acc-1") { id } }')  # UNAUTHENTICATED
    assert answer["errors"]
    written = [JsonFormatter().format(r) for r in caplog.records]
    total = sum(len(line) for line in written)
    assert total < 4000, total  # per request: a few hundred bytes, not the document
    assert all("\n" not in line for line in written)
    assert not any(secret in line or "acc-1" in line for line in written)
    graphql = [r for r in caplog.records if r.name == "trustmesh.graphql"]
    assert graphql and all(r.exc_info is None for r in graphql)  # client errors: no traceback
    assert {"UNAUTHENTICATED"} <= {c for r in graphql for c in r.__dict__["codes"]}


async def test_rate_limit_holds_against_bogus_keys_and_header_spacing(
    store: CypherStore, settings: Settings
) -> None:
    key = await create_key(store, "investigator")
    tight = settings.model_copy(update={"rate_limit": 0.01, "rate_burst": 5})
    query = {"query": '{ search(query: "a") { id } }'}
    async with serving(store, tight) as api:
        bogus = [
            await api.http.post("/graphql", json=query, headers={"Authorization": f"Bearer b{i}"})
            for i in range(12)
        ]
        assert [r.status_code for r in bogus].count(429) == 7  # the address's burst of 5
    async with serving(store, tight) as api:
        spaced = [
            await api.http.post(
                "/graphql", json=query, headers={"Authorization": "Bearer" + " " * i + key}
            )
            for i in range(1, 13)
        ]
        # the first request, before the key is known, is the address's; then
        # the key's own burst of 5, however the header is spaced
        assert [r.status_code for r in spaced].count(200) == 6


async def test_lone_surrogates_and_bad_multipart_maps_are_400(
    store: CypherStore, settings: Settings
) -> None:
    key = await create_key(store, "frontend")
    async with serving(store, settings, key) as api:
        badges = "query($ids: [ID!]!) { trustBadges(accountIds: $ids) { band } }"
        body = json.dumps({"query": badges, "variables": {"ids": ["ok", "x\ud800"]}})
        reply = await api.post_text(body)
        assert reply.status_code == 400 and "variables.ids.1" in reply.text
        operations = json.dumps({"query": "mutation { __typename }", "variables": {"f": "s"}})
        for wrong in ({"0": ["variables.f.x"]}, {"0": ["variables.nope.x"]}, {"0": ["query.0"]}):
            multipart = await api.http.post(
                "/graphql",
                data={"operations": operations, "map": json.dumps(wrong)},
                files={"0": ("a.png", b"\x89PNG", "image/png")},
                headers=api.headers(None),
            )
            assert multipart.status_code == 400, (wrong, multipart.text)


async def test_metrics_answer_only_on_this_host(store: CypherStore, settings: Settings) -> None:
    import httpx

    from service.api.app import create_app

    app = create_app(settings, store=store)
    async with app.router.lifespan_context(app):
        for client, status in ((("127.0.0.1", 5), 200), (("203.0.113.9", 5), 404)):
            transport = httpx.ASGITransport(app=app, client=client)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
                reply = await http.get("/metrics")
            assert reply.status_code == status, client
            assert ("trustmesh_http_requests" in reply.text) is (status == 200)


async def test_flags_make_no_stub_badges_and_wait_for_the_nightly_run(
    store: CypherStore, settings: Settings
) -> None:
    from service.rescore import rescore
    from service.runtime import make_ingestor
    from tests.conftest import lines
    from tests.service.test_rescore import NOW, marketplace

    eager = make_ingestor(store, settings.model_copy(update={"rescore_on_ingest": "on"}))
    await eager.ingest(lines(marketplace()))
    await rescore(store, now=NOW)
    before = await store.account("newbie")
    flags = [
        {"type": "flag", "id": f"fl-{i}", "reporter": reporter, "target": target,
         "target_kind": "account", "reason": "fake_profile", "at": "2025-01-01T00:00:00Z"}
        for i, (reporter, target) in enumerate(
            [("ghost-1", "ghost-2"), ("dup-a", "newbie"), ("dup-b", "newbie"), ("fl-1", "newbie")]
        )
    ]  # fmt: skip
    report = await eager.ingest(lines(flags))
    assert report.accepted == 4
    key = await create_key(store, "frontend")
    async with serving(store, settings, key) as api:
        ghosts = await api.ask('{ trustBadges(accountIds: ["ghost-1", "ghost-2"]) { band } }')
    assert ghosts == {"data": {"trustBadges": [None, None]}}  # made-up ids get no badge
    after = await store.account("newbie")
    assert before is not None and after is not None
    assert after.score == before.score  # unchanged until the nightly run


async def test_a_document_over_the_size_limit_is_refused_before_parsing(
    store: CypherStore, settings: Settings
) -> None:
    from service.api.schema import MAX_DOCUMENT_CHARS

    huge = "{ " + "#" * MAX_DOCUMENT_CHARS + '\n trustBadge(accountId: "a") { band } }'
    async with serving(store, settings) as api:
        reply = await api.http.post("/graphql", json={"query": huge})
        assert reply.status_code == 413
        assert reply.text.startswith(f"query: {len(huge):,} characters; at most")
        # the same data as variables is fine
        small = await api.http.post(
            "/graphql",
            json={
                "query": "query($id: ID!) { trustBadge(accountId: $id) { band } }",
                "variables": {"id": "a" * 100_000},
            },
        )
        assert small.status_code != 413 and "characters; at most" not in small.text
