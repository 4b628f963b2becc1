"""A trainer's pages (issue #9: a trainer looks and changes nothing), on both
databases: no form or link that leads to a refused post, a plain line where
the household's forms would be, the log form's address answered with a way
back, and trip planning that works; the owner's pages keep every form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from catpack import words
from catpack.settings import Settings
from catpack.store import schema as t
from tests.page_helpers import FormClient, step_level
from tests.web.pages.test_gear_pages import PACK_FORM
from tests.web.pages.test_login_pages import (
    PASSWORD,
    accounts_app,
    log_in,
    owner_with_a_cat,
    sign_up,
)
from tests.web.pages.test_pages import CALM

#: The posts a trainer may make from the pages: the account's own, and a trip's plan.
TRAINER_POSTS = {"/logout", "/account/password", "/account/logout-everywhere", "/trip#answer"}

#: Every page a trainer can open for the household's cat ({cat}, {session}, {trip}).
PAGES = (
    "/cats/{cat}/today",
    "/cats/{cat}/log",
    "/cats/{cat}/plan",
    "/cats/{cat}/history",
    "/cats/{cat}/trip",
    "/cats/{cat}/heat?temp=20",
    "/cats/{cat}/edit",
    "/cats/{cat}/settings",
    "/cats/{cat}/backpack",
    "/cats/{cat}/size",
    "/cats/{cat}/routine",
    "/cats/{cat}/today/pack",
    "/cats/{cat}/sessions/{session}/edit",
    "/cats/{cat}/trips/{trip}/outcome",
    "/cats/new",
    "/settings",
    "/reminders",
    "/account",
    "/guide",
)

#: Where a trainer reads the line saying who does what (catpack.words.LOOK_ONLY_WORDS).
LINES = {
    "/cats/{cat}/today": "today",
    "/cats/{cat}/trip": "trip",
    "/cats/{cat}/edit": "about",
    "/cats/{cat}/settings": "cat_settings",
    "/cats/{cat}/backpack": "backpack",
    "/cats/{cat}/size": "size",
    "/cats/{cat}/routine": "routine",
    "/reminders": "reminders",
    "/settings": "settings",
}

#: Pages that are only a form: a trainer gets what they are for and a way back.
FORM_ONLY = {
    "/cats/{cat}/log": ("log", "/cats/{cat}/today"),
    "/cats/{cat}/sessions/{session}/edit": ("session", "/cats/{cat}/history"),
    "/cats/{cat}/trips/{trip}/outcome": ("outcome", "/cats/{cat}/trip#saved-trips"),
    "/cats/new": ("new_cat", "/"),
}


@dataclass
class Household:
    owner: FormClient
    trainer: FormClient
    ids: dict[str, str]

    def url(self, path: str) -> str:
        return path.format(**self.ids)


@pytest.fixture
def household(db_settings: Settings) -> Iterator[Household]:
    """Ada's household: Mia with two logged sessions and a saved trip, and Tia,
    who joined by Ada's trainer invite (all through the pages)."""
    app = accounts_app(db_settings)
    with FormClient(app) as ada, FormClient(app) as tia:
        cat = owner_with_a_cat(ada)
        for _ in range(2):
            stage, level = step_level(ada.get(f"/cats/{cat}/log").text)
            logged = ada.post(
                f"/cats/{cat}/sessions",
                data={"stage": stage, "level": level, **CALM},
                follow_redirects=False,
            )
            assert logged.status_code == 303, logged.text
        edit = re.search(r"/cats/\d+/sessions/(\d+)/edit", ada.get(f"/cats/{cat}/history").text)
        assert edit, "the owner's history links each session to its edit page"
        saved = ada.post(
            f"/cats/{cat}/trips", data={"kind": "walk", "hours": "2"}, follow_redirects=False
        )
        assert saved.status_code == 303, saved.text
        trip = re.search(r"/trips/(\d+)/outcome", ada.get(f"/cats/{cat}/trip").text)
        assert trip, "the saved trip asks how it went"
        join_as_trainer(ada, tia)
        yield Household(ada, tia, {"cat": cat, "session": edit.group(1), "trip": trip.group(1)})


