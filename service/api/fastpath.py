"""A response cache for the frontend's badge requests, in front of strawberry.

A profile page asks for the same badge, with the same document, thousands of
times between two score changes; running GraphQL execution for each costs
several times the work of the answer itself. So a request whose document only
selects ``trustBadge``/``trustBadges`` is answered from a cache of whole
responses, keyed by (document, variables, operation name):

* only responses strawberry produced without any error are kept, so nothing
  the schema or a limit would refuse is ever served from here;
* the caller's key must still belong to a role that may read badges (checked
  on every request, through the role cache) — anyone else goes on to
  strawberry and gets its usual error;
* entries live ``badge_cache_s`` seconds and every mutation on this server
  clears them, like the badge cache underneath.
"""

from __future__ import annotations

import json
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.auth import bearer_key
from service.api.badges import ResponseCache
from service.api.documents import badge_only
from service.api.limits import header, refuse
from service.api.permissions import BadgeReaderRole


def _cache_key(request: Any) -> str | None:
    if not isinstance(request, dict):
        return None  # a batch, or not an object
    query, variables = request.get("query"), request.get("variables") or {}
    operation = request.get("operationName")
    if not isinstance(query, str) or not isinstance(variables, dict):
        return None
    if operation is not None and not isinstance(operation, str):
        return None
    if not badge_only(query, operation):
        return None
    return json.dumps([query, variables, operation], sort_keys=True, separators=(",", ":"))


class FastBadges:
    def __init__(self, app: ASGIApp, path: str) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"] == self.path
            and header(scope, b"content-type").startswith("application/json")
        ):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        replay = _replayer(body, receive)
        try:
            key = _cache_key(json.loads(body))
        except ValueError:
            key = None  # strawberry explains a body that is not JSON
        except RecursionError:  # JSON nested deeper than Python can parse
            await refuse(send, 400, "BAD_USER_INPUT", "request body: nested too deeply")
            return
        state = scope["app"].state
        cache: ResponseCache = state.responses
        now = time.monotonic()
        if key is not None and await self._may_read_badges(scope, state):
            hit = cache.get(key, now)
            if hit is not None:
                await _send_json(send, hit)
                return
            await self.app(scope, replay, _keeper(send, cache, key, now))
            return
        await self.app(scope, replay, send)

    @staticmethod
    async def _may_read_badges(scope: Scope, state: Any) -> bool:
        key = bearer_key(header(scope, b"authorization"))
        if key is None:
            return False
        try:
            role = await state.roles.role(state.timed_store, key)
        except Exception:  # the slow path reports an unavailable store properly
            return False
        return BadgeReaderRole.admits(role)  # the same rule as the schema's fields


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _replayer(body: bytes, receive: Receive) -> Receive:
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _keeper(send: Send, cache: ResponseCache, key: str, now: float) -> Send:
    """Forward the response as it goes, and keep it if it was a clean 200."""
    status = 0
    parts: list[bytes] = []

    async def keep(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
        elif message["type"] == "http.response.body":
            parts.append(message.get("body", b""))
            if not message.get("more_body") and status == 200:
                body = b"".join(parts)
                if b'"errors"' not in body:
                    cache.put(key, body, now)
        await send(message)

    return keep


async def _send_json(send: Send, body: bytes) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
