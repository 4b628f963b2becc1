"""A tap on a page older than the cat's state: "Resume training" once
training is back on, "Pause training" once it is paused (another tap, another
phone, an old tab). Nothing changes, as before, and the page the owner lands
on says so in a short line (it was a silent redirect: the owner could not
tell whether the tap did anything). The API keeps its 409 for both
(tests/web/test_api.py)."""

from __future__ import annotations

import re
from datetime import timedelta

from markupsafe import escape

from catpack import words
from catpack.services import plans
from tests.page_helpers import Pages, owner


def _flash(html: str) -> str:
    """The page's flash line ("" without one)."""
    found = re.search(r'<p class="flash" role="status">(.*?)</p>', html, re.S)
    return found[1] if found else ""


def test_resume_on_an_old_page_says_training_was_already_back_on(pages: Pages) -> None:
    cat = pages.add_cat()
    pages.client.post(f"/cats/{cat}/pause", data={"reason": "vet"})
    pages.clock.advance(days=1)
    first = pages.client.post(f"/cats/{cat}/resume", data={"back": "today"}, follow_redirects=False)
    assert first.headers["location"] == f"/cats/{cat}/today?resumed=1"
    # The same tap again, from Today's old notice: Today says it was on already.
    again = pages.client.post(f"/cats/{cat}/resume", data={"back": "today"}, follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"] == f"/cats/{cat}/today?already_on=1"
    today = pages.client.get(again.headers["location"]).text
    assert _flash(today) == str(escape(words.ALREADY_ON))
    assert 'id="paused-notice"' not in today
    # From the About page: back to it, with the same line.
    about = pages.client.post(f"/cats/{cat}/resume", data={}, follow_redirects=False)
    assert about.headers["location"] == f"/cats/{cat}/edit?already_on=1#pause"
    html = pages.client.get(about.headers["location"]).text
    assert _flash(html) == str(escape(words.ALREADY_ON))
    assert "Pause training</button>" in html
    [kept] = plans.list_pauses(pages.app.state.db, owner(pages.app), int(cat))
    assert kept.reason == "vet" and kept.ends_at is not None  # the first resume's


def test_pause_on_an_old_page_says_training_was_already_paused(pages: Pages) -> None:
    cat = pages.add_cat()
    first = pages.client.post(f"/cats/{cat}/pause", data={"reason": "vet"}, follow_redirects=False)
    assert first.headers["location"] == f"/cats/{cat}/edit?paused=1#pause"
    pages.clock.advance(hours=2)
    again = pages.client.post(
        f"/cats/{cat}/pause", data={"reason": "holiday"}, follow_redirects=False
    )
    assert again.status_code == 303
    assert again.headers["location"] == f"/cats/{cat}/edit?already_paused=1#pause"
    html = pages.client.get(again.headers["location"]).text
    assert _flash(html) == str(escape(words.ALREADY_PAUSED))
    assert 'id="paused"' in html and "(vet)" in html  # the first pause, unchanged
    [kept] = plans.list_pauses(pages.app.state.db, owner(pages.app), int(cat))
    assert kept.reason == "vet" and kept.ends_at is None


def test_resume_on_today_during_a_break_with_an_end_date(pages: Pages) -> None:
    """A break set with an end date (the command line, the API) shows on
    Today with its Resume button; resuming ends only a break without one, so
    the line says it ends by itself, not that training is on."""
    cat = pages.add_cat()
    now = pages.clock()
    plans.pause(
        pages.app.state.db, owner(pages.app), int(cat), start=now, end=now + timedelta(days=3)
    )
    pages.clock.advance(hours=1)
    assert 'id="paused-notice"' in pages.client.get(f"/cats/{cat}/today").text
    r = pages.client.post(f"/cats/{cat}/resume", data={"back": "today"}, follow_redirects=False)
    assert r.headers["location"] == f"/cats/{cat}/today?ends_by_itself=1"
    today = pages.client.get(r.headers["location"]).text
    assert _flash(today) == str(escape(words.PAUSE_ENDS_BY_ITSELF))
    assert 'id="paused-notice"' in today
