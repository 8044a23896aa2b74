"""Signing in to the console, and the session standing in for a key."""

from __future__ import annotations

import html
import json
import re

import httpx

from graph.store import CypherStore
from service.api.console.guard import CONTENT_SECURITY_POLICY
from service.keys import create_key
from service.scoring import Band, ReasonCode
from service.settings import Settings
from service.webhooks.payload import WebhookEvent
from service.webhooks.subscriptions import check_events
from tests.service.api.client import serving

ME = 'query { riskiestAccounts(band: "HIGH_RISK", first: 1) { nodes { id } } }'


async def _sign_in(http: httpx.AsyncClient, key: str) -> httpx.Response:
    return await http.post("/console/session", data={"key": key})


def _csrf(page: str) -> str:
    found = re.search(r'<meta name="csrf" content="([^"]+)">', page)
    assert found, page
    return found.group(1)


async def test_an_investigator_signs_in_and_the_session_reads_graphql(
    store: CypherStore, settings: Settings
) -> None:
    key = await create_key(store, "investigator")
    async with serving(store, settings) as api:
        form = await api.http.get("/console/")
        assert form.status_code == 303 and form.headers["location"] == "/console/session"
        signed = await _sign_in(api.http, key)
        assert signed.status_code == 303 and signed.headers["location"] == "/console/"
        cookie = signed.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=" in cookie
        assert "secure" not in cookie  # plain http here; https sets it
        assert key not in signed.headers["set-cookie"]  # the key itself never travels back
        page = await api.http.get("/console/")
        assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
        assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe" not in page.text
        csrf = _csrf(page.text)
        found = re.search(r'<meta name="vocabulary" content="([^"]+)">', page.text)
        assert found, page.text
        vocabulary = json.loads(html.unescape(found.group(1)))  # the queue's filter choices
        assert vocabulary["codes"] == [c.value for c in ReasonCode]
        assert vocabulary["bands"][0] == "HIGH_RISK" and set(vocabulary["bands"]) == set(Band)
        # every event a receiver can subscribe to; tests are sent on request
        assert check_events(vocabulary["webhookEvents"]) == tuple(
            e for e in WebhookEvent if e is not WebhookEvent.TEST
        )
        ok = await api.http.post("/graphql", json={"query": ME}, headers={"x-csrf-token": csrf})
        assert ok.status_code == 200 and "errors" not in ok.json(), ok.text
        # the same session without its token: refused before anything runs
        bare = await api.http.post("/graphql", json={"query": ME})
        assert bare.status_code == 403 and bare.json()["errors"][0]["extensions"]["code"] == "CSRF"
        wrong = await api.http.post("/graphql", json={"query": ME}, headers={"x-csrf-token": "x"})
        assert wrong.status_code == 403
        # signing out needs the token too, then the session is gone
        assert (await api.http.post("/console/logout", data={})).status_code == 403
        out = await api.http.post("/console/logout", data={"csrf": csrf})
        assert out.status_code == 303 and out.headers["location"] == "/console/session"
        assert (await api.http.get("/console/")).status_code == 303


async def test_frontend_ingest_unknown_and_revoked_keys_are_refused_with_a_reason(
    store: CypherStore, settings: Settings
) -> None:
    frontend = await create_key(store, "frontend")
    ingest = await create_key(store, "ingest")
    revoked = await create_key(store, "investigator")
    keys = {k.role: k for k in await store.api_keys()}
    assert await store.revoke_api_key(keys["investigator"].id)
    async with serving(store, settings) as api:
        for key, status, said in (
            (frontend, 403, "a frontend key cannot sign in"),
            (ingest, 403, "a ingest key cannot sign in"),
            ("tm_not_a_key", 401, "unknown or revoked"),
            (revoked, 401, "unknown or revoked"),
            ("", 400, "key: enter an investigator or admin API key"),
        ):
            answer = await _sign_in(api.http, key)
            assert answer.status_code == status and said in answer.text, (key, answer.text)
            assert "set-cookie" not in answer.headers


async def test_a_form_posted_from_another_site_is_refused(
    store: CypherStore, settings: Settings
) -> None:
    key = await create_key(store, "admin")
    async with serving(store, settings) as api:
        answer = await api.http.post(
            "/console/session", data={"key": key}, headers={"origin": "https://evil.example"}
        )
        assert answer.status_code == 403 and "set-cookie" not in answer.headers
        same = await api.http.post(
            "/console/session", data={"key": key}, headers={"origin": "http://t"}
        )
        assert same.status_code == 303


async def test_a_bearer_key_still_works_beside_a_session(
    store: CypherStore, settings: Settings
) -> None:
    investigator = await create_key(store, "investigator")
    frontend = await create_key(store, "frontend")
    async with serving(store, settings) as api:
        await _sign_in(api.http, investigator)
        # a key in the header is the caller, whatever cookie rides along
        answer = await api.ask(ME, key=frontend)
        assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_get_never_acts_as_the_session(store: CypherStore, settings: Settings) -> None:
    key = await create_key(store, "investigator")
    async with serving(store, settings, dev=True) as api:
        await _sign_in(api.http, key)
        # GraphiQL's page loads in a browser that holds a console session
        page = await api.http.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 200 and "graphiql-start.js" in page.text
        # and a query sent by GET is anonymous, whatever cookie rides along
        answer = await api.http.get("/graphql", params={"query": ME})
        assert answer.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
