"""API keys: created once, shown once, stored only as a SHA-256 hash.

Roles, from least to most trusted: ``frontend`` (trust badges only),
``ingest`` (ingest mutations and uploads), ``investigator`` (every read,
flags with reporters, actions), ``admin`` (keys, logo registry,
configuration). A key is ``tm_<role>_<random>``; the prefix only helps a
human tell keys apart, the role that counts is the stored one.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from enum import StrEnum

from graph.store.keys import KEY_ID_LENGTH
from graph.store.ports import KeyRing
from service.errors import ServiceError


class Role(StrEnum):
    """What a key may do; stored as its value."""

    FRONTEND = "frontend"
    INGEST = "ingest"
    INVESTIGATOR = "investigator"
    ADMIN = "admin"


ROLES = tuple(role.value for role in Role)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_id(key: str) -> str:
    """The public id a key is listed and revoked by."""
    return key_hash(key)[:KEY_ID_LENGTH]


async def create_key(store: KeyRing, role: str, name: str = "") -> str:
    if role not in ROLES:
        raise ServiceError(f"{role}: unknown role; one of {', '.join(ROLES)}")
    key = f"tm_{role}_{secrets.token_urlsafe(24)}"
    await store.add_api_key(key_hash(key), role, name, int(time.time()))
    return key
