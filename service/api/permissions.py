"""Who may read what: one permission class per audience, and coded errors."""

from __future__ import annotations

import re
from typing import Any

from graphql import GraphQLError
from strawberry.permission import BasePermission
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from service.errors import ServiceError, UnknownAccount
from service.events import EVENT_MODELS


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


# the event models' two-word field names, as whole words
_FIELDS = sorted(
    {name for model in EVENT_MODELS for name in model.model_fields if "_" in name}, key=len
)[::-1]
_FIELD = re.compile(r"\b(" + "|".join(_FIELDS) + r")\b")


def api_names(reason: str) -> str:
    """A reason in the API's own field names: ``expires_at`` (the event
    model's) becomes ``expiresAt``, as the client sent it."""
    return _FIELD.sub(lambda m: to_camel_case(m.group(1)), reason)


def refused(exc: ServiceError) -> GraphQLError:
    """A service refusal as the client should read it: a missing account is
    NOT_FOUND, anything else the caller sent is BAD_USER_INPUT."""
    code = "NOT_FOUND" if isinstance(exc, UnknownAccount) else "BAD_USER_INPUT"
    return GraphQLError(api_names(str(exc)), extensions={"code": code})
