"""Evidence an investigator can check by eye: typed items, portrait previews,
masked message excerpts that expire, and the logins behind SHARED_LOGIN."""

from __future__ import annotations

import base64
import io
import time
from datetime import UTC, datetime
from typing import Any

from PIL import Image

from graph.store import CypherStore
from service.demo.images import encode, logo
from service.ingest.pipeline import Ingestor
from service.keys import create_key
from service.rescore import rescore
from service.settings import Settings
from tests.conftest import lines
from tests.service.api.client import code_of, serving
from tests.service.test_rescore import NOW, account, card
from tests.service.test_rescore import marketplace as two_duplicates_and_an_evader

RAW_PHONE = "+44 7700 900123"
WHATSAPP = f"Loved the brief! Please whatsapp me on {RAW_PHONE} so we can skip the fees"

READ = """query($id: ID!) { account(id: $id) {
  trustScore { reasons { code evidence items { kind id } } }
  portraits { phash thumbnail notAPhoto }
  contactAttempts { id kind categories excerpt }
  recentLogins { at country device ip } } }"""


def _login(day: int, hour: int, country: str, device: str) -> dict[str, Any]:
    return {"type": "login", "account": "fl-jet", "at": f"2024-03-{day:02d}T{hour:02d}:00:00Z",
            "device": device, "ip": f"10.0.{day}.{hour}", "country": country}  # fmt: skip


def _events(message_at: str) -> list[dict[str, Any]]:
    badge = base64.b64encode(encode(logo(5), "PNG")).decode()
    events = [
        account("fl-logo"), account("cl-1", "CLIENT", name="Bob Smith"),
        account("fl-jet", country="DE", name="Jonas Weber"),
        account("dup-a", phone="+351 912 000 111"), account("dup-b", "CLIENT", phone="912000111"),
        card("dup-a", "4000 0000 0000 0002"), card("dup-b", "4000-0000-0000-0002"),
        {"type": "portrait", "account": "fl-logo", "at": "2024-01-01T00:00:00Z", "data": badge},
        {"type": "message", "id": "msg-1", "from": "fl-logo", "to": "cl-1", "at": message_at,
         "text": WHATSAPP},
    ]  # fmt: skip
    # a German profile logging in from Lagos and Berlin hours apart, for weeks
    for day in range(1, 22):
        events += [_login(day, 8, "DE", "laptop"), _login(day, 12, "NG", f"phone-{day % 3}")]
    return events


