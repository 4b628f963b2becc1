"""Small owner-facing words about steps and levels (2026-12-01): each page as
its HTTP answer."""

from __future__ import annotations

import re

from markupsafe import escape

from catpack.domain import protocol as P
from catpack.web.pages import labels
from tests.page_helpers import Pages
from tests.web.pages.test_pages import CALM, HISS, log


def test_the_log_forms_step_picker_names_each_step_once(pages: Pages) -> None:
    """Finding: the log form's step picker read "Harness: Harness and leash"
    (the label and the title repeat each other). Each step reads once, the
    way History's "Now at" names it; a numbered step keeps its number."""
    cat = pages.add_cat()
    html = pages.client.get(f"/cats/{cat}/log").text
    picker = re.search(r'<select id="in-stage" name="stage"[^>]*>(.*?)</select>', html, re.S)
    assert picker
    options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', picker[1]))
    assert list(options) == [s.id for s in P.STAGES]
    for stage in P.STAGES:
        assert options[stage.id] == str(escape(labels.stage_named(stage.id, stage.title)))
    harness = P.BY_ID["harness-leash"]
    assert options["harness-leash"] == str(escape(harness.title))
    assert options["movement"] == str(escape(f"Step 5 · {P.BY_ID['movement'].title}"))


def _rested(pages: Pages) -> str:
    """A new cat that hissed in its second session, a day later: its rest is
    over and Today offers an easier session."""
    cat = pages.add_cat()
    pages.clock.advance(minutes=5)
    assert log(pages, cat, CALM)[0] == 200
    pages.clock.advance(minutes=20)
    assert log(pages, cat, HISS)[0] == 200
    pages.clock.advance(days=1)
    return cat


def test_todays_rest_is_over_says_the_level_of_how_many(pages: Pages) -> None:
    """Finding: after a rest, Today said "Today's session is an easier one:
    Harness and leash, level 1." where every other page says "level 1 of 4"."""
    cat = _rested(pages)
    html = pages.client.get(f"/cats/{cat}/today").text
    rested = re.search(r'<p class="notice" id="rested">([^<]*)</p>', html)
    harness = P.BY_ID["harness-leash"]
    assert rested
    assert rested[1].endswith(f"{escape(harness.title)}, level 1 of {len(harness.levels)}."), (
        rested[1]
    )


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_page_says_the_level_of_how_many(pages: Pages) -> None:
    """A sweep of the pages an owner reads about a cat's step: wherever a
    level's number is shown, so is the step's number of levels ("level 2 of
    4"), never a bare "level 2"."""
    cat = _rested(pages)
    history = pages.client.get(f"/cats/{cat}/history").text
    edit = re.search(r'href="(/cats/\d+/sessions/\d+/edit)"', history)
    assert edit
    urls = ["today", "log", "history", "plan"]
    seen = 0
    for url, html in [(u, pages.client.get(f"/cats/{cat}/{u}").text) for u in urls] + [
        ("edit", pages.client.get(edit[1]).text)
    ]:
        text = _visible(html)
        bare = re.findall(r"\blevel \d+(?! of \d)", text, re.I)
        assert not bare, (url, bare)
        seen += len(re.findall(r"\blevel \d+ of \d+", text, re.I))
    assert seen >= 5
