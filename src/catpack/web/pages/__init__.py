"""The owner's web pages: server-rendered (Jinja2), enhanced with htmx, usable without JS.

:func:`register` adds the page routes and the static files to the app. Pages
call :mod:`catpack.services` through the same dependencies as the API
(:mod:`catpack.web.deps`); who they act for is :func:`deps.page_actor`, asked
by the one :func:`deps.page` dependency, and
the time comes from the app's clock (``app.state.clock``), so tests can move
the app to the next day without sleeping.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from catpack import words
from catpack.domain.errors import ForbiddenError
from catpack.web import errors
from catpack.web.pages import (
    account,
    cat_profile,
    cat_settings,
    cats,
    gear,
    guide,
    history,
    logform,
    offline,
    pack,
    plan,
    reminders,
    routine,
    shared,
    today,
    trips,
)
from catpack.web.pages.deps import LoginRequired
from catpack.web.pages.routing import PagesRouter
from catpack.web.pages.templating import STATIC_DIR

__all__ = ["register"]


def register(app: FastAPI) -> None:
    """Serve the pages on ``app`` (routes outside /api, static files under /static)."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # One router for every page, tried before the API's: FastAPI asks each
    # router included in the app, in order, whether a path is one of its
    # routes, and each ask costs its routing a few calls; a page request
    # asked each of the API's ten routers (and each page module's router
    # before its own) first. Its routes are the modules' own route objects
    # (made by their routers, which have no prefix), in this order: the most
    # used pages (Today, the log form) first; no path of theirs can match one
    # of the modules they now precede.
    pages = PagesRouter()
    for module in (
        today,
        logform,
        cats,
        cat_profile,
        cat_settings,
        pack,
        plan,
        history,
        trips,
        gear,
        reminders,
        routine,
        account,
        shared,
        guide,
        offline,
    ):
        pages.routes.extend(module.router.routes)
    app.include_router(pages)
    app.add_exception_handler(HTTPException, _page_error)  # type: ignore[arg-type]
    app.add_exception_handler(ForbiddenError, _forbidden)  # type: ignore[arg-type]
    app.add_exception_handler(LoginRequired, _to_login)  # type: ignore[arg-type]
    app.add_exception_handler(500, _server_error)


async def _server_error(request: Request, exc: Exception) -> Response:
    """A browser that met a server error gets a page in plain words with a way
    back (it got "Internal Server Error" as bare text); the API and other
    clients keep that text. Nothing of the error is shown; the server's log
    has it."""
    if _wants_page(request):
        from catpack.web.pages.templating import render

        context: dict[str, object] = {"cats": [], "cat": None, "line": words.SERVER_ERROR_LINE}
        try:
            return render(request, "server_error.html", context, status_code=500)
        except Exception:  # the plain answer below, never a second error
            pass
    return PlainTextResponse("Internal Server Error", status_code=500)


async def _to_login(request: Request, exc: LoginRequired) -> Response:
    """A page that needs a log-in sends the browser to /login, and back after it
    (htmx follows ``HX-Redirect`` with a whole page)."""
    target = f"/login?{urlencode({'next': exc.next_path})}"
    headers = {"HX-Redirect": target} if request.headers.get("HX-Request") == "true" else {}
    return RedirectResponse(target, status_code=303, headers=headers)


async def _forbidden(request: Request, exc: ForbiddenError) -> Response:
    """A role that may not do this: the refused page for a browser, JSON for the API."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": str(exc)}, status_code=403)
    return await _page_error(request, HTTPException(403, str(exc).capitalize() + "."))


async def _page_error(request: Request, exc: HTTPException) -> Response:
    """A browser gets a page, not JSON, for a page that does not exist (404)
    or a post the pages refuse (403: another site's form, an expired token).

    The API (``/api/...``) and non-browser clients keep the JSON answer.
    """
    if exc.status_code in (403, 404) and _wants_page(request):
        from catpack.web.pages.templating import render

        context: dict[str, object] = {"cats": [], "cat": None}
        if exc.status_code == 404:
            return render(
                request, "not_found.html", {**context, "page_missing": True}, status_code=404
            )
        return render(request, "refused.html", {**context, "reason": exc.detail}, status_code=403)
    return await errors.http_error(request, exc)


def _wants_page(request: Request) -> bool:
    """A browser asking for a page (not the API, not a script): it gets an
    error as a page rather than JSON or text."""
    return "text/html" in request.headers.get("accept", "") and not request.url.path.startswith(
        "/api"
    )
