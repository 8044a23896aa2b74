"""One portrait-signature type: every carrier of the signatures agrees with it."""

from __future__ import annotations

import dataclasses
import re

from graph import cypher
from graph.cypher.projected import ProjectedPortrait
from graph.model import PORTRAIT_PROPERTIES, PortraitRow
from graph.projection import PortraitRecord
from identity.portraits import PortraitHashes
from identity.signatures import PORTRAIT_SIGNATURES, Signatures


def test_the_signature_fields_are_declared_once() -> None:
    assert len(PORTRAIT_SIGNATURES) == 7
    for carrier in (PortraitHashes, PortraitRecord):
        assert issubclass(carrier, Signatures)
        names = [f.name for f in dataclasses.fields(carrier)]
        assert names[: len(PORTRAIT_SIGNATURES)] == list(PORTRAIT_SIGNATURES)


def test_the_ingest_row_and_the_portrait_node_hold_every_signature() -> None:
    assert set(PORTRAIT_SIGNATURES) <= set(PortraitRow.__annotations__)
    assert set(PORTRAIT_SIGNATURES) <= set(PORTRAIT_PROPERTIES)
    stored = set(re.findall(r"(\w+): r\.(\w+)", cypher.writes.MERGE_PORTRAITS.text))
    assert {(name, name) for name in PORTRAIT_SIGNATURES} <= stored


def test_the_projection_reads_every_signature_back() -> None:
    fields = list(ProjectedPortrait._fields)
    assert fields[fields.index("last_seen") + 1 :] == list(PORTRAIT_SIGNATURES)
    for query in (cypher.projection.PROJECT_PORTRAITS, cypher.projection.LOCAL_PORTRAITS):
        for name in PORTRAIT_SIGNATURES:
            assert f"p.{name} AS {name}" in query.text, (query.name, name)
