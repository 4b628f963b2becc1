"""Dead ends a demanding new owner met on a phone (the walk of 2026-11-30,
accounts mode, two cats, a caregiver and a trainer): each page as its HTTP
answer (the browser's share: tests/browser/test_newuser_walk.py)."""

from __future__ import annotations

import re

from markupsafe import escape

from catpack import words
from catpack.settings import Settings
from tests.page_helpers import FormClient, Pages, step_level
from tests.web.pages.test_log_pages import carried_next
from tests.web.pages.test_login_pages import accounts_app, log_in, owner_with_a_cat
from tests.web.pages.test_pages import CALM
from tests.web.pages.test_trainer_pages import Household, household  # noqa: F401


def test_the_account_page_keeps_the_tabs_and_the_cat_switcher(pages: Pages) -> None:
    """Finding: "Account, people and share links" (under More) opened a page
    with no tabs and no cat switcher: the only ways out were the browser's
    back and the brand. It shows them as More does, More marked, and the
    switcher keeps the account page; the share form starts on that cat."""
    pages.add_cat("Mia")
    tofu = pages.add_cat("Tofu")
    pages.client.get(f"/switch?cat_id={tofu}")
    html = pages.client.get("/account").text
    assert '<nav class="tabs" aria-label="Main">' in html
    assert f'<a href="/cats/{tofu}/today"' in html
    assert re.search(r'<a href="/settings" aria-current="page">More</a>', html)
    assert f'href="/switch?cat_id={tofu}&amp;to=account"' in html
    assert re.search(rf'<option value="{tofu}" selected>Tofu</option>', html)
    back = pages.client.get(f"/switch?cat_id={tofu}&to=account", follow_redirects=False)
    assert back.headers["location"] == "/account"


def test_the_log_in_page_says_the_log_out_took(db_settings: Settings) -> None:
    """Finding: "Log out" (on a shared phone, say) led to the bare log-in form,
    the same as an expired log-in: nothing said it took. The log-in page
    says so, and "Log out everywhere" says what else it ended."""
    with FormClient(accounts_app(db_settings)) as phone:
        owner_with_a_cat(phone)
        out = phone.post("/logout", follow_redirects=False)
        assert out.headers["location"] == "/login?out=here"
        page = phone.get(out.headers["location"]).text
        assert f'<p class="flash" role="status">{words.LOGGED_OUT["here"]}</p>' in page
        log_in(phone)
        everywhere = phone.post("/account/logout-everywhere", follow_redirects=False)
        page = phone.get(everywhere.headers["location"]).text
        assert words.LOGGED_OUT["everywhere"] in page
        # A plain visit to the log-in page (an expired log-in) says nothing of it.
        assert 'class="flash"' not in phone.get("/login").text


def test_the_log_form_says_what_a_try_is(pages: Pages) -> None:
    """Finding: the log form's "Tries" and "Calm tries" said nothing of what
    a try is or whether they must be filled (the coach goes by them when
    both are given). A line under them says both."""
    cat = pages.add_cat()
    form = pages.client.get(f"/cats/{cat}/log").text
    tries = form.index('id="in-calm_reps"')
    hint = form.index(f'<p class="hint" id="reps-hint">{words.LOG_TRIES_HINT}</p>')
    assert tries < hint < form.index('id="in-minutes"')


def test_a_saved_trip_says_plainly_when_to_come_back() -> None:
    """Finding: a saved trip read "Coming up. After it has started, tell here
    how it went." ("tell here": tell whom, where?)."""
    assert (
        words.TRIP_COMING_UP == "Coming up. Once it has begun, come back here to say how it went."
    )


def test_the_backpack_form_says_the_mesh_field_is_a_count(pages: Pages) -> None:
    """Finding: "Sides with mesh for air" over an empty box: a new owner did
    not know whether to type which sides, yes, or a number."""
    cat = pages.add_cat()
    form = pages.client.get(f"/cats/{cat}/backpack").text
    label = "Sides with mesh for air (how many; 0 if none)"
    assert f'<label for="in-mesh_sides">{label}</label>' in form