async def test_typed_evidence_previews_excerpts_and_logins(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    # excerpts are read against the wall clock: the message is from yesterday
    recent = datetime.fromtimestamp(time.time() - 86_400, tz=UTC).isoformat()
    await ingestor.ingest(lines(_events(recent)))
    await rescore(store, now=NOW)
    key = await create_key(store, "investigator")
    async with serving(store, settings, key) as api:

        async def read(account_id: str) -> Any:
            answer = await api.ask(READ, {"id": account_id})
            assert "errors" not in answer, answer
            return answer["data"]["account"]

        dup = await read("dup-a")
        reasons = {r["code"]: r for r in dup["trustScore"]["reasons"]}
        items = reasons["DUPLICATE_ACCOUNT"]["items"]
        assert {"kind": "ACCOUNT", "id": "dup-b"} in items
        kinds = {i["kind"] for i in items}
        assert {"PAYMENT", "PHONE"} <= kinds and "OTHER" not in kinds
        assert [i["id"] for i in items] == reasons["DUPLICATE_ACCOUNT"]["evidence"]

        branded = await read("fl-logo")
        reasons = {r["code"]: r for r in branded["trustScore"]["reasons"]}
        portrait = branded["portraits"][0]
        assert {"kind": "PORTRAIT", "id": portrait["phash"]} in reasons["LOGO_PORTRAIT"]["items"]
        prefix = "data:image/jpeg;base64,"
        assert portrait["thumbnail"].startswith(prefix)
        preview = Image.open(io.BytesIO(base64.b64decode(portrait["thumbnail"][len(prefix) :])))
        assert max(preview.size) == 64 and preview.format == "JPEG"

        contact = reasons["OFF_PLATFORM_CONTACT"]["items"]
        assert contact == [{"kind": "MESSAGE", "id": "msg-1"}]
        (attempt,) = branded["contactAttempts"]
        assert attempt["kind"] == "MESSAGE" and "phone" in attempt["categories"]
        assert "whatsapp me on +## #### ######" in attempt["excerpt"]
        assert not any(ch.isdigit() for ch in attempt["excerpt"])

        jet = await read("fl-jet")
        reasons = {r["code"]: r for r in jet["trustScore"]["reasons"]}
        shared = reasons["SHARED_LOGIN"]["items"]
        assert {"kind": "COUNTRY", "id": "NG"} in shared
        assert {"kind": "DEVICE", "id": "laptop"} in shared
        logins = jet["recentLogins"]
        assert len(logins) == 42 and {x["country"] for x in logins} == {"DE", "NG"}
        assert logins == sorted(logins, key=lambda x: x["at"], reverse=True)

    # nothing of the phone number is stored anywhere, excerpt included
    digits = "".join(ch for ch in RAW_PHONE if ch.isdigit())
    assert digits not in repr(await store.dump()).replace(" ", "")


async def test_an_excerpt_past_its_retention_is_neither_shown_nor_kept(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    await ingestor.ingest(lines(_events("2023-01-01T00:00:00Z")))  # long past 90 days
    key = await create_key(store, "investigator")
    async with serving(store, settings, key) as api:
        answer = await api.ask(READ, {"id": "fl-logo"})
        (attempt,) = answer["data"]["account"]["contactAttempts"]
        assert attempt["id"] == "msg-1" and attempt["excerpt"] is None  # expired: hidden
    assert "whatsapp me" in repr(await store.dump())  # still stored until the nightly run
    await rescore(store, now=NOW)
    assert "whatsapp me" not in repr(await store.dump())
    assert "phone" in repr(await store.dump())  # the categories stay


HISTORY = """query($id: ID!, $first: Int!) { account(id: $id) {
  scoreHistory(first: $first) { at trigger score band recommendedAction codes added removed } } }"""


async def test_the_score_history_says_what_each_scoring_changed(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    await ingestor.ingest(lines(two_duplicates_and_an_evader()))
    await rescore(store, now=NOW)
    await rescore(store, now=NOW + 86_400)  # nothing new: no entry
    key = await create_key(store, "investigator")
    async with serving(store, settings, key) as api:
        dismiss = (
            'mutation { dismissEvidence(accountId: "dup-a", reasonCode: "DUPLICATE_ACCOUNT", '
            'evidenceId: "dup-b", note: "twins") { decision } }'
        )
        await api.ask(dismiss)
        await api.ask('mutation { rescoreAccount(accountId: "dup-a") { id } }')
        found = await api.ask(HISTORY, {"id": "dup-a", "first": 20})
        newest, first = found["data"]["account"]["scoreHistory"]
        assert first["trigger"] == "RESCORE" and first["at"] == "2025-01-01T00:00:00+00:00"
        assert "DUPLICATE_ACCOUNT" in first["codes"] and first["added"] == first["codes"]
        assert first["removed"] == []
        assert newest["trigger"] == "NEIGHBOURHOOD"
        # the dismissed link, and the self-dealing it made of their contract
        assert newest["removed"] == ["DUPLICATE_ACCOUNT", "SELF_DEALING"]
        assert newest["added"] == []
        assert set(newest["codes"]) == set(first["codes"]) - set(newest["removed"])
        assert newest["score"] > first["score"]
        # one shown: still compared with the entry before it
        (alone,) = (await api.ask(HISTORY, {"id": "dup-a", "first": 1}))["data"]["account"][
            "scoreHistory"
        ]
        assert alone == newest
        too_many = await api.ask(HISTORY, {"id": "dup-a", "first": 501})
        assert code_of(too_many) == "BAD_USER_INPUT"
