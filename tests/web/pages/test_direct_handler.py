"""A page route whose parameters are text from its path and whose
dependencies take only the request runs without FastAPI's per-request
dependency resolution (catpack.web.pages.routing._direct_handler): the same
dependencies in the same order, the same handler, the same answers; an app
that overrides a dependency goes through FastAPI's own handler, which applies
the override (tests/web/pages/test_one_way.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Annotated

import pytest
from fastapi import Path
from starlette.requests import Request
from starlette.responses import Response

from catpack.web.app import create_app
from catpack.web.pages import routing
from catpack.web.pages.deps import PageDep
from catpack.web.pages.routing import PageRoute, _direct_handler, page_router
from tests.page_helpers import FormClient, Pages, logged
from tests.web.pages.test_pages import CALM

LOG = {**CALM, "stage": "introduce", "level": "1"}


def test_the_log_post_and_today_skip_fastapis_resolution(pages: Pages, solved: list[str]) -> None:
    cat = pages.add_cat("Mia")
    solved.clear()
    posted = pages.client.post(f"/cats/{cat}/sessions", data=LOG, follow_redirects=False)
    assert posted.status_code == 303, posted.text
    today = pages.client.get(posted.headers["location"])
    assert today.status_code == 200
    assert "Session saved" in today.text
    assert solved == []
    # The API's routes keep FastAPI's handler (typed parameters, models).
    assert pages.client.get(f"/api/v1/cats/{cat}/today").status_code == 401
    assert solved == [f"/api/v1/cats/{cat}/today"]


def test_the_checks_still_come_first(pages: Pages, solved: list[str]) -> None:
    """A post without its anti-forgery token is refused before the handler
    stores anything, as under FastAPI's handler."""
    cat = pages.add_cat("Mia")
    bare = pages.client.post(
        f"/cats/{cat}/sessions", data={**LOG, "csrf_token": "forged"}, follow_redirects=False
    )
    assert bare.status_code == 403
    assert logged(pages.app, cat) == []
    assert solved == []


def test_only_routes_with_nothing_to_check_are_direct() -> None:
    """A path parameter with a constraint, a query parameter or a typed one
    keeps FastAPI's handler, which checks it."""
    router = page_router()

    @router.get("/plain/{cat_id}")
    def plain(cat_id: str, page: PageDep) -> Response:
        return Response(cat_id)

    @router.get("/short/{cat_id}")
    def short(cat_id: Annotated[str, Path(max_length=3)], page: PageDep) -> Response:
        return Response(cat_id)

    @router.get("/number/{cat_id}")
    def number(cat_id: int, page: PageDep) -> Response:
        return Response(str(cat_id))

    @router.get("/asked/{cat_id}")
    def asked(cat_id: str, page: PageDep, q: str = "") -> Response:
        return Response(q)

    @router.get("/no-page/{cat_id}")
    def no_page(cat_id: str) -> Response:
        return Response(cat_id)

    direct = {
        route.path: _direct_handler(route, _standard) is not None
        for route in router.routes
        if isinstance(route, PageRoute)
    }
    assert direct == {
        "/plain/{cat_id}": True,
        "/short/{cat_id}": False,
        "/number/{cat_id}": False,
        "/asked/{cat_id}": False,
        "/no-page/{cat_id}": False,
    }


async def _standard(request: Request) -> Response:
    raise AssertionError("not called")


def test_without_fastapis_route_context_every_page_keeps_its_handler(
    pages: Pages, solved: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The direct handler needs to know which copy of a route FastAPI builds
    (a private name of FastAPI's); a FastAPI without it gets its own handler
    on every page, not one that misses an including router's dependencies."""
    monkeypatch.setattr(routing, "fastapi_routing", SimpleNamespace())  # no such name
    app = create_app(pages.app.state.settings, database=pages.app.state.db)
    with FormClient(app) as client:
        cat = client.post("/cats", data={"name": "Mia"}, follow_redirects=False)
        assert cat.status_code == 303
        assert client.get(cat.headers["location"]).status_code == 200
    assert solved == ["/cats/new", "/cats", cat.headers["location"]]  # the first for its token
