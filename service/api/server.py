"""``trustmesh serve``: uvicorn around the app, with an optional demo load."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import uvicorn

from service.settings import Settings

log = logging.getLogger("trustmesh")

DEMO_ACCOUNTS = 2000
DEMO_SEED = 1


async def load_demo_if_empty(settings: Settings) -> None:
    """Give a newcomer something to look at: a scored demo marketplace in an
    empty store, and a fresh demo key per role to try every view with.

    A store that already holds accounts is left alone, keys included: keys
    (an admin's among them) are minted only with the demo they unlock."""
    from service.demo.generator import generate
    from service.keys import ROLES, create_key
    from service.rescore import rescore
    from service.runtime import open_store
    from service.works import load_demo

    async with open_store(settings) as store:
        if not (await store.counts()).get("Account", 0):
            out = settings.data_dir / "demo"
            generate(DEMO_ACCOUNTS, DEMO_SEED, out)
            report = await load_demo(store, settings, out)
            print(f"demo marketplace loaded: {report.accepted} events from {out}")
            await rescore(store)
            print("demo marketplace scored")
            for role in ROLES:
                print(f"demo key ({role}): {await create_key(store, role, 'demo')}")
        else:
            print("the store has data: no demo loaded, no keys made (trustmesh keys create)")


def factory() -> object:
    """For ``--workers N``: each worker builds its app from the environment."""
    from service.api.app import create_app

    return create_app(Settings())


def run(settings: Settings, host: str, port: int, demo: bool, dev: bool, workers: int) -> None:
    from service.api.app import create_app
    from service.api.observe import log_config

    if demo:
        asyncio.run(load_demo_if_empty(settings))
    print(f"trustmesh GraphQL on http://{host}:{port}/graphql (health: /healthz)", flush=True)
    # SIGTERM: stop accepting, give in-flight requests the grace time, then
    # close the store in the lifespan's shutdown (uvicorn's graceful shutdown)
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_config": log_config(settings.log_format),
        "timeout_graceful_shutdown": settings.shutdown_grace_s,
    }
    if workers > 1:
        uvicorn.run("service.api.server:factory", factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(settings, dev=dev), **options)
