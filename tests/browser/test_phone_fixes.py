"""Findings of the "new owner on a phone" audit (#9, fourth look) that need the
browser, in Debian's Chromium at 390x844 with a touch screen (the HTTP
answers: tests/web/pages/test_phone_fixes.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from catpack import words
from tests.browser.browser_helpers import LiveApp, axe_violations
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


def _not_saved_shown(page: Any) -> str:
    line = page.locator("#offline-unsaved")
    line.wait_for(state="visible")
    return str(line.inner_text())


def test_offline_a_form_says_nothing_was_saved(live_app: LiveApp, thumb: Any) -> None:
    """Finding: offline, "Save settings" (a form htmx sends) did nothing
    visible, and "Pause training" (a plain form) left the app for the
    browser's own error page. Each says, next to its button, that nothing
    was saved for want of a connection, with what was typed kept; back
    online, the same tap saves."""
    cat = _add_cat(thumb, live_app.url)
    thumb.goto(live_app.url + "/settings")
    zone = thumb.get_by_label('Time zone (where "today" is)')
    zone.fill("Europe/Paris")
    thumb.context.set_offline(True)
    thumb.get_by_role("button", name="Save settings").tap()
    said = _not_saved_shown(thumb)
    assert said == words.OFFLINE_NOT_SAVED
    assert thumb.url.endswith("/settings") and zone.input_value() == "Europe/Paris"
    line = thumb.locator("#offline-unsaved")
    assert line.get_attribute("role") == "alert"
    assert line.evaluate("el => el.closest('form') !== null || !!el.previousElementSibling")
    # A plain (not htmx) form: the same, and the page stays.
    thumb.context.set_offline(False)
    thumb.goto(f"{live_app.url}/cats/{cat}/edit")
    thumb.get_by_label("Why (optional)").fill("Vet visit")
    thumb.context.set_offline(True)
    thumb.get_by_role("button", name="Pause training").tap()
    assert _not_saved_shown(thumb) == words.OFFLINE_NOT_SAVED
    assert thumb.url.endswith(f"/cats/{cat}/edit")
    assert thumb.get_by_label("Why (optional)").input_value() == "Vet visit"
    # Back online, the same button saves.
    thumb.context.set_offline(False)
    thumb.get_by_role("button", name="Pause training").tap()
    thumb.wait_for_url(re.compile(rf"/cats/{cat}/edit\?paused=1"))
    assert thumb.locator("#paused").is_visible()


def test_a_server_out_of_reach_says_nothing_was_saved(
    live_app: LiveApp, thumb_without_worker: Any
) -> None:
    """The phone has signal but the server cannot be reached (htmx's post
    fails): the same line, not silence. (The service worker lets posts past
    it untouched, so the page meets the same failure with it; it is blocked
    here only so that the route surely sees the post.)"""
    thumb = thumb_without_worker
    _add_cat(thumb, live_app.url)
    thumb.goto(live_app.url + "/settings")
    thumb.route(
        re.compile(r".*/settings$"),
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    thumb.get_by_role("button", name="Save settings").tap()
    assert _not_saved_shown(thumb) == words.OFFLINE_NOT_SAVED
    assert thumb.url.endswith("/settings")


def test_resume_training_from_today_in_one_tap(live_app: LiveApp, thumb: Any) -> None:
    """Finding: after "Pause training", resuming from Today took two taps (a
    link to the About page, then its button). One tap on the notice's own
    button resumes, and Today shows the next session."""
    cat = _add_cat(thumb, live_app.url)
    thumb.goto(f"{live_app.url}/cats/{cat}/edit")
    thumb.get_by_role("button", name="Pause training").tap()
    thumb.wait_for_url(re.compile(rf"/cats/{cat}/edit\?paused=1"))
    thumb.goto(f"{live_app.url}/cats/{cat}/today")
    notice = thumb.locator("#paused-notice")
    button = notice.get_by_role("button", name="Resume training")
    box = button.bounding_box()
    assert box["height"] >= 44, box
    assert axe_violations(thumb) == []
    live_app.clock.advance(hours=2)  # the test's clock stands still
    button.tap()
    thumb.wait_for_url(re.compile(rf"/cats/{cat}/today\?resumed=1$"))
    thumb.get_by_text(words.TODAY_RESUMED).wait_for()
    assert thumb.locator("#paused-notice").count() == 0
    assert thumb.locator("#decision").is_visible()
