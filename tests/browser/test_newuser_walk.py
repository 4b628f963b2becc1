"""A demanding new owner on a phone (360 x 740, touch), in accounts mode: what
the walk of 2026-11-30 found on the screen (the pages' share:
tests/web/pages/test_newuser_pages.py)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from tests.browser.browser_helpers import log_in
from tests.browser.test_phone_walk import ada_logged  # noqa: F401
from tests.web.pages.test_login_pages import PASSWORD

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
