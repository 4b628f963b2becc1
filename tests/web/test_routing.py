"""How a request finds its route: a page's path asks none of the API's
routers, and an API path asks the pages once.

FastAPI asks each router included in the app, in order, whether a path is
one of its routes, and each ask costs its routing a few Python calls. The
pages are one router (catpack.web.pages.routing.PagesRouter), tried before the
API's, which answers "no match" at once for an API path; a page request
asked each of the API's ten routers first, and each page module's router
before its own."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Match
from starlette.types import Scope

from catpack.settings import Settings
from catpack.web.api.deps import PrefixedRouter
from catpack.web.app import create_app
from catpack.web.pages.routing import PagesRouter


def _asks(monkeypatch: pytest.MonkeyPatch, router: type[Any]) -> list[tuple[str, Match]]:
    """Each path ``router`` (a class) is asked about, and its answer."""
    asked: list[tuple[str, Match]] = []
    real = router.matches

    def counted(self: Any, scope: Scope) -> tuple[Match, Any]:
        match, child = real(self, scope)
        asked.append((scope["path"], match))
        return match, child

    monkeypatch.setattr(router, "matches", counted)
    return asked


def test_a_page_path_asks_no_api_router_and_an_api_path_asks_the_pages_once(
    db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = _asks(monkeypatch, PrefixedRouter)
    pages = _asks(monkeypatch, PagesRouter)
    app = create_app(db_settings)
    try:
        with TestClient(app) as client:
            assert client.get("/guide").status_code == 200
            assert api == []
            assert pages[0] == ("/guide", Match.FULL)
            pages.clear()
            # The API's own paths still find their routes, past the pages.
            assert client.get("/api/v1/health").status_code == 200
            assert client.get("/api/v1/cats").status_code == 401
            assert pages == [("/api/v1/health", Match.NONE), ("/api/v1/cats", Match.NONE)]
            assert ("/api/v1/cats", Match.FULL) in api
    finally:
        app.state.db.dispose()
