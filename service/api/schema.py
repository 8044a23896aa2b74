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

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)

from service.api.mutations import Mutation
from service.api.queries import Query

KNOWN_CODES = frozenset(
    {"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "RATE_LIMITED", "TIMEOUT"}
)
MAX_DEPTH = 8
MAX_ALIASES = 20
MAX_TOKENS = 3000


class _MaskInternal(MaskErrors):
    """Anything that is not one of our coded errors or a query the schema
    rejected becomes INTERNAL, with no message from inside the server."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return GraphQLError(
            "internal error", nodes=error.nodes, path=error.path,
            extensions={"code": "INTERNAL"},
        )  # fmt: skip


def _masked(error: GraphQLError) -> bool:
    if (error.extensions or {}).get("code") in KNOWN_CODES:
        return False
    return error.original_error is not None  # an exception in a resolver, not a bad query


def build_schema(dev: bool = False) -> strawberry.Schema:
    """The schema with its protections; introspection only in ``--dev``."""
    # factories: strawberry builds fresh extension instances for each request
    extensions: list[Any] = [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: _MaskInternal(should_mask_error=_masked),
    ]
    if not dev:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(query=Query, mutation=Mutation, extensions=extensions)


schema = build_schema(dev=True)


def schema_sdl() -> str:
    """The SDL committed as ``schema.graphql``; a test fails when they drift."""
    return schema.as_str() + "\n"
