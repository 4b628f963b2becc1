"""Signing up on the pages (CATPACK_SIGNUP=open): a new owner on a phone had
no way to make an account (only ``POST /api/v1/users``); the log-in page now
leads to /signup, whose problems say what to change and keep what was typed.
Also: a refused log-in keeps the e-mail typed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from catpack import words
from catpack.settings import Settings
from catpack.store import schema as t
from catpack.web.pages.deps import LOGIN_COOKIE
from tests.page_helpers import FormClient
from tests.web.pages.test_login_pages import PASSWORD, accounts_app, log_in, sign_up

NEW = {"name": "Ada", "email": "ada@example.org", "password": PASSWORD}


@pytest.fixture
def browser(db_settings: Settings) -> Iterator[FormClient]:
    with FormClient(accounts_app(db_settings)) as c:
        yield c


def accounts(c: FormClient) -> int:
    with c.app.state.db.read() as s:  # type: ignore[attr-defined]
        return int(
            s.scalar(
                select(func.count()).select_from(t.User).where(t.User.email.like("%@example.org"))
            )
            or 0
        )


def test_log_in_page_leads_to_sign_up_and_it_logs_the_new_owner_in(browser: FormClient) -> None:
    login = browser.get("/login").text
    assert 'href="/signup"' in login and words.LOGIN_PAGE_SIGNUP["open"] in login
    form = browser.get("/signup")
    assert form.status_code == 200 and 'action="/signup"' in form.text
    assert 'href="/login"' in form.text  # a way back for someone who has an account
    made = browser.post("/signup", data=NEW, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"] == "/"
    assert browser.cookies.get(LOGIN_COOKIE)
    # Logged in, with no cat yet: on to the first cat's questions.
    first = browser.get("/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/cats/new"
    assert accounts(browser) == 1


def test_a_new_account_has_ways_out_of_the_first_cat_page(browser: FormClient) -> None:
    """Finding (phone round): a new account's first page (add a cat) had no
    tabs and no way to Settings, the account or a log-out: a dead end until a
    cat was added. It offers the three."""
    assert browser.post("/signup", data=NEW, follow_redirects=False).status_code == 303
    first = browser.get("/")
    assert first.status_code == 200 and str(first.url).endswith("/cats/new")
    exits = re.search(r'<nav[^>]*id="first-exits".*?</nav>', first.text, re.S)
    assert exits, first.text
    assert 'href="/settings"' in exits.group(0) and 'href="/account"' in exits.group(0)
    assert 'action="/logout"' in exits.group(0) and "Log out" in exits.group(0)
    assert browser.get("/settings").status_code == 200
    assert browser.get("/account").status_code == 200
    out = browser.post("/logout", follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login?out=here"
    again = browser.get("/cats/new", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/login")


def test_sign_up_problems_say_what_to_change_and_keep_what_was_typed(
    browser: FormClient,
) -> None:
    short = browser.post("/signup", data={**NEW, "password": "short"})
    assert short.status_code == 422
    assert "Password: use at least 8 characters." in short.text
    assert 'value="Ada"' in short.text and 'value="ada@example.org"' in short.text
    bad = browser.post("/signup", data={**NEW, "email": "not-an-address"})
    assert bad.status_code == 422 and words.ACCOUNT_PROBLEMS["email"] in bad.text
    assert accounts(browser) == 0
    assert browser.post("/signup", data=NEW, follow_redirects=False).status_code == 303
    with FormClient(browser.app) as other:
        taken = other.post("/signup", data={**NEW, "email": "Ada@Example.org"})
    assert taken.status_code == 409
    assert "already an account for it; log in instead" in taken.text
    assert accounts(browser) == 1


@pytest.mark.parametrize("mode", ["invite", "closed"])
def test_sign_up_by_invite_or_closed_says_so_and_makes_nothing(
    db_settings: Settings, mode: str
) -> None:
    said = words.SIGNUP_NEEDS_INVITE if mode == "invite" else words.SIGNUP_CLOSED
    with FormClient(accounts_app(db_settings, signup=mode)) as c:
        login = c.get("/login").text
        assert 'href="/signup"' not in login and words.LOGIN_PAGE_SIGNUP[mode] in login
        page = c.get("/signup")
        assert page.status_code == 200 and said in page.text
        assert 'action="/signup"' not in page.text and 'href="/login"' in page.text
        refused = c.post("/signup", data=NEW)
        assert refused.status_code == 403 and said in refused.text
        assert accounts(c) == 0


def test_a_refused_log_in_keeps_the_e_mail_typed(browser: FormClient) -> None:
    sign_up(browser)
    wrong = log_in(browser, password="not-it-at-all")
    assert wrong.status_code == 401
    assert 'value="ada@example.org"' in wrong.text


def test_settings_says_which_time_zone_is_used_while_none_is_set(browser: FormClient) -> None:
    """A new account's household has no time zone: the empty box showed a grey
    "Europe/Berlin" (a placeholder that reads as the setting) while the days
    followed the server's zone."""
    assert browser.post("/signup", data=NEW, follow_redirects=False).status_code == 303
    unset = browser.get("/settings").text
    assert 'placeholder="Europe/Berlin"' not in unset
    assert "follow Europe/Berlin, this server&#39;s time zone" in unset
    saved = browser.post("/settings", data={"units": "metric", "timezone": "America/New_York"})
    assert saved.status_code == 200
    assert re.search(r'id="in-timezone"[^>]*value="America/New_York"', saved.text)
    assert "this server&#39;s" not in saved.text


