"""What conversion hands the store matches what the store expects."""

from __future__ import annotations

import json
import pickle
from dataclasses import fields

from graph import cypher
from graph.logins import decode
from graph.model import PORTRAIT_PROPERTIES, PortraitRow, WriteBatch
from identity.pii import PiiHasher
from identity.portraits import PortraitHashes
from service.events import parse_event
from service.ingest.convert import Converter, _key, convert
from service.ingest.types import Chunk


def test_portrait_rows_carry_exactly_the_portrait_hashes() -> None:
    hashes = {f.name for f in fields(PortraitHashes)}
    assert set(PortraitRow.__annotations__) == hashes | {"account", "at", "thumb"}
    assert set(PORTRAIT_PROPERTIES) == (hashes - {"phash"}) | {"thumb"}
    for name in PORTRAIT_PROPERTIES:  # and the store writes each
        assert f"{name}: r.{name}" in cypher.writes.MERGE_PORTRAITS.text


def test_login_ledger_keys_and_window_entries_are_those_of_earlier_releases() -> None:
    """Stored ledgers hold keys from earlier releases: a login re-sent after
    an upgrade must hash to the same key, or it would be counted again."""
    converter = Converter(PiiHasher(b"k" * 32), 1 << 20, 1 << 22)
    lines = [
        '{"type":"login","account":"a1","at":"2024-01-02T03:04:05+01:00","device":"d",'
        '"ip":"10.0.0.7","country":"PT","lat":38.7,"lon":-9.1}',
        '{"type":"login","account":"a1","at":"2024-01-02T03:04:05Z","device":"d","ip":"::1"}',
    ]
    batch = WriteBatch()
    for line in lines:
        converter.add(parse_event(line), batch, None)
    first, second = batch.logins
    assert first["key"] == _key("login", "a1", 1704161045, "d", "10.0.0.7", "PT", 38.7, -9.1)
    assert first["entry"] == "1704161045\td\t10.0.0.7\tPT\t38.7\t-9.1"
    assert second["key"] == _key("login", "a1", 1704164645, "d", "::1", None, None, None)
    assert second["entry"] == "1704164645\td\t::1\t\t\t"
    assert decode(second["entry"]).country is None and decode(second["entry"]).lat is None


def test_a_plan_carries_its_counted_events_each_once_across_processes() -> None:
    converter = Converter(PiiHasher(b"k" * 32), 1 << 20, 1 << 22)
    login = {"type": "login", "account": "a1", "device": "d", "ip": "10.0.0.7"}
    texts: list[str | bytes] = [
        json.dumps(dict(login, at="2024-01-02T03:04:05Z")),
        json.dumps(
            {
                "type": "account",
                "id": "a1",
                "kind": "CLIENT",
                "name": "Ana Silva",
                "country": "PT",
                "created_at": "2024-01-01T00:00:00Z",
            }
        ),
        json.dumps(dict(login, at="2024-01-02T03:04:05Z")).encode(),  # the same login again
        "",
        '{"type": "login", "account": "a1"}',  # rejected
        json.dumps(
            {
                "type": "payment_method",
                "account": "a1",
                "fingerprint": "4111 1111",
                "kind": "card",
                "at": "2024-01-03T00:00:00Z",
            }
        ),
        json.dumps(dict(login, at="2024-01-04T00:00:00Z", ip="10.0.0.8")),
    ]
    chunk = Chunk(texts, None, "f")
    converted = convert(chunk, converter)
    assert len(converted.rejects) == 1
    arrived = pickle.loads(pickle.dumps(converted.plan))  # as from a worker
    logins, payments = arrived.events.unseen_rows(set())
    assert [r["ip"] for r in logins] == ["10.0.0.7", "10.0.0.8"]
    assert [r["fingerprint"] for r in payments] == [converter.hasher.payment("4111-1111")]