def join_as_trainer(owner: FormClient, trainer: FormClient) -> None:
    """The owner makes a trainer invite on the account page; Tia joins by its link."""
    join_as(owner, trainer, "trainer", "Tia")


def join_as(owner: FormClient, joiner: FormClient, role: str, name: str) -> None:
    """The owner makes an invite as ``role`` on the account page; ``name``
    (e-mail: the name in lower case @example.org) joins by its link."""
    invited = owner.post("/account/invites", data={"role": role})
    link = re.search(r'id="out-link"[^>]*value="[^"]*/join/([^"]+)"', invited.text)
    assert invited.status_code == 200 and link, invited.text
    joined = joiner.post(
        f"/join/{link.group(1)}",
        data={"name": name, "email": f"{name.lower()}@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    assert joined.status_code == 303, joined.text


def posts(html: str) -> list[str]:
    """The action of every form on the page that posts."""
    return re.findall(r'<form method="post" action="([^"]*)"', html)


def saying(key: str, cat: str = "Mia") -> str:
    """A trainer's line as the page prints it (escaped)."""
    return str(escape(words.look_only(key, cat)))


def trainer_pages(household: Household) -> dict[str, str]:
    """Every page, as the trainer gets it, checked: no form a trainer cannot
    post, no link into a page that is only a form, the line where it matters."""
    cat = household.ids["cat"]
    seen = {}
    for path in PAGES:
        r = household.trainer.get(household.url(path))
        assert r.status_code == 200, path
        html = seen[path] = r.text
        refused = [a for a in posts(html) if a.removeprefix(f"/cats/{cat}") not in TRAINER_POSTS]
        assert not refused, f"{path}: forms a trainer cannot post: {refused}"
        assert "hx-post" not in html, path
        # No way into a page that is only a form, nor to the household's reminders.
        for target in (
            rf'href="/cats/{cat}/log',
            r'/sessions/\d+/edit"',
            r'/outcome"',
            r'href="/cats/new"',
            r'href="/reminders"',
        ):
            assert not re.search(target, html), (path, target)
        if path in LINES:
            assert saying(LINES[path]) in html, path
            assert html.count('id="look-only"') == 1, path
    return seen


def test_a_trainer_sees_no_form_that_would_be_refused(household: Household) -> None:
    seen = trainer_pages(household)
    assert 'id="decision"' in seen["/cats/{cat}/today"]  # the coach's plan is all there
    assert seen["/cats/{cat}/history"].count("logged by Ada") == 2
    assert 'id="saved-trips"' in seen["/cats/{cat}/trip"]
    assert "How it went is not logged yet." in seen["/cats/{cat}/trip"]


def test_a_trainer_is_told_who_does_what_not_that_only_the_household_does(
    household: Household,
) -> None:
    """A trainer is one of the household's people (the account page lists it
    there), so "Only the household logs sessions" told it nothing: the lines
    name the owner and the caregivers."""
    seen = trainer_pages(household)
    for path, html in seen.items():
        assert "Only the household " not in html and "only the household " not in html, path
    assert "the owner and caregivers log the sessions" in seen["/cats/{cat}/today"]
    assert "only the owner removes" in seen["/cats/{cat}/edit"]


def test_a_trainer_reads_what_the_household_set(household: Household) -> None:
    """A paused cat, a paired thermometer, two backpacks, a calendar address:
    the trainer reads each, with none of the forms that change them."""
    ada, cat = household.owner, household.ids["cat"]
    done = [
        ada.post(f"/cats/{cat}/pause", data={"reason": "At the vet"}, follow_redirects=False),
        ada.post(f"/cats/{cat}/sensor", data={"address": "A4:C1:38:8D:18:B2"}),
        ada.post(f"/cats/{cat}/backpack", data={**PACK_FORM, "name": "Bubble"}),
        ada.post(f"/cats/{cat}/backpack?new=1", data={**PACK_FORM, "name": "Roomy"}),
        ada.post("/reminders/feed"),
    ]
    assert [r.status_code for r in done] == [303, 200, 200, 200, 200]
    seen = trainer_pages(household)
    about = seen["/cats/{cat}/edit"]
    assert 'id="paused"' in about and "At the vet" in about
    assert 'id="cat-details"' in about and "Happy in a harness" in about
    assert "<code>A4:C1:38:8D:18:B2</code>" in seen["/cats/{cat}/settings"]
    backpack = seen["/cats/{cat}/backpack"]
    assert 'id="fit"' in backpack and 'id="use-pack"' not in backpack
    assert 'id="reminder-times"' in seen["/reminders"] and "18:00" in seen["/reminders"]
    # The owner still has each form.
    owners = {
        f"/cats/{cat}/edit": f'action="/cats/{cat}/resume"',
        f"/cats/{cat}/settings": f'action="/cats/{cat}/sensor/unpair"',
        f"/cats/{cat}/backpack": 'id="use-pack"',
        "/reminders": 'action="/reminders/feed/off"',
    }
    for path, needle in owners.items():
        assert needle in ada.get(path).text, path


def test_the_owner_keeps_every_form(household: Household) -> None:
    """The same pages, for the owner: every form and link is there, no trainer's line."""
    ada, cat = household.owner, household.ids["cat"]
    expected = {
        "/cats/{cat}/today": ['id="log-link" href="/cats/{cat}/log'],
        "/cats/{cat}/log": ['action="/cats/{cat}/sessions"'],
        "/cats/{cat}/history": ["/cats/{cat}/sessions/{session}/edit"],
        "/cats/{cat}/trip": [
            'action="/cats/{cat}/trip#answer"',
            "/trips/{trip}/outcome",
            "/delete",
        ],
        "/cats/{cat}/edit": ['id="cat-form"', 'action="/cats/{cat}/pause"', "/cats/{cat}/delete"],
        "/cats/{cat}/settings": ['action="/cats/{cat}/sensor"'],
        "/cats/{cat}/backpack": ['action="/cats/{cat}/backpack#pack-form"'],
        "/cats/{cat}/size": ['id="size-form"'],
        "/cats/{cat}/routine": ['id="routine-form"'],
        "/cats/{cat}/sessions/{session}/edit": ['id="delete-session"'],
        "/cats/{cat}/trips/{trip}/outcome": ['id="outcome-form"'],
        "/cats/new": ['action="/cats"'],
        "/settings": ['action="/settings"', 'href="/cats/new"', 'href="/reminders"'],
        "/reminders": ['id="reminder-times"', 'action="/reminders/feed#calendar"', "data-push-on"],
    }
    for path in PAGES:
        r = ada.get(household.url(path))
        assert r.status_code == 200, path
        assert 'id="look-only"' not in r.text, path
        for needle in expected.get(path, []):
            assert household.url(needle) in r.text, (path, needle)
    assert f'<a href="/cats/{cat}/log"' in ada.get(f"/cats/{cat}/plan").text


def test_a_page_that_is_only_a_form_says_who_fills_it_in(household: Household) -> None:
    """The log form's address (a bookmark, a link sent on) is no dead end."""
    for path, (key, back) in FORM_ONLY.items():
        r = household.trainer.get(household.url(path))
        heading, line, back_words = words.LOOK_ONLY_PAGES[key]
        assert r.status_code == 200, path
        assert f"<h1>{escape(heading)}</h1>" in r.text, path
        assert str(escape(line.format(cat="Mia"))) in r.text, path
        assert f'href="{household.url(back)}" id="look-only-back">{back_words}</a>' in r.text
        assert "<form" not in r.text.replace('<form method="post" action="/logout"', ""), path


def test_a_trainer_plans_a_trip_but_does_not_save_it(household: Household) -> None:
    tia, cat = household.trainer, household.ids["cat"]
    trip = {"kind": "hike", "hours": "3", "temp": "31", "humidity": "60", "sun": "full"}
    planned = tia.post(f"/cats/{cat}/trip", data=trip)
    assert planned.status_code == 200, planned.text
    assert 'id="trip-result"' in planned.text and "Packing list" in planned.text
    assert 'id="save-trip"' not in planned.text and '/trips"' not in planned.text
    assert saying("trip") in planned.text
    # The answer is the owner's: the same plan, with the form to save it.
    owners = household.owner.post(f"/cats/{cat}/trip", data=trip)
    verdict = re.compile(r'<h2 id="trip-verdict">([^<]*)</h2>')
    assert verdict.search(planned.text) and verdict.search(owners.text)
    assert verdict.findall(planned.text) == verdict.findall(owners.text)
    assert 'id="save-trip"' in owners.text
    # Bad input is named on its field, as for the owner.
    wrong = tia.post(f"/cats/{cat}/trip", data={**trip, "hours": "-1"})
    assert wrong.status_code == 422 and 'href="#f-hours"' in wrong.text
    # Saving stays refused, on the server: nothing is stored.
    db = tia.app.state.db  # type: ignore[attr-defined]
    with db.read() as s:
        before = s.scalar(select(func.count()).select_from(t.Trip))
    refused = tia.post(f"/cats/{cat}/trips", data=trip, headers={"Accept": "text/html"})
    assert refused.status_code == 403
    assert "Nothing was saved" in refused.text and 'href="/"' in refused.text
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(t.Trip)) == before


def test_a_trainer_with_no_cat_yet_is_not_sent_in_circles(db_settings: Settings) -> None:
    """An account without a cat is sent from "/" to "add a cat": a trainer reads who
    adds cats there, and the way on is the account page (not "/" again)."""
    app = accounts_app(db_settings)
    with FormClient(app) as ada, FormClient(app) as tia:
        sign_up(ada)
        log_in(ada)
        join_as_trainer(ada, tia)
        r = tia.get("/")
        assert r.status_code == 200 and str(r.url).endswith("/cats/new")
        assert 'href="/account" id="look-only-back"' in r.text
        assert 'action="/cats"' not in r.text


@pytest.mark.parametrize("role", ["trainer", "member"])
def test_the_join_page_says_which_household_and_role(db_settings: Settings, role: str) -> None:
    """Finding (phone round): the invite link's page asked for a name, e-mail
    and password without saying which household it joins, nor as what. It
    says both in plain words before anything is typed; a used link says so
    at once (no form to fill in for nothing)."""
    app = accounts_app(db_settings)
    with FormClient(app) as ada, FormClient(app) as joiner:
        owner_with_a_cat(ada)
        invited = ada.post("/account/invites", data={"role": role})
        link = re.search(r'id="out-link"[^>]*value="[^"]*(/join/[^"]+)"', invited.text)
        assert link, invited.text
        page = joiner.get(link.group(1))
        assert page.status_code == 200
        offer = words.JOIN_AS[role].format(household="Ada's household")
        assert str(escape(offer)) in page.text
        assert str(escape("Join Ada's household")) in page.text
        assert 'name="password"' in page.text
        name = "Tia" if role == "trainer" else "Bob"
        joined = joiner.post(
            link.group(1),
            data={"name": name, "email": f"{name.lower()}@example.org", "password": PASSWORD},
            follow_redirects=False,
        )
        assert joined.status_code == 303, joined.text
        with FormClient(app) as late:
            used = late.get(link.group(1))
            assert used.status_code == 404
            assert words.JOIN_DEAD_LINK in used.text and words.JOIN_ASK_AGAIN in used.text
            assert 'name="password"' not in used.text and "Ada" not in used.text


def test_a_trainers_account_page_shows_names_not_e_mails(household: Household) -> None:
    """The people of the household, as a trainer's account page lists them:
    names and roles, the trainer's own e-mail, nobody else's."""
    page = household.trainer.get("/account")
    assert page.status_code == 200
    assert "Ada" in page.text and "tia@example.org" in page.text
    assert "ada@example.org" not in page.text
