"""In-process page tests: the real pages through FastAPI's TestClient, fresh data per test.

``db_settings`` (tests/conftest.py) runs each test on a fresh SQLite file and
on the real PostgreSQL (skipped with the reason when it is not configured).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import routing as fastapi_routing
from starlette.requests import Request

from catpack.settings import Settings
from catpack.web.app import create_app
from tests.page_helpers import ZONE, FormClient, Pages, StepClock


@pytest.fixture
def pages(db_settings: Settings) -> Iterator[Pages]:
    clock = StepClock()
    app = create_app(db_settings.model_copy(update={"timezone": ZONE}))
    app.state.clock = clock
    with FormClient(app) as client:
        yield Pages(client, clock, app)


@pytest.fixture
def solved(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The path of each request FastAPI resolved dependencies for."""
    seen: list[str] = []
    real = fastapi_routing.solve_dependencies

    async def counted(*, request: Request, **kwargs: Any) -> Any:
        seen.append(request.url.path)
        return await real(request=request, **kwargs)

    monkeypatch.setattr(fastapi_routing, "solve_dependencies", counted)
    return seen
