"""Webhook signing secrets: shown once, stored only encrypted.

The sender must sign with the secret itself, so a hash would not do; it is
kept as a Fernet token (AES-128-CBC + HMAC-SHA256) under a key derived from
the deployment's hashing secret, so a copy of the graph alone holds no
usable secret.
"""

from __future__ import annotations

import base64
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken

from service.errors import ServiceError

SECRET_PREFIX = "whsec_"
MIN_SECRET = 24  # characters a caller-chosen secret needs


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def check_secret(secret: str) -> str:
    if len(secret) < MIN_SECRET or not secret.isprintable() or secret.strip() != secret:
        raise ServiceError(
            f"secret: at least {MIN_SECRET} printable characters, no surrounding spaces"
        )
    return secret


class SecretBox:
    def __init__(self, deployment_secret: bytes) -> None:
        # a key of its own (domain-separated), not the hashing key itself
        key = hmac.digest(deployment_secret, b"trustmesh webhook secrets", "sha256")
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:
            raise ServiceError(
                "webhook secret: cannot be decrypted with this deployment's TRUSTMESH_SECRET"
            ) from exc
