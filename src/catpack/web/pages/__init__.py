"""The owner's web pages: server-rendered (Jinja2), enhanced with htmx, usable without JS.

:func:`install_pages` adds the page routes and the static files to a FastAPI
app. The pages reach catpack only through a
:class:`~catpack.web.pages.backend.PageBackend` and read the time from a
clock, both kept on ``app.state`` so tests can give a fixed or advancing one.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import Response

from catpack.web.pages import cats, history, today, trips
from catpack.web.pages.backend import PageBackend
from catpack.web.pages.deps import Clock, system_clock
from catpack.web.pages.templating import STATIC_DIR

__all__ = ["install_pages", "register"]


def register(app: FastAPI) -> None:
    """Hook called by :func:`catpack.web.app.create_app`: pages on the app's database."""
    from catpack.web.pages.services_backend import ServicesBackend

    install_pages(app, ServicesBackend(app.state.db, app.state.settings))


def install_pages(app: FastAPI, backend: PageBackend, clock: Clock | None = None) -> None:
    """Serve the pages on ``app`` (routes outside /api, static files under /static)."""
    app.state.page_backend = backend
    app.state.page_clock = clock or system_clock
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (cats, today, history, trips):
        app.include_router(module.router)
    app.add_exception_handler(HTTPException, _page_not_found)


async def _page_not_found(request: Request, exc: Exception) -> Response:
    """A browser asking for a page that does not exist gets a page, not JSON.

    The API (``/api/...``) and non-browser clients keep FastAPI's JSON answer.
    """
    assert isinstance(exc, HTTPException)
    wants_page = "text/html" in request.headers.get("accept", "")
    if exc.status_code == 404 and wants_page and not request.url.path.startswith("/api"):
        from catpack.web.pages.deps import frame
        from catpack.web.pages.templating import render

        context = {**frame(request, None), "page_missing": True}
        return render(request, "not_found.html", context, status_code=404)
    return await http_exception_handler(request, exc)
