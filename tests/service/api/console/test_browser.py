"""The console in a real headless Chromium against a real uvicorn server."""

from __future__ import annotations

import asyncio
import base64
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from service.api.app import create_app
from service.demo.images import encode, logo
from service.keys import create_key
from service.rescore import rescore
from service.runtime import make_ingestor, open_store
from service.settings import Settings
from service.webhooks.secrets import SecretBox
from service.webhooks.subscriptions import add_subscription
from tests.conftest import SECRET, lines
from tests.service.test_rescore import NOW
from tests.service.test_rescore import marketplace as two_duplicates_and_an_evader

CHROMIUM = Path("/usr/bin/chromium")
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)"
)
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _evidence() -> list[dict[str, Any]]:
    """A logo portrait and an off-platform message for the evader; a profile
    shared between Germany and Nigeria."""
    yesterday = datetime.fromtimestamp(time.time() - 86_400, tz=UTC).isoformat()
    badge = base64.b64encode(encode(logo(5), "PNG")).decode()
    events = [
        {"type": "portrait", "account": "evader", "at": "2024-02-01T00:00:00Z", "data": badge},
        {"type": "message", "id": "msg-e1", "from": "evader", "to": "dup-b", "at": yesterday,
         "text": "Great project, whatsapp me on +44 7700 900123 and we skip the fees"},
        {"type": "account", "id": "fl-jet", "kind": "FREELANCER", "name": "Jonas Weber",
         "country": "DE", "created_at": "2024-01-01T00:00:00Z"},
    ]  # fmt: skip
    for day in range(1, 22):
        for hour, country, device in ((8, "DE", "laptop"), (12, "NG", f"phone-{day % 3}")):
            events.append({"type": "login", "account": "fl-jet", "device": device,
                           "at": f"2024-03-{day:02d}T{hour:02d}:00:00Z",
                           "ip": f"10.0.{day}.{hour}", "country": country})  # fmt: skip
    return events


async def _seed(settings: Settings) -> dict[str, str]:
    async with open_store(settings) as store:
        events = two_duplicates_and_an_evader() + _evidence()
        await make_ingestor(store, settings).ingest(lines(events))
        await rescore(store, now=NOW)
        # nothing listens on port 1: the server's sender fails, and says so
        await add_subscription(
            store, SecretBox(SECRET.encode()), "http://127.0.0.1:1/hook", ["webhook.test"], "t"
        )
        roles = ("investigator", "frontend", "admin")
        return {role: await create_key(store, role) for role in roles}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _serving(settings: Settings, dev: bool = False) -> Iterator[str]:
    """``trustmesh serve`` in a thread: uvicorn on a free port, its own store."""
    port = _free_port()
    app = create_app(settings, dev=dev)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


@pytest.fixture(scope="module")
def console() -> Iterator[tuple[str, dict[str, str]]]:
    data = Path(tempfile.mkdtemp(prefix="tmb-", dir="/tmp"))  # short: the socket lives there
    settings = Settings(data_dir=data, secret=SECRET)
    keys = asyncio.run(_seed(settings))
    try:
        with _serving(settings) as base:
            yield base, keys
    finally:
        shutil.rmtree(data, ignore_errors=True)


