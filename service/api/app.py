"""The Starlette application: ``/graphql``, ``/healthz``, ``/metrics`` and
the investigator console under ``/console/`` (service/api/console).

Requests pass, outermost first: :class:`ObserveRequests` (request id, metrics,
log line), :class:`RateLimit` (``/graphql`` only; every attempt counts, even an
oversized one), :class:`BodyLimit`, :class:`FastBadges` (cached badge
responses), then strawberry, whose execution is bounded by a time budget.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData

# the exception strawberry's view answers with its status (its home module moved)
from strawberry.http.async_base_view import HTTPException  # type: ignore[attr-defined]
from strawberry.types import ExecutionResult

from graph.errors import GraphError
from graph.store import GraphStore
from identity.pii import PiiHasher
from service.api.auth import RoleCache, bearer_key
from service.api.badges import BadgeCache, ResponseCache, badge_loader
from service.api.console.guard import SESSION_KEY_HASH, SecurityHeaders, SessionOnGraphQL
from service.api.console.routes import PREFIX as CONSOLE_PREFIX
from service.api.console.routes import console_routes, graphiql_page
from service.api.console.session import Sessions
from service.api.context import Context
from service.api.documents import is_mutation
from service.api.errorlog import code_of, public_error, unencodable
from service.api.fastpath import FastBadges
from service.api.limits import BodyLimit, RateLimit
from service.api.observe import Metrics, ObserveRequests, TimedStore, metrics_endpoint
from service.api.schema import MAX_DOCUMENT_CHARS, build_schema
from service.runtime import make_ingestor, open_store
from service.settings import Settings
from service.webhooks.secrets import SecretBox
from service.webhooks.sender import Sender, SenderConfig, WebhookMetrics

GRAPHQL_PATH = "/graphql"
log = logging.getLogger("trustmesh.http")


class TrustmeshGraphQL(GraphQL[Context, None]):
    def __init__(
        self,
        *args: Any,
        timeouts: tuple[float, float],
        metrics: Metrics,
        dev: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.dev = dev
        self.query_timeout_s, self.mutation_timeout_s = timeouts
        self.metrics = metrics

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> Context:
        state = request.app.state
        store: GraphStore = state.timed_store
        key = bearer_key(request.headers.get("authorization", ""))
        # a console session, its CSRF token already checked (SessionOnGraphQL)
        session_key = request.scope.get(SESSION_KEY_HASH) if key is None else None
        caller, unavailable = None, None
        try:
            if key is not None:
                caller = await state.roles.caller(store, key)
            elif session_key is not None:
                caller = await state.roles.caller_by_hash(store, session_key)
        except GraphError as exc:  # answered per field as UNAVAILABLE, not as a 500
            unavailable = str(exc)
        return Context(
            store=store,
            request=request,
            caller=caller,
            unavailable=unavailable,
            badges=badge_loader(store, state.badge_cache),
            badge_cache=state.badge_cache,
            response_cache=state.responses,
            roles=state.roles,
            ingestor=state.ingestor,
            settings=state.settings,
            hasher=state.hasher,
        )

    async def parse_http_body(self, *args: Any, **kwargs: Any) -> Any:
        """A JSON document nested deeper than Python parses (a multipart
        ``operations`` field), a multipart map that does not fit it, or text
        that cannot be UTF-8 (JSON allows a lone ``\\ud800``; no store takes
        it) are the caller's mistake: 400, not a crash."""
        try:
            data = await super().parse_http_body(*args, **kwargs)
        except RecursionError:
            # strawberry answers a body it cannot decode with a 400
            raise json.JSONDecodeError("nested too deeply", "", 0) from None
        except json.JSONDecodeError:
            raise
        except (TypeError, KeyError, IndexError, ValueError, AttributeError) as exc:
            # a multipart ``map`` naming a path the operations do not have
            raise HTTPException(
                400, f"map: does not fit operations ({type(exc).__name__})"
            ) from None
        for item in data if isinstance(data, list) else [data]:
            if item.query is not None and len(item.query) > MAX_DOCUMENT_CHARS:
                # parsing is CPU on the event loop: a megabyte of document
                # stalls every other request (bench/api.py's hostile run)
                raise HTTPException(
                    413,
                    f"query: {len(item.query):,} characters; at most "
                    f"{MAX_DOCUMENT_CHARS:,} (send data as variables)",
                )
            where = unencodable(item.variables, "variables") or unencodable(item.query, "query")
            if where is not None:
                raise HTTPException(400, f"{where}: not valid Unicode (a lone surrogate)")
        return data

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        """The whole execution within its time budget; past it, a TIMEOUT error
        (the store call in flight is cancelled, its connection discarded).

        Mutations get their own, longer budget: cutting a 10,000-event ingest
        short wastes the work done (it is idempotent, so a retry is safe)."""
        data = kwargs.get("request_data")
        budget = self.query_timeout_s
        if isinstance(data, GraphQLRequestData) and is_mutation(
            data.query or "", data.operation_name
        ):
            budget = self.mutation_timeout_s
        try:
            async with asyncio.timeout(budget):
                return await super().execute_operation(*args, **kwargs)
        except TimeoutError:
            error = GraphQLError(
                f"took longer than {budget:g}s; ask for less (smaller pages, lower "
                "depth, fewer events)",
                extensions={"code": "TIMEOUT"},
            )
            return ExecutionResult(data=None, errors=[error])

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from assets served here: strawberry's page loads them from a
        CDN, and stays on "Loading…" offline."""
        return graphiql_page()

    async def process_result(self, request: Any, result: Any) -> GraphQLHTTPResponse:
        for error in getattr(result, "errors", None) or []:
            self.metrics.errors.labels(code_of(error)).inc()
        response = await super().process_result(request, result)
        for error in response.get("errors") or []:
            public_error(cast(dict[str, Any], error), self.dev)
        return response


async def healthz(request: Request) -> JSONResponse:
    store: GraphStore = request.app.state.store
    try:
        await store.ping()
    except GraphError as exc:
        # the reason goes to the log; the answer says no more than its status
        log.warning("healthz: store unavailable", extra={"reason": type(exc).__name__})
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


@asynccontextmanager
async def _webhook_sender(
    settings: Settings, store: GraphStore, metrics: Metrics
) -> AsyncIterator[None]:
    """The webhook sender beside the server, stopped before the store closes."""
    if not settings.webhook_sender:
        yield
        return
    sender = Sender(
        store,
        SecretBox(settings.hashing_secret()),
        SenderConfig.of(settings),
        WebhookMetrics(metrics.registry),
    )
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop))
    try:
        yield
    finally:
        stop.set()
        await task


def create_app(settings: Settings, dev: bool = False, store: GraphStore | None = None) -> Starlette:
    """Build the app; with ``store`` given (tests) the caller owns its lifecycle."""
    metrics = Metrics()
    roles = RoleCache(settings.key_cache_s)  # also read by the rate limit
    sessions = Sessions(settings.hashing_secret(), settings.console_session_s)

    def attach(app: Starlette, opened: GraphStore) -> None:
        # everything built so far (schema, modules, caches) lives as long as the
        # server: move it out of the collector's sight, so the full collections a
        # busy server triggers stop walking it (they showed as p99 spikes)
        gc.collect()
        gc.freeze()
        app.state.settings = settings
        app.state.badge_cache = BadgeCache(settings.badge_cache_size, settings.badge_cache_s)
        app.state.roles = roles
        app.state.sessions = sessions
        app.state.hasher = PiiHasher(settings.hashing_secret())
        app.state.responses = ResponseCache(settings.badge_cache_size, settings.badge_cache_s)
        app.state.store = opened
        app.state.timed_store = TimedStore(opened, metrics)
        app.state.ingestor = make_ingestor(opened, settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if store is not None:
            attach(app, store)
            async with _webhook_sender(settings, store, metrics):
                yield
            return
        async with open_store(settings) as opened:
            attach(app, opened)
            async with _webhook_sender(settings, opened, metrics):
                yield

    graphql = TrustmeshGraphQL(
        build_schema(dev),
        graphql_ide="graphiql" if dev else None,
        multipart_uploads_enabled=True,  # see service/api/uploads.py on why this is safe
        timeouts=(settings.query_timeout_s, settings.mutation_timeout_s),
        metrics=metrics,
        dev=dev,
    )
    paths = {GRAPHQL_PATH, "/healthz", "/metrics"}
    return Starlette(
        routes=[
            Route(GRAPHQL_PATH, graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics_endpoint(metrics), methods=["GET"]),
            *console_routes(),
        ],
        middleware=[
            Middleware(ObserveRequests, metrics=metrics, paths=paths),
            Middleware(
                RateLimit,
                per_second=settings.rate_limit,
                burst=settings.rate_burst,
                paths={GRAPHQL_PATH},
                known_key=roles.known,
            ),
            Middleware(BodyLimit, max_bytes=settings.max_request_bytes),
            Middleware(SecurityHeaders, prefix=CONSOLE_PREFIX),
            Middleware(SessionOnGraphQL, path=GRAPHQL_PATH, sessions=sessions),
            *([Middleware(FastBadges, path=GRAPHQL_PATH)] if settings.badge_responses else []),
        ],
        lifespan=lifespan,
    )
