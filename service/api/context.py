"""What every resolver gets: the typed context of one GraphQL request."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.dataloader import DataLoader

from graph.store import GraphStore
from identity.pii import PiiHasher
from service.api.auth import Caller, RoleCache
from service.api.badges import BadgeCache, ResponseCache, TrustBadge
from service.ingest.pipeline import Ingestor
from service.keys import Role
from service.settings import Settings


@dataclass(frozen=True)
class Context:
    store: GraphStore
    request: Request | WebSocket
    caller: Caller | None  # None: no key, or a key the store does not hold
    unavailable: str | None  # why the store could not say who the key is
    badges: DataLoader[str, TrustBadge | None]
    badge_cache: BadgeCache
    response_cache: ResponseCache
    roles: RoleCache
    ingestor: Ingestor
    settings: Settings
    hasher: PiiHasher  # an identifier typed into search, hashed as ingest hashes it

    def known_caller(self) -> Caller:
        """The request's key, where the field's permissions required one."""
        assert self.caller is not None, "the field's permissions require a known key"
        return self.caller

    @property
    def actor(self) -> str:
        """The person behind the request's key, as audit records name them
        (for fields whose permissions require a key)."""
        return self.known_caller().actor

    @property
    def role(self) -> Role | None:
        return None if self.caller is None else Role(self.caller.role)