def test_sign_in_queue_account_and_sign_out(console: tuple[str, dict[str, str]]) -> None:
    base, keys = console
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))

        page.goto(f"{base}/console/")
        assert page.url.endswith("/console/session")
        page.get_by_label("API key (investigator or admin)").fill(keys["investigator"])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{base}/console/")
        page.get_by_role("heading", name="Queue").wait_for()
        # the evader shares a card with a blocked account: the riskiest there is
        page.get_by_label("Band").select_option("")  # every band
        page.get_by_label("Reason").select_option("LINKED_TO_BLOCKED")
        page.get_by_text("1 account match").wait_for()
        assert "code=LINKED_TO_BLOCKED" in page.url
        link = page.get_by_role("link", name="evader")
        link.wait_for()
        link.click()
        page.wait_for_url(f"{base}/console/accounts/evader")
        page.get_by_role("heading", name="Reasons").wait_for()
        assert "LINKED_TO_BLOCKED" in page.locator("ul.reasons").inner_text()
        history = page.get_by_role("table", name="Score history").inner_text()
        assert "nightly run" in history and "LINKED_TO_BLOCKED" in history

        # evidence to check by eye: the portrait drawn, the message excerpt masked,
        # and a typed evidence link that takes focus to what it names
        preview = page.get_by_role("img", name=re.compile(r"^Portrait "))
        preview.wait_for()
        assert page.evaluate("e => e.naturalWidth", preview.element_handle()) > 0
        excerpt = page.locator("ul.excerpts blockquote").inner_text()
        assert "whatsapp me on +## #### ######" in excerpt
        page.get_by_role("link", name="message msg-e1").click()
        assert page.evaluate("document.activeElement.id") == "contact-msg-e1"
        assert page.url.endswith("/console/accounts/evader")  # no re-route
        # every message sent, with its recipient and length, never its text
        sent = page.get_by_role("table", name="Messages sent").inner_text()
        assert "msg-e1" in sent and "dup-b" in sent and "whatsapp" not in sent
        assert page.locator("#sent-msg-e1").count() == 1

        # the graph explorer: the neighbourhood drawn, then a node expanded
        page.get_by_text("Click an account to expand it").wait_for()
        before = page.evaluate("window.trustmeshGraph.nodes().length")
        assert before > 1
        assert page.evaluate("window.trustmeshGraph.$('node.root').data('ref')") == "evader"
        # expanded from the keyboard: pick the account, then Enter on the button
        page.get_by_label("Account to expand").select_option("banned")
        page.get_by_role("button", name="Expand", exact=True).focus()
        page.keyboard.press("Enter")
        page.get_by_text("around banned").wait_for()
        assert page.evaluate("window.trustmeshGraph.nodes().length") >= before
        # edges of a kind can be hidden
        first_kind = page.locator(".kinds input").first
        relation = first_kind.get_attribute("value")
        first_kind.uncheck()
        hidden = page.evaluate(
            "r => window.trustmeshGraph.edges().filter(e => e.data('relation') === r)"
            ".every(e => e.hasClass('hidden'))",
            relation,
        )
        assert hidden

        # an action asks for confirmation and shows in the audit trail at once
        page.on("dialog", lambda dialog: dialog.accept())
        page.get_by_label("Action", exact=True).select_option("WARNING")
        page.get_by_label("Reason", exact=True).fill("shares a card with a blocked account")
        page.get_by_role("button", name="Take action").click()
        audit = page.get_by_role("table", name="Audit trail")
        audit.get_by_text("shares a card with a blocked account").wait_for()
        assert "WARNING" in audit.inner_text()
        # a timed restriction without an end is refused before anything is sent
        page.get_by_label("Action", exact=True).select_option("TIMED_RESTRICTION")
        page.get_by_role("button", name="Take action").click()
        page.get_by_text("expires: a timed restriction needs an end").wait_for()

        # a case: opened on the account, assigned, noted, in the queue, closed
        page.get_by_label("New case title").fill("card of a blocked account")
        page.get_by_role("button", name="Open a case").click()
        page.get_by_role("heading", name="card of a blocked account").wait_for()
        case_url = page.url
        assert "/console/cases/case-" in case_url
        page.get_by_role("button", name="Assign to me").click()
        page.get_by_text("assigned to", exact=False).filter(has_not_text="nobody").wait_for()
        page.get_by_label("Note").fill("same card as banned; asked support for the KYC file")
        page.get_by_role("button", name="Add note").click()
        page.locator("ul.notes").get_by_text("asked support for the KYC file").wait_for()
        page.get_by_role("link", name="Queue").click()
        page.get_by_label("Band").select_option("")
        page.get_by_label("My open cases").check()
        page.get_by_text("1 account match").wait_for()
        page.get_by_role("link", name="Cases", exact=True).click()
        desk = page.get_by_role("table", name="My open cases")
        desk.get_by_role("link", name="card of a blocked account").click()
        page.wait_for_url(case_url)
        page.get_by_label("Status", exact=True).select_option("CLOSED")
        page.get_by_label("Outcome").select_option("CONFIRMED")
        page.get_by_label("Reason", exact=True).fill("evasion confirmed")
        page.get_by_role("button", name="Update status").click()
        case_trail = page.get_by_role("table", name="Case trail")
        case_trail.get_by_text("CLOSED:CONFIRMED").wait_for()
        assert "CASE_NOTE" in case_trail.inner_text()
        page.get_by_role("link", name="account evader").click()
        page.get_by_role("heading", name="Reasons").wait_for()

        # the cluster page: members and links, and one action for all of them
        page.get_by_role("link", name=re.compile(r"^cluster ")).click()
        page.get_by_role("heading", name=re.compile(r"^Duplicate cluster ")).wait_for()
        assert "payment" in page.get_by_role("table", name="Links").inner_text()
        page.get_by_label("Action for the selected").select_option("RESTRICTION")
        page.get_by_label("Reason for all").fill("one person, two accounts")
        page.get_by_role("button", name="Apply to selected").click()
        page.get_by_text("RESTRICTION recorded for 2 accounts").wait_for()
        page.get_by_role("region", name="Members").get_by_role("link", name="banned").click()
        trail = page.get_by_role("table", name="Audit trail")
        trail.get_by_text("one person, two accounts").wait_for()

        # the logins behind SHARED_LOGIN, with the changes of country marked
        page.goto(f"{base}/console/accounts/fl-jet")
        timeline = page.get_by_role("table", name="Login timeline")
        timeline.wait_for()
        assert timeline.locator("tr.switch").count() >= 20
        assert "from DE in 4.0 h" in timeline.inner_text()
        page.get_by_role("link", name="country NG").first.click()
        assert page.evaluate("document.activeElement.id") == "logins"

        # search by a card number typed in: found, and never in the address
        page.get_by_label("Search").fill("5500 0000 0000 0004")
        page.get_by_label("Search").press("Enter")
        page.get_by_text("2 found").wait_for()
        assert "5500" not in page.url
        assert {"banned", "evader"} <= set(page.locator("ul.hits a").all_inner_texts())

        # the session cookie alone acts on nothing: a POST without the CSRF token is refused
        forged = page.request.post(
            f"{base}/graphql", data={"query": '{ account(id: "evader") { id } }'}
        )
        assert forged.status == 403, forged.text()
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{base}/console/session")
        page.goto(f"{base}/console/")
        assert page.url.endswith("/console/session")  # the session is over
        assert problems == [], problems  # no CSP violation, no script error
        browser.close()


