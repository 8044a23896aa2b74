"""A real HTTP receiver on loopback, as a marketplace would run one: records
each call, answers as told (status, delay, or an error for some accounts),
counts the calls it serves at once, can be stopped and restarted on its port."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Call:
    body: bytes
    headers: dict[str, str]
    at: float
    status: int = 200


@dataclass
class Receiver:
    port: int = 0
    status: int = 200
    delay_s: float = 0.0
    failing: set[str] = field(default_factory=set)  # accounts answered 500
    calls: list[Call] = field(default_factory=list)
    most_at_once: int = 0
    _at_once: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._lock:
                    receiver._at_once += 1
                    receiver.most_at_once = max(receiver.most_at_once, receiver._at_once)
                if receiver.delay_s:
                    time.sleep(receiver.delay_s)
                status = receiver.status
                if json.loads(body).get("account") in receiver.failing:
                    status = 500
                call = Call(body, dict(self.headers.items()), time.time(), status)
                with receiver._lock:
                    receiver._at_once -= 1
                    receiver.calls.append(call)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def ok_ids(self) -> list[str]:
        """Event ids of calls answered 2xx, in arrival order."""
        return [c.headers["Trustmesh-Event-Id"] for c in self.calls if c.status < 300]
