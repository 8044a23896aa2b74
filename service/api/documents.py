"""What a request's document asks for, decided once per distinct document.

The server needs to know two things before strawberry runs: whether an
operation is a mutation (it gets the longer time budget) and whether it only
reads badges (it may be answered from the response cache). Both come from
one parse, cached; a document that does not parse is neither, and strawberry
reports its syntax error as usual.
"""

from __future__ import annotations

from functools import lru_cache

from graphql import (
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
    parse,
)

from service.api.schema import CACHED_DOCUMENTS, MAX_TOKENS

BADGE_FIELDS = frozenset({"trustBadge", "trustBadges"})


@lru_cache(maxsize=CACHED_DOCUMENTS)
def operation_of(query: str, name: str | None) -> OperationDefinitionNode | None:
    try:
        return get_operation_ast(parse(query, max_tokens=MAX_TOKENS), name)
    except GraphQLError:
        return None


def is_mutation(query: str, name: str | None) -> bool:
    found = operation_of(query, name)
    return found is not None and found.operation == OperationType.MUTATION


def badge_only(query: str, name: str | None) -> bool:
    """A query of badge fields and nothing else (aliases allowed)."""
    found = operation_of(query, name)
    if found is None or found.operation != OperationType.QUERY:
        return False
    return all(
        isinstance(s, FieldNode) and s.name.value in BADGE_FIELDS
        for s in found.selection_set.selections
    )
