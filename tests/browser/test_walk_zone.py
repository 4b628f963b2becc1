"""The log form's "When" on a phone in another time zone than the household's:
the time is the household's, and the page says so (only then)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from catpack import words
from tests.browser.browser_helpers import PHONE, log_in
from tests.browser.conftest import running
from tests.browser.test_login import accounts_app
from tests.page_helpers import ZONE, FormClient
from tests.web.pages.test_login_pages import PASSWORD, owner_with_a_cat


@pytest.fixture
def ada_with_mia(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[str, str]]:
    app = accounts_app(sqlite_template, tmp_path)
    cat = owner_with_a_cat(FormClient(app))
    with running(app) as url:
        yield url, cat


def _zone_note(
    browser: Any, phone_zone: str, url: str, then: str, note_at: str, said: str, shown: bool
) -> None:
    """Log in on a phone in ``phone_zone`` at ``url``: the note at ``note_at``
    says ``said`` when ``shown``, else stays hidden."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, timezone_id=phone_zone
    )
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, url, "ada@example.org", PASSWORD, then)
        note = page.locator(note_at)
        if shown:
            note.wait_for(state="visible")
            assert note.inner_text() == said
        else:
            page.wait_for_load_state("load")
            assert note.is_hidden()
    finally:
        context.close()


@pytest.mark.parametrize(("phone_zone", "shown"), [("America/New_York", True), (ZONE, False)])
def test_when_says_it_is_the_households_time_on_a_phone_elsewhere(
    browser: Any, ada_with_mia: tuple[str, str], phone_zone: str, shown: bool
) -> None:
    url, cat = ada_with_mia
    said = words.LOG_ZONE_NOTE.format(zone=ZONE)
    log = f"{url}/cats/{cat}/log"
    _zone_note(browser, phone_zone, log, rf".*/cats/{cat}/log$", "#zone-note", said, shown)


@pytest.mark.parametrize(("phone_zone", "shown"), [("America/New_York", True), (ZONE, False)])
def test_reminder_times_say_they_are_the_households_on_a_phone_elsewhere(
    browser: Any, ada_with_mia: tuple[str, str], phone_zone: str, shown: bool
) -> None:
    """Finding (#9, phone audit): Reminders asked for a "Usual session time"
    and quiet hours without saying whose clock: they are the household's."""
    url, _cat = ada_with_mia
    said = words.TIMES_ZONE_NOTE.format(zone=ZONE)
    note = "#reminder-times [data-zone-note]"
    _zone_note(browser, phone_zone, f"{url}/reminders", r".*/reminders$", note, said, shown)
