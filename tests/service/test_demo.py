"""The demo marketplace: deterministic, valid, and carrying every pattern."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

from service.demo.generator import generate
from service.demo.knobs import Knobs
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
    "copied_portfolio",
    "padded_hours",
    "prohibited_job",
    "not_a_job",
    "scam_request",
    "feedback_extortion",
    "abusive_message",
    "suspicious_link",
    "spam_messages",
}
LOOK_ALIKES = {
    "coworking_ip",
    "family_device",
    "family_card",
    "agency_member",
    "traveller",
    "loyal_client",
    "poorly_reviewed",
    "agency_portfolio",
    "template_layout",
    "long_days",
    "manual_logger",
    "scam_victim",
    "pentest_job",
    "essay_editing",
    "paid_test",
    "shared_link",
    "job_invites",
    "client_updates",
}


def test_same_seed_same_marketplace_other_seed_other(tmp_path: Path) -> None:
    generate(1500, 11, tmp_path / "a")
    generate(1500, 11, tmp_path / "b")
    generate(1500, 12, tmp_path / "c")
    for name in ("events.jsonl", "labels.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "events.jsonl").read_bytes() != (
        tmp_path / "c" / "events.jsonl"
    ).read_bytes()
    for folder in ("portraits", "portfolio", "works"):
        pictures = sorted(p.name for p in (tmp_path / "a" / folder).iterdir())
        assert pictures == sorted(p.name for p in (tmp_path / "b" / folder).iterdir())
        assert pictures, folder


def test_every_event_is_valid_and_every_pattern_planted(tmp_path: Path) -> None:
    # couples sharing a card, padders and writers are rare at this size: plant more
    knobs = dataclasses.replace(Knobs.fixed(), family_card=0.8, padding_share=0.25,
                                text_share=0.02, spam_share=0.004, update_share=0.006)  # fmt: skip
    events, accounts = generate(3000, 5, tmp_path, knobs=knobs)
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


def test_each_seed_draws_its_own_marketplace_shape(tmp_path: Path) -> None:
    generate(800, 21, tmp_path / "a")
    generate(800, 22, tmp_path / "b")
    a = json.loads((tmp_path / "a" / "knobs.json").read_text())
    b = json.loads((tmp_path / "b" / "knobs.json").read_text())
    assert a.keys() == b.keys() and a != b
    assert set(a) == {f.name for f in dataclasses.fields(Knobs)}


def test_labels_name_the_person_behind_each_account(tmp_path: Path) -> None:
    generate(2000, 9, tmp_path, knobs=Knobs.fixed())
    rows = [json.loads(line) for line in (tmp_path / "labels.jsonl").read_text().splitlines()]
    people: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        people.setdefault(str(row["person"]), []).append(row)
    shared = [group for group in people.values() if len(group) > 1]
    assert shared  # duplicates are one person with several accounts
    for group in shared:
        assert all("duplicate_account" in row["patterns"] for row in group)  # type: ignore[operator]
