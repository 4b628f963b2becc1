"""How a request finds its route: a page's path asks the REST API once.

FastAPI asks each router included in the app, in order, whether a path is
one of its routes, and each ask costs its routing a few Python calls. The
API's routers are one router in the app (catpack.web.api.router) that says
"no match" at once for a path outside the API, so a page request asks the
API once, where it asked each of its ten routers."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Match
from starlette.types import Scope

from catpack.settings import Settings
from catpack.web.api.deps import PrefixedRouter
from catpack.web.app import create_app


def test_a_page_path_asks_the_api_once(
    db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    real = PrefixedRouter.matches

    def counted(self: PrefixedRouter, scope: Scope) -> tuple[Match, Any]:
        asked.append(scope["path"])
        return real(self, scope)

    monkeypatch.setattr(PrefixedRouter, "matches", counted)
    app = create_app(db_settings)
    try:
        with TestClient(app) as client:
            assert client.get("/guide").status_code == 200
            assert asked == ["/guide"]
            asked.clear()
            # The API's own paths still find their routes.
            assert client.get("/api/v1/health").status_code == 200
            assert client.get("/api/v1/cats").status_code == 401
            assert asked[0] == "/api/v1/health"
    finally:
        app.state.db.dispose()
