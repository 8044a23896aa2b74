"""Console sessions: a signed, expiring cookie instead of a key in the page.

An investigator signs in once with their API key; the browser then holds an
HttpOnly cookie that names the key by its hash (never the key), when the
session ends, and a CSRF token. The cookie is signed with a key derived from
the server's hashing secret, so every worker of one deployment accepts it and
nothing is stored server-side. Every request still looks the key up (through
the role cache), so revoking the key ends its sessions.

CSRF: the cookie is SameSite=Strict, and every request the console makes
with it must also carry the session's token in ``X-CSRF-Token`` (or the
form field ``csrf``), which a page on another origin cannot read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

COOKIE = "tm_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
_LABEL = b"trustmesh console session v1"


@dataclass(frozen=True)
class Session:
    key_hash: str  # the API key's hash, as the key ring stores it
    expires: int  # unix seconds
    csrf: str

    def csrf_ok(self, offered: str | None) -> bool:
        return offered is not None and hmac.compare_digest(offered, self.csrf)


class Sessions:
    """Signs and checks session cookies; one per server."""

    def __init__(self, secret: bytes, lifetime_s: int) -> None:
        self._key = hmac.new(secret, _LABEL, hashlib.sha256).digest()
        self.lifetime_s = lifetime_s

    def start(self, key_hash: str, now: float | None = None) -> tuple[Session, str]:
        """A new session for the key, and the cookie value that carries it."""
        now = time.time() if now is None else now
        session = Session(key_hash, int(now) + self.lifetime_s, secrets.token_urlsafe(24))
        body = json.dumps([session.key_hash, session.expires, session.csrf]).encode()
        payload = base64.urlsafe_b64encode(body).decode().rstrip("=")
        return session, f"{payload}.{self._sign(payload)}"

    def read(self, cookie: str | None, now: float | None = None) -> Session | None:
        """The session a cookie carries, or None if it is missing, forged or over."""
        if not cookie or cookie.count(".") != 1:
            return None
        payload, signature = cookie.split(".")
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
            key_hash, expires, csrf = json.loads(raw)
        except (ValueError, TypeError):
            return None
        if not isinstance(key_hash, str) or not isinstance(expires, int):
            return None
        if expires <= (time.time() if now is None else now):
            return None
        return Session(key_hash, expires, str(csrf))

    def _sign(self, payload: str) -> str:
        digest = hmac.new(self._key, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")
