"""Padded hours: each sign, the honest look-alikes, and brute-force references."""

from __future__ import annotations

import random

from graph import hours
from graph.hours import DAY, HOUR, WEEK, Log, Sign

T0 = 1_700_000_000 - 1_700_000_000 % WEEK  # a week's first second


def log(i: int, start_h: float, length_h: float, contract: str = "c1", manual: bool = False,
        window: tuple[int, int] | None = None) -> Log:  # fmt: skip
    start = T0 + int(start_h * HOUR)
    c_start, c_end = window or (T0 - 10 * DAY, T0 + 200 * DAY)
    return Log(f"t{i}", contract, start, start + int(length_h * HOUR), manual, c_start, c_end)


def ten_hour_days(days: int, manual: bool = False) -> list[Log]:
    """Weekdays of 08:00-13:00 and 14:00-19:00 on one contract."""
    out = []
    for d in range(days):
        if d % 7 < 5:
            out += [log(2 * d, d * 24 + 8, 5, manual=manual),
                    log(2 * d + 1, d * 24 + 14, 5, manual=manual)]  # fmt: skip
    return out


def test_a_month_of_ten_hour_days_is_not_padding() -> None:
    assert hours.padding(ten_hour_days(30), peers=0.1) == []


def test_always_entering_time_by_hand_is_not_padding() -> None:
    assert hours.padding(ten_hour_days(60, manual=True), peers=0.1) == []


def test_the_same_hours_on_two_contracts_overlap() -> None:
    logs = [*ten_hour_days(5), log(100, 9, 3, contract="c2")]
    (found,) = hours.padding(logs, peers=0.1)
    assert found.sign is Sign.OVERLAP
    assert set(found.logs) == {"t0", "t100"} and found.hours == 3.0


def test_overlap_on_one_contract_or_a_minute_past_the_next_start_is_not_padding() -> None:
    assert hours.overlaps([log(1, 8, 5), log(2, 12, 2)]) is None  # one contract
    assert hours.overlaps([log(1, 8, 5, "a"), log(2, 12.9, 2, "b")]) is None  # 6 minutes


def test_more_than_sixteen_hours_in_a_day() -> None:
    found = hours.long_days([log(1, 6, 9), log(2, 16, 9)])
    assert found is not None and found.sign is Sign.LONG_DAY and found.hours == 18.0


def test_time_outside_the_contract() -> None:
    window = (T0 + 2 * DAY, T0 + 9 * DAY)
    logs = [log(1, 24, 4, window=window), log(2, 3 * 24, 8, window=window)]
    found = hours.outside_contract(logs)
    assert found is not None and found.logs == ("t1",)
    assert found.hours == 4.0
    # within the grace of an hour: clocks disagree
    assert hours.outside_contract([log(3, 47.5, 1, window=window)]) is None


def test_a_sustained_surge_of_manual_time() -> None:
    logs = ten_hour_days(56)
    surged = [Log(g.id, g.contract, g.start, g.end, g.start >= T0 + 4 * WEEK) for g in logs]
    found = hours.manual_surge(surged, peers=0.1)
    assert found is not None and found.sign is Sign.MANUAL_SURGE
    assert found.hours == 4 * 5 * 10
    # two weeks are not sustained
    brief = [Log(g.id, g.contract, g.start, g.end, g.start >= T0 + 6 * WEEK) for g in logs]
    assert hours.manual_surge(brief, peers=0.1) is None
    # not far above peers who mostly type their time
    assert hours.manual_surge(surged, peers=0.7) is None


def _random_logs(rng: random.Random) -> list[Log]:
    out = []
    for i in range(rng.randint(1, 25)):
        start = rng.uniform(0, 72)
        out.append(log(i, round(start, 2), round(rng.uniform(0.2, 9), 2), rng.choice("ab")))
    return out


def test_overlap_against_a_minute_by_minute_reference() -> None:
    rng = random.Random(11)
    for _ in range(200):
        logs = _random_logs(rng)
        expected = 0
        for i, a in enumerate(logs):
            for b in logs[i + 1 :]:
                shared = min(a.end, b.end) - max(a.start, b.start)
                if a.contract != b.contract and shared > hours.OVERLAP_GRACE_S:
                    expected += shared
        found = hours.overlaps(logs)
        got = found.hours if found else 0.0
        if expected / HOUR >= hours.OVERLAP_MIN_H:
            assert abs(got - expected / HOUR) < 1e-9
        else:
            assert found is None


def test_long_days_against_a_sliding_window_reference() -> None:
    rng = random.Random(12)
    for _ in range(200):
        logs = _random_logs(rng)
        # every window of 24 h that starts at a log's start, logs that start inside it
        worst = max(
            sum(min(g.end, w.start + DAY) - g.start for g in logs
                if w.start <= g.start < w.start + DAY) / HOUR
            for w in logs
        )  # fmt: skip
        found = hours.long_days(logs)
        if worst > hours.DAY_LIMIT_H:
            assert found is not None and abs(found.hours - round(worst, 2)) < 1e-9
        else:
            assert found is None


def test_a_packed_log_reads_back_whole() -> None:
    assert hours.decode("t1\tc1\t100\t200\t1\t50\t") == Log("t1", "c1", 100, 200, True, 50, None)
    assert hours.decode("t2\tc1\t100\t200\t0\t\t") == Log("t2", "c1", 100, 200, False, None, None)


def test_a_higher_peer_norm_only_narrows_the_signs() -> None:
    # the detector reads again only freelancers with a sign at a norm of 0
    rng = random.Random(13)
    for _ in range(100):
        weeks = rng.randint(4, 10)
        logs = [
            Log(g.id, g.contract, g.start, g.end, rng.random() < (g.start - T0) / (weeks * WEEK))
            for g in ten_hour_days(7 * weeks)
        ]
        logs += [Log("r" + g.id, g.contract, g.start, g.end, g.manual)
                 for g in _random_logs(rng)[: rng.randint(0, 6)]]  # fmt: skip
        at_zero = {f.sign: set(f.logs) for f in hours.padding(logs, peers=0.0)}
        for peers in (0.2, 0.5, 0.9):
            for found in hours.padding(logs, peers):
                assert set(found.logs) <= at_zero[found.sign]
