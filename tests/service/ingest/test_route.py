"""Routing lines into the two write streams: exact, cheap, numbers kept."""

from __future__ import annotations

import json
from typing import Any

import pytest

from identity.pii import PiiHasher
from service.ingest.convert import Converter, convert
from service.ingest.route import PROFILE, STREAM_OF_TYPE, WORK, line_stream, routed
from service.ingest.types import Chunk

Events = list[dict[str, Any]]


def test_every_event_type_is_routed_by_its_type_however_it_is_written(marketplace: Events) -> None:
    portrait = {"type": "portrait", "account": "a", "at": "2024-01-01T00:00:00Z", "data": "AA=="}
    events = [*marketplace, portrait]
    assert {e["type"] for e in events} == set(STREAM_OF_TYPE)  # every type
    for event in events:
        expected = STREAM_OF_TYPE[event["type"]]
        canonical = json.dumps(event)  # {"type": "…", as the demo and most writers emit
        assert canonical.startswith('{"type": "')
        compact = json.dumps(event, separators=(",", ":"))
        reordered = json.dumps(dict(sorted(event.items(), reverse=True)))
        kind = event["type"]
        escaped = canonical.replace(kind, f"{kind[0]}\\u{ord(kind[1]):04x}{kind[2:]}", 1)
        for text in (canonical, compact, reordered, escaped):
            assert line_stream(text.encode()) == expected, text
            assert line_stream(text) == expected, text


@pytest.mark.parametrize(
    "text", [b"{broken", b"", b"   \n", b"[1, 2]", b'{"type": 5}', b'{"type": "nope"}']
)
def test_a_line_that_is_no_event_goes_with_the_profile_stream(text: bytes) -> None:
    assert line_stream(text) == PROFILE


def test_mixed_chunks_are_split_and_every_line_keeps_its_number(marketplace: Events) -> None:
    texts: list[str | bytes] = [json.dumps(event).encode() for event in marketplace]
    texts.insert(3, b"\n")  # blank lines are dropped from the parts, numbers stay right
    chunk = Chunk(texts, None, "f.jsonl", 41)
    parts = list(routed(iter([chunk])))
    assert [p.stream for p in parts] == [PROFILE, WORK]
    assert sorted(n for p in parts for n in (p.numbers or [])) == [
        41 + i for i, t in enumerate(texts) if t.strip()
    ]
    for part in parts:
        for i, text in enumerate(part.texts):
            assert texts[part.number(i) - 41] == text
            assert part.source(i) == f"f.jsonl:{part.number(i)}"
    # all one stream: passed through whole, no per-line work
    profile = [t for t in texts if t.strip() and line_stream(t) == PROFILE]
    (whole,) = routed(iter([Chunk(profile, None, "f.jsonl", 7)]))
    assert whole.stream == PROFILE and whole.numbers is None and whole.texts == profile


def test_a_type_given_twice_cannot_slip_into_the_other_stream() -> None:
    converter = Converter(PiiHasher(b"k" * 32), 1 << 20, 1 << 22)
    text = (
        b'{"type": "contract", "account": "a", "at": "2024-01-01T00:00:00Z", "device": "d",'
        b' "ip": "10.0.0.1", "type": "login"}'
    )
    (part,) = routed(iter([Chunk([text], None, "f", 1)]))
    assert part.stream == WORK  # the first "type" routes it; the parser keeps the last,
    # a valid login, which must not be written out of the logins' order
    converted = convert(part, converter)
    assert [r.reason for r in converted.rejects] == [
        "type: given more than once, with different values"
    ]
