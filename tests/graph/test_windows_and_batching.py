from __future__ import annotations

import itertools
import pickle
import random

from graph.batching import distinct_rows, fold_links, latest_by, node_rows
from graph.logins import decode, entry, merge_window, window_of
from graph.model import LoginRow, WriteBatch
from graph.plan import CountedEvents, plan, unseen


def _login(at: int, device: str = "d", lat: float | None = None) -> LoginRow:
    return {
        "key": "",
        "account": "a",
        "at": at,
        "device": device,
        "ip": "1.1.1.1",
        "prefix": "1.1.1.0/24",
        "country": "PT",
        "lat": lat,
        "lon": 1.5,
        "entry": entry(at, device, "1.1.1.1", "PT", lat, 1.5),
    }


def test_window_is_order_independent_bounded_and_deduplicated() -> None:
    entries = [_login(t, f"d{t % 3}")["entry"] for t in range(50)]
    windows = set()
    for seed in range(5):
        shuffled = entries + entries[:10]
        random.Random(seed).shuffle(shuffled)
        window: list[str] = []
        for start in range(0, len(shuffled), 7):
            chunk = shuffled[start : start + 7]
            window = merge_window(window, chunk, limit=20)
        windows.add(tuple(window))
    assert len(windows) == 1
    (final,) = windows
    assert [decode(e).at for e in final] == list(range(30, 50))
    assert decode(final[0]).lon == 1.5 and decode(final[0]).lat is None


def test_a_window_of_rows_is_the_merged_window_of_their_entries() -> None:
    rng = random.Random(3)
    # every fifth login at the same time as others, in other text: ordered by the text
    rows = [
        _login(rng.randrange(1_000, 1_040), f"d{rng.randrange(4)}", -0.25 if i % 5 == 0 else None)
        for i in range(120)
    ]
    for limit in (1, 7, 256):
        assert window_of(rows, limit) == merge_window((), [r["entry"] for r in rows], limit)


def test_fold_links_with_a_one_field_key() -> None:
    rows = [dict(_login(t, "x")) for t in (4, 2)]
    assert fold_links(rows, ("device",)) == [
        {"device": "x", "first_seen": 2, "last_seen": 4, "n": 2}
    ]


def test_fold_links_aggregates_per_relationship() -> None:
    rows = [dict(_login(t, "x" if t < 3 else "y")) for t in (5, 1, 2, 9)]
    folded = fold_links(rows, ("account", "device"), ("prefix",))
    assert folded == [
        {
            "account": "a",
            "device": "x",
            "prefix": "1.1.1.0/24",
            "first_seen": 1,
            "last_seen": 2,
            "n": 2,
        },
        {
            "account": "a",
            "device": "y",
            "prefix": "1.1.1.0/24",
            "first_seen": 5,
            "last_seen": 9,
            "n": 2,
        },
    ]


def test_latest_by_is_order_independent() -> None:
    rows = [{"k": "a", "at": 2, "v": 1}, {"k": "a", "at": 2, "v": 3}, {"k": "b", "at": 1, "v": 0}]
    results = {tuple(map(str, latest_by(p, ("k",), ("at",)))) for p in itertools.permutations(rows)}
    assert len(results) == 1


def test_node_rows_keep_one_row_per_key_as_sequential_sets_would() -> None:
    rows = [
        {"id": "c1", "amount": 1, "ended_at": 5, "client": "x"},
        {"id": "c2", "amount": 7, "ended_at": None, "client": "y"},
        {"id": "c1", "amount": 2, "ended_at": None, "client": "z"},
    ]
    last = node_rows(rows, "id", ("amount", "ended_at"), coalesce=("ended_at",))
    assert last == [
        {"id": "c1", "amount": 2, "ended_at": 5},
        {"id": "c2", "amount": 7, "ended_at": None},
    ]
    plain = node_rows(rows, "id", ("amount", "ended_at"))
    assert plain[0] == {"id": "c1", "amount": 2, "ended_at": None}
    first = node_rows(rows, "id", ("amount",), last=False)
    assert first == [{"id": "c1", "amount": 1}, {"id": "c2", "amount": 7}]


def test_distinct_rows_keep_every_relationship_once() -> None:
    rows = [
        {"id": "m", "src": "a", "at": 1},
        {"id": "m", "src": "a", "at": 2},
        {"id": "m", "src": "b", "at": 3},
    ]
    assert distinct_rows(rows, ("id", "src")) == [{"id": "m", "src": "a"}, {"id": "m", "src": "b"}]
    assert distinct_rows(rows, ("src",)) == [{"src": "a"}, {"src": "b"}]


def test_counted_events_cross_a_process_as_plain_columns() -> None:
    logins = [dict(_login(t, f"d{t}"), key=f"k{t}") for t in range(3)]
    events = CountedEvents.of(logins, [])  # type: ignore[arg-type]
    arrived = pickle.loads(pickle.dumps(events))
    assert arrived == events
    rows, payments = arrived.unseen_rows({"k1"})
    assert payments == []
    assert [(r["key"], r["device"], r["at"]) for r in rows] == [("k0", "d0", 0), ("k2", "d2", 2)]


def test_a_batch_seen_whole_plans_nothing_and_a_part_seen_plans_the_rest() -> None:
    batch = WriteBatch()
    batch.logins += [dict(_login(t, f"d{t}"), key=f"k{t}") for t in range(4)]  # type: ignore[misc]
    planned = plan(batch)
    assert unseen(planned, set(planned.ledger_keys)) == []
    (left,) = unseen(planned, {"k0", "k1"})
    assert left.keys == ["k2", "k3"]
    assert [r["device"] for r in left.statement.params["devices"]] == ["d2", "d3"]
