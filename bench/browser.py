"""Serving the app in a thread and signing in to it with Debian's chromium:
what the console benchmark and the screenshots script share."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from starlette.applications import Starlette

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, until the block ends."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def sign_in(page: Any, base: str, key: str) -> None:
    """Through the console's sign-in form, then wait for the queue."""
    page.goto(f"{base}/console/session")
    page.get_by_label("API key (investigator or admin)").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("table", name="Riskiest accounts").wait_for()
