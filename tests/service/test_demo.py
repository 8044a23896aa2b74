"""The demo marketplace: deterministic, valid, and carrying every pattern."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from service.demo.generator import generate
from service.events import parse_event

PATTERNS = {
    "duplicate_account",
    "shared_login",
    "feedback_ring",
    "self_dealing",
    "logo_portrait",
    "duplicate_portrait",
    "fake_name",
    "off_platform_contact",
}
LOOK_ALIKES = {"coworking_ip", "family_device", "agency_member", "traveller", "loyal_client"}


def test_same_seed_same_marketplace_other_seed_other(tmp_path: Path) -> None:
    generate(1500, 11, tmp_path / "a")
    generate(1500, 11, tmp_path / "b")
    generate(1500, 12, tmp_path / "c")
    for name in ("events.jsonl", "labels.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "events.jsonl").read_bytes() != (
        tmp_path / "c" / "events.jsonl"
    ).read_bytes()
    pictures = sorted(p.name for p in (tmp_path / "a" / "portraits").iterdir())
    assert pictures == sorted(p.name for p in (tmp_path / "b" / "portraits").iterdir())


def test_every_event_is_valid_and_every_pattern_planted(tmp_path: Path) -> None:
    events, accounts = generate(3000, 5, tmp_path)
    lines = (tmp_path / "events.jsonl").read_text().splitlines()
    assert len(lines) == events
    for line in lines:
        parse_event(line)  # raises on any invalid event
    labels = [json.loads(line) for line in (tmp_path / "labels.jsonl").read_text().splitlines()]
    assert len(labels) == accounts == 3000
    patterns = Counter(p for row in labels for p in row["patterns"])
    benign = Counter(b for row in labels for b in row["benign"])
    assert set(patterns) == PATTERNS and min(patterns.values()) >= 5, patterns
    assert set(benign) == LOOK_ALIKES and min(benign.values()) >= 5, benign
    # a coworking hub is shared by many accounts: the look-alike must be real
    ips = Counter(json.loads(line)["ip"] for line in lines if '"type": "login"' in line)
    assert ips.most_common(1)[0][1] >= 100
