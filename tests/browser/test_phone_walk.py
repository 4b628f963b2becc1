"""A new owner on a phone, in accounts mode: making an account from the log-in
page (there was no way but the API), and sending a share link to a trainer
(the link sat in a 177x21 px box with nothing to copy it), then opening it
logged out; under the app's Content-Security-Policy, no serious
accessibility problem, nothing wider than the screen at 390 and 320 px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from catpack import words
from tests.browser.browser_helpers import PHONE, axe_violations, log_in, shoot
from tests.browser.conftest import running
from tests.browser.test_login import accounts_app
from tests.page_helpers import FormClient, step_level
from tests.web.pages.test_login_pages import PASSWORD, owner_with_a_cat
from tests.web.pages.test_pages import CALM

SMALL = {"width": 320, "height": 568}


@pytest.fixture
def empty_accounts(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    with running(accounts_app(sqlite_template, tmp_path)) as url:
        yield url


@pytest.fixture
def ada_with_mia(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    app = accounts_app(sqlite_template, tmp_path)
    owner_with_a_cat(FormClient(app))  # no lifespan: the server runs the app
    with running(app) as url:
        yield url


def fits(page: Any, width: int) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth") <= width)


def test_a_new_owner_makes_an_account_on_a_phone(empty_accounts: str, thumb: Any) -> None:
    thumb.goto(empty_accounts + "/")
    thumb.wait_for_url(re.compile(r".*/login"))
    make = thumb.get_by_role("link", name="Make an account")
    assert make.bounding_box()["height"] >= 44
    make.tap()
    thumb.wait_for_url(re.compile(r".*/signup$"))
    thumb.get_by_label("Your name").fill("Ada")
    thumb.get_by_label("E-mail").fill("ada@example.org")
    thumb.get_by_label(re.compile("Password")).fill("short")
    # The browser's own length check is what a phone shows first; the
    # server's message is checked with it out of the way.
    thumb.evaluate("() => document.getElementById('in-password').removeAttribute('minlength')")
    thumb.get_by_role("button", name=words.SIGNUP_BUTTON).tap()
    thumb.locator("#form-errors").wait_for()
    assert "Password: use at least 8 characters." in thumb.locator("#form-errors").inner_text()
    assert thumb.get_by_label("E-mail").input_value() == "ada@example.org"
    for size in (PHONE, SMALL):
        thumb.set_viewport_size(size)
        assert fits(thumb, size["width"]), size
    thumb.set_viewport_size(PHONE)
    assert axe_violations(thumb) == []
    shoot(thumb, "signup-problem", desktop=False)
    thumb.get_by_label(re.compile("Password")).fill(PASSWORD)
    thumb.get_by_role("button", name=words.SIGNUP_BUTTON).tap()
    thumb.wait_for_url(re.compile(r".*/cats/new$"))
    assert thumb.get_by_role("heading", name="Welcome! Add your cat").is_visible()
    # The household took the phone's time zone.
    thumb.goto(empty_accounts + "/settings")
    phone_zone = thumb.evaluate("() => Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert thumb.get_by_label('Time zone (where "today" is)').input_value() == phone_zone


def test_a_share_link_is_copied_and_opens_logged_out(
    ada_with_mia: str, browser: Any, thumb: Any
) -> None:
    thumb.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=ada_with_mia)
    log_in(thumb, ada_with_mia + "/account", "ada@example.org", PASSWORD, r".*/account$")
    thumb.get_by_label("For (optional)").fill("Trainer Jo")
    thumb.get_by_role("button", name="Make a share link").tap()
    box = thumb.locator("#out-link")
    box.wait_for()
    link = box.input_value()
    assert "/shared/" in link
    # The whole link box across the card, a copy button big enough for a thumb.
    assert box.bounding_box()["width"] >= 280 and box.bounding_box()["height"] >= 44
    copy = thumb.get_by_role("button", name="Copy the link")
    assert copy.is_visible() and copy.bounding_box()["height"] >= 44
    copy.tap()
    thumb.get_by_text("Copied").wait_for()
    assert thumb.get_by_label("The link (shown only this once)").input_value() == link
    assert thumb.evaluate("() => navigator.clipboard.readText()") == link
    assert axe_violations(thumb) == []
    thumb.set_viewport_size(SMALL)
    assert fits(thumb, SMALL["width"])
    thumb.set_viewport_size(PHONE)
    shoot(thumb, "share-link-made", desktop=False)
    # The trainer opens it on a phone with no log-in.
    trainer = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        seen = trainer.new_page()
        seen.goto(link)
        assert "Mia" in seen.locator("main").inner_text()
        assert "/login" not in seen.url
        assert fits(seen, PHONE["width"])
    finally:
        trainer.close()


#: Every visible button's height, by its words.
BUTTONS_JS = """() => [...document.querySelectorAll('main button')]
  .filter(b => b.getBoundingClientRect().height > 0)
  .map(b => [b.textContent.trim(), b.getBoundingClientRect().height])"""

#: Links that stand on their own (not inside a sentence), by page.
LONE_LINKS = {
    "today": ["Where this fits in the whole plan"],
    "history": ["See the whole plan", "Change or delete"],
    "plan": ["Jump to where Mia is", "How to read the cat"],
    "size": ["Mia's backpack and its fit"],
    "settings": ["Back to today"],
}


def mia_logged_once(app: Any, observation: dict[str, str]) -> tuple[FormClient, str, str]:
    """Ada signs up in ``app`` and logs one session of ``observation`` for her
    new cat through the pages: her client, the cat's id and the answer's page."""
    ada = FormClient(app)
    cat = owner_with_a_cat(ada)
    stage, level = step_level(ada.get(f"/cats/{cat}/log").text)
    logged = ada.post(f"/cats/{cat}/sessions", data={"stage": stage, "level": level, **observation})
    assert logged.status_code == 200, logged.text
    return ada, cat, logged.text


@pytest.fixture
def ada_logged(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Ada's Mia with a logged session and a share link, in accounts mode."""
    app = accounts_app(sqlite_template, tmp_path)
    ada, cat, _ = mia_logged_once(app, CALM)
    assert ada.post("/account/shares", data={"cat_id": cat}).status_code == 200
    with running(app) as url:
        yield url, cat


def test_what_a_thumb_taps_is_at_least_44_px_tall(ada_logged: tuple[str, str], thumb: Any) -> None:
    """Lone links ('See the whole plan', 'Change or delete', the cats on
    Settings: 18-21 px) and the small buttons ('Switch off': 40 px) were
    under 44 px on a phone."""
    url, cat = ada_logged
    log_in(thumb, url + "/login", "ada@example.org", PASSWORD, r".*/today$")
    for path, names in LONE_LINKS.items():
        thumb.goto(f"{url}/cats/{cat}/{path}")
        for name in names:
            link = thumb.get_by_role("link", name=name).first
            assert link.bounding_box()["height"] >= 44, (path, name)
    thumb.goto(url + "/settings")
    for name in ("Mia", "About Mia", "Mia's settings", "Account, people and share links"):
        link = thumb.locator("main").get_by_role("link", name=name, exact=True)
        assert link.bounding_box()["height"] >= 44, name
    thumb.goto(url + "/account")
    buttons = thumb.evaluate(BUTTONS_JS)
    assert "Switch off" in [words for words, _ in buttons]
    assert [b for b in buttons if b[1] < 44] == []
