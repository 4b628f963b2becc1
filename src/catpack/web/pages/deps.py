"""Per-request access to what the app factory installed: backend, clock, units."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

from starlette.requests import Request
from starlette.responses import Response

from catpack.domain.errors import NotFoundError
from catpack.web.pages.backend import CatCard, PageBackend
from catpack.web.pages.units import Units

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, in the machine's local time zone (the engine needs an aware time)."""
    return datetime.now().astimezone()


def backend(request: Request) -> PageBackend:
    return cast(PageBackend, request.app.state.page_backend)


def now(request: Request) -> datetime:
    clock = cast(Clock, getattr(request.app.state, "page_clock", system_clock))
    return clock()


def units(request: Request) -> Units:
    return Units(backend(request).units())


def frame(request: Request, cat: CatCard | None, active: str = "") -> dict[str, Any]:
    """The context every page's layout needs: cats for the switcher, the current cat, units."""
    return {
        "cats": backend(request).list_cats(),
        "cat": cat,
        "active": active,
        "units": units(request),
    }


def cat_or_none(request: Request, cat_id: str) -> CatCard | None:
    try:
        return backend(request).get_cat(cat_id)
    except NotFoundError:
        return None


def missing(request: Request) -> Response:
    """The friendly 404 page for a cat that is not (or no longer) there."""
    from catpack.web.pages.templating import render

    return render(request, "not_found.html", frame(request, None), status_code=404)
