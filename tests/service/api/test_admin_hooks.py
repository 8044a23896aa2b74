"""The admin API's webhooks and lists: roles, refusals in field names, audit."""

from __future__ import annotations

from graph.store import CypherStore
from service.keys import create_key
from service.settings import Settings
from tests.service.api.client import code_of, serving

ADD = """mutation($url: String!, $events: [String!]!) {
  addWebhook(url: $url, events: $events) { secret webhook { id url events createdBy } } }"""


async def test_only_admins_manage_webhooks_and_the_secret_is_shown_once(
    store: CypherStore, settings: Settings
) -> None:
    admin = await create_key(store, "admin", "carol")
    others = [await create_key(store, role) for role in ("frontend", "investigator", "ingest")]
    async with serving(store, settings, admin) as api:
        hook = {"url": "https://market.example/hook", "events": ["account.band_changed"]}
        for key in others:
            assert code_of(await api.ask(ADD, hook, key=key)) == "FORBIDDEN"
            assert code_of(await api.ask("{ webhooks { id } }", key=key)) == "FORBIDDEN"
        made = (await api.ask(ADD, hook))["data"]["addWebhook"]
        assert made["secret"].startswith("whsec_")
        assert made["webhook"]["createdBy"].endswith("(carol)")
        listed = await api.ask("{ webhooks { id url events } }")
        assert listed["data"]["webhooks"] == [
            {"id": made["webhook"]["id"], "url": hook["url"], "events": hook["events"]}
        ]
        assert made["secret"] not in str(await api.ask("{ webhookAudit { what detail } }"))
        bad = await api.ask(ADD, {"url": "ftp://x.example", "events": ["account.band_changed"]})
        assert code_of(bad) == "BAD_USER_INPUT"
        assert bad["errors"][0]["message"].startswith("url: must be https")
        too_many = await api.ask(
            'mutation { addWebhook(url: "https://m.example/h", events: ["action.taken"], '
            "parallel: 99) { secret } }"
        )
        assert too_many["errors"][0]["message"].startswith("parallel: from 1")
        tested = await api.ask(f'mutation {{ testWebhook(id: "{made["webhook"]["id"]}") }}')
        event = tested["data"]["testWebhook"]
        assert len(event) == 36
        # the server's sender may already have tried it (nothing answers there)
        failed = (await api.ask("{ failedDeliveries { eventId status } }"))["data"]
        assert failed["failedDeliveries"] in ([], [{"eventId": event, "status": "pending"}])
        replayed = await api.ask("mutation { replayDeliveries }")
        assert replayed["data"]["replayDeliveries"] == 0
        removed = await api.ask(f'mutation {{ removeWebhook(id: "{made["webhook"]["id"]}") }}')
        assert removed["data"]["removeWebhook"] is True
        audit = (await api.ask("{ webhookAudit { what who } }"))["data"]["webhookAudit"]
        assert [a["what"] for a in audit] == [
            "WEBHOOK_REMOVED", "WEBHOOK_REPLAYED", "WEBHOOK_TESTED", "WEBHOOK_ADDED",
        ]  # fmt: skip
        assert {a["who"] for a in audit} == {made["webhook"]["createdBy"]}
        metrics = (await api.http.get("/metrics")).text  # the server's sender's series
        assert "trustmesh_webhook_deliveries_total" in metrics or (
            "# TYPE trustmesh_webhook_deliveries counter" in metrics
        )
        assert "trustmesh_webhook_lag_seconds_bucket" in metrics or (
            "# TYPE trustmesh_webhook_lag_seconds histogram" in metrics
        )


async def test_lists_through_the_api_keep_the_valid_values(
    store: CypherStore, settings: Settings
) -> None:
    admin = await create_key(store, "admin", "dan")
    async with serving(store, settings, admin) as api:
        made = await api.ask(
            'mutation { createValueList(name: "brands", kind: "account", effect: "allow", '
            'suppress: ["LOGO_PORTRAIT"]) { name effect suppress entries } }'
        )
        assert made["data"]["createValueList"] == {
            "name": "brands", "effect": "allow", "suppress": ["LOGO_PORTRAIT"], "entries": 0,
        }  # fmt: skip
        emails = await api.ask(
            'mutation { createValueList(name: "mails", kind: "email", effect: "deny") { action } }'
        )
        assert emails["data"]["createValueList"]["action"] == "RESTRICTION"
        added = await api.ask(
            'mutation { addListValues(name: "mails", values: ["A.B@gmail.com", "broken"], '
            'reason: "fraud ring") { added errors } }'
        )
        change = added["data"]["addListValues"]
        assert change["added"] == 1 and len(change["errors"]) == 1
        assert change["errors"][0].startswith("values[1]: ") and "'@'" in change["errors"][0]
        entries = await api.ask('{ valueListEntries(name: "mails") { value addedBy reason } }')
        [entry] = entries["data"]["valueListEntries"]
        assert "gmail" not in entry["value"] and len(entry["value"]) == 32
        assert entry["addedBy"].endswith("(dan)") and entry["reason"] == "fraud ring"
        dup = await api.ask(
            'mutation { createValueList(name: "mails", kind: "email", effect: "deny") { name } }'
        )
        assert code_of(dup) == "BAD_USER_INPUT" and "exists" in dup["errors"][0]["message"]
