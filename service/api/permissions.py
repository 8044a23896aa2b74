"""Who may read what: one permission class per audience, and coded errors."""

from __future__ import annotations

import re
from collections.abc import Awaitable
from typing import Any, ClassVar, Protocol, TypeVar

from graphql import GraphQLError
from strawberry.permission import BasePermission
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from service.errors import NotFound, ServiceError
from service.events import EVENT_MODELS
from service.keys import Role

T = TypeVar("T")


class _Asker(Protocol):
    """What a permission reads of the request's context (service.api.context)."""

    @property
    def role(self) -> Role | None: ...

    @property
    def unavailable(self) -> str | None: ...


class StoreAvailable(BasePermission):
    """The store could say who the key is."""

    message = "graph store unavailable; retry shortly"
    error_extensions = {"code": "UNAVAILABLE"}  # noqa: RUF012 (strawberry reads it per class)

    def has_permission(self, source: Any, info: Info[_Asker, None], **kwargs: Any) -> bool:
        return info.context.unavailable is None


class KnownKey(BasePermission):
    """The request carries a key the store holds."""

    message = "missing or unknown API key: send Authorization: Bearer <key>"
    error_extensions = {"code": "UNAUTHENTICATED"}  # noqa: RUF012 (strawberry reads it per class)

    def has_permission(self, source: Any, info: Info[_Asker, None], **kwargs: Any) -> bool:
        return info.context.role is not None


class _RoleIn(BasePermission):
    roles: ClassVar[frozenset[Role]] = frozenset()
    message = "this key's role may not read this field"
    error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012 (strawberry reads it per class)

    @classmethod
    def admits(cls, role: Role | str | None) -> bool:
        return role in cls.roles

    def has_permission(self, source: Any, info: Info[_Asker, None], **kwargs: Any) -> bool:
        return self.admits(info.context.role)


class BadgeReaderRole(_RoleIn):
    roles = frozenset({Role.FRONTEND, Role.INVESTIGATOR, Role.ADMIN})


class InvestigatorRole(_RoleIn):
    roles = frozenset({Role.INVESTIGATOR, Role.ADMIN})


class IngestRole(_RoleIn):
    roles = frozenset({Role.INGEST, Role.ADMIN})


class AdminRole(_RoleIn):
    roles = frozenset({Role.ADMIN})


# Each audience, checked in order: the first refusal is the answer.
BADGE_READERS: list[type[BasePermission]] = [StoreAvailable, KnownKey, BadgeReaderRole]
INVESTIGATORS: list[type[BasePermission]] = [StoreAvailable, KnownKey, InvestigatorRole]
INGESTERS: list[type[BasePermission]] = [StoreAvailable, KnownKey, IngestRole]
ADMINS: list[type[BasePermission]] = [StoreAvailable, KnownKey, AdminRole]


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
    code = "NOT_FOUND" if isinstance(exc, NotFound) else "BAD_USER_INPUT"
    return GraphQLError(api_names(str(exc)), extensions={"code": code})


async def refusing(change: Awaitable[T]) -> T:
    """Run a service change; its refusals become NOT_FOUND or BAD_USER_INPUT."""
    try:
        return await change
    except ServiceError as exc:
        raise refused(exc) from None
