"""In-process page tests: the real pages through FastAPI's TestClient, fresh data per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from page_helpers import Pages, StepClock, build_app


@pytest.fixture
def pages(sqlite_template: Path, tmp_path: Path) -> Iterator[Pages]:
    clock = StepClock()
    app = build_app(sqlite_template, tmp_path, clock)
    with TestClient(app) as client:
        yield Pages(client, clock, app)
