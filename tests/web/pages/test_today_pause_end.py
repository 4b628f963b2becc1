"""Today during a break set with an end date (the command line, the API):
Resume cannot end such a break (``plans.resume`` ends only one without an
end date), so Today says until when, on the household's clock, and offers no
"Resume training" (it led to a line that the break ends by itself). A break
without an end date keeps its words and its button. The end comes from the
same read as the rest of Today (no statement more: test_one_way)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from markupsafe import escape

from catpack import words
from catpack.services import plans
from tests.page_helpers import Pages, owner


def _notice(html: str) -> str:
    """Today's pause notice ("" without one)."""
    found = re.search(r'<div class="notice stack" id="paused-notice">(.*?)</div>', html, re.S)
    return found[1] if found else ""


def test_today_says_until_when_a_break_with_an_end_date_runs(pages: Pages) -> None:
    cat = pages.add_cat()
    now = pages.clock()
    end = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)  # 09:00 on the household's clock
    plans.pause(pages.app.state.db, owner(pages.app), int(cat), start=now, end=end)
    pages.clock.advance(hours=1)
    notice = _notice(pages.client.get(f"/cats/{cat}/today").text)
    assert str(escape(words.TODAY_PAUSED_UNTIL.format(until="Sun 29 Nov, 09:00"))) in notice
    assert "paused since" not in notice
    assert "/resume" not in notice and "Resume training" not in notice
    # Once the end has passed, training is on again by itself: no notice.
    pages.clock.advance(days=4)
    assert _notice(pages.client.get(f"/cats/{cat}/today").text) == ""


def test_an_open_ended_break_keeps_its_resume_button(pages: Pages) -> None:
    cat = pages.add_cat()
    plans.pause(pages.app.state.db, owner(pages.app), int(cat), start=pages.clock())
    notice = _notice(pages.client.get(f"/cats/{cat}/today").text)
    assert str(escape(words.TODAY_PAUSED.format(since="Thu 26 Nov, 09:00"))) in notice
    assert f'action="/cats/{cat}/resume"' in notice and "Resume training</button>" in notice


def test_an_open_break_beside_one_with_an_end_date_can_be_resumed(pages: Pages) -> None:
    """Breaks may overlap (one with an end date is added while an open one
    runs): while the open one runs, Resume still ends it."""
    cat = pages.add_cat()
    now = pages.clock()
    db, actor = pages.app.state.db, owner(pages.app)
    plans.pause(db, actor, int(cat), start=now)
    plans.pause(db, actor, int(cat), start=now + timedelta(hours=1), end=now + timedelta(days=2))
    pages.clock.advance(hours=2)
    notice = _notice(pages.client.get(f"/cats/{cat}/today").text)
    assert "Resume training</button>" in notice and "paused until" not in notice
