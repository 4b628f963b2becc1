"""A demanding new owner on a phone (360 x 740, touch), in accounts mode: what
the walk of 2026-11-30 found on the screen (the pages' share:
tests/web/pages/test_newuser_pages.py)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from catpack import words
from tests.browser.browser_helpers import log_in
from tests.browser.conftest import running
from tests.browser.test_login import accounts_app
from tests.browser.test_phone_walk import ada_logged, mia_logged_once  # noqa: F401
from tests.browser.test_walk_zone import _zone_note
from tests.page_helpers import ZONE
from tests.web.pages.test_login_pages import PASSWORD
from tests.web.pages.test_pages import HISS

NARROW = {"width": 360, "height": 740}

#: For each heading of the page's own column (not inside a card), the gap in
#: px between it and the bottom of what comes just before it.
GAPS_JS = """() => [...document.querySelectorAll('.page > h2')]
  .filter(h => h.previousElementSibling)
  .map(h => [h.textContent.trim(),
    Math.round(h.getBoundingClientRect().top
      - h.previousElementSibling.getBoundingClientRect().bottom)])"""


def test_a_section_heading_does_not_sit_on_the_button_above(
    ada_logged: tuple[str, str],  # noqa: F811
    thumb: Any,
) -> None:
    """Finding: on Settings and Account, the "Save settings", "Change
    password" and "Make an invite link" buttons touched the next section's
    heading (0-3 px): the heading read as the button's caption. Each section
    heading now stands at least 16 px clear of what is above it."""
    url, _cat = ada_logged
    thumb.set_viewport_size(NARROW)
    log_in(thumb, url + "/login", "ada@example.org", PASSWORD, r".*/today$")
    for path in ("/settings", "/account"):
        thumb.goto(url + path)
        gaps = thumb.evaluate(GAPS_JS)
        assert gaps, path
        assert [g for g in gaps if g[1] < 16] == [], (path, gaps)


#: Each link of each cat's entry on Settings: [cat, link, top, bottom].
CAT_LINKS_JS = """() => [...document.querySelectorAll('main li')]
  .filter(li => li.querySelector('a[href$="/edit"]'))
  .map(li => [...li.querySelectorAll('a')].map(a => {
    const r = a.getBoundingClientRect();
    return [a.textContent.trim(), Math.round(r.top), Math.round(r.bottom)];
  }))"""


def test_each_cats_links_on_settings_stand_one_per_line(
    ada_logged: tuple[str, str],  # noqa: F811
    thumb: Any,
) -> None:
    """Finding: Settings listed a cat as "Mia · About Mia (details, a break,
    download, delete) · Mia's settings (pack thermometer)": at 360 px the
    three links and their notes ran together over four ragged lines. Each
    link now starts a line of its own."""
    url, _cat = ada_logged
    thumb.set_viewport_size(NARROW)
    log_in(thumb, url + "/login", "ada@example.org", PASSWORD, r".*/today$")
    thumb.goto(url + "/settings")
    entries = thumb.evaluate(CAT_LINKS_JS)
    assert [[name for name, *_ in links] for links in entries] == [
        ["Mia", "About Mia", "Mia's settings"]
    ]
    for links in entries:
        for above, below in pairwise(links):
            assert below[1] >= above[2] - 1, (above, below)


def test_log_out_and_log_out_everywhere_stand_apart(
    ada_logged: tuple[str, str],  # noqa: F811
    thumb: Any,
) -> None:
    """Finding: at 360 px "Log out everywhere" sat 2 px under "Log out": a
    thumb that meant to log out of this phone could end every log-in and
    the API tokens (the pack sensor's) too. At least 8 px apart now."""
    url, _cat = ada_logged
    thumb.set_viewport_size(NARROW)
    log_in(thumb, url + "/login", "ada@example.org", PASSWORD, r".*/today$")
    thumb.goto(url + "/account")
    here = thumb.get_by_role("button", name="Log out", exact=True).bounding_box()
    everywhere = thumb.get_by_role("button", name="Log out everywhere").bounding_box()
    below = everywhere["y"] - (here["y"] + here["height"])
    beside = everywhere["x"] - (here["x"] + here["width"])
    assert max(below, beside) >= 8, (here, everywhere)


@pytest.fixture
def ada_after_a_stop(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Ada's Mia (household in ZONE) whose one session ended in real stress."""
    app = accounts_app(sqlite_template, tmp_path)
    _, cat, stopped = mia_logged_once(app, HISS)
    assert 'id="stop-banner"' in stopped
    with running(app) as url:
        yield url, cat


@pytest.mark.parametrize(("phone_zone", "shown"), [("America/New_York", True), (ZONE, False)])
def test_after_a_stop_try_again_and_history_say_whose_time(
    browser: Any, ada_after_a_stop: tuple[str, str], phone_zone: str, shown: bool
) -> None:
    """Finding: a caregiver's phone in another zone than the household's read
    "Try again: not before Tue 01 Dec, 06:30" on Today and the history's
    times with nothing saying they are the household's clock (the log form
    and Reminders say so). Both say it there, and only there."""
    url, cat = ada_after_a_stop
    today = f"{url}/cats/{cat}/today"
    said = words.TIME_ZONE_NOTE.format(zone=ZONE)
    _zone_note(browser, phone_zone, today, r".*/today$", "#stop-banner-zone", said, shown)
    history = f"{url}/cats/{cat}/history"
    said = words.TIMES_ZONE_NOTE.format(zone=ZONE)
    _zone_note(browser, phone_zone, history, r".*/history$", "#history-zone", said, shown)