def test_removing_someone_from_the_household_takes_a_second_tap(
    household: Household,  # noqa: F811
) -> None:
    """Finding: "Remove" sat next to each person's name on the account page
    and took their access away at the first tap, with nothing said before.
    It opens first, says what it does, and "Yes, remove Tia" removes."""
    page = household.owner.get("/account").text
    entry = re.search(r"<li>Tia · .*?</li>", page, re.S)
    assert entry, page
    box = re.search(
        r'<details class="remove-member"><summary>Remove Tia…</summary>(.*?)</details>',
        entry[0],
        re.S,
    )
    assert box, entry[0]
    assert str(escape(words.REMOVE_MEMBER.format(name="Tia"))) in box[1]
    assert ">Yes, remove Tia</button>" in box[1]
    token = re.search(r'name="csrf_token" value="([^"]+)"', box[1])
    action = re.search(r'action="(/account/members/\d+/remove)"', box[1])
    assert token and action
    done = household.owner.post(action[1], data={"csrf_token": token[1]}, follow_redirects=False)
    assert done.headers["location"] == "/account?saved=removed"


def test_todays_stress_line_does_not_run_into_its_link(pages: Pages) -> None:
    """Finding: after a session Today read "Last session: stress 1 of 7 —
    Fully relaxed reading the signs" (the label ran into the guide's link,
    as if the cat were reading). The label ends its sentence; the link says
    what it opens."""
    cat = pages.add_cat()
    stage, level = step_level(pages.client.get(f"/cats/{cat}/log").text)
    pages.client.post(f"/cats/{cat}/sessions", data={"stage": stage, "level": level, **CALM})
    today = pages.client.get(f"/cats/{cat}/today").text
    line = re.search(r'<p class="stress">(.*?)</p>', today, re.S)
    assert line, today
    said = " ".join(re.sub(r"<[^>]+>", " ", line[1]).split())
    shape = r"Last session: stress \d of 7 — [A-Z][a-z ]+\. How to read the signs"
    assert re.fullmatch(shape, said), said


def test_a_used_invite_link_leads_to_the_log_in(db_settings: Settings) -> None:
    """Finding: a caregiver who had joined, logged out, and opened the invite
    link again from the message it came in read "This invite link was used
    already ... Ask the person who sent it for a new link", with no way to
    the log-in. The page offers it."""
    app = accounts_app(db_settings)
    with FormClient(app) as ada, FormClient(app) as bob:
        owner_with_a_cat(ada)
        invited = ada.post("/account/invites", data={"role": "member"})
        token = re.search(r'id="out-link"[^>]*value="[^"]*/join/([^"]+)"', invited.text)
        assert token, invited.text
        joined = bob.post(
            f"/join/{token[1]}",
            data={"name": "Bob", "email": "bob@example.org", "password": "pw-123456"},
            follow_redirects=False,
        )
        assert joined.status_code == 303
        bob.post("/logout")
        again = bob.get(f"/join/{token[1]}")
    assert again.status_code == 404
    assert str(escape(words.JOIN_USED_LOG_IN)) in again.text
    assert '<a class="btn secondary" href="/login">Log in</a>' in again.text


def test_todays_check_button_says_what_it_checks(pages: Pages) -> None:
    """Finding: at home, with no safety checks to tick, "Before you start"
    held only the folded weather and a button "Check": a new owner took it
    for a step to do before the session. With nothing to tick it says
    "Check the heat"; with checks to tick it stays "Check" (it checks both)."""
    cat = pages.add_cat()
    today = pages.client.get(f"/cats/{cat}/today").text
    form = re.search(r'<form class="card stack"[^>]*id="prepare".*?</form>', today, re.S)
    assert form and 'name="check"' not in form[0]
    assert '<button type="submit" class="btn secondary">Check the heat</button>' in form[0]
    carried = carried_next(pages, "Tofu")
    moving = pages.client.get(f"/cats/{carried}/today").text
    assert 'name="check"' in moving
    assert '<button type="submit" class="btn secondary">Check</button>' in moving
