"""Findings of the "new owner on a phone" audit (#9), in Debian's Chromium at
390x844 with a touch screen: a refused setting said nothing (the boosted form
dropped the 422 answer), the history table broke "Stress" in two, and lone
links on the session editor, the guide's contents and Settings were smaller
than a thumb; offline, the tabs did nothing and "offline since" was on the
phone's clock."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.browser.browser_helpers import PHONE, LiveApp, axe_violations
from tests.browser.test_offline import ZONE, Server, server  # noqa: F401 (the fixture)
from tests.browser.test_phone_round import _add_cat

pytestmark = pytest.mark.browser


def _log_calm(page: Any, url: str, cat: str) -> None:
    page.goto(f"{url}/cats/{cat}/log")
    for name, value in (("tail", "upright"), ("ears", "forward"), ("body", "relaxed")):
        page.locator(f"label:has(input[name='{name}'][value='{value}'])").tap()
    page.get_by_label("Minutes").fill("3")
    page.get_by_role("button", name="Save session").tap()
    page.wait_for_url(re.compile(r"/today\?logged=1"))


def test_a_refused_time_zone_says_why_and_keeps_what_was_typed(
    live_app: LiveApp, thumb: Any
) -> None:
    """Finding: Settings with a time zone that does not exist did nothing
    visible on Save (htmx drops a 422 answer of a boosted form): no message,
    and the owner could think it was saved."""
    _add_cat(thumb, live_app.url)
    thumb.goto(live_app.url + "/settings")
    thumb.locator("label:has(input[name=units][value=imperial])").tap()
    thumb.get_by_label('Time zone (where "today" is)').fill("Mars/Base")
    thumb.get_by_role("button", name="Save settings").tap()
    error = thumb.locator("#err-timezone")
    error.wait_for()
    assert error.is_visible()
    assert thumb.get_by_label('Time zone (where "today" is)').input_value() == "Mars/Base"
    assert thumb.locator("input[name=units][value=imperial]").is_checked()
    assert axe_violations(thumb) == []


def test_a_refused_thermometer_address_says_why(live_app: LiveApp, thumb: Any) -> None:
    """The same on a cat's settings: pairing a thermometer with an address
    that is not one did nothing visible."""
    cat = _add_cat(thumb, live_app.url)
    thumb.goto(f"{live_app.url}/cats/{cat}/settings")
    thumb.get_by_label("Its Bluetooth address").fill("not an address")
    thumb.locator("form[action$='/sensor'] button[type=submit]").tap()
    error = thumb.locator("#err-address")
    error.wait_for()
    assert error.is_visible()
    assert thumb.get_by_label("Its Bluetooth address").input_value() == "not an address"


def test_the_history_table_breaks_no_word(live_app: LiveApp, thumb: Any) -> None:
    """Finding: at 390 px the history table's last heading read "Stres" / "s"
    (every word could break anywhere, so the table squeezed that column)."""
    cat = _add_cat(thumb, live_app.url)
    _log_calm(thumb, live_app.url, cat)
    thumb.goto(f"{live_app.url}/cats/{cat}/history")
    lines = thumb.evaluate(
        """() => [...document.querySelectorAll('#chart-table th')].map(th => {
            const r = document.createRange(); r.selectNodeContents(th);
            const tops = new Set([...r.getClientRects()].map(c => Math.round(c.top)));
            return [th.innerText, tops.size];
        })"""
    )
    assert ["Stress", 1] in lines, lines
    assert thumb.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_lone_links_are_a_thumb_wide_and_tall(live_app: LiveApp, thumb: Any) -> None:
    """Finding: "Back to the history" on the session editor, the guide's
    contents and its "Where these facts come from" were 21 px tall; the
    cat's name on Settings 32 px wide."""
    cat = _add_cat(thumb, live_app.url, "Al")
    _log_calm(thumb, live_app.url, cat)
    thumb.goto(f"{live_app.url}/cats/{cat}/history")
    thumb.get_by_role("link", name=re.compile("^Change or delete")).first.tap()
    thumb.wait_for_url(re.compile(r"/sessions/\d+/edit"))
    back = thumb.get_by_role("link", name="Back to the history")
    assert back.bounding_box()["height"] >= 44
    thumb.goto(live_app.url + "/guide")
    contents = thumb.get_by_role("navigation", name="On this page").get_by_role("link")
    small = [
        (link.inner_text(), box["height"])
        for link in contents.all()
        if (box := link.bounding_box())["height"] < 44
    ]
    assert small == []
    sources = thumb.get_by_role("link", name="Where these facts come from")
    assert sources.bounding_box()["height"] >= 44
    thumb.goto(live_app.url + "/settings")
    name = thumb.locator("main").get_by_role("link", name="Al", exact=True)
    box = name.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box


def test_offline_the_tabs_still_lead_somewhere_and_times_are_the_households(
    server: Server,  # noqa: F811 (the fixture of test_offline)
    browser: Any,
) -> None:
    """Findings: offline, a tap on a tab did nothing at all (htmx's request
    failed and nothing was shown: not the kept copy, not the offline page);
    and Today's "Offline since ..." was on the phone's clock while the same
    line's "made ..." was on the household's ("Offline since 16:50 ... made
    11:49" for a phone in UTC and a household in New York)."""
    base = f"http://127.0.0.1:{server.port}"
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, timezone_id="America/New_York"
    )
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        cat = _add_cat(page, base)  # the household takes the phone's zone: set another
        page.goto(base + "/settings")
        page.get_by_label('Time zone (where "today" is)').fill(ZONE)
        page.get_by_role("button", name="Save settings").tap()
        page.wait_for_url(re.compile(r"/settings\?saved=1"))
        page.goto(f"{base}/cats/{cat}/today")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now under the worker, which keeps a copy of each page
        assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
        page.goto(f"{base}/cats/{cat}/log")
        page.goto(f"{base}/cats/{cat}/today")
        context.set_offline(True)
        tabs = page.get_by_role("navigation", name="Main")
        tabs.get_by_role("link", name="Log").tap()
        page.wait_for_url(re.compile(rf"/cats/{cat}/log$"))
        page.locator("#log-form").wait_for()
        tabs = page.get_by_role("navigation", name="Main")
        tabs.get_by_role("link", name="History").tap()  # never opened with signal
        page.wait_for_url(re.compile(rf"/cats/{cat}/history$"))
        page.get_by_role("heading", name="No connection").wait_for()
        page.goto(f"{base}/cats/{cat}/today")
        since = page.locator("#offline-since [data-since]")
        since.wait_for()
        shown = datetime.strptime(since.inner_text(), "%a %d %b, %H:%M")
        here = datetime.now(ZoneInfo(ZONE))
        shown = shown.replace(year=here.year, tzinfo=ZoneInfo(ZONE))
        assert abs(shown - here) < timedelta(minutes=10), (since.inner_text(), here)
    finally:
        context.close()


def test_todays_check_with_an_impossible_temperature_says_why(
    live_app: LiveApp, thumb: Any
) -> None:
    """The same dropped answer on Today: "Check" with 500 degrees did nothing
    visible (the 422 page, with its reason, was thrown away by htmx)."""
    _add_cat(thumb, live_app.url)
    thumb.get_by_text("Weather for this session").tap()
    thumb.get_by_label(re.compile("^Temperature")).fill("500")
    thumb.get_by_role("button", name="Check the heat").tap()
    error = thumb.locator("#err-temp")
    error.wait_for()
    assert "Temperature must be at most" in error.inner_text()
    assert thumb.get_by_label(re.compile("^Temperature")).input_value() == "500"
