"""The tab bar on a phone, for an owner (every tab: Today, Log, Plan, History,
Trip, Heat, More): one row at 320, 360 and 390 px, never two; every tab on
the screen (none hidden off the row's edge, none needing a sideways scroll)
with its whole label readable (not clipped, not cut by an ellipsis); each tab
a tap target at least 44 px high and wide; the current tab marked; no
sideways scroll of the page; no serious accessibility problem."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.browser_helpers import LiveApp, axe_violations, shoot
from tests.page_helpers import FormClient

TABS = ["Today", "Log", "Plan", "History", "Trip", "Heat", "More"]
#: Each tab's page, by the tab's name ({cat}: the cat's id).
PAGES = {
    "Today": "/cats/{cat}/today",
    "History": "/cats/{cat}/history",
    "Heat": "/cats/{cat}/heat",
    "More": "/settings",
}

MEASURE = """() => {
  const nav = document.querySelector('nav.tabs');
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            width: r.width, height: r.height}; };
  const label = (a) => { const r = document.createRange(); r.selectNodeContents(a);
    const b = r.getBoundingClientRect(); return {left: b.left, right: b.right}; };
  const tabs = [...nav.querySelectorAll('a')].map((a) => ({
    name: a.textContent.trim(), current: a.getAttribute('aria-current'), ...box(a),
    label: label(a), overflows: a.scrollWidth > a.clientWidth,
    ellipsis: getComputedStyle(a).textOverflow === 'ellipsis'}));
  const bar = box(nav);
  const border = parseFloat(getComputedStyle(nav).borderBottomWidth) || 0;
  return {bar, border, tabs, clientHeight: nav.clientHeight,
          rowScrolls: nav.scrollWidth > nav.clientWidth,
          page: document.documentElement.scrollWidth};
}"""


@pytest.fixture
def owner_app(live_app: LiveApp) -> Iterator[tuple[LiveApp, str]]:
    """The pages in local mode (the owner), with one cat."""
    client = FormClient(live_app.app)  # no lifespan: the server runs the app
    made = client.post("/cats", data={"name": "Mia"}, follow_redirects=False)
    assert made.status_code == 303, made.text
    yield live_app, str(made.headers["location"]).split("/")[2]


@pytest.mark.parametrize("width", [390, 360, 320])
def test_the_tabs_are_one_row_on_a_phone(
    owner_app: tuple[LiveApp, str], browser: Any, width: int
) -> None:
    live, cat = owner_app
    context = browser.new_context(
        viewport={"width": width, "height": 780}, device_scale_factor=2, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        for name, path in PAGES.items():
            page.goto(live.url + path.format(cat=cat))
            page.wait_for_load_state("load")
            seen = page.evaluate(MEASURE)
            tabs, bar = seen["tabs"], seen["bar"]
            assert [t["name"] for t in tabs] == TABS, path
            # One row: every tab at the same top, the bar as high as one tab.
            tops = {round(t["top"]) for t in tabs}
            assert len(tops) == 1, (width, path, tabs)
            assert abs(bar["height"] - seen["border"] - tabs[0]["height"]) <= 1, (width, seen)
            assert seen["clientHeight"] == round(tabs[0]["height"]), "no scrollbar under the row"
            for tab in tabs:  # tap targets
                assert tab["height"] >= 44 and tab["width"] >= 44, (width, tab)
            # The current tab is marked and fully on the screen.
            current = [t for t in tabs if t["current"] == "page"]
            assert [t["name"] for t in current] == [name], path
            assert current[0]["left"] >= -0.5 and current[0]["right"] <= width + 0.5, (
                width,
                path,
                current,
            )
            assert seen["page"] <= width, (width, path, "the page scrolls sideways")
            # The row fits the screen: no tab hides off its edge, none is
            # reached by scrolling the row, every label shows whole.
            assert not seen["rowScrolls"], (
                width,
                path,
                [(t["name"], t["left"], t["right"], t["width"]) for t in tabs],
            )
            for tab in tabs:
                assert tab["left"] >= -0.5 and tab["right"] <= width + 0.5, (width, tab)
                inside = tab["label"]["left"] >= tab["left"] - 0.5
                assert inside and tab["label"]["right"] <= tab["right"] + 0.5, (width, tab)
                assert not tab["overflows"] and not tab["ellipsis"], (width, tab)
        assert axe_violations(page) == []
        shoot(page, f"tabs-{width}", desktop=False)
    finally:
        context.close()
