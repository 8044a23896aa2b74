"""A signed rating network as events: conversion, masking, bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import InputFileError
from service.evaluate import average_precision
from service.events import parse_event_object
from service.ratings import (
    Rating,
    label_sources,
    masked,
    mean_received,
    read_labels,
    read_network,
    stars,
    to_events,
)

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "bitcoin-alpha"


def test_stars_follow_the_documented_mapping() -> None:
    assert [stars(v) for v in (-10, -6, -5, -1, 0, 2, 3, 5, 6, 10)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
    ]


def test_every_converted_event_is_valid_and_ratings_keep_their_sign() -> None:
    ratings = [Rating("1", "2", -10, 1_400_000_000), Rating("2", "1", 7, 1_400_100_000),
               Rating("1", "2", 1, 1_400_200_000), Rating("3", "3", 5, 1_400_300_000)]  # fmt: skip
    events = list(to_events(ratings))
    parsed = [parse_event_object(e) for e in events]
    assert [e["type"] for e in events].count("account") == 3
    feedback = [e for e in events if e["type"] == "feedback"]
    assert [(f["rating"], f["score"]) for f in feedback] == [(1, -1.0), (5, 0.7), (3, 0.1)]
    assert len({f["contract"] for f in feedback}) == 3  # a repeated pair trades twice
    assert all(p is not None for p in parsed)
    assert all("score" not in e for e in to_events(ratings, signed=False))


def test_masking_drops_the_label_sources_ratings_only() -> None:
    labels = {"a": True, "b": False, "c": False}
    ratings = [Rating("x", t, 1, 0) for t in "abc"] + [Rating("y", t, 1, 0) for t in "ab"]
    ratings += [Rating("z", "a", -3, 0), Rating("a", "z", 2, 0)]
    assert label_sources(ratings, labels) == ["x", "y"]
    assert masked(ratings, labels) == [Rating("z", "a", -3, 0), Rating("a", "z", 2, 0)]
    assert mean_received(ratings)["a"] == pytest.approx((1 + 1 - 3) / 3)


def test_bad_rows_name_their_line(tmp_path: Path) -> None:
    network = tmp_path / "n.csv"
    network.write_text("1,2,10,1400000000\n1,3,11,1400000000\n")
    with pytest.raises(InputFileError, match=r"n\.csv:2: rating 11 outside -10\.\.10"):
        read_network(network)
    labels = tmp_path / "l.csv"
    labels.write_text("1,-1\r\n2,0\r\n")
    with pytest.raises(InputFileError, match=r"l\.csv:2: expected id,label"):
        read_labels(labels)
    with pytest.raises(InputFileError, match=r"missing\.csv"):
        read_network(tmp_path / "missing.csv")


@pytest.mark.skipif(not DATA.exists(), reason="the shared evaluation data is not here")
def test_bitcoin_alpha_reads_whole() -> None:
    ratings = read_network(DATA / "alpha_network.csv")
    labels = read_labels(DATA / "alpha_gt.csv")
    assert len(ratings) == 24_186 and len(labels) == 237 and sum(labels.values()) == 102
    assert len(label_sources(ratings, labels)) == 2


def test_average_precision_matches_its_definition() -> None:
    # ranked: p(0.9) n(0.8) p(0.7) n(0.1): precision at the positives 1 and 2/3
    assert average_precision([0.9, 0.8, 0.7, 0.1], [True, False, True, False]) == pytest.approx(
        (1 + 2 / 3) / 2
    )
    # a tie of a positive and a negative enters together: precision 1/2 there
    assert average_precision([0.5, 0.5], [True, False]) == pytest.approx(0.5)
