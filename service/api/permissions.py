"""Who may read what: one permission class per audience, and coded errors."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.permission import BasePermission
from strawberry.types import Info

from service.errors import ServiceError, UnknownAccount


class _Roles(BasePermission):
    roles: frozenset[str] = frozenset()

    def has_permission(self, source: Any, info: Info[dict[str, Any], None], **kwargs: Any) -> bool:
        role = info.context.get("role")
        if info.context.get("unavailable"):
            raise GraphQLError(
                "graph store unavailable; retry shortly", extensions={"code": "UNAVAILABLE"}
            )
        if role is None:
            raise GraphQLError(
                "missing or unknown API key: send Authorization: Bearer <key>",
                extensions={"code": "UNAUTHENTICATED"},
            )
        if role not in self.roles:
            raise GraphQLError(
                f"the {role} role may not read this field", extensions={"code": "FORBIDDEN"}
            )
        return True


class BadgeReaders(_Roles):
    roles = frozenset({"frontend", "investigator", "admin"})


class Investigators(_Roles):
    roles = frozenset({"investigator", "admin"})


class Ingesters(_Roles):
    roles = frozenset({"ingest", "admin"})


class Admins(_Roles):
    roles = frozenset({"admin"})


def bad_input(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


def not_found(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "NOT_FOUND"})


def refused(exc: ServiceError) -> GraphQLError:
    """A service refusal as the client should read it: a missing account is
    NOT_FOUND, anything else the caller sent is BAD_USER_INPUT."""
    code = "NOT_FOUND" if isinstance(exc, UnknownAccount) else "BAD_USER_INPUT"
    return GraphQLError(str(exc), extensions={"code": code})
