"""The FastAPI app factory: ``create_app(settings)``; nothing happens at import.

``uvicorn --factory catpack.web.app:create_app`` or ``catpack serve`` build the
app. The factory opens the database and refuses (ConfigError) one that is not
migrated, with the command to run. Extending the app:

* pass ``routers=[...]`` to include more routers, or call
  :func:`include_routers` on the returned app;
* if the module :mod:`catpack.web.pages` exists, the factory calls its
  ``register(app)`` (or includes its ``router``): the HTML pages plug in there.

Routes reach the database and the settings through ``app.state.db`` and
``app.state.settings`` (see :mod:`catpack.web.api.deps`).
"""

from __future__ import annotations

import gc
import importlib
import inspect
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, FastAPI

from catpack import __version__
from catpack.domain.contract import json_bounds
from catpack.services import users
from catpack.services.setup import Database, open_database
from catpack.settings import Settings, load_settings
from catpack.web import errors, security

API_PREFIX = "/api/v1"


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    routers: Iterable[APIRouter] = (),
) -> FastAPI:
    """Build the web app for ``settings`` (default: from the environment)."""
    settings = settings or load_settings()
    db = database or open_database(settings)
    owned = database is None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Blocking routes run in AnyIO's thread pool; its size is a setting.
        to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        # Everything made so far (the modules, the app and its routes, about
        # 236,000 objects) lives as long as the server: the garbage collector
        # need not scan it again. A full collection over it took about 130 ms
        # here, a stall in the middle of requests (the steady load's p99 of
        # 100-130 ms in some runs of bench/api.py); about 5 ms without it.
        # Freezing moves nothing and frees nothing; reference counting still
        # frees as before. Unfrozen when the app stops (tests start many apps).
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
            if owned:
                db.dispose()

    app = FastAPI(
        **_no_telemetry(),
        title="catpack",
        version=__version__,
        summary="A calm, step-by-step coach for backpack-training a cat.",
        description=(
            "REST API of catpack. Authenticate with `Authorization: Bearer <token>` "
            "(POST /api/v1/users or /api/v1/tokens gives one). Errors are "
            '`{"detail": "<one line>"}`; a 422 names every bad field (`detail` on one '
            'line, `errors`: `[{"field", "message"}]`). Bodies larger than '
            f"{settings.max_body_bytes} bytes get 413."
        ),
        lifespan=lifespan,
        # /docs is served by catpack.web.security on vendored Swagger UI (no CDN).
        docs_url=None,
        redoc_url=None,
        # Counted as the body is read, so a chunked body is held to it too.
        max_body_size=settings.max_body_bytes,
    )
    app.state.settings = settings
    app.state.db = db
    users.configure(db, settings)
    # The local owner exists before any request, so no sign-up can claim its
    # e-mail first (and one that did, before this check existed, is refused).
    try:
        users.local_actor(db, settings.cli_user, settings.timezone)
    except BaseException:
        if owned:
            db.dispose()
        raise
    errors.install(app)
    security.install(app, settings)

    from catpack.web.api import routers as api_routers

    # Extra routers first, then the pages (one router, which answers "no
    # match" at once for an API path), then the API's routers (each answers
    # "no match" at once for a path outside the API).
    include_routers(app, routers)
    _include_pages(app)
    include_routers(app, api_routers)
    _document_settings(app, settings)
    return app


def _document_settings(app: FastAPI, settings: Settings) -> None:
    """The OpenAPI document states the limits this server's settings set
    (``limit`` at most CATPACK_MAX_PAGE_SIZE), so a valid request is accepted,
    and every bound of a number under JSON Schema's name (``json_bounds``)."""
    make = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = json_bounds(make())
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    for param in operation.get("parameters", []):
                        if param.get("in") == "query" and param.get("name") == "limit":
                            param["schema"]["maximum"] = settings.max_page_size
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _no_telemetry() -> dict[str, Any]:
    """catpack exports no OpenTelemetry data: switch off FastAPI's per-request
    telemetry checks where this FastAPI version has them."""
    if "telemetry" in inspect.signature(FastAPI.__init__).parameters:
        return {"telemetry": {"tracing": False, "metrics": False, "logs": False}}
    return {}


def include_routers(app: FastAPI, routers: Iterable[APIRouter]) -> None:
    for router in routers:
        app.include_router(router)


def _include_pages(app: FastAPI) -> None:
    try:
        pages = importlib.import_module("catpack.web.pages")
    except ModuleNotFoundError as exc:
        if exc.name == "catpack.web.pages":
            return
        raise
    register = getattr(pages, "register", None)
    if callable(register):
        register(app)
    elif isinstance(getattr(pages, "router", None), APIRouter):
        app.include_router(pages.router)
