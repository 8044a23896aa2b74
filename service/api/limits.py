"""Protections in front of GraphQL: request size and a per-key rate limit.

Both are plain ASGI middleware so a refused request costs no parsing, and
both answer in GraphQL's error shape with an ``extensions.code`` so clients
handle them like any other error:

* a body over ``max_request_bytes`` is refused with 413 and BAD_USER_INPUT,
  whether it declares its length or streams it chunked;
* each API key the server has lately found in the store has a token bucket
  of ``rate_burst`` requests refilled at ``rate_limit`` per second; every
  other request (no key, a mistyped or made-up key, a key not looked up yet)
  spends its client address's bucket, before any store lookup, so a fresh
  bogus key per request buys nothing. Past it the answer is 429,
  RATE_LIMITED, and a ``Retry-After`` header.
"""

from __future__ import annotations

import json
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.auth import bearer_key

MAX_BUCKETS = 100_000


async def refuse(
    send: Send, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> None:
    body = json.dumps(
        {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    )
    raw = [(b"content-type", b"application/json")] + [
        (k.lower().encode(), v.encode()) for k, v in (headers or {}).items()
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body.encode()})


def header(scope: Scope, name: bytes) -> str:
    """A request header's value ("" when absent); ``name`` in lower case."""
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return ""


class _TooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body: larger than the {self.max_bytes}-byte limit"
        declared = header(scope, b"content-length")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await refuse(send, 413, "BAD_USER_INPUT", message)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            incoming = await receive()
            seen += len(incoming.get("body", b""))
            if seen > self.max_bytes:
                raise _TooLarge
            return incoming

        async def tracked(out: Message) -> None:
            nonlocal started
            started = started or out["type"] == "http.response.start"
            await send(out)

        try:
            await self.app(scope, counted, tracked)
        except _TooLarge:
            if not started:
                await refuse(send, 413, "BAD_USER_INPUT", message)


class RateLimit:
    """Token buckets per key, least recently used dropped past MAX_BUCKETS."""

    def __init__(
        self,
        app: ASGIApp,
        per_second: float,
        burst: int,
        paths: set[str],
        known_key: Callable[[str], str | None],
    ) -> None:
        self.app = app
        self.known_key = known_key
        self.per_second = per_second
        self.burst = burst
        self.paths = paths
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def _who(self, scope: Scope) -> str:
        key = bearer_key(header(scope, b"authorization"))
        digest = None if key is None else self.known_key(key)
        if digest is not None:
            return "k:" + digest[:24]
        client: Any = scope.get("client") or ("?", 0)
        return f"ip:{client[0]}"

    def take(self, who: str, now: float) -> float:
        """0 if a request may pass now, else the seconds until one may."""
        tokens, last = self.buckets.pop(who, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.per_second)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.per_second
        self.buckets[who] = (tokens, now)
        if len(self.buckets) > MAX_BUCKETS:
            self.buckets.popitem(last=False)
        return wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.per_second > 0 and scope["path"] in self.paths:
            wait = self.take(self._who(scope), time.monotonic())
            if wait > 0:
                retry = str(max(1, math.ceil(wait)))
                await refuse(
                    send, 429, "RATE_LIMITED",
                    f"rate limit: {self.per_second:g} requests/s per key; retry in {retry}s",
                    {"Retry-After": retry},
                )  # fmt: skip
                return
        await self.app(scope, receive, send)
