"""What operators see: Prometheus metrics and one JSON log line per request.

Each app owns its own :class:`Metrics` registry (no process-global state, so
two apps in one test process do not mix their counts). Exposed on
``/metrics``:

* ``trustmesh_http_requests_total{path,status}`` and
  ``trustmesh_http_request_seconds{path}`` — every request;
* ``trustmesh_graphql_errors_total{code}`` — errors by ``extensions.code``;
* ``trustmesh_store_call_seconds{call}`` — each store method the API awaits;
* ``trustmesh_accounts{band}`` and ``trustmesh_accounts_by_score_decile{decile}``
  — the score distribution, recounted at most every ``DISTRIBUTION_TTL_S``.

Log lines carry a request id that is also returned as ``X-Request-Id``, so a
support ticket can be matched to its line. Nothing identifying a user (keys,
query variables, account ids) is logged.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.cypher import rows
from graph.store import GraphStore
from graph.store.ports import InvestigatorReads
from service.api.limits import refuse

log = logging.getLogger("trustmesh.http")
DISTRIBUTION_TTL_S = 30.0
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10)


class _Distribution(Collector):
    def __init__(self) -> None:
        self.rows: list[rows.Decile] = []
        self.at = -DISTRIBUTION_TTL_S

    def collect(self) -> Iterable[Metric]:
        bands = GaugeMetricFamily("trustmesh_accounts", "Scored accounts per band", labels=["band"])
        deciles = GaugeMetricFamily(
            "trustmesh_accounts_by_score_decile", "Scored accounts per score decile",
            labels=["decile"],
        )  # fmt: skip
        per_band: dict[str, int] = {}
        per_decile: dict[str, int] = {}
        for row in self.rows:
            per_band[str(row.band)] = per_band.get(str(row.band), 0) + int(row.n)
            key = str(min(int(row.decile or 0), 9))
            per_decile[key] = per_decile.get(key, 0) + int(row.n)
        for band, n in sorted(per_band.items()):
            bands.add_metric([band], n)
        for decile, n in sorted(per_decile.items()):
            deciles.add_metric([decile], n)
        return [bands, deciles]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "trustmesh_http_requests", "HTTP requests", ["path", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "trustmesh_http_request_seconds", "HTTP request time", ["path"],
            buckets=LATENCY_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.errors = Counter(
            "trustmesh_graphql_errors", "GraphQL errors by code", ["code"], registry=self.registry
        )
        self.store_seconds = Histogram(
            "trustmesh_store_call_seconds", "Store calls made by the API", ["call"],
            buckets=LATENCY_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.distribution = _Distribution()
        self.registry.register(self.distribution)

    async def render(self, store: InvestigatorReads) -> bytes:
        now = time.monotonic()
        if now - self.distribution.at >= DISTRIBUTION_TTL_S:
            self.distribution.rows = await store.score_distribution()
            self.distribution.at = now
        return generate_latest(self.registry)


class TimedStore:
    """The store, with every awaited method timed into ``store_seconds``."""

    def __init__(self, store: GraphStore, metrics: Metrics) -> None:
        self._store = store
        self._metrics = metrics

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if name.startswith("_") or not callable(attribute):
            return attribute
        histogram = self._metrics.store_seconds.labels(name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            result = attribute(*args, **kwargs)
            if not isinstance(result, Awaitable):
                return result

            async def waited() -> Any:
                with histogram.time():
                    return await result

            return waited()

        return timed


def _loopback(request: Request) -> bool:
    try:
        return request.client is not None and ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:  # a unix socket or a test client's made-up name
        return False


def metrics_endpoint(metrics: Metrics) -> Callable[[Request], Awaitable[Response]]:
    """``/metrics`` for a scraper on this host (or a sidecar sharing its
    network) only: counts hold no ids, but they show detection's volume and
    the score distribution, which is nobody else's business."""

    async def endpoint(request: Request) -> Response:
        if not _loopback(request):
            return Response("not found\n", status_code=404, media_type="text/plain")
        body = await metrics.render(request.app.state.store)
        return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")

    return endpoint


class ObserveRequests:
    """Outermost middleware: request id, metrics, the access log line, and the
    last safety net: an exception that escapes everything else becomes a JSON
    ``INTERNAL`` error (logged with its request id), never a stack trace."""

    def __init__(self, app: ASGIApp, metrics: Metrics, paths: set[str]) -> None:
        self.app = app
        self.metrics = metrics
        self.paths = paths  # known routes; anything else is counted as "other"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:16]
        status = 500
        started = time.perf_counter()

        started_response = False

        async def tagged(message: Message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                started_response = True
                status = int(message["status"])
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, tagged)
        except Exception:
            log.exception("unhandled error", extra={"request_id": request_id})
            if started_response:
                raise
            await refuse(tagged, 500, "INTERNAL", "internal error")
        finally:
            seconds = time.perf_counter() - started
            path = scope["path"] if scope["path"] in self.paths else "other"
            self.metrics.requests.labels(path, str(status)).inc()
            self.metrics.latency.labels(path).observe(seconds)
            log.info(
                "%s %s %s %.1fms", scope["method"], path, status, seconds * 1000,
                extra={"request_id": request_id, "method": scope["method"], "path": path,
                       "status": status, "ms": round(seconds * 1000, 2)},
            )  # fmt: skip


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any extras."""

    _standard = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        out.update({k: v for k, v in vars(record).items() if k not in self._standard})
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str)


def log_config(fmt: str) -> dict[str, Any]:
    """A logging dictConfig for uvicorn and trustmesh, JSON or plain text."""
    formatter: dict[str, Any] = (
        {"()": JsonFormatter}
        if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "handlers": {"out": {"class": "logging.StreamHandler", "formatter": "main"}},
        "loggers": {
            name: {"handlers": ["out"], "level": "INFO", "propagate": False}
            for name in ("trustmesh", "uvicorn", "uvicorn.error")
        }
        # uvicorn's own access log would duplicate ObserveRequests' line
        | {"uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False}},
    }
