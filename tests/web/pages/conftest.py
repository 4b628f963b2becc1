"""In-process page tests: the real pages through FastAPI's TestClient, fresh data per test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.pages.apps import build_app

TZ = timezone(timedelta(hours=1))


@dataclass
class StepClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Pages:
    client: TestClient
    clock: StepClock
    app: Any

    def add_cat(self, name: str = "Mia", **fields: Any) -> str:
        r = self.client.post("/cats", data={"name": name, **fields}, follow_redirects=False)
        assert r.status_code == 303, r.text
        return str(r.headers["location"]).split("/")[2]


@pytest.fixture
def pages(tmp_path: Path) -> Iterator[Pages]:
    clock = StepClock(datetime(2026, 11, 26, 9, 0, tzinfo=TZ))
    app = build_app(tmp_path, clock)
    with TestClient(app) as client:
        yield Pages(client, clock, app)
