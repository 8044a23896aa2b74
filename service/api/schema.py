"""GraphQL types built from the store's records; permissions per field.

Two audiences so far:

* the marketplace **frontend** (``frontend`` key) reads trust badges: a
  band, a coarse score range and how long the account has been a member —
  nothing about reasons, linked accounts or flags;
* **investigators** (``investigator`` key) read the account with its full,
  explained trust score.

Every field says which roles may read it; a request without a known key is
UNAUTHENTICATED, a known key without the role is FORBIDDEN.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.types.graphql import OperationType

from graph.errors import StoreUnavailable
from service.api.context import Context
from service.api.errorlog import LoggedSchema, code_of
from service.api.mutations import Mutation
from service.api.queries import Query

KNOWN_CODES = frozenset(
    {"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "RATE_LIMITED", "TIMEOUT",
     "UNAVAILABLE"}
)  # fmt: skip
MAX_DEPTH = 8
MAX_ALIASES = 20
MAX_TOKENS = 3000
# a hand-written operation is a few kB; data (events, ids) belongs in variables
MAX_DOCUMENT_CHARS = 64 * 1024
CACHED_DOCUMENTS = 512


class _MaskInternal(MaskErrors):
    """Anything that is not one of our coded errors or a query the schema
    rejected becomes INTERNAL, with no message from inside the server."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if isinstance(error.original_error, StoreUnavailable):
            # the store is down or saturated: the client should retry, not report a bug
            return GraphQLError(
                "graph store unavailable; retry shortly", nodes=error.nodes, path=error.path,
                extensions={"code": "UNAVAILABLE"},
            )  # fmt: skip
        return GraphQLError(
            "internal error", nodes=error.nodes, path=error.path,
            extensions={"code": "INTERNAL"},
        )  # fmt: skip


def _masked(error: GraphQLError) -> bool:
    if (error.extensions or {}).get("code") in KNOWN_CODES:
        return False
    # an exception in a resolver; a variable that does not fit its type has no
    # path and stays a validation error with graphql-core's own message
    return code_of(error) in {"INTERNAL", "UNAVAILABLE"}


class _FreshBadgesAfterMutations(SchemaExtension):
    """Any mutation may change a score or a status: drop the cached badges."""

    def on_execute(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        if self.execution_context.operation_type == OperationType.MUTATION and isinstance(
            context, Context
        ):
            context.badge_cache.clear()
            context.response_cache.clear()


_LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
]


class _Limits(AddValidationRules):
    """Depth and alias limits, with rule classes shared by every request."""

    def __init__(self) -> None:
        super().__init__(_LIMIT_RULES)


def build_schema(dev: bool = False) -> strawberry.Schema:
    """The schema with its protections; introspection only in ``--dev``."""
    # Parse and validation results are cached across requests (strawberry keeps
    # those caches at module level): the frontend sends the same few documents
    # all day, and graphql-core's validation walk was most of a badge request's
    # CPU. The cache key includes the validation rule classes, so the limiters'
    # rules are built once, not per request as their extensions would.
    extensions: list[Any] = [
        lambda: ParserCache(maxsize=CACHED_DOCUMENTS),
        _Limits,
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: ValidationCache(maxsize=CACHED_DOCUMENTS),
        lambda: _MaskInternal(should_mask_error=_masked),
        _FreshBadgesAfterMutations,
    ]
    if not dev:
        extensions.append(DisableIntrospection)
    return LoggedSchema(query=Query, mutation=Mutation, extensions=extensions)


schema = build_schema(dev=True)


def schema_sdl() -> str:
    """The SDL committed as ``schema.graphql``; a test fails when they drift."""
    return schema.as_str() + "\n"