def test_sign_up_keeps_the_phones_time_zone_when_known(db_settings: Settings) -> None:
    app = accounts_app(db_settings)
    with FormClient(app) as c:
        made = c.post("/signup", data={**NEW, "timezone": "America/New_York"})
        assert made.status_code == 200
        assert re.search(r'id="in-timezone"[^>]*value="America/New_York"', c.get("/settings").text)
    with FormClient(app) as c:
        odd = {**NEW, "email": "bea@example.org", "timezone": "Mars/Olympus"}
        assert c.post("/signup", data=odd, follow_redirects=False).status_code == 303
        assert "this server&#39;s time zone" in c.get("/settings").text


def test_sign_ups_on_the_page_are_counted_per_address_like_the_apis(browser: FormClient) -> None:
    """The page's sign-up shares the API's per-address limit (users.SIGN_UPS in
    its window): without it the page was an unthrottled way to make households
    and to learn which e-mails have an account."""
    from catpack.services.users import SIGN_UPS

    for i in range(SIGN_UPS):
        browser.cookies.clear()
        r = browser.post("/signup", data={**NEW, "email": f"n{i}@example.org"})
        assert r.status_code in (200, 303), r.status_code
    browser.cookies.clear()
    refused = browser.post("/signup", data={**NEW, "email": "late@example.org"})
    assert refused.status_code == 429
    assert "Too many tries from here lately" in refused.text
    assert int(refused.headers["retry-after"]) > 0
    assert 'value="late@example.org"' in refused.text  # what was typed is kept
    assert accounts(browser) == SIGN_UPS


def test_zone_keys_that_name_no_place_are_refused_on_the_pages(browser: FormClient) -> None:
    """Finding (phone round): 'localtime' and 'Factory' were taken as a
    household's zone. The settings form names the field; sign-up's zone (the
    phone's own, filled in by app.js) is not stored."""
    made = browser.post("/signup", data={**NEW, "timezone": "localtime"}, follow_redirects=False)
    assert made.status_code == 303
    with browser.app.state.db.read() as s:  # type: ignore[attr-defined]
        zone = s.scalar(select(t.Household.timezone).where(t.Household.name == "Ada's household"))
    assert zone != "localtime"
    for name in ("localtime", "Factory"):
        r = browser.post("/settings", data={"units": "metric", "timezone": name})
        assert r.status_code == 422
        assert "Time zone:" in r.text and name in r.text
    saved = browser.post("/settings", data={"units": "metric", "timezone": "Europe/Berlin"})
    assert saved.status_code == 200
