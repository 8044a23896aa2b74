"""Spam end to end, on both engines: one text to many strangers is found; an
invitation many answer and an update to one's own clients are not."""

from __future__ import annotations

from typing import Any

from graph.store import CypherStore
from service.batch import score_lines
from service.ingest.pipeline import Ingestor
from service.rescore import rescore
from tests.conftest import lines
from tests.service.test_rulebook import NOW, account, at, contract

PITCH = ("I can rank your online store on the first page of search results in {d} days "
         "with my secret method, answer now and get the first month for free")  # fmt: skip
INVITE = ("Hello, I would love you to apply to my job building a booking calendar for a "
          "small hotel, please send a proposal with your rate")  # fmt: skip
UPDATE = ("A quick note to all my clients: I am away for a week in August and every "
          "project stays on schedule, send anything urgent before then")  # fmt: skip


def said(i: str, sender: str, to: str, hours: float, text: str) -> dict[str, Any]:
    return {"type": "message", "id": i, "from": sender, "to": to, "at": at(hours), "text": text}


def marketplace() -> list[dict[str, Any]]:
    ev = [account(a) for a in ("spammer", "updater")]
    ev += [account("inviter", "CLIENT", "Ana Lima")]
    strangers = [f"s{i:02d}" for i in range(40)]
    ev += [account(s, "CLIENT" if i % 2 else "FREELANCER") for i, s in enumerate(strangers)]
    # 30 strangers in two days, the greeting and a number changed each time; one answers
    ev += [said(f"spam{i}", "spammer", s, i * 1.5, f"Hi {s}, " + PITCH.format(d=i % 9 + 2))
           for i, s in enumerate(strangers[:30])]  # fmt: skip
    ev += [said("answer", "s00", "spammer", 5, "Who is this? How did you find me?")]
    # one invitation to 30 freelancers, of whom 12 answer
    invited = strangers[10:]
    ev += [said(f"inv{i}", "inviter", s, 100 + i * 0.5, INVITE) for i, s in enumerate(invited)]
    ev += [said(f"re{i}", s, "inviter", 130 + i, "Thanks, proposal sent.")
           for i, s in enumerate(strangers[10:22])]  # fmt: skip
    # one update to each of 30 clients under contract
    for i, s in enumerate(strangers[:30]):
        ev += [contract(f"k{i}", s, "updater", -500, 900)]
        ev += [said(f"up{i}", "updater", s, 200, UPDATE)]
    return ev


async def test_one_text_to_many_strangers_is_spam(ingestor: Ingestor, store: CypherStore) -> None:
    report = await ingestor.ingest(lines(marketplace()))
    assert report.rejected == 0
    await rescore(store, now=NOW)
    records = {r["account"]: r for r in score_lines(await store.scores())}
    codes = {a: {r["code"] for r in rec["reasons"]} for a, rec in records.items()}

    (found,) = [r for r in records["spammer"]["reasons"] if r["code"] == "SPAM_MESSAGES"]
    # the stranger who answered afterwards was still cold when the pitch came
    assert "30 accounts" in found["explanation"] and "1 of them answered" in found["explanation"]
    assert found["evidence"] == [f"spam{i}" for i in range(20)]  # the first 20 kept
    assert 0.6 < found["severity"] < 1.0
    assert records["spammer"]["recommended_action"] == "WARNING"
    assert "SPAM_MESSAGES" not in codes["inviter"]
    assert "SPAM_MESSAGES" not in codes["updater"]

    # an investigator opens what the finding names: recipients, times, lengths
    sent = await store.account_sent_messages("spammer", 50)
    assert len(sent) == 30 and sent[0].id == "spam29" and sent[-1].id == "spam0"
    assert sent[0].recipient == "s29" and sent[0].length == len("Hi s29, " + PITCH.format(d=4))
    assert all(m.categories == [] for m in sent)

    # the texts are not kept, only their shapes
    stored = repr((await store.dump()).nodes)
    assert "secret method" not in stored and "booking calendar" not in stored
    assert stored.count("('shape', '") >= 90
