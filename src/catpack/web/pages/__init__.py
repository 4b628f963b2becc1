"""The owner's web pages: server-rendered (Jinja2), enhanced with htmx, usable without JS.

:func:`install_pages` adds the page routes and the static files to a FastAPI
app. The pages reach catpack only through a
:class:`~catpack.web.pages.backend.PageBackend` and read the time from a
clock, both kept on ``app.state`` so tests can give a fixed or advancing one.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

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
