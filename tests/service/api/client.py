"""One way to talk to the app in tests: real HTTP semantics through ASGI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from graph.store import CypherStore
from service.api.app import create_app
from service.settings import Settings


@dataclass
class Api:
    http: httpx.AsyncClient
    key: str | None = None

    def headers(self, key: str | None) -> dict[str, str]:
        key = self.key if key is None else key
        return {"Authorization": f"Bearer {key}"} if key else {}

    async def ask(
        self, query: str, variables: dict[str, Any] | None = None, key: str | None = None
    ) -> Any:
        """POST a GraphQL request; any answer must be JSON without a stack trace."""
        reply = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}},
            headers=self.headers(key),
        )  # fmt: skip
        assert reply.status_code < 500 and "Traceback" not in reply.text, reply.text
        return reply.json()

    async def post_text(self, body: str) -> httpx.Response:
        """POST a JSON body as written (JSON's Infinity, lone surrogates…)."""
        headers = {**self.headers(None), "content-type": "application/json"}
        return await self.http.post("/graphql", content=body, headers=headers)


def code_of(answer: Any) -> str:
    """The first error's ``extensions.code``."""
    return str(answer["errors"][0]["extensions"]["code"])


@asynccontextmanager
async def serving(
    store: CypherStore, settings: Settings, key: str | None = None, dev: bool = False
) -> AsyncIterator[Api]:
    app = create_app(settings, dev=dev, store=store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            yield Api(http, key)
