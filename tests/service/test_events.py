from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from service.addresses import _parsed_ip_and_prefix, ip_and_prefix
from service.events import LoginEvent, json_schema, parse_event

ROOT = Path(__file__).resolve().parents[2]
T = "2024-01-01T00:00:00Z"


def test_committed_json_schema_matches_the_models() -> None:
    committed = json.loads((ROOT / "docs" / "events.schema.json").read_text())
    assert committed == json_schema(), "run: trustmesh schema --events docs/events.schema.json"


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            {
                "type": "account",
                "id": "a",
                "kind": "BOT",
                "name": "x",
                "country": "PT",
                "created_at": T,
            },
            "kind:",
        ),
        (
            {
                "type": "account",
                "id": "a",
                "kind": "CLIENT",
                "name": "x",
                "country": "Portugal",
                "created_at": T,
            },
            "country:",
        ),
        (
            {
                "type": "account",
                "id": "a",
                "kind": "CLIENT",
                "name": "x",
                "country": "PT",
                "created_at": T,
                "agency": "a",
            },
            "agency:",
        ),
        (
            {
                "type": "account",
                "id": "a",
                "kind": "CLIENT",
                "name": "x",
                "country": "PT",
                "created_at": T,
                "email": "nope",
            },
            "email:",
        ),
        (
            {
                "type": "login",
                "account": "a",
                "at": T,
                "device": "d",
                "ip": "1.2.3.4",
                "lat": 91,
                "lon": 0,
            },
            "lat:",
        ),
        (
            {"type": "payment_method", "account": "a", "fingerprint": "x", "kind": "cash", "at": T},
            "kind:",
        ),
        (
            {
                "type": "contract",
                "id": "c",
                "client": "a",
                "freelancer": "a",
                "amount": 1,
                "started_at": T,
            },
            "freelancer:",
        ),
        (
            {
                "type": "contract",
                "id": "c",
                "client": "a",
                "freelancer": "b",
                "amount": -1,
                "started_at": T,
            },
            "amount:",
        ),
        (
            {
                "type": "contract",
                "id": "c",
                "client": "a",
                "freelancer": "b",
                "amount": 1,
                "started_at": T,
                "ended_at": "2023-01-01T00:00:00Z",
            },
            "ended_at:",
        ),
        (
            {"type": "feedback", "contract": "c", "from": "a", "to": "b", "rating": "5", "at": T},
            "rating:",
        ),
        (
            {
                "type": "flag",
                "id": "f",
                "reporter": "a",
                "target": "b",
                "target_kind": "account",
                "reason": "i_dont_like_them",
                "at": T,
            },
            "reason:",
        ),
        (
            {
                "type": "flag",
                "id": "f",
                "reporter": "a",
                "target": "a",
                "target_kind": "account",
                "reason": "fake_profile",
                "at": T,
            },
            "target:",
        ),
        ({"type": "portrait", "account": "a", "at": T}, "path/data:"),
        ({"type": "message", "id": "m", "from": "a", "to": "b", "at": T}, "text:"),
        (
            {"type": "job_post", "id": "j", "client": "a", "at": T, "title": "", "text": "x"},
            "title:",
        ),
        (
            {
                "type": "action",
                "account": "a",
                "action": "BLOCK",
                "reason": "r",
                "at": T,
                "by": "i",
                "expires_at": "2025-01-01T00:00:00Z",
            },
            "expires_at:",
        ),
        (
            {"type": "login", "account": "a", "at": T, "device": "d", "ip": "1.2.3.4", "extra": 1},
            "extra:",
        ),
        ({"type": "teleport"}, "event:"),
        (
            {
                "type": "time_log",
                "id": "t",
                "contract": "c",
                "freelancer": "f",
                "start": T,
                "end": T,
                "manual": False,
            },
            "end:",
        ),
        (
            {
                "type": "time_log",
                "id": "t",
                "contract": "c",
                "freelancer": "f",
                "start": T,
                "end": "2024-12-01T00:00:00Z",
                "manual": False,
            },
            "end: one time log spans at most 7 days",
        ),
        (
            {
                "type": "time_log",
                "id": "t",
                "contract": "c",
                "freelancer": "f",
                "start": T,
                "end": "2024-01-01T10:00:00Z",
                "manual": "yes",
            },
            "manual:",
        ),
        ({"type": "portfolio", "id": "p", "account": "a", "at": T}, "path/data:"),
        (
            {
                "type": "portfolio",
                "id": "p",
                "account": "a",
                "at": T,
                "data": "AA==",
                "title": "x" * 501,
            },
            "title:",
        ),
    ],
)
def test_invalid_events_name_the_field(event: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_event(json.dumps(event))
    assert str(info.value).startswith(message), str(info.value)


def test_ip_prefixes() -> None:
    v4 = parse_event(
        json.dumps({"type": "login", "account": "a", "at": T, "device": "d", "ip": "203.0.113.77"})
    )
    v6 = parse_event(
        json.dumps(
            {"type": "login", "account": "a", "at": T, "device": "d", "ip": "2001:DB8:1:2::9"}
        )
    )
    assert isinstance(v4, LoginEvent) and v4.prefix == "203.0.113.0/24"
    assert isinstance(v6, LoginEvent) and v6.ip == "2001:db8:1:2::9"
    assert v6.prefix == "2001:db8:1::/48"


def test_ip_fast_path_agrees_with_the_ipaddress_module() -> None:
    """The C library's IPv4 reading must accept, reject and print exactly as
    ``ipaddress`` does: an address spelt two ways must meet on one IP node."""
    rng = random.Random(7)
    pieces = ["0", "00", "01", "1", "9", "10", "099", "255", "256", "300", "1e1", "0x1", " ", ""]
    samples = ["1.2.3.4", "0.0.0.0", "255.255.255.255", "1.2.3.4 ", " 1.2.3.4", "1.2.3", "::1"]
    for _ in range(5000):
        parts = [rng.choice(pieces) for _ in range(rng.choice((3, 4, 4, 4, 5)))]
        samples.append(".".join(parts))
    samples += [".".join(str(rng.randrange(256)) for _ in range(4)) for _ in range(2000)]
    for sample in samples:
        try:
            expected: tuple[str, str] | None = _parsed_ip_and_prefix(sample)
        except ValueError:
            expected = None
        try:
            got: tuple[str, str] | None = ip_and_prefix.__wrapped__(sample)
        except ValueError:
            got = None
        assert got == expected, sample
