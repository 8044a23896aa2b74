"""Ingest fuzz: extreme numbers, odd text and broken bytes among good lines.

Whatever a line holds, conversion either accepts it or rejects it with a
``field: what is wrong`` reason; it never raises, and it never costs a good
neighbour its place. Compressed input cut anywhere keeps every whole line
before the cut.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import zlib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.store import CypherStore
from identity.pii import PiiHasher
from service.ingest.convert import Converter, convert
from service.ingest.pipeline import Ingestor
from service.ingest.read import damaged_inputs, read_chunks
from service.ingest.types import Chunk
from tests.conftest import lines, marketplace_events

REASON = re.compile(r"^[A-Za-z_][\w./]*: \S")
CONVERTER = Converter(PiiHasher(b"k" * 32), 1 << 20, 1 << 22)

# what a careless or hostile producer puts in a field
EXTREMES: st.SearchStrategy[Any] = st.one_of(
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -0.0, 2**63, -(2**63) - 1, 5e-324, 1.7976931348623157e308]),
    st.text(max_size=40),  # lone surrogates and control characters included
    st.text(min_size=5_000, max_size=6_000, alphabet="ab"),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _mutated(event: dict[str, Any], data: st.DataObject) -> str | bytes:
    how = data.draw(st.sampled_from(["value", "value", "bytes", "cut"]))
    if how == "bytes":  # not UTF-8, or not JSON at all
        return data.draw(st.binary(min_size=1, max_size=60)).replace(b"\n", b" ")
    text = json.dumps(event)
    if how == "cut":
        return text[: data.draw(st.integers(1, len(text) - 1))]
    field = data.draw(st.sampled_from(sorted(event)))
    return json.dumps({**event, field: data.draw(EXTREMES)})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_line_raises_and_no_good_line_is_lost(data: st.DataObject) -> None:
    texts: list[str | bytes] = []
    mutated: set[int] = set()
    for event in marketplace_events():
        if data.draw(st.booleans()):
            mutated.add(len(texts))
            texts.append(_mutated(event, data))
        texts.append(json.dumps(event))
    out = convert(Chunk(texts, label="f"), CONVERTER)
    rejected = {int(r.source.split(":")[1]) - 1 for r in out.rejects}
    assert rejected <= mutated  # only mutated lines are refused
    blank = sum(1 for t in texts if not t.strip())  # skipped, as in a file
    assert out.accepted + len(out.rejects) + blank == len(texts)
    for r in out.rejects:
        assert REASON.match(r.reason), r.reason
        assert "\n" not in r.reason and len(r.reason) < 2_000


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.floats(0.05, 0.999))
def test_a_cut_gzip_keeps_every_whole_line_before_the_cut(cut: float, tmp_path: Path) -> None:
    body = [json.dumps(e).encode() + b"\n" for e in marketplace_events() * 40]
    packed = gzip.compress(b"".join(body))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: int(len(packed) * cut)])
    assert str(path) in damaged_inputs([str(path)])
    read = [t for chunk in read_chunks([str(path)], 7) for t in chunk.texts]
    # the reference: all that zlib can recover from the cut stream, whole lines
    readable = zlib.decompressobj(wbits=31).decompress(path.read_bytes())
    whole = readable.count(b"\n")
    assert read == body[:whole]


async def test_a_store_batch_of_mutated_lines_keeps_every_good_one(
    ingestor: Ingestor, store: CypherStore, marketplace: list[dict[str, Any]]
) -> None:
    """What conversion accepts, the store must take: seeded extremes, stored."""
    rng = random.Random(7)
    values = [10**30, -(10**30), 1e308, -1e308, 5e-324, "", "x" * 5_000, "\u0000", "\U0001f600",
              None, True, [], {}, -1, 0]  # fmt: skip
    events: list[dict[str, Any]] = []
    for round_ in range(20):
        for event in marketplace:
            copy = {**event}
            for key in ("id", "contract"):
                if key in copy:
                    copy[key] = f"{copy[key]}-{round_}"
            copy[rng.choice(sorted(copy))] = rng.choice(values)
            events.append(copy)
    report = await ingestor.ingest(lines(marketplace + events), keep_rejects=True)
    assert report.accepted + len(report.rejects) == len(marketplace) + len(events)
    sources = {int(r.source.split(":")[1]) for r in report.rejects}
    assert min(sources) > len(marketplace)  # every good line stored
    assert len(report.rejects) < len(events)  # some extremes are valid, and were written
    counts = await store.counts()
    assert counts["Contract"] > sum(e["type"] == "contract" for e in marketplace)