def _signed_in(browser: Any, base: str, key: str) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{base}/console/session")
    page.get_by_label("API key (investigator or admin)").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/console/")
    return page


def test_an_admin_keeps_lists_and_webhooks(console: tuple[str, dict[str, str]]) -> None:
    base, keys = console
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        investigator = _signed_in(browser, base, keys["investigator"])
        investigator.get_by_role("heading", name="Queue").wait_for()
        assert not investigator.get_by_role("link", name="Lists", exact=True).is_visible()
        investigator.close()
        page = _signed_in(browser, base, keys["admin"])
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("dialog", lambda dialog: dialog.accept())

        def new_list(name: str, kind: str, action: str, values: str, reason: str) -> None:
            page.get_by_role("link", name="Lists", exact=True).click()
            page.get_by_role("heading", name="New list").wait_for()
            page.get_by_label("Name", exact=True).fill(name)
            page.get_by_label("Kind").select_option(kind)
            page.get_by_label("Effect").select_option("deny")
            page.get_by_label("Deny: least action").select_option(action)
            page.get_by_role("button", name="Create list").click()
            page.wait_for_url(f"{base}/console/lists/{name}")
            page.get_by_label("Values, one a line").fill(values)
            page.get_by_label("Reason", exact=True).fill(reason)
            page.get_by_role("button", name="Add values").click()

        new_list("chargeback-cards", "card", "RESTRICTION", "5500 0000 0000 0004", "chargebacks")
        page.get_by_text("Added 1; rescored 2 account(s) now.").wait_for()
        entries = page.get_by_role("table", name="Entries").inner_text()
        assert "chargebacks" in entries and "5500" not in entries  # stored as a keyed hash
        page.goto(f"{base}/console/accounts/evader")
        page.get_by_role("heading", name="Reasons").wait_for()
        assert "DENY_LISTED" in page.locator("ul.reasons").inner_text()
        # a good network and a bad line: the good one kept, the bad one named by its line
        new_list("bad-networks", "ip", "NOTIFICATION", "203.0.113.0/24\nnot-an-address", "abuse")
        page.get_by_text("Added 1; rescored 0 account(s) now.").wait_for()
        assert page.get_by_role("status").locator("li").inner_text().startswith("values[1]: ")
        page.get_by_role("link", name="Lists", exact=True).click()
        assert "LIST_CREATED" in page.get_by_role("table", name="Lists trail").inner_text()

        page.get_by_role("link", name="Webhooks").click()
        subscriptions = page.get_by_role("table", name="Subscriptions")
        subscriptions.get_by_role("button", name="Send test").click()
        page.get_by_text(re.compile(r"^Test event .* queued")).wait_for()
        failures = page.get_by_role("table", name="Failed deliveries")
        deadline = time.monotonic() + 30
        while not failures.count() and time.monotonic() < deadline:
            time.sleep(0.5)  # the server's sender polls each second
            page.get_by_role("link", name="Webhooks").click()
            page.get_by_role("table", name="Subscriptions").wait_for()
        failed = failures.inner_text()
        assert "webhook.test" in failed and "pending" in failed
        assert "WEBHOOK_TESTED" in page.get_by_role("table", name="Webhooks trail").inner_text()

        # a new subscription: refused with the field named, then made and shown once
        page.get_by_label("URL", exact=True).fill("http://example.com/hook")
        page.get_by_label("action.taken").check()
        page.get_by_role("button", name="Subscribe").click()
        page.get_by_text("Not subscribed: url: must be https").wait_for()
        page.get_by_label("URL", exact=True).fill("http://127.0.0.1:1/risk")
        page.get_by_label("case.closed").check()
        page.get_by_label("Calls in flight (1: strict order)").fill("4")
        page.get_by_label("Description").fill("risk feed")
        page.get_by_role("button", name="Subscribe").click()
        page.get_by_text(re.compile(r"^Subscribed wh_")).wait_for()
        assert len(page.locator("#new-secret").inner_text()) >= 32
        made = (
            page.get_by_role("table", name="Subscriptions")
            .get_by_role("row")
            .filter(has_text="risk feed")
        )
        assert "action.taken, case.closed" in made.inner_text()
        assert "4 in flight, per account" in made.inner_text()
        page.get_by_role("link", name="Webhooks").click()
        page.get_by_role("heading", name="New subscription").wait_for()
        assert page.locator("#new-secret").count() == 0  # never shown again
        made.get_by_role("button", name="Remove").click()
        page.get_by_text(re.compile(r"^Removed wh_")).wait_for()
        assert made.count() == 0
        trail = page.get_by_role("table", name="Webhooks trail").inner_text()
        assert "WEBHOOK_ADDED" in trail and "WEBHOOK_REMOVED" in trail
        assert problems == [], problems
        browser.close()


