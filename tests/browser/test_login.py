"""The log-in page of accounts mode on a phone (390x844): a page asked for
without a log-in leads to it, a wrong password says so in plain words, the
right one leads back to the page, under the app's Content-Security-Policy and
with no serious accessibility problem."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from catpack.services import users
from catpack.settings import Settings
from catpack.web.app import create_app
from tests.browser.browser_helpers import axe_violations, shoot
from tests.browser.conftest import running
from tests.page_helpers import TEST_HOSTS, ZONE

PASSWORD = "pw-123456"


def accounts_app(sqlite_template: Path, tmp_path: Path) -> FastAPI:
    """The app in accounts mode on a copy of the migrated database."""
    path = tmp_path / "catpack.db"
    shutil.copy(sqlite_template, path)
    settings = Settings(
        database_url=f"sqlite:///{path}",
        data_dir=tmp_path,
        timezone=ZONE,
        allowed_hosts=TEST_HOSTS,
        auth="accounts",
        argon2_memory_kib=1024,
    )
    return create_app(settings)


@pytest.fixture
def accounts_url(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    app = accounts_app(sqlite_template, tmp_path)
    users.create_user(app.state.db, "ada@example.org", "Ada", PASSWORD)
    with running(app) as url:
        yield url


def test_log_in_on_a_phone(accounts_url: str, phone: Any) -> None:
    phone.goto(accounts_url + "/settings")
    assert "/login?next=%2Fsettings" in phone.url
    assert phone.viewport_size == {"width": 390, "height": 844}
    phone.get_by_label("E-mail").fill("ada@example.org")
    phone.get_by_label("Password").fill("not-my-password")
    phone.get_by_role("button", name="Log in").click()
    phone.get_by_text("That e-mail and password do not match.").wait_for()
    assert axe_violations(phone) == []
    # The form fits the phone: no sideways scrolling.
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    shoot(phone, "login", desktop=False)
    phone.get_by_label("E-mail").fill("ada@example.org")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    phone.wait_for_url(accounts_url + "/settings")
    phone.get_by_role("heading", name="Settings").wait_for()
