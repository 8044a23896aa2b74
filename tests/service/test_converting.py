"""What conversion hands the store matches what the store expects."""

from __future__ import annotations

from dataclasses import fields

from graph import cypher
from graph.model import PORTRAIT_PROPERTIES, PortraitRow
from identity.portraits import PortraitHashes


def test_portrait_rows_carry_exactly_the_portrait_hashes() -> None:
    hashes = {f.name for f in fields(PortraitHashes)}
    assert set(PortraitRow.__annotations__) == hashes | {"account", "at"}
    assert set(PORTRAIT_PROPERTIES) == hashes - {"phash"}
    for name in PORTRAIT_PROPERTIES:  # and the store writes each
        assert f"p.{name} = r.{name}" in cypher.MERGE_PORTRAITS
