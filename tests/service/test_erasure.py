"""Erasing an account's personal data: what goes, what stays, who asked, on both engines."""

from __future__ import annotations

from typing import Any

import pytest

from graph.store import CypherStore
from graph.store.records import GraphDump
from service.erasure import erase
from service.errors import ServiceError
from service.ingest.pipeline import Ingestor
from service.keys import create_key
from service.rescore import rescore
from service.settings import Settings
from tests.conftest import lines
from tests.service.api.client import code_of, serving

ERASE = """mutation($ids: [ID!]!) {
  eraseAccounts(ids: $ids, reason: "request 7") { erased errors } }"""


def _nodes(dump: GraphDump, label: str) -> list[dict[str, Any]]:
    return [dict(props) for kind, props in dump.nodes if kind == label]


def _from(dump: GraphDump, account: str, kind: str) -> list[str]:
    """Where the account's relationships of one type lead (node keys)."""
    return [dst for src, rel, dst, *_ in dump.relationships
            if src == f"Account:{account}" and rel == kind]  # fmt: skip


def _account(dump: GraphDump, account: str) -> dict[str, Any]:
    [found] = [a for a in _nodes(dump, "Account") if a["id"] == account]
    return found


async def test_an_erased_account_keeps_only_what_others_rest_on(
    store: CypherStore, ingestor: Ingestor, marketplace: list[dict[str, Any]]
) -> None:
    shared = {"type": "login", "account": "cl-1", "at": "2024-02-03T08:00:00Z",
              "device": "dev-1", "ip": "198.51.100.7", "country": "US"}  # fmt: skip
    await ingestor.ingest(lines([*marketplace, shared]))
    await rescore(store)
    before = await store.dump()
    assert _account(before, "fl-1")["name"] == "Ana Silva"
    assert "recent_logins" in _account(before, "fl-1")
    assert "score_history" in _account(before, "fl-1")

    done = await erase(store, ["fl-1", "nope"], "admin (dpo)", "request 2026-114")
    assert done.erased == ["fl-1"] and done.errors == ["ids[1]: 'nope' is no stored account"]
    after = await store.dump()
    gone = _account(after, "fl-1")
    assert "name" not in gone and "country" not in gone and "recent_logins" not in gone
    assert "score" not in gone and "reasons" not in gone and gone["erased_at"] > 0
    assert not {"score_history", "score_noted", "score_mark"} & set(gone)
    text = repr(after)
    for trace in ("Ana Silva", "85.10.20.30", "85.10.20.31"):
        assert trace not in text
    # identifiers only fl-1 held are gone; the device cl-1 shares stays, unlinked from fl-1
    assert len(_nodes(after, "Email")) == len(_nodes(before, "Email")) - 1
    assert _nodes(after, "Phone") == []
    assert any(d["id"] == "dev-1" for d in _nodes(after, "Device"))
    assert _from(before, "fl-1", "USED_DEVICE") and not _from(after, "fl-1", "USED_DEVICE")
    for label in ("PortfolioItem", "TimeLog"):
        assert _nodes(before, label) and _nodes(after, label) == []
    # flags about fl-1 are gone; the one it filed stays, with no reporter
    assert len(_nodes(after, "Flag")) == len(_nodes(before, "Flag")) - 2
    assert _from(before, "fl-1", "REPORTED") and not _from(after, "fl-1", "REPORTED")
    # what others rest on stays: the contract and both ratings on it
    assert _from(after, "fl-1", "WORKED_ON") == _from(before, "fl-1", "WORKED_ON")
    assert len([r for r in after.relationships if r[1] == "REVIEWED"]) == 2
    trail = await store.audit("fl-1", 10)
    assert trail[0].what == "ACCOUNT_ERASED" and trail[0].who == "admin (dpo)"
    assert trail[0].reason == "request 2026-114"

    # the nightly run scores what is left, and names no identifier it held
    await rescore(store)
    [score] = [s for s in await store.scores() if s.account == "fl-1"]
    assert all("dev-1" not in r.evidence for r in score.reasons)
    # erasing again changes nothing but the trail
    again = await erase(store, ["fl-1"], "admin (dpo)", "request 2026-114")
    assert again.erased == ["fl-1"]


async def test_erasure_needs_a_reason_and_some_ids(store: CypherStore) -> None:
    with pytest.raises(ServiceError, match=r"^reason: "):
        await erase(store, ["a"], "t", "  ")
    with pytest.raises(ServiceError, match=r"^ids: "):
        await erase(store, [], "t", "request")


async def test_only_admins_erase_over_the_api_and_the_cli_says_what_it_did(
    store: CypherStore, settings: Settings, ingestor: Ingestor, marketplace: list[dict[str, Any]]
) -> None:
    await ingestor.ingest(lines(marketplace))
    admin = await create_key(store, "admin", "dpo")
    investigator = await create_key(store, "investigator")
    async with serving(store, settings, admin) as api:
        refused = await api.ask(ERASE, {"ids": ["fl-2"]}, key=investigator)
        assert code_of(refused) == "FORBIDDEN"
        done = (await api.ask(ERASE, {"ids": ["fl-2", "ghost"]}))["data"]["eraseAccounts"]
        assert done == {"erased": ["fl-2"], "errors": ["ids[1]: 'ghost' is no stored account"]}
        blank = await api.ask('mutation { eraseAccounts(ids: ["cl-1"], reason: " ") { erased } }')
        assert blank["errors"][0]["message"].startswith("reason: ")
    [entry] = [e for e in await store.audit("fl-2", 10) if e.what == "ACCOUNT_ERASED"]
    assert entry.who.endswith("(dpo)")
