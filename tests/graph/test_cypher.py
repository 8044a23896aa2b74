"""The shared query text: parameterised, and runnable on the embedded engine."""

from __future__ import annotations

import re

from graph import cypher
from graph.dialect import FALKORDB, NEO4J, schema_items


def test_statements_take_values_only_as_parameters() -> None:
    """Property maps hold parameters, variables, constants of the statement's
    own (an outbox event's type) or the engine's id and clock, never anything
    formatted into the text."""
    value_form = r"\$\w+|\w+(\.\w+)?|'[A-Za-z_.]+'|\d+|true|randomUUID\(\)|timestamp\(\)"
    for name, text in cypher.all_statements().items():
        for body in re.findall(r"\{(\w+: [^}]*)\}", text):
            for pair in body.split(","):
                value = pair.split(":", 1)[1].strip()
                assert re.fullmatch(value_form, value), f"{name}: {pair}"
        assert "%" not in text and "{}" not in text, name


def test_every_merge_key_is_indexed() -> None:
    """Merges and create-or-update lookups (rule 10) go through a node key."""
    keys = set(cypher.schema.NODE_KEYS)
    for text in cypher.all_statements().values():
        for label, prop in re.findall(r"(?:MERGE|OPTIONAL MATCH) \(\w*:(\w+) \{(\w+):", text):
            assert (label, prop) in keys, (label, prop)


def test_ddl_per_dialect() -> None:
    item = next(i for i in schema_items() if i.label == "Account" and i.unique)
    assert NEO4J.ddl(item) == (
        "CREATE CONSTRAINT account_id_key IF NOT EXISTS FOR (n:Account) REQUIRE n.id IS UNIQUE"
    )
    assert FALKORDB.ddl(item) == "CREATE INDEX FOR (n:Account) ON (n.id)"


def test_every_query_is_named_as_its_constant() -> None:
    from graph.cypher.query import Query

    named = {
        (constant, value.name)
        for module in cypher.MODULES
        for constant, value in vars(module).items()
        if isinstance(value, Query)
    }
    assert len(named) > 90
    assert {(constant, name) for constant, name in named if constant != name} == set()


def _return_aliases(text: str) -> list[str]:
    """The aliases of a statement's last RETURN clause, in order."""
    clause = re.split(r"\b(?:ORDER BY|SKIP|LIMIT)\b", text[text.rindex("RETURN") + 6 :])[0]
    items, depth, current = [], 0, ""
    for ch in clause:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    # a column is named by its alias, or is a bare variable (a YIELDed name)
    aliases = [re.search(r"(?:\bAS\s+|^)(\w+)\s*$", item.strip(), re.S) for item in items]
    assert all(aliases), f"every column is aliased: {clause}"
    return [a.group(1) for a in aliases if a]


def test_every_read_names_a_record_of_its_return_columns() -> None:
    from graph.cypher.query import Read

    reads = [v for module in cypher.MODULES for v in vars(module).values() if isinstance(v, Read)]
    assert len(reads) > 60
    for read in reads:
        assert list(read.row._fields) == _return_aliases(read.text), read.name


def test_a_record_that_does_not_match_its_columns_is_refused() -> None:
    import pytest

    from graph.errors import RecordShapeError

    with pytest.raises(RecordShapeError, match="returned columns \\['id', 'x'\\]"):
        cypher.ledger.READ_SEEN.records(["id", "x"], [["a", 1]])
    assert cypher.ledger.READ_SEEN.records(["key"], [["k"]])[0].key == "k"


def test_an_update_clears_at_most_one_property_of_a_node_by_name() -> None:
    """Rule 11: consecutive SETs are one update on FalkorDB, so two literal
    nulls on one variable need a clause that ends the update between them."""
    ends = r"\b(?:WITH|RETURN|FOREACH|MATCH|MERGE|CREATE|UNWIND|DELETE)\b"
    for name, text in cypher.all_statements().items():
        for update in re.split(ends, text):
            cleared = re.findall(r"\b(\w+)\.\w+\s*=\s*null\b", update)
            assert len(cleared) == len(set(cleared)), f"{name}: {update.strip()}"
