"""A minimal webhook receiver for bench/webhooks.py, run in its own process:
answers 204 to every POST over keep-alive HTTP/1.1, after an optional delay
standing for a distant receiver's round trip (argv[2], milliseconds; calls
wait concurrently), and counts what it got (GET /count)."""

from __future__ import annotations

import asyncio
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

seen: set[str] = set()
calls = [0]
DELAY_S = float(sys.argv[2]) / 1000 if len(sys.argv) > 2 else 0.0


async def hook(request: Request) -> Response:
    await request.body()
    if DELAY_S:
        await asyncio.sleep(DELAY_S)
    calls[0] += 1
    seen.add(request.headers.get("trustmesh-event-id", ""))
    return Response(status_code=204)


async def count(request: Request) -> JSONResponse:
    return JSONResponse({"calls": calls[0], "events": len(seen)})


app = Starlette(routes=[Route("/hook", hook, methods=["POST"]), Route("/count", count)])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
