"""Allow and deny lists: stored forms, effects at every rescore, expiry, audit, privacy."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from graph.codec import ScoreRecord
from graph.store import CypherStore
from identity.pii import PiiHasher
from service.errors import ServiceError
from service.ingest.pipeline import Ingestor
from service.list_admin import add_values, create_list, remove_values
from service.lists import ListKind, stored_value
from service.rescore import rescore
from service.runtime import open_store
from service.settings import Settings
from tests.conftest import SECRET, lines
from tests.service.test_rescore import account, login

HASHER = PiiHasher(SECRET.encode())


def test_values_are_kept_as_the_graph_keeps_the_identifier() -> None:
    gmail = {
        stored_value(ListKind.EMAIL, raw, HASHER)
        for raw in ("ana.silva@gmail.com", "AnaSilva+jobs@GMAIL.com", "a.n.a.silva@googlemail.com")
    }
    assert gmail == {HASHER.email("anasilva@gmail.com")}
    assert stored_value(ListKind.PHONE, "+351 912 345 678", HASHER) == HASHER.phone("+351912345678")
    assert stored_value(ListKind.CARD, "4111-1111-1111-1111", HASHER) == HASHER.payment(
        "4111111111111111"
    )
    assert stored_value(ListKind.IP, "203.0.113.9/24", HASHER) == "net:203.0.113.0/24"
    assert stored_value(ListKind.COUNTRY, " kp ", HASHER) == "KP"
    domain = stored_value(ListKind.EMAIL_DOMAIN, "@Spam.Example", HASHER)
    assert domain == HASHER.normalized("email_domain", "spam.example")
    for kind, bad, why in [
        (ListKind.PHONE, "912 345 678", r"\+ country code"),
        (ListKind.EMAIL, "not-an-email", "'@'"),
        (ListKind.EMAIL_DOMAIN, "spam", "not a domain"),
        (ListKind.IP, "300.1.1.1", "300.1.1.1"),
        (ListKind.COUNTRY, "Portugal", "two-letter"),
    ]:
        with pytest.raises(ValueError, match=why):
            stored_value(kind, bad, HASHER)


async def _codes(store: CypherStore) -> dict[str, ScoreRecord]:
    return {s.account: s for s in await store.scores()}


def _has(record: ScoreRecord, code: str) -> bool:
    return any(r.code == code for r in record.reasons)


async def test_deny_and_allow_lists_apply_at_every_rescore(
    store: CypherStore, ingestor: Ingestor
) -> None:
    events = [
        account("spammer", email="x@spam.example"),
        account("ordinary", email="y@fine.example"),
        account("proxied"),
        login("proxied", "dev-p", "203.0.113.7", 1),
        account("brand", name="Best SEO Solutions LLC"),  # a fake name, unless allowed
    ]
    await ingestor.ingest(lines(events))
    domains = await create_list(store, "spam-domains", "email_domain", "deny", "admin-1", "BLOCK")
    assert domains.action == "BLOCK" and domains.entries == 0
    await create_list(store, "bad-proxies", "ip", "deny", "admin-1")  # RESTRICTION by default
    await create_list(store, "verified-brands", "account", "allow", "admin-1",
                      suppress=["fake_name"])  # fmt: skip
    added = await add_values(store, HASHER, "spam-domains", ["spam.example", "nope"], "admin-1",
                             "abuse reports")  # fmt: skip
    assert added.added == 1 and added.errors == ["values[1]: 'nope' is not a domain name"]
    await add_values(store, HASHER, "bad-proxies", ["203.0.113.0/24"], "admin-1", "proxy range")
    await rescore(store)
    before = await _codes(store)
    assert _has(before["brand"], "FAKE_NAME")  # not allowed yet: no value on the list

    allowed = await add_values(store, HASHER, "verified-brands", ["brand"], "admin-2", "checked")
    assert allowed.rescored == 1  # an account list applies at once, not only at night
    assert not _has((await _codes(store))["brand"], "FAKE_NAME")
    await rescore(store)
    scores = await _codes(store)
    spammer = next(r for r in scores["spammer"].reasons if r.code == "DENY_LISTED")
    assert spammer.severity == 1.0 and spammer.evidence == ("spam-domains",)
    assert spammer.kinds == ("LIST",)
    assert scores["spammer"].recommended_action == "BLOCK"
    assert scores["spammer"].band == "HIGH_RISK"
    assert _has(scores["proxied"], "DENY_LISTED")
    assert scores["proxied"].recommended_action in ("RESTRICTION", "TIMED_RESTRICTION", "BLOCK")
    assert not _has(scores["ordinary"], "DENY_LISTED")
    assert not _has(scores["brand"], "FAKE_NAME")

    # a new account on a listed domain is caught when ingest rescores it
    await ingestor.ingest(lines([account("spammer-2", email="z@SPAM.example")]))
    assert _has((await _codes(store))["spammer-2"], "DENY_LISTED")

    # removed, the value stops applying at the next rescore
    assert (
        await remove_values(store, HASHER, "spam-domains", ["spam.example"], "admin-1", "ok") == 1
    )
    await rescore(store)
    assert not _has((await _codes(store))["spammer"], "DENY_LISTED")

    trail = await store.trail("lists", 50)
    assert [e.what for e in trail][:2] == ["LIST_VALUES_REMOVED", "LIST_VALUES_ADDED"]
    assert {e.who for e in trail} == {"admin-1", "admin-2"}
    assert "spam.example" not in " ".join(e.detail or "" for e in trail)  # hashed, even here


async def test_entries_expire(store: CypherStore, ingestor: Ingestor) -> None:
    await ingestor.ingest(lines([account("temp")]))
    await create_list(store, "watch", "account", "deny", "admin", "WARNING")
    soon = datetime.now(tz=UTC) + timedelta(minutes=5)
    await add_values(store, HASHER, "watch", ["temp"], "admin", "for a while", soon)
    now = int(time.time())
    await rescore(store, now=now)
    assert _has((await _codes(store))["temp"], "DENY_LISTED")
    await rescore(store, now=now + 600)
    assert not _has((await _codes(store))["temp"], "DENY_LISTED")
    with pytest.raises(ServiceError, match="expires_at: must be in the future"):
        await add_values(
            store, HASHER, "watch", ["temp"], "admin", "late", soon - timedelta(hours=1)
        )


async def test_list_definitions_are_checked(store: CypherStore) -> None:
    cases = [
        (("x", "email", "allow", None, []), "suppress: an allow list names"),
        (("x", "email", "deny", None, ["LOGO_PORTRAIT"]), "only an allow list"),
        (("x", "email", "deny", "SHOUT", []), "action: one of"),
        (("x", "shoe_size", "deny", None, []), "kind one of"),
        (("x y", "email", "deny", None, []), "name:"),
        (("x", "account", "allow", None, ["NOT_A_CODE"]), "unknown reason code"),
    ]
    for (name, kind, effect, action, suppress), message in cases:
        with pytest.raises(ServiceError, match=message):
            await create_list(store, name, kind, effect, "admin", action, suppress)
    await create_list(store, "x", "email", "deny", "admin")
    with pytest.raises(ServiceError, match="exists"):
        await create_list(store, "x", "email", "deny", "admin")


async def test_no_raw_value_reaches_the_data_directory(tmp_path: Path) -> None:
    data = Path(f"/tmp/tml-{tmp_path.name[-8:]}")  # a short unix socket path
    settings = Settings(data_dir=data, secret=SECRET)
    raw = {"email": "Very.Secret.Person@example.org", "phone": "+351 962 222 333",
           "card": "5555 4444 3333 1111"}  # fmt: skip
    try:
        async with open_store(settings) as store:
            for kind, value in raw.items():
                await create_list(store, f"deny-{kind}", kind, "deny", "admin")
                report = await add_values(store, HASHER, f"deny-{kind}", [value], "admin", "fraud")
                assert report.added == 1
            # read while the server runs: its append-only file holds every
            # write as sent, uncompressed
            stored = b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file())
        for needle in ("very.secret", "verysecretperson", "962222333", "962 222 333",
                       "5555444433331111", "5555 4444"):  # fmt: skip
            assert needle.encode() not in stored.lower(), needle
        assert HASHER.email(raw["email"]).encode() in stored  # what is kept instead
    finally:
        import shutil

        shutil.rmtree(data, ignore_errors=True)


async def test_an_email_on_a_list_reaches_its_holder_at_once(
    store: CypherStore, ingestor: Ingestor
) -> None:
    await ingestor.ingest(
        lines([account("holder", email="Ana.Silva+x@gmail.com"), account("other")])
    )
    await rescore(store)
    await create_list(store, "bad-emails", "email", "deny", "admin", "WARNING")
    report = await add_values(store, HASHER, "bad-emails", ["anasilva@GMAIL.com"], "admin", "spam")
    assert report.rescored == 1
    scores = await _codes(store)
    assert _has(scores["holder"], "DENY_LISTED") and not _has(scores["other"], "DENY_LISTED")
    assert scores["holder"].recommended_action in ("WARNING", "RESTRICTION", "TIMED_RESTRICTION",
                                                    "BLOCK")  # fmt: skip
