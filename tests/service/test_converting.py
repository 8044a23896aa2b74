"""What conversion hands the store matches what the store expects."""

from __future__ import annotations

from dataclasses import fields

from graph import cypher
from graph.logins import decode
from graph.model import PORTRAIT_PROPERTIES, PortraitRow, WriteBatch
from identity.pii import PiiHasher
from identity.portraits import PortraitHashes
from service.converting import Converter, _key
from service.events import parse_event


def test_portrait_rows_carry_exactly_the_portrait_hashes() -> None:
    hashes = {f.name for f in fields(PortraitHashes)}
    assert set(PortraitRow.__annotations__) == hashes | {"account", "at"}
    assert set(PORTRAIT_PROPERTIES) == hashes - {"phash"}
    for name in PORTRAIT_PROPERTIES:  # and the store writes each
        assert f"p.{name} = r.{name}" in cypher.MERGE_PORTRAITS


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
