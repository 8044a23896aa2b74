"""Mutations over HTTP: ingest, flags, verdicts, enforcement with its audit log."""

from __future__ import annotations

from typing import Any

from graph.store import CypherStore
from graph.store.views import effective_status
from service.ingest.pipeline import Ingestor
from service.keys import create_key, key_id
from service.rescore import rescore
from service.settings import Settings
from tests.conftest import lines
from tests.service.api.client import code_of, serving
from tests.service.test_rescore import NOW
from tests.service.test_rescore import marketplace as two_duplicates_and_an_evader

INGEST = (
    "mutation($events: [EventInput!]!) { ingestEvents(events: $events) "
    "{ accepted rejected { index reason } } }"
)
FLAG = (
    'mutation { flag(reporter: "cl-9", target: "fl-9", targetKind: "account", '
    'reason: "fake_profile", details: "stolen photo") { received reference } }'
)


async def test_ingest_and_flag_mutations(store: CypherStore, settings: Settings) -> None:
    keys = {role: await create_key(store, role) for role in ("frontend", "ingest")}
    events = [
        {"type": "account", "id": "fl-9", "kind": "FREELANCER", "name": "Ana Lima",
         "country": "BR", "createdAt": "2024-01-01T00:00:00Z"},
        {"type": "feedback", "contract": "c", "from": "cl-9", "to": "fl-9", "rating": 9,
         "at": "2024-01-01T00:00:00Z"},
        {"type": "portrait", "account": "fl-9", "at": "2024-01-01T00:00:00Z",
         "data": "not base64!"},
    ]  # fmt: skip
    async with serving(store, settings) as api:
        forbidden = await api.ask(INGEST, {"events": events}, keys["frontend"])
        assert code_of(forbidden) == "FORBIDDEN"
        result = (await api.ask(INGEST, {"events": events}, keys["ingest"]))["data"]
        assert result["ingestEvents"]["accepted"] == 1
        rejected = result["ingestEvents"]["rejected"]
        assert [r["index"] for r in rejected] == [1, 2]
        assert rejected[0]["reason"].startswith("rating:")
        assert (await store.account("fl-9")) is not None

        receipt = (await api.ask(FLAG, key=keys["ingest"]))["data"]["flag"]
        assert receipt["received"] is True and receipt["reference"].startswith("flag-")
        assert "fl-9" not in repr(receipt)  # the receipt says nothing about the target
        assert (await store.counts()).get("Flag") == 1


async def test_investigator_verdicts_and_rescore_account(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    await ingestor.ingest(lines(two_duplicates_and_an_evader()))
    await rescore(store, now=NOW)
    keys = {role: await create_key(store, role, "alice") for role in ("ingest", "investigator")}
    dismiss = (
        'mutation { dismissEvidence(accountId: "dup-a", reasonCode: '
        '"DUPLICATE_ACCOUNT", evidenceId: "dup-b", note: "twins") { decision } }'
    )
    async with serving(store, settings) as api:
        assert code_of(await api.ask(dismiss, key=keys["ingest"])) == "FORBIDDEN"
        dismissed = await api.ask(dismiss, key=keys["investigator"])
        assert dismissed["data"]["dismissEvidence"] == {"decision": "DISMISSED"}
        unknown = dismiss.replace("DUPLICATE_ACCOUNT", "NOT_A_CODE")
        assert code_of(await api.ask(unknown, key=keys["investigator"])) == "BAD_USER_INPUT"
        nobody = dismiss.replace('accountId: "dup-a"', 'accountId: "nobody"')
        assert code_of(await api.ask(nobody, key=keys["investigator"])) == "NOT_FOUND"
        rescored = await api.ask(
            'mutation { rescoreAccount(accountId: "dup-a") '
            "{ trustScore { reasons { code } duplicateCluster } } }",
            key=keys["investigator"],
        )
        trust = rescored["data"]["rescoreAccount"]["trustScore"]
        assert "DUPLICATE_ACCOUNT" not in {r["code"] for r in trust["reasons"]}
        log = await api.ask(
            '{ auditLog(accountId: "dup-a") { who what reason detail } }', key=keys["investigator"]
        )
        assert log["data"]["auditLog"] == [
            {"who": f"key:{key_id(keys['investigator'])} (alice)", "what": "DISMISS_EVIDENCE",
             "reason": "twins",
             "detail": "DUPLICATE_ACCOUNT: dup-b"}
        ]  # fmt: skip


async def test_enforcement_and_audit(
    store: CypherStore, settings: Settings, ingestor: Ingestor, marketplace: list[dict[str, Any]]
) -> None:
    await ingestor.ingest(lines(marketplace))
    bob = await create_key(store, "investigator", "bob")
    async with serving(store, settings, bob) as api:
        block = await api.ask(
            'mutation { takeAction(accountId: "fl-1", action: "BLOCK", '
            'reason: "ban evasion") { what before after who } }'
        )
        assert block["data"]["takeAction"] == {
            "what": "BLOCK",
            "before": "ACTIVE",
            "after": "BLOCKED",
            "who": f"key:{key_id(bob)} (bob)",  # the person, not just the role
        }
        timed = await api.ask(
            'mutation { takeAction(accountId: "fl-2", '
            'action: "TIMED_RESTRICTION", reason: "spam") { after } }'
        )
        assert code_of(timed) == "BAD_USER_INPUT"
        assert "expiresAt" in timed["errors"][0]["message"]  # the API's name, not Python's
        lifted = await api.ask(
            'mutation { liftAction(accountId: "fl-1", reason: "appeal upheld") { before after } }'
        )
        assert lifted["data"]["liftAction"] == {"before": "BLOCKED", "after": "ACTIVE"}
        appeal = await api.ask(
            'mutation { recordAppeal(accountId: "fl-1", text: "it was my brother") '
            "{ what detail } }"
        )
        assert appeal["data"]["recordAppeal"]["what"] == "APPEAL"
        log = await api.ask('{ auditLog(accountId: "fl-1") { what reason } }')
        assert [e["what"] for e in log["data"]["auditLog"]] == ["APPEAL", "LIFT", "BLOCK"]
        missing = await api.ask(
            'mutation { takeAction(accountId: "nobody", action: "WARNING", reason: "x") { what } }'
        )
        assert code_of(missing) == "NOT_FOUND"


def test_expired_timed_restriction_reads_as_active() -> None:
    assert effective_status({"status": "RESTRICTED", "status_until": 1}) == "ACTIVE"
    assert effective_status({"status": "RESTRICTED", "status_until": 4_000_000_000}) == (
        "RESTRICTED"
    )
    assert effective_status({"status": "BLOCKED", "status_until": None}) == "BLOCKED"