def test_a_frontend_key_is_refused_in_the_browser(console: tuple[str, dict[str, str]]) -> None:
    base, keys = console
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page()
        page.goto(f"{base}/console/session")
        page.get_by_label("API key (investigator or admin)").fill(keys["frontend"])
        page.get_by_role("button", name="Sign in").click()
        alert = page.get_by_role("alert")
        alert.wait_for()
        assert "cannot sign in to the console" in alert.inner_text()
        assert page.context.cookies() == []
        browser.close()


def test_graphiql_under_dev_renders_with_no_request_leaving_the_server() -> None:
    data = Path(tempfile.mkdtemp(prefix="tmg-", dir="/tmp"))
    settings = Settings(data_dir=data, secret=SECRET)
    try:
        with _serving(settings, dev=True) as base, playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            page = browser.new_page()
            elsewhere: list[str] = []

            def local_only(route: Any) -> None:
                if route.request.url.startswith(base):
                    route.continue_()
                else:  # what a machine without internet access would see
                    elsewhere.append(route.request.url)
                    route.abort()

            page.route("**/*", local_only)
            page.goto(f"{base}/graphql")
            page.get_by_role("button", name="Execute query (Ctrl-Enter)").wait_for()
            assert "Loading" not in page.locator("#graphiql").inner_text()[:40]
            assert elsewhere == []
            browser.close()
    finally:
        shutil.rmtree(data, ignore_errors=True)
