"""A minimal webhook receiver for bench/webhooks.py, run in its own process:
answers 204 to every POST over keep-alive HTTP/1.1 and counts what it got
(GET /count)."""

from __future__ import annotations

import sys

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

seen: set[str] = set()
calls = [0]


async def hook(request: Request) -> Response:
    await request.body()
    calls[0] += 1
    seen.add(request.headers.get("trustmesh-event-id", ""))
    return Response(status_code=204)


async def count(request: Request) -> JSONResponse:
    return JSONResponse({"calls": calls[0], "events": len(seen)})


app = Starlette(routes=[Route("/hook", hook, methods=["POST"]), Route("/count", count)])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
