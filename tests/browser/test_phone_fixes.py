"""Findings of the "new owner on a phone" audit (#9, fourth look) that need the
browser, in Debian's Chromium at 390x844 with a touch screen (the HTTP
answers: tests/web/pages/test_phone_fixes.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.browser_helpers import LiveApp
from tests.browser.test_phone_round import _add_cat

pytestmark = pytest.mark.browser


def test_the_cat_switcher_stays_on_the_history(live_app: LiveApp, thumb: Any) -> None:
    """Finding: a tap on the other cat in the switcher, on History, opened
    that cat's Today; it opens its History (the tabs say so too)."""
    mia = _add_cat(thumb, live_app.url, "Mia")
    rocket = _add_cat(thumb, live_app.url, "Rocket")
    thumb.goto(f"{live_app.url}/cats/{mia}/history")
    thumb.get_by_role("navigation", name="Cats").get_by_role("link", name="Rocket").tap()
    thumb.wait_for_url(re.compile(rf"/cats/{rocket}/history$"))
    tabs = thumb.get_by_role("navigation", name="Main")
    assert tabs.locator('[aria-current="page"]').inner_text() == "History"
    current = thumb.get_by_role("navigation", name="Cats").locator('[aria-current="true"]')
    assert current.inner_text() == "Rocket"
