"""FalkorDB's wire form of query parameters: part of the FalkorDB adapter.

Kept apart from :mod:`graph.store.falkordb` because ingest worker processes
render statements too (:func:`prerender`), and importing the store (the
driver, redis, the store protocol with its analytics) cost each worker
~0.3 s of start-up for nothing it uses. The driver's own encoder is the
rare fallback and is imported only when needed.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from graph.plan import Params, Statement, WritePlan

_MAP_KEY = re.compile(r'"(\w+)":')
# JSON escapes FalkorDB's Cypher lexer does not decode (\uXXXX, \b, \f)
_UNSUPPORTED_ESCAPE = re.compile(r"\\[ubf]")
# C0 controls other than tab, newline and carriage return: FalkorDB's lexer has
# no escape for them and a raw NUL ends the query text, so they cannot be
# stored or looked up; they become U+FFFD (events never carry them in ids).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _map_keys(value: Any) -> set[str]:
    """Keys of the maps in a parameter: a dict, or a list of (flat) dicts."""
    if isinstance(value, dict):
        return set(value)
    keys: set[str] = set()
    if isinstance(value, list) and value and isinstance(value[0], dict):
        for row in value:
            keys.update(row)
    return keys


def _without_controls(value: Any) -> Any:
    if isinstance(value, str):
        return _CONTROL.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_controls(v) for k, v in value.items()}
    return value


def params_header(params: Params) -> str:
    """``CYPHER name=value …`` prefix, built with the C JSON encoder.

    The client's own encoder is pure Python and cost more CPU than the
    database's work at ingest rates. JSON is Cypher-literal-compatible once
    map keys are unquoted: ``"key":`` can only be a key, because a quote inside
    a JSON string is always escaped, so a plain substring replace is exact.
    Anything unusual (nested maps, escapes FalkorDB's lexer does not read)
    falls back to the client's encoder.
    """
    parts = ["CYPHER"]
    for name, value in params.items():
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        # (the scan for a backslash is ten times cheaper than the regex)
        if "\\" in text and _UNSUPPORTED_ESCAPE.search(text):
            value = _without_controls(value)
            text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        for key in _map_keys(value):
            text = text.replace(f'"{key}":', f"{key}:")
        # substring tests first: the regexes scan megabytes of rows per batch
        if ("\\" in text and _UNSUPPORTED_ESCAPE.search(text)) or (
            '":' in text and _MAP_KEY.search(text)
        ):
            from falkordb.helpers import stringify_param_value

            text = stringify_param_value(value)
        parts.append(f"{name}={text}")
    return " ".join(parts) + " "


def with_param(rendered: str, name: str, value: str) -> str:
    """A rendered statement (:func:`params_header` + text) with one more
    string parameter: the header is the text's first word, ``CYPHER``."""
    assert rendered.startswith("CYPHER "), "a statement rendered by params_header"
    return f"CYPHER {name}={json.dumps(value)} " + rendered.removeprefix("CYPHER ")


def prerender(planned: WritePlan) -> WritePlan:
    """Every statement of a plan with its parameters rendered into its text."""

    def render(st: Statement) -> Statement:
        # the rendered text carries the parameters: dropping the rows
        # halves what worker processes pickle back to the writer
        return replace(st, params={}, rendered=params_header(st.params) + st.text)

    return replace(
        planned,
        statements=[render(st) for st in planned.statements],
        counted=[replace(c, statement=render(c.statement)) for c in planned.counted],
    )
