"""Small owner-facing words a new user met walking through the web app on a
phone (2026-11-30, second walk): each page as its HTTP answer."""

from __future__ import annotations

import re

from markupsafe import escape

from catpack import words
from catpack.domain import protocol as P
from catpack.settings import Settings
from tests.page_helpers import FormClient, Pages, log_as_owner
from tests.web.pages.test_gear_pages import graduate
from tests.web.pages.test_log_pages import carried_next, form_of
from tests.web.pages.test_login_pages import PASSWORD, accounts_app
from tests.web.pages.test_pages import CALM


def test_a_dead_invite_link_has_nothing_to_fix(db_settings: Settings) -> None:
    """Finding: a used or expired invite link's page said "Please fix this:"
    above "This invite link was used already ...", though there is nothing
    the visitor can fix there. The line stands alone, then the way on."""
    with FormClient(accounts_app(db_settings)) as visitor:
        opened = visitor.get("/join/not-a-known-link")
        sent = visitor.post(
            "/join/not-a-known-link",
            data={"name": "Bob", "email": "bob@example.org", "password": PASSWORD},
        )
    for page in (opened, sent):
        assert page.status_code == 404
        assert "Please fix" not in page.text and 'id="form-errors"' not in page.text
        dead = page.text.index(f'<p id="dead-link" role="alert">{escape(words.JOIN_DEAD_LINK)}</p>')
        assert dead < page.text.index(f'<p id="ask-again">{escape(words.JOIN_ASK_AGAIN)}</p>')
        assert 'name="password"' not in page.text


def test_the_session_edit_page_says_the_level_of_how_many(pages: Pages) -> None:
    """Finding: the session edit page said "level 2" where every other page
    says "level 2 of 4" (the step's number of levels). It says both, for
    the session as logged (not a level a refused form sent)."""
    cat = pages.add_cat()
    at = pages.clock().isoformat()
    log_as_owner(
        pages.app,
        cat,
        {"at": at, "stage": "introduce", "level": 2, "observation": {"tail": "upright"}},
    )
    history = pages.client.get(f"/cats/{cat}/history").text
    edit = re.search(r'href="(/cats/\d+/sessions/(\d+)/edit)"', history)
    assert edit
    stage = P.BY_ID["introduce"]
    where = f'<p class="where">{escape(stage.title)} · level 2 of {len(stage.levels)}</p>'
    form = pages.client.get(edit[1]).text
    assert where in form
    refused = {**form_of(form), **CALM, "level": "9", "at": at[:16]}
    r = pages.client.post(f"/cats/{cat}/sessions/{edit[2]}", data=refused)
    assert r.status_code == 422 and where in r.text


def test_historys_now_at_names_the_step_once_with_its_level(pages: Pages) -> None:
    """Finding: History said "Now at: Harness · Harness and leash" (the step's
    label and its title repeat each other) and not the level, which Today
    and the log form give as "level 2 of 4". It names the step once, with the
    level of how many; a numbered step keeps its number."""
    cat = pages.add_cat()
    harness = P.BY_ID["harness-leash"]
    html = pages.client.get(f"/cats/{cat}/history").text
    now_at = re.search(r"<dt>Now at</dt><dd>([^<]*)</dd>", html)
    assert now_at and now_at[1] == f"{harness.title}, level 1 of {len(harness.levels)}"
    html = pages.client.get(f"/cats/{carried_next(pages, 'Tofu')}/history").text
    now_at = re.search(r"<dt>Now at</dt><dd>([^<]*)</dd>", html)
    movement = P.BY_ID["movement"]
    assert now_at and re.fullmatch(
        rf"Step 5 · {movement.title}, level \d of {len(movement.levels)}", now_at[1]
    )


def _result(html: str) -> str:
    found = re.search(r'<section class="card trip-result.*?</ul>\n</section>', html, re.S)
    assert found, html
    return found[0]


def test_a_trip_too_hot_to_go_gives_its_advice_as_for_later(pages: Pages) -> None:
    """Finding: the trip planner said "It is too hot for this outing", then
    "Stop every 5 minutes to check on Mia" and a packing list, as if the
    trip went ahead. A trip the heat holds back heads them as for a cooler
    time; a ready trip gives them plainly."""
    cat = pages.add_cat("Mia", harness_trained="yes")
    graduate(pages, cat)
    walk = {"kind": "walk", "hours": "0.5", "sun": "shade", "humidity": "50"}
    hot = _result(pages.client.post(f"/cats/{cat}/trip", data={**walk, "temp": "36"}).text)
    assert "Not ready yet" in hot and words.SAFETY_WORDS["heat_extreme"] in hot
    later = hot.index(f'<h3 id="trip-later-title">{words.TRIP_LATER["heat"]}</h3>')
    assert later < hot.index('id="trip-stops"') < hot.index('class="packing"')
    cool = _result(pages.client.post(f"/cats/{cat}/trip", data={**walk, "temp": "15"}).text)
    assert "Ready to go" in cool and "trip-later" not in cool and "Stop every" in cool
    # Not ready for another reason (the training): for when it is ready.
    young = pages.add_cat("Tofu")
    held = _result(pages.client.post(f"/cats/{young}/trip", data={**walk, "temp": "15"}).text)
    assert f'<h3 id="trip-later-title">{words.TRIP_LATER["other"]}</h3>' in held
