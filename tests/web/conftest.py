"""An in-process client of the real app (both backends) with a signed-up user."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from catpack.settings import Settings
from catpack.web.app import create_app


@pytest.fixture
def client(db_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(db_settings), raise_server_exceptions=True) as c:
        yield c


@pytest.fixture
def auth(client: TestClient) -> dict[str, str]:
    made = client.post(
        "/api/v1/users", json={"email": "ada@example.org", "name": "Ada", "password": "pw-123456"}
    )
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {made.json()['token']}"}
