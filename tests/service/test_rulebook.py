"""The rest of the rulebook end to end, on both engines: copied portfolios,
padded hours, and what job posts and messages say."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

from PIL import Image

from graph.store import CypherStore
from identity.transforms import TRANSFORMS
from service.batch import export_scores, score_lines
from service.demo import images
from service.ingest.pipeline import Ingestor
from service.rescore import rescore
from service.settings import Settings
from service.works import add_work_images
from tests.conftest import lines

T0 = datetime(2024, 3, 4, tzinfo=UTC)  # a Monday
NOW = 1_735_689_600


def at(hours: float) -> str:
    return (T0 + timedelta(hours=hours)).isoformat().replace("+00:00", "Z")


def account(
    i: str, kind: str = "FREELANCER", name: str = "Maria Santos", **extra: Any
) -> dict[str, Any]:
    return {
        "type": "account",
        "id": i,
        "kind": kind,
        "name": name,
        "country": "PT",
        "created_at": "2024-01-01T00:00:00Z",
        **extra,
    }


def picture(image: Image.Image) -> str:
    return base64.b64encode(images.encode(image, "PNG")).decode()


def item(i: str, owner: str, image: Image.Image, hours: float) -> dict[str, Any]:
    return {"type": "portfolio", "id": i, "account": owner, "at": at(hours), "data": picture(image)}


def contract(i: str, client: str, freelancer: str, start_h: float, end_h: float) -> dict[str, Any]:
    return {
        "type": "contract",
        "id": i,
        "client": client,
        "freelancer": freelancer,
        "amount": 500,
        "started_at": at(start_h),
        "ended_at": at(end_h),
    }


def time_log(
    i: str, ctr: str, who: str, start_h: float, length_h: float, manual: bool = False
) -> dict[str, Any]:
    return {
        "type": "time_log",
        "id": i,
        "contract": ctr,
        "freelancer": who,
        "start": at(start_h),
        "end": at(start_h + length_h),
        "manual": manual,
    }


def message(i: str, sender: str, to: str, text: str) -> dict[str, Any]:
    return {"type": "message", "id": i, "from": sender, "to": to, "at": at(1), "text": text}


def job(i: str, client: str, title: str, text: str) -> dict[str, Any]:
    return {
        "type": "job_post",
        "id": i,
        "client": client,
        "at": at(1),
        "title": title,
        "text": text,
    }


def workdays(prefix: str, ctr: str, who: str, days: int) -> list[dict[str, Any]]:
    """Ten-hour weekdays: 08:00-13:00 and 14:00-19:00."""
    out = []
    for d in range(days):
        if d % 7 < 5:
            out += [
                time_log(f"{prefix}{d}a", ctr, who, d * 24 + 8, 5),
                time_log(f"{prefix}{d}b", ctr, who, d * 24 + 14, 5),
            ]
    return out


ORIGINAL = images.photo(101)
STOCK = images.photo(202)
SHARED_BY_AGENCY = images.photo(303)


def marketplace() -> list[dict[str, Any]]:
    people = ("orig", "copier", "stocky", "honest", "padder", "longday", "linker")
    ev = [account(a) for a in people]
    ev += [account("client", "CLIENT", "Ana Lima"), account("agency", "AGENCY", "Lima Digital")]
    ev += [account("member", agency="agency", name="Rui Costa")]
    # the earliest upload keeps a picture; a resized copy a day later is copied
    ev += [
        item("pf-orig", "orig", ORIGINAL, 0),
        item("pf-copy", "copier", TRANSFORMS["resize-64"](ORIGINAL), 24),
    ]
    ev += [item("pf-stock", "stocky", TRANSFORMS["jpeg-q30"](STOCK), 5)]
    ev += [item("pf-own", "honest", images.photo(404), 3)]
    ev += [
        item("pf-agency", "agency", SHARED_BY_AGENCY, 0),
        item("pf-member", "member", TRANSFORMS["pad-coloured"](SHARED_BY_AGENCY), 48),
    ]
    # hours: a month of ten-hour days is honest; the same hours on two contracts are not
    ev += [
        contract("h1", "client", "longday", 0, 24 * 40),
        contract("h2", "client", "padder", 0, 24 * 40),
        contract("h3", "client", "padder", 0, 24 * 40),
    ]
    ev += workdays("ld", "h1", "longday", 30) + workdays("pd", "h2", "padder", 10)
    ev += [time_log("pd-dup", "h3", "padder", 8, 4, manual=True)]
    # what people write
    ev += [
        message("m-fee", "client", "honest", "Congrats! Pay the $40 registration fee to start."),
        message("m-victim", "honest", "client", "He asked me to pay a fee, is that allowed?"),
        message("m-extort", "copier", "client", "Leave me 5 stars or you won't get the files."),
        message("m-abuse", "stocky", "client", "You are a useless idiot."),
        message("m-phish", "linker", "client", "Payout on hold: confirm at upw0rk-payouts.com/v"),
        message("m-short", "linker", "honest", "The brief is at bit.ly/3xYz9Q"),
        message("m-own", "honest", "client", "My work: github.com/ms and www.upwork.com/fl/ms"),
        message("m-told", "member", "client", "He sent me bit.ly/3xYz9Q and asked for my login."),
        job(
            "j-hack",
            "client",
            "Instagram",
            "Hack my ex's Instagram account and send me her messages.",
        ),
        job(
            "j-ad",
            "orig",
            "Designer available",
            "I am a logo designer with 8 years of experience. Hire me!",
        ),
        job(
            "j-pentest",
            "agency",
            "Pentest",
            "Authorized, scoped penetration test of our own web app.",
        ),
    ]
    return ev


async def test_the_rulebook_end_to_end(
    ingestor: Ingestor, store: CypherStore, settings: Settings, tmp_path: Any
) -> None:
    report = await ingestor.ingest(lines(marketplace()))
    assert report.rejected == 0
    registered = await add_work_images(
        store, [("stock.png", images.encode(STOCK, "PNG"))], "Acme Stock", 10_000_000, 40_000_000
    )
    assert registered == 1
    await rescore(store, now=NOW)
    out = tmp_path / "scores.jsonl"
    await export_scores(store, out)
    records = {r["account"]: r for r in score_lines(await store.scores())}

    def reasons(account: str) -> dict[str, dict[str, Any]]:
        return {r["code"]: r for r in records[account]["reasons"]}

    copied = reasons("copier")["COPIED_PORTFOLIO"]
    assert copied["evidence"][:3] == ["pf-copy", "pf-orig", "orig"]
    assert "COPIED_PORTFOLIO" not in reasons("orig")  # the earliest keeps it
    stock = reasons("stocky")["COPIED_PORTFOLIO"]
    assert stock["evidence"] == ["pf-stock", "Acme Stock"] and "Acme Stock" in stock["explanation"]
    assert "COPIED_PORTFOLIO" not in reasons("member")  # the agency's own portfolio
    assert "COPIED_PORTFOLIO" not in reasons("honest")

    padded = reasons("padder")["PADDED_HOURS"]
    assert {"pd0a", "pd-dup"} <= set(padded["evidence"]) and "two contracts" in padded[
        "explanation"
    ]
    assert "PADDED_HOURS" not in reasons("longday")
    assert records["padder"]["dimensions"]["work_integrity"] < 100

    # the texts that show it, then the categories they broke
    assert reasons("client")["SCAM_REQUEST"]["evidence"] == ["m-fee", "scam:fee"]
    assert reasons("client")["PROHIBITED_JOB"]["evidence"] == ["j-hack", "prohibited:hacking"]
    assert "hacking" in reasons("client")["PROHIBITED_JOB"]["explanation"]
    assert reasons("copier")["FEEDBACK_EXTORTION"]["evidence"] == ["m-extort", "extortion:feedback"]
    assert reasons("stocky")["ABUSIVE_MESSAGE"]["evidence"] == ["m-abuse", "abuse:harassment"]
    assert reasons("orig")["NOT_A_JOB"]["evidence"] == ["j-ad", "not_a_job:ad"]
    linked = reasons("linker")["SUSPICIOUS_LINK"]
    assert sorted(linked["evidence"][:2]) == ["m-phish", "m-short"]
    assert linked["evidence"][2:] == ["link:lookalike", "link:shortener"]
    assert "posing as a protected domain" in linked["explanation"]
    assert records["linker"]["recommended_action"] == "RESTRICTION"  # phishing
    assert records["orig"]["recommended_action"] == "WARNING"  # a first ad: a warning
    assert records["client"]["recommended_action"] == "BLOCK"  # scams and prohibited jobs
    for clean in ("honest", "agency", "member", "longday"):
        assert reasons(clean) == {}, clean

    # neither pictures nor texts are kept: only hashes, categories and lengths
    dump = await store.dump()
    stored = repr(dump.nodes)
    for said in ("registration fee", "useless idiot", "Instagram account", "years of experience"):
        assert said not in stored
    assert picture(ORIGINAL)[:40] not in stored
