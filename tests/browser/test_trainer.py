"""A trainer's Today on a phone (390x844), in accounts mode: the coach's plan,
the line saying the household logs the sessions, and no way to a form that
would be refused (no Log tab, no "Log how it went"); under the app's
Content-Security-Policy and with no serious accessibility problem."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from catpack import words
from tests.browser.browser_helpers import axe_violations, log_in, shoot
from tests.browser.conftest import running
from tests.browser.test_login import accounts_app
from tests.page_helpers import FormClient, step_level
from tests.web.pages.test_login_pages import PASSWORD, owner_with_a_cat
from tests.web.pages.test_pages import CALM
from tests.web.pages.test_trainer_pages import join_as_trainer


@pytest.fixture
def trainer_url(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The app in accounts mode: Ada's Mia with a logged session, Tia her trainer."""
    app = accounts_app(sqlite_template, tmp_path)
    ada, tia = FormClient(app), FormClient(app)  # no lifespan: the server runs the app
    cat = owner_with_a_cat(ada)
    stage, level = step_level(ada.get(f"/cats/{cat}/log").text)
    logged = ada.post(f"/cats/{cat}/sessions", data={"stage": stage, "level": level, **CALM})
    assert logged.status_code == 200, logged.text
    join_as_trainer(ada, tia)
    with running(app) as url:
        yield url, cat


def test_a_trainers_today_on_a_phone(trainer_url: tuple[str, str], phone: Any) -> None:
    url, cat = trainer_url
    log_in(phone, url + "/", "tia@example.org", PASSWORD, rf".*/cats/{cat}/today$")
    line = phone.locator("#look-only")
    line.wait_for()
    assert words.look_only("today", "Mia") in line.inner_text()
    assert line.is_visible()
    # The coach's plan is there to follow; nothing leads to the log form.
    assert phone.locator("#decision").is_visible()
    tabs = phone.get_by_role("navigation", name="Main")
    assert tabs.get_by_role("link", name="Log").count() == 0
    assert tabs.get_by_role("link", name="Today").is_visible()
    assert phone.get_by_role("link", name="Log how it went").count() == 0
    assert phone.locator('form[method="post"]').count() == 0
    assert axe_violations(phone) == []
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    shoot(phone, "trainer-today", desktop=False)
    # The line's link leads to the sessions so far.
    line.get_by_role("link", name="See the sessions so far").click()
    phone.wait_for_url(re.compile(rf".*/cats/{cat}/history$"))
    phone.get_by_text("logged by Ada").first.wait_for()
    assert phone.get_by_role("link", name=re.compile("Change or delete")).count() == 0
