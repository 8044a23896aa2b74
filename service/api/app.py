"""The Starlette application: ``/graphql`` and ``/healthz``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from graph.errors import GraphError
from graph.store import GraphStore
from service.api.schema import build_schema
from service.api.types import badge_loader
from service.keys import role_of
from service.runtime import make_ingestor, open_store
from service.settings import Settings


class TrustmeshGraphQL(GraphQL[dict[str, Any], None]):
    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> dict[str, Any]:
        store: GraphStore = request.app.state.store
        header = request.headers.get("authorization", "")
        scheme, _, key = header.partition(" ")
        role = await role_of(store, key.strip()) if scheme.lower() == "bearer" and key else None
        return {
            "store": store,
            "request": request,
            "role": role,
            "badges": badge_loader(store),
            "ingestor": request.app.state.ingestor,
        }


async def healthz(request: Request) -> JSONResponse:
    store: GraphStore = request.app.state.store
    try:
        await store.ping()
    except GraphError as exc:
        return JSONResponse({"status": "unavailable", "detail": str(exc)}, status_code=503)
    return JSONResponse({"status": "ok"})


def create_app(settings: Settings, dev: bool = False, store: GraphStore | None = None) -> Starlette:
    """Build the app; with ``store`` given (tests) the caller owns its lifecycle."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if store is not None:
            app.state.store = store
            app.state.ingestor = make_ingestor(store, settings)
            yield
            return
        async with open_store(settings) as opened:
            app.state.store = opened
            app.state.ingestor = make_ingestor(opened, settings)
            yield

    graphql = TrustmeshGraphQL(build_schema(dev), graphql_ide="graphiql" if dev else None)
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
