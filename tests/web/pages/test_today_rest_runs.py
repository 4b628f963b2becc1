"""Today after a session logged during the rest that follows a stop.

The decision is then no longer the stop (the session just logged is judged:
"An easier level next", say), but its next session still waits for the rest
to end. Today showed no stop banner, nothing about when, and offered the
checks, the timer and the big "Log how it went" as if the next session could
start at once. It now says the cat is still resting and until when, and
keeps the session to start for then, as during the stop's own rest."""

from __future__ import annotations

from datetime import timedelta

from markupsafe import escape

from catpack import words
from tests.page_helpers import Pages
from tests.web.pages.test_pages import CALM, HISS, log


def test_a_session_logged_during_the_rest_still_waits_for_its_end(pages: Pages) -> None:
    cat = pages.add_cat(harness_trained="yes")
    for _ in range(2):  # introduce 1 and 2, calm
        pages.clock.advance(minutes=10)
        assert log(pages, cat, CALM)[0] == 200
    pages.clock.advance(minutes=10)
    status, html = log(pages, cat, HISS, stage="introduce", level="3")
    assert status == 200 and 'id="stop-banner"' in html
    pages.clock.advance(minutes=30)  # calm at the stopped level, during the rest
    status, _ = log(pages, cat, CALM, stage="introduce", level="3")
    assert status == 200
    today = pages.client.get(f"/cats/{cat}/today").text
    tag = today.split('<p class="tag">')[1].split("</p>")[0]
    assert tag == words.DECISION_WORDS["drop"]  # the session just logged is judged
    assert 'id="stop-banner"' not in today  # no "Stop now": that was the session before
    resting = words.TODAY_STILL_RESTING.format(cat="Mia", when="Fri 27 Nov")
    assert f'<p class="notice" id="still-resting">{escape(resting)}</p>' in today
    assert 'id="prepare"' not in today and 'class="btn big" id="log-link"' not in today
    assert 'class="btn secondary" id="log-link"' in today
    form = pages.client.get(f"/cats/{cat}/log").text
    assert "should be resting" in form
    # Once the rest is over, the session is on: no notice, the checks are back.
    pages.clock.advance(days=1)
    today = pages.client.get(f"/cats/{cat}/today").text
    assert 'id="still-resting"' not in today and 'id="prepare"' in today
    assert 'class="btn big" id="log-link"' in today


def test_a_phone_clock_a_little_ahead_is_no_rest(pages: Pages) -> None:
    """A session dated a few minutes after the server's clock (a phone's clock
    ahead: within the tolerance, so it is logged) puts the next session's
    "not before" at that time, a few minutes on: that is no rest. Today read
    any "not before" ahead as the rest after a stop ("still resting after
    real stress") and hid the checks and the timer, with no stress logged."""
    cat = pages.add_cat(harness_trained="yes")
    ahead = (pages.clock.now + timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M")
    assert log(pages, cat, CALM, at=ahead)[0] == 200
    today = pages.client.get(f"/cats/{cat}/today").text
    assert 'id="still-resting"' not in today
    assert 'id="prepare"' in today and 'class="btn big" id="log-link"' in today
