"""The console's two pieces of ASGI: security headers on its pages, and the
CSRF check that lets a session cookie stand in for a key on ``/graphql``."""

from __future__ import annotations

import json
from http.cookies import SimpleCookie

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.console.session import COOKIE, CSRF_HEADER, Sessions

# The scope entry that carries a checked session's key hash to the GraphQL context.
SESSION_KEY_HASH = "trustmesh.session_key_hash"

# Only this origin's scripts, styles, images and requests; no framing, no
# plugins, forms only back here.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer makes Origin "null"
    (b"x-frame-options", b"DENY"),
]


def cookie_of(scope: Scope, name: str = COOKIE) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return None
            if name in jar:
                return jar[name].value
    return None


def header_of(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class SecurityHeaders:
    """Adds the console's CSP and hardening headers to every response under ``prefix``."""

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app, self.prefix = app, prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class SessionOnGraphQL:
    """A POST to ``path`` with a session cookie and no key: the session
    stands in for the key only with its CSRF token in ``X-CSRF-Token``;
    without it the answer is 403 before anything runs. A GET (GraphiQL's
    page, a query in a link) never acts as the session."""

    def __init__(self, app: ASGIApp, path: str, sessions: Sessions) -> None:
        self.app, self.path, self.sessions = app, path, sessions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "POST" and header_of(scope, b"authorization") is None:
            session = self.sessions.read(cookie_of(scope))
            if session is not None:
                if not session.csrf_ok(header_of(scope, CSRF_HEADER.encode())):
                    await _refuse(send, "console session: X-CSRF-Token missing or wrong")
                    return
                scope = {**scope, SESSION_KEY_HASH: session.key_hash}
        await self.app(scope, receive, send)


async def _refuse(send: Send, message: str) -> None:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": "CSRF"}}]})
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body.encode()})
