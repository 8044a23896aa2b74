"""The console's pages: sign-in, sign-out and the shell every view runs in.

The pages are static HTML with no inline script or style (the CSP forbids
both); what they show they fetch from ``/graphql`` with the session, so the
console has no data path and no permission rule of its own.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from string import Template
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from graph.errors import GraphError
from graph.model import AccountKind
from graph.store import GraphStore
from service.api.auth import RoleCache
from service.api.console.guard import cookie_of
from service.api.console.session import COOKIE, CSRF_FIELD, Session, Sessions
from service.keys import Role, key_hash
from service.lists import ListKind
from service.scoring import Action, Band, ReasonCode
from service.webhooks.payload import WebhookEvent

PREFIX = "/console"
CONSOLE_ROLES = frozenset({Role.INVESTIGATOR, Role.ADMIN})
# the queue's filter choices, from the enums the API checks them against, so
# a new reason code appears in the console without a change to its script
VOCABULARY = json.dumps({
    "bands": [b.value for b in reversed(Band)], "codes": [c.value for c in ReasonCode],
    "actions": [a.value for a in Action], "kinds": [k.value for k in AccountKind],
    "listKinds": [k.value for k in ListKind],
    "webhookEvents": [e.value for e in WebhookEvent if e is not WebhookEvent.TEST],
})  # fmt: skip
_PACKAGE = resources.files("service.api.console")


def _page(name: str, **values: str) -> HTMLResponse:
    text = (_PACKAGE / "pages" / name).read_text(encoding="utf-8")
    body = Template(text).substitute({k: html.escape(v) for k, v in values.items()})
    return HTMLResponse(body, headers={"cache-control": "no-store"})


def _sign_in_form(message: str = "", status: int = 200) -> HTMLResponse:
    response = _page("sign-in.html", message=message)
    response.status_code = status
    return response


def _same_origin(request: Request) -> bool:
    """A form post from this origin: browsers send Origin with every POST."""
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser (curl, tests): SameSite and CSRF still guard sessions
    host = request.headers.get("host", "")
    return urlsplit(origin).netloc == host


def _session(request: Request) -> Session | None:
    sessions: Sessions = request.app.state.sessions
    return sessions.read(cookie_of(request.scope))


def graphiql_page() -> HTMLResponse:
    """GraphiQL (``serve --dev``) on the vendored assets, so it works offline."""
    return _page("graphiql.html")


async def sign_in_page(request: Request) -> Response:
    if _session(request) is not None:
        return RedirectResponse(f"{PREFIX}/", status_code=303)
    return _sign_in_form()


async def sign_in(request: Request) -> Response:
    if not _same_origin(request):
        return _sign_in_form("Sign-in refused: the form was posted from another site.", 403)
    form = await request.form()
    key = str(form.get("key") or "").strip()
    if not key:
        return _sign_in_form("key: enter an investigator or admin API key.", 400)
    roles: RoleCache = request.app.state.roles
    store: GraphStore = request.app.state.store
    try:
        caller = await roles.caller(store, key)
    except GraphError:
        return _sign_in_form("The graph store is unavailable; try again shortly.", 503)
    if caller is None:
        return _sign_in_form("key: unknown or revoked; ask an admin for a current key.", 401)
    if caller.role not in CONSOLE_ROLES:
        return _sign_in_form(
            f"key: a {caller.role} key cannot sign in to the console; "
            "use an investigator or admin key.",
            403,
        )
    sessions: Sessions = request.app.state.sessions
    _, cookie = sessions.start(key_hash(key))
    response = RedirectResponse(f"{PREFIX}/", status_code=303)
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=sessions.lifetime_s,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


async def sign_out(request: Request) -> Response:
    session = _session(request)
    form = await request.form()
    offered = form.get(CSRF_FIELD)
    if session is not None and not session.csrf_ok(offered if isinstance(offered, str) else None):
        return Response("sign-out: csrf token missing or wrong", status_code=403)
    response = RedirectResponse(f"{PREFIX}/session", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response


async def shell(request: Request) -> Response:
    """Every console view: the same page, which reads the path and draws the view."""
    session = _session(request)
    if session is None:
        return RedirectResponse(f"{PREFIX}/session", status_code=303)
    roles: RoleCache = request.app.state.roles
    try:
        caller = await roles.caller_by_hash(request.app.state.store, session.key_hash)
    except GraphError:
        caller = None  # the page's own reads will say the store is down
    # the admin views' links are drawn for admin keys only (the API checks anyway)
    role = caller.role if caller is not None else ""
    return _page("console.html", csrf=session.csrf, vocabulary=VOCABULARY, role=role)


def console_routes() -> list[BaseRoute]:
    static = StaticFiles(directory=str(_PACKAGE / "static"))
    return [
        Route(f"{PREFIX}/session", sign_in_page, methods=["GET"]),
        Route(f"{PREFIX}/session", sign_in, methods=["POST"]),
        Route(f"{PREFIX}/logout", sign_out, methods=["POST"]),
        Mount(f"{PREFIX}/static", app=static, name="console-static"),
        Route(f"{PREFIX}/", shell, methods=["GET"]),
        Route(PREFIX, lambda request: RedirectResponse(f"{PREFIX}/", status_code=308)),
        Route(f"{PREFIX}/{{view:path}}", shell, methods=["GET"]),
    ]
