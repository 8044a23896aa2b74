"""Parameters FalkorDB's lexer cannot read still give answers, not errors."""

from __future__ import annotations

from graph.falkordb_store import params_header
from graph.store import CypherStore


def test_control_characters_become_replacement_characters() -> None:
    header = params_header({"id": "a\x00b", "text": "line\nnext\ttab\x07"})
    assert "\x00" not in header and "\x07" not in header
    assert header == 'CYPHER id="a\ufffdb" text="line\\nnext\\ttab\ufffd" '


async def test_lookups_with_control_characters_find_nothing(store: CypherStore) -> None:
    assert await store.account("\x00") is None
    assert await store.search("\x01x", 5) == []
    assert await store.badges(["a\x00", "\x1f"]) == []
