"""What a failed GraphQL request leaves behind: one bounded log line, and
errors that each carry a code and give nothing of the schema away.

strawberry's default logs every error as text with the query document around
it, so one hostile 1 MB document with 100 errors wrote ~100 MB to the log, and
literals in mutation documents (emails, phones, account ids) reached it. Here a
request's errors become at most one JSON-friendly line: the codes and their
counts, the operation name when it is a GraphQL name, and a hash of the
document. Only an INTERNAL error (a bug) adds its traceback, and only the first.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from graph.errors import StoreUnavailable

log = logging.getLogger("trustmesh.graphql")

NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
# graphql-core's "Did you mean 'account'?" lets a client rebuild the schema
# without introspection; production answers without it
SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
VALIDATION = "GRAPHQL_VALIDATION"  # the document or its variables do not fit the schema


def code_of(error: GraphQLError) -> str:
    """The code an error is counted, logged and answered under."""
    code = (error.extensions or {}).get("code")
    if isinstance(code, str):
        return code
    if error.path is not None and error.original_error is not None:
        if isinstance(error.original_error, StoreUnavailable):
            return "UNAVAILABLE"
        return "INTERNAL"  # a resolver raised something nobody coded
    return VALIDATION


def document_hash(query: str | None) -> str | None:
    return hashlib.sha256(query.encode("utf-8", "replace")).hexdigest()[:16] if query else None


def log_errors(errors: list[GraphQLError], context: ExecutionContext | None) -> None:
    codes = Counter(code_of(error) for error in errors)
    operation = context.operation_name if context is not None else None
    fields: dict[str, Any] = {
        "codes": dict(codes),
        "errors": len(errors),
        "operation": operation if operation and NAME.fullmatch(operation) else None,
        "document": document_hash(context.query if context is not None else None),
    }
    internal = next((e for e in errors if code_of(e) == "INTERNAL"), None)
    if internal is not None:
        original = internal.original_error
        trace = (type(original), original, original.__traceback__) if original else None
        log.error("graphql internal error", exc_info=trace, extra=fields)
    elif codes.keys() & {"UNAVAILABLE", "TIMEOUT"}:
        log.warning("graphql errors", extra=fields)
    else:
        log.info("graphql errors", extra=fields)


class LoggedSchema(strawberry.Schema):
    """A schema whose errors are logged by :func:`log_errors`, not strawberry."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors, execution_context)


def public_error(error: dict[str, Any], dev: bool) -> dict[str, Any]:
    """An error as answered: always with an ``extensions.code``; suggestions
    only in ``--dev``."""
    extensions = error.setdefault("extensions", {})
    extensions.setdefault("code", VALIDATION)
    if not dev and isinstance(error.get("message"), str):
        error["message"] = SUGGESTION.sub("", error["message"])
    return error


def unencodable(value: object, where: str) -> str | None:
    """The path (``variables.id``) of the first string in ``value`` that has
    no UTF-8 form, or None."""
    try:  # one pass in C for the common, clean case (a 10,000-event ingest)
        json.dumps(value, ensure_ascii=False).encode()
        return None
    except UnicodeEncodeError:
        pass
    except (TypeError, ValueError):  # not JSON's shapes (an upload): walk it
        pass
    return _first_unencodable(value, where)


def _first_unencodable(value: object, where: str) -> str | None:
    if isinstance(value, str):
        try:
            value.encode()
        except UnicodeEncodeError:
            return where
    elif isinstance(value, dict):
        for key, item in value.items():
            found = _first_unencodable(key, where) or _first_unencodable(item, f"{where}.{key}")
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_unencodable(item, f"{where}.{index}")
            if found is not None:
                return found
    return None
