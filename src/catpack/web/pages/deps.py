"""Per-request access to what the app factory installed: backend, clock, units."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, cast
from urllib.parse import urlsplit

from fastapi import HTTPException
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


def same_origin(request: Request) -> None:
    """Refuse a form posted from another site (CSRF): the pages have no login.

    Browsers send ``Origin`` (or at least ``Referer``) with a cross-site form
    post; a post whose origin is another host than this server's is refused.
    Clients that send neither (curl, tests) are not browsers and pass.
    """
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source:
        return
    if source == "null" or urlsplit(source).netloc != request.headers.get("host"):
        raise HTTPException(403, "Forms may only be posted from this app's own pages.")
