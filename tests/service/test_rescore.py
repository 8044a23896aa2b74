"""End to end on the real store: ingest → rescore → export, with look-alikes."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from graph.store import CypherStore
from identity.portraits import portrait_hashes
from identity.similar import Views, portrait_views, same_photo
from service.batch import export_scores, record_verdict, score_lines
from service.errors import ServiceError
from service.ingest.pipeline import Ingestor
from service.rescore import rescore
from tests.conftest import lines

T0 = "2024-01-01T00:00:00Z"
NOW = 1_735_689_600  # 2025-01-01


def account(i: str, kind: str = "FREELANCER", **extra: Any) -> dict[str, Any]:
    return {
        "type": "account",
        "id": i,
        "kind": kind,
        "name": "Maria Santos",
        "country": "PT",
        "created_at": T0,
        **extra,
    }


def login(i: str, device: str, ip: str, day: int) -> dict[str, Any]:
    return {
        "type": "login",
        "account": i,
        "at": f"2024-03-{day:02d}T10:00:00Z",
        "device": device,
        "ip": ip,
        "country": "PT",
        "lat": 38.7,
        "lon": -9.1,
    }


def card(i: str, number: str) -> dict[str, Any]:
    return {"type": "payment_method", "account": i, "fingerprint": number, "kind": "card", "at": T0}


def marketplace() -> list[dict[str, Any]]:
    ev: list[dict[str, Any]] = []
    # one person, two accounts: same card (typed differently) and same phone
    ev += [
        account("dup-a", phone="+351 912 000 111"),
        account("dup-b", "CLIENT", phone="912000111"),
    ]
    ev += [card("dup-a", "4000 0000 0000 0002"), card("dup-b", "4000-0000-0000-0002")]
    # ... who hires and praises itself
    ev += [
        {
            "type": "contract",
            "id": "self-1",
            "client": "dup-b",
            "freelancer": "dup-a",
            "amount": 40,
            "started_at": "2024-04-01T00:00:00Z",
        },
        {
            "type": "feedback",
            "contract": "self-1",
            "from": "dup-b",
            "to": "dup-a",
            "rating": 5,
            "at": "2024-04-10T00:00:00Z",
        },
    ]
    # a family sharing one laptop and home IP, nothing personal in common
    for i, who in enumerate(("mum", "dad", "kid")):
        ev += [account(who, email=f"{who}@example.org"), card(who, f"4111 0000 0000 000{i}")]
        ev += [login(who, "family-laptop", "85.1.1.1", d) for d in (1, 2, 3)]
    # an agency and its members in one office
    ev += [account("agency", "AGENCY")]
    for who in ("m1", "m2"):
        ev += [account(who, agency="agency", phone=f"+351 913 000 00{who[-1]}")]
        ev += [login(who, "office-pc", "85.2.2.2", d) for d in (4, 5)]
    # a blocked account, and its twin who came back
    ev += [
        account("banned", phone="+351 914 000 222"),
        card("banned", "5500 0000 0000 0004"),
        account("evader", phone="914000222"),
        card("evader", "5500000000000004"),
        {
            "type": "action",
            "account": "banned",
            "action": "BLOCK",
            "reason": "fraud",
            "at": "2024-02-01T00:00:00Z",
            "by": "inv-1",
        },
    ]
    ev += [account("newbie")]
    return ev


def by_account(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["account"]: r for r in records}


def codes(record: dict[str, Any]) -> set[str]:
    return {x["code"] for x in record["reasons"]}


async def test_ingest_rescore_export(
    ingestor: Ingestor, store: CypherStore, tmp_path: Path
) -> None:
    await ingestor.ingest(lines(marketplace()))
    report = await rescore(store, now=NOW)
    assert report.accounts == 11 and report.clusters == 2

    out = tmp_path / "scores.jsonl"
    assert await export_scores(store, out) == 11
    records = by_account([json.loads(line) for line in out.read_text().splitlines()])
    assert set(records["dup-a"]) == {
        "account",
        "score",
        "band",
        "dimensions",
        "reasons",
        "recommended_action",
        "duplicate_cluster",
        "ring",
    }

    assert codes(records["dup-a"]) == {"DUPLICATE_ACCOUNT", "SELF_DEALING"}
    assert records["dup-a"]["duplicate_cluster"] == records["dup-b"]["duplicate_cluster"]
    assert (
        "dup-b"
        in next(r for r in records["dup-a"]["reasons"] if r["code"] == "DUPLICATE_ACCOUNT")[
            "evidence"
        ]
    )
    assert records["dup-a"]["band"] in ("CAUTION", "HIGH_RISK")

    assert "LINKED_TO_BLOCKED" in codes(records["evader"])
    assert records["evader"]["recommended_action"] == "BLOCK"

    for benign in ("mum", "dad", "kid", "m1", "m2", "agency", "newbie"):
        assert codes(records[benign]) == set(), benign
        assert records[benign]["duplicate_cluster"] is None
    assert records["newbie"]["band"] == "STANDARD"

    for record in records.values():
        assert 0 <= record["score"] <= 100
        assert set(record["dimensions"]) == {
            "identity",
            "account_integrity",
            "feedback_integrity",
            "community_reports",
            "reputation",
            "work_integrity",
        }


async def test_rescore_is_idempotent_and_cluster_ids_are_stable(
    ingestor: Ingestor, store: CypherStore
) -> None:
    await ingestor.ingest(lines(marketplace()))
    await rescore(store, now=NOW)
    first = score_lines(await store.scores())
    await rescore(store, now=NOW)
    assert score_lines(await store.scores()) == first
    cluster = by_account(first)["dup-a"]["duplicate_cluster"]

    # a third account joins the person: the cluster keeps its id
    await ingestor.ingest(
        lines([account("dup-c", phone="+351912000111"), card("dup-c", "4000000000000002")])
    )
    await rescore(store, now=NOW)
    after = by_account(score_lines(await store.scores()))
    assert after["dup-c"]["duplicate_cluster"] == cluster == after["dup-a"]["duplicate_cluster"]
    counts = await store.counts()
    assert counts["Cluster"] == 2 and counts["IN_CLUSTER"] == 5


async def test_dismissed_link_stays_dismissed_until_new_evidence(
    ingestor: Ingestor, store: CypherStore
) -> None:
    await ingestor.ingest(lines(marketplace()))
    await rescore(store, now=NOW)
    await record_verdict(
        store,
        "dup-a",
        "DUPLICATE_ACCOUNT",
        "dup-b",
        "DISMISSED",
        "siblings sharing a card",
        "inv-7",
    )
    await rescore(store, now=NOW)
    records = by_account(score_lines(await store.scores()))
    assert "DUPLICATE_ACCOUNT" not in codes(records["dup-a"])
    assert records["dup-a"]["duplicate_cluster"] is None

    # new, different evidence appears: a shared device on top of card and phone
    await ingestor.ingest(
        lines(
            [login("dup-a", "shared-pc", "85.9.9.9", 7), login("dup-b", "shared-pc", "85.9.9.9", 8)]
        )
    )
    await rescore(store, now=NOW)
    records = by_account(score_lines(await store.scores()))
    assert "DUPLICATE_ACCOUNT" in codes(records["dup-a"])


async def test_confirmed_finding_is_kept_and_dismissed_reason_suppressed(
    ingestor: Ingestor, store: CypherStore
) -> None:
    await ingestor.ingest(lines(marketplace()))
    await rescore(store, now=NOW)
    await record_verdict(store, "newbie", "SHARED_LOGIN", "case-12", "CONFIRMED", "", "inv-7")
    await record_verdict(store, "dup-a", "SELF_DEALING", "self-1", "DISMISSED", "", "inv-7")
    await rescore(store, now=NOW)
    records = by_account(score_lines(await store.scores()))
    assert codes(records["newbie"]) == {"SHARED_LOGIN"}
    assert records["newbie"]["reasons"][0]["severity"] == 1.0
    assert codes(records["dup-a"]) == {"DUPLICATE_ACCOUNT"}


async def test_dismissing_a_finding_the_account_lacks_is_refused(
    ingestor: Ingestor, store: CypherStore
) -> None:
    await ingestor.ingest(lines(marketplace()))
    await rescore(store, now=NOW)
    with pytest.raises(ServiceError, match="no such finding"):
        await record_verdict(store, "dup-a", "LOGO_PORTRAIT", "x", "DISMISSED", "", "inv-7")
    assert await store.audit("dup-a", 10) == []  # nothing audited either


async def test_ingest_after_a_nightly_run_rescores_touched_accounts_at_once(
    ingestor: Ingestor, store: CypherStore
) -> None:
    await ingestor.ingest(lines(marketplace()))
    await rescore(store, now=NOW)
    before = by_account(score_lines(await store.scores()))
    assert codes(before["newbie"]) == set()

    # the blocked account's device shows up on a fresh account, and the ban
    # evader's twin gets a second identifier: no nightly run in between
    await ingestor.ingest(
        lines(
            [
                login("banned", "banned-phone", "85.7.7.7", 9),
                login("newbie", "banned-phone", "85.7.7.8", 10),
                account("evader-2", phone="+351914000222"),
                card("evader-2", "5500 0000 0000 0004"),
            ]
        )
    )
    after = by_account(score_lines(await store.scores()))
    newbie = next(r for r in after["newbie"]["reasons"] if r["code"] == "LINKED_TO_BLOCKED")
    assert "banned" in newbie["evidence"] and newbie["severity"] == 0.5
    assert after["newbie"]["recommended_action"] == "RESTRICTION"
    assert "LINKED_TO_BLOCKED" in codes(after["evader-2"])
    assert after["evader-2"]["recommended_action"] == "BLOCK"
    # accounts the batch did not touch keep their nightly score untouched
    assert after["mum"] == before["mum"]


async def test_ingest_that_links_a_new_account_rescores_the_old_one_too(
    ingestor: Ingestor, store: CypherStore
) -> None:
    old = [account("twin-a", phone="+351914555111"), card("twin-a", "4111 1111 2222 3333")]
    await ingestor.ingest(lines(marketplace() + old))
    await rescore(store, now=NOW)
    assert "DUPLICATE_ACCOUNT" not in codes(by_account(score_lines(await store.scores()))["twin-a"])
    new = [account("twin-b", phone="+351914555111"), card("twin-b", "4111111122223333")]
    await ingestor.ingest(lines(new))
    after = by_account(score_lines(await store.scores()))
    assert "DUPLICATE_ACCOUNT" in codes(after["twin-b"])
    assert "DUPLICATE_ACCOUNT" in codes(after["twin-a"])  # the other side learns it at once
    assert after["twin-a"]["duplicate_cluster"] == after["twin-b"]["duplicate_cluster"]


def _whole_picture_only(image: Any) -> Views:
    h = portrait_hashes(image)
    return portrait_views(0, h.signature, h.trimmed, h.colour)


def _picture(image: Any, fmt: str) -> str:
    import base64

    from service.demo.images import encode

    return base64.b64encode(encode(image, fmt)).decode()


async def test_identity_policy_reasons_end_to_end(ingestor: Ingestor, store: CypherStore) -> None:
    from PIL import ImageOps

    from identity.portraits import circle
    from service.demo.images import logo, near_copy, photo

    badge = _picture(logo(5), "PNG")
    stolen = photo(77)
    other = photo(81)
    cropped = other.crop((7, 7, 121, 121))  # 11% off
    turned = other.rotate(-5, Image.Resampling.BILINEAR, fillcolor="black")
    whole = [_whole_picture_only(image) for image in (other, cropped, turned)]
    assert not any(same_photo(a, b) for a, b in itertools.combinations(whole, 2))
    events: list[dict[str, Any]] = [
        account("fl-logo"),
        account("ag-logo", "AGENCY", name="Pixel Agency"),
        account("fl-x"),
        account("fl-y"),
        account("fl-fake", name="Best SEO Solutions LLC"),
        account("cl-1", "CLIENT", name="Bob Smith"),
        account("fl-round"),
        account("fl-negative"),
        account("fl-stranger"),
        account("fl-original"),
        account("fl-cropped"),
        account("fl-turned"),
        {"type": "portrait", "account": "fl-logo", "at": T0, "data": badge},
        {"type": "portrait", "account": "ag-logo", "at": T0, "data": badge},
        {"type": "portrait", "account": "fl-x", "at": T0, "data": _picture(stolen, "JPEG")},
        {
            "type": "portrait",
            "account": "fl-y",
            "at": T0,
            "data": _picture(near_copy(stolen, 3), "JPEG"),
        },
        # the same photo as a round avatar and as a negative; someone else's photo
        {
            "type": "portrait",
            "account": "fl-round",
            "at": T0,
            "data": _picture(circle(stolen), "PNG"),
        },
        {
            "type": "portrait",
            "account": "fl-negative",
            "at": T0,
            "data": _picture(ImageOps.invert(stolen), "JPEG"),
        },
        {
            "type": "portrait",
            "account": "fl-stranger",
            "at": T0,
            "data": _picture(photo(78), "JPEG"),
        },
        # another photo, cropped and turned: only the centre and turned
        # signatures stored with each portrait can link these (checked below)
        {"type": "portrait", "account": "fl-original", "at": T0, "data": _picture(other, "JPEG")},
        {"type": "portrait", "account": "fl-cropped", "at": T0, "data": _picture(cropped, "JPEG")},
        {"type": "portrait", "account": "fl-turned", "at": T0, "data": _picture(turned, "JPEG")},
        # before any contract: contact details are not allowed
        {
            "type": "message",
            "id": "m1",
            "from": "fl-x",
            "to": "cl-1",
            "at": "2024-02-01T00:00:00Z",
            "text": "add me on WhatsApp +44 7700 900123",
        },
        {
            "type": "contract",
            "id": "c1",
            "client": "cl-1",
            "freelancer": "fl-y",
            "amount": 90,
            "started_at": "2024-02-01T00:00:00Z",
        },
        # after hiring, sharing a phone is fine, asking to be paid outside is not
        {
            "type": "message",
            "id": "m2",
            "from": "fl-y",
            "to": "cl-1",
            "at": "2024-03-01T00:00:00Z",
            "text": "call me on +44 7700 900124",
        },
        {
            "type": "message",
            "id": "m3",
            "from": "cl-1",
            "to": "fl-y",
            "at": "2024-03-02T00:00:00Z",
            "text": "I will pay you directly by PayPal",
        },
    ]
    events[1]["name"] = "Pixel Agency"
    await ingestor.ingest(lines(events))
    await rescore(store, now=NOW)
    records = by_account(score_lines(await store.scores()))
    assert "LOGO_PORTRAIT" in codes(records["fl-logo"])
    assert codes(records["ag-logo"]) == set()  # agencies may show their logo
    for same in (
        "fl-x",
        "fl-y",
        "fl-round",
        "fl-negative",
        "fl-original",
        "fl-cropped",
        "fl-turned",
    ):
        assert "DUPLICATE_PORTRAIT" in codes(records[same]), same
    assert "DUPLICATE_PORTRAIT" not in codes(records["fl-stranger"])
    assert "FAKE_NAME" in codes(records["fl-fake"])
    contact = next(r for r in records["fl-x"]["reasons"] if r["code"] == "OFF_PLATFORM_CONTACT")
    assert contact["evidence"] == ["m1"]
    assert "OFF_PLATFORM_CONTACT" not in codes(records["fl-y"])
    payment = next(r for r in records["cl-1"]["reasons"] if r["code"] == "OFF_PLATFORM_CONTACT")
    assert payment["evidence"] == ["m3"]
    # the text itself is never stored
    assert "PayPal" not in repr(await store.dump())


async def test_registered_brand_logo_and_brand_name(ingestor: Ingestor, store: CypherStore) -> None:
    from identity.logos import avatar_variants, brand_icons, entries_for, render_mark
    from identity.transforms import TRANSFORMS
    from service.logos import load_registry, logo_rows

    icon = brand_icons()[1400]
    await store.add_logos(logo_rows(entries_for(icon), "test"))
    registry = await load_registry(store)
    assert registry is not None and icon.title in registry.brands
    # segment hashes survive the store, on the unpadded squares as registered
    segmented = {e.variant for e in registry.entries if e.segments}
    assert segmented and all("-pad0" in v and "grey" not in v for v in segmented)
    avatar = TRANSFORMS["jpeg-q30"](dict(avatar_variants(icon))["brand-on-ffffff-pad18"])
    white_mark = render_mark(icon.svg, "ffffff", 128)  # white on a see-through ground
    await ingestor.ingest(
        lines(
            [
                account("copycat"),
                account("see-through"),
                account("brandname", name=icon.title),
                {
                    "type": "portrait",
                    "account": "copycat",
                    "at": T0,
                    "data": _picture(avatar, "JPEG"),
                },
                {
                    "type": "portrait",
                    "account": "see-through",
                    "at": T0,
                    "data": _picture(white_mark, "PNG"),
                },
            ]
        )
    )
    await rescore(store, now=NOW)
    records = by_account(score_lines(await store.scores()))
    logo = next(r for r in records["copycat"]["reasons"] if r["code"] == "LOGO_PORTRAIT")
    assert logo["evidence"][0] == icon.title and logo["severity"] == 1.0
    hidden = next(r for r in records["see-through"]["reasons"] if r["code"] == "LOGO_PORTRAIT")
    assert hidden["evidence"][0] == icon.title  # matched through its on-black signature
    assert "FAKE_NAME" in codes(records["brandname"])


async def test_dismissing_one_account_of_a_shared_photo_keeps_the_others(
    ingestor: Ingestor, store: CypherStore
) -> None:
    from service.demo.images import photo

    shared = _picture(photo(77), "JPEG")
    people = ["fl-p", "fl-q", "fl-r"]
    await ingestor.ingest(
        lines(
            [account(a) for a in people]
            + [{"type": "portrait", "account": a, "at": T0, "data": shared} for a in people]
        )
    )
    await rescore(store, now=NOW)

    def portrait_evidence(records: dict[str, Any], who: str) -> list[str] | None:
        found = [r for r in records[who]["reasons"] if r["code"] == "DUPLICATE_PORTRAIT"]
        return sorted(found[0]["evidence"]) if found else None

    with pytest.raises(ServiceError, match="not in the evidence"):
        await record_verdict(store, "fl-p", "DUPLICATE_PORTRAIT", "fl-x", "DISMISSED", "", "i")
    await record_verdict(store, "fl-p", "DUPLICATE_PORTRAIT", "fl-q", "DISMISSED", "twins", "i")
    await rescore(store, now=NOW)
    records = by_account(score_lines(await store.scores()))
    assert portrait_evidence(records, "fl-p") == ["fl-r"]
    assert portrait_evidence(records, "fl-q") == ["fl-r"]  # the pair is cleared both ways
    assert portrait_evidence(records, "fl-r") == ["fl-p", "fl-q"]
    explained = next(r for r in records["fl-p"]["reasons"] if r["code"] == "DUPLICATE_PORTRAIT")
    assert explained["explanation"] == "Shows the same photo as 1 other account(s)."

    await record_verdict(store, "fl-p", "DUPLICATE_PORTRAIT", "fl-r", "DISMISSED", "", "i")
    await rescore(store, now=NOW)
    records = by_account(score_lines(await store.scores()))
    assert portrait_evidence(records, "fl-p") is None
    assert portrait_evidence(records, "fl-q") == ["fl-r"]
