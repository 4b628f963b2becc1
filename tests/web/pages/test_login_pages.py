"""The pages in accounts mode (CATPACK_AUTH=accounts): log-in, the cookie,
safe redirects, log-out (here and everywhere), a new password, throttling,
joining by invite, roles, and who logged a session, on both databases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from catpack import words
from catpack.services import members, users
from catpack.settings import Settings
from catpack.store import schema as t
from catpack.web.app import create_app
from catpack.web.pages import csrf
from catpack.web.pages.deps import LOGIN_COOKIE, safe_next
from tests.page_helpers import ZONE, FormClient, step_level
from tests.web.pages.test_pages import CALM

PASSWORD = "pw-123456"


def accounts_app(settings: Settings, **more: Any) -> Any:
    return create_app(
        settings.model_copy(
            update={"auth": "accounts", "argon2_memory_kib": 1024, "timezone": ZONE, **more}
        )
    )


@pytest.fixture
def browser(db_settings: Settings) -> Iterator[FormClient]:
    with FormClient(accounts_app(db_settings)) as c:
        yield c


def sign_up(c: FormClient, email: str = "ada@example.org") -> dict[str, Any]:
    made = c.post("/api/v1/users", json={"email": email, "name": "Ada", "password": PASSWORD})
    assert made.status_code == 201
    return dict(made.json())


def log_in(
    c: FormClient, email: str = "ada@example.org", password: str = PASSWORD, **more: str
) -> Any:
    return c.post(
        "/login", data={"email": email, "password": password, **more}, follow_redirects=False
    )


def owner_with_a_cat(c: FormClient, name: str = "Mia") -> str:
    """Sign Ada up, log her in and add a cat through the pages: its id."""
    sign_up(c)
    log_in(c)
    made = c.post("/cats", data={"name": name}, follow_redirects=False)
    assert made.status_code == 303, made.text
    return str(made.headers["location"].split("/")[2])


def test_every_page_needs_a_log_in(browser: FormClient) -> None:
    """Finding: the pages had no log-in (anyone who reached them acted as the owner)."""
    for path in ("/", "/cats/new", "/settings", "/cats/1/today", "/account"):
        r = browser.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/login?next=")
    r = browser.get("/cats/1/history?x=1", follow_redirects=False)
    assert r.headers["location"] == "/login?next=%2Fcats%2F1%2Fhistory%3Fx%3D1"
    htmx = browser.get("/", headers={"HX-Request": "true"}, follow_redirects=False)
    assert htmx.headers["hx-redirect"].startswith("/login")
    posted = browser.post("/cats", data={"name": "Mia"}, follow_redirects=False)
    assert posted.status_code == 303 and posted.headers["location"].startswith("/login")
    assert browser.get("/login").status_code == 200


def test_log_in_sets_a_guarded_cookie_and_returns_to_the_page(browser: FormClient) -> None:
    sign_up(browser)
    r = log_in(browser, "Ada@Example.org", next="/settings")
    assert r.status_code == 303 and r.headers["location"] == "/settings"
    [cookie] = [c for c in r.headers.get_list("set-cookie") if c.startswith(f"{LOGIN_COOKIE}=")]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    value = browser.cookies.get(LOGIN_COOKIE)
    assert value
    # Only a hash of the cookie is stored.
    db = browser.app.state.db  # type: ignore[attr-defined]
    with db.read() as s:
        stored = s.scalars(select(t.LoginSession.token_hash)).all()
    assert len(stored) == 1 and value not in stored[0]
    assert browser.get("/settings").status_code == 200


def test_secure_cookie_behind_tls(db_settings: Settings) -> None:
    app = accounts_app(db_settings, behind_tls=True)
    with FormClient(app) as plain:  # the proxy's X-Forwarded-Proto not believed: http
        made = plain.get("/login").headers.get_list("set-cookie")
        assert made and all("Secure" in cookie for cookie in made)  # the token's too
    with FormClient(app, base_url="https://testserver") as c:
        sign_up(c)
        made = log_in(c).headers.get_list("set-cookie")
        assert made and all("Secure" in cookie for cookie in made)  # the log-in's and its token's


@pytest.mark.parametrize(
    "target",
    ["//evil.example/x", "https://evil.example/", "/\\evil.example", "evil.example", "/%0d\n"],
)
def test_log_in_never_redirects_off_site(browser: FormClient, target: str) -> None:
    sign_up(browser)
    r = log_in(browser, next=target)
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_safe_next_keeps_local_paths() -> None:
    assert safe_next("/cats/3/today?x=1") == "/cats/3/today?x=1"
    assert safe_next(None) == "/"


def test_wrong_password_and_throttling_show_plain_messages(browser: FormClient) -> None:
    sign_up(browser)
    wrong = log_in(browser, password="not-it-at-all")
    assert wrong.status_code == 401 and "do not match" in wrong.text
    for _ in range(users.ACCOUNT_FAILURES - 1):
        log_in(browser, password="not-it-at-all")
    held = log_in(browser)
    assert held.status_code == 429 and "Please wait" in held.text
    assert int(held.headers["retry-after"]) > 0
    assert LOGIN_COOKIE not in browser.cookies


def test_log_out_and_log_out_everywhere(db_settings: Settings) -> None:
    app = accounts_app(db_settings)
    with FormClient(app) as phone, FormClient(app) as laptop:
        token = sign_up(phone)["token"]
        api = {"Authorization": f"Bearer {token}"}
        log_in(phone)
        log_in(laptop)
        assert laptop.get("/settings", follow_redirects=False).status_code == 200
        out = phone.post("/logout", follow_redirects=False)
        assert out.status_code == 303 and out.headers["location"] == "/login?out=here"
        assert phone.get("/settings", follow_redirects=False).status_code == 303
        assert laptop.get("/settings", follow_redirects=False).status_code == 200
        log_in(phone)
        everywhere = phone.post("/account/logout-everywhere", follow_redirects=False)
        assert everywhere.status_code == 303
        assert laptop.get("/settings", follow_redirects=False).status_code == 303
        assert phone.get("/settings", follow_redirects=False).status_code == 303
        # Finding (probe-sec): the API tokens lived on; "everywhere" ends them too.
        assert laptop.get("/api/v1/me", headers=api).status_code == 401


def test_a_new_log_in_ends_the_one_this_browser_had(browser: FormClient) -> None:
    """Finding (probe-sec, accounts2): logging in again in a browser that was
    logged in gave it a new cookie but left the old log-in alive for its 30
    days; "Log out" then ended only the new one, so a copy of the old cookie
    (a shared computer, a stolen cookie) stayed logged in. The log-in a
    browser presents ends when it logs in anew."""
    sign_up(browser)
    log_in(browser)
    first = browser.cookies.get(LOGIN_COOKIE)
    log_in(browser)
    second = browser.cookies.get(LOGIN_COOKIE)
    assert first and second and first != second
    copy = FormClient(browser.app)
    copy.cookies.set(LOGIN_COOKIE, first, domain="testserver.local")
    assert copy.get("/account", follow_redirects=False).status_code == 303
    assert browser.get("/account", follow_redirects=False).status_code == 200
    browser.post("/logout", follow_redirects=False)
    assert browser.get("/account", follow_redirects=False).status_code == 303


def test_change_password(browser: FormClient) -> None:
    sign_up(browser)
    log_in(browser)
    bad = browser.post(
        "/account/password", data={"current_password": "nope-nope", "new_password": "new-pass-1"}
    )
    assert bad.status_code == 422 and "not your password" in bad.text
    assert "nope-nope" not in bad.text
    ok = browser.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "new-pass-1"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert browser.get("/account").status_code == 200  # this browser stays logged in
    browser.cookies.clear()
    assert log_in(browser).status_code == 401
    assert log_in(browser, password="new-pass-1").status_code == 303


def test_a_new_password_ends_the_api_tokens_when_the_box_is_ticked(browser: FormClient) -> None:
    """Finding: a new password on the account page never ended the API tokens,
    so a token taken by whoever knew the old password lived on for its 90
    days. The box "Also end API tokens" ends them; left empty, they stay."""
    api = {"Authorization": f"Bearer {sign_up(browser)['token']}"}
    log_in(browser)
    page = browser.get("/account")
    assert 'name="end_tokens"' in page.text and words.END_TOKENS_LABEL in page.text
    kept = browser.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": "new-pass-1"}
    )
    assert kept.status_code == 200 and words.PASSWORD_CHANGED in kept.text
    assert browser.get("/api/v1/me", headers=api).status_code == 200
    ended = browser.post(
        "/account/password",
        data={"current_password": "new-pass-1", "new_password": "new-pass-2", "end_tokens": "yes"},
    )
    assert ended.status_code == 200 and words.PASSWORD_CHANGED_TOKENS in ended.text
    assert browser.get("/api/v1/me", headers=api).status_code == 401
    assert browser.get("/account").status_code == 200  # this browser stays logged in


def test_the_anti_forgery_token_is_bound_to_the_log_in(db_settings: Settings) -> None:
    """Finding (probe-sec): a token and cookie from another log-in, or from
    before logging in, planted in a browser (a sibling sub-domain or a
    plain-http answer can set cookies) were accepted for this log-in's posts.
    Each log-in now gets its own token, in the log-in's own answer."""
    app = accounts_app(db_settings)
    with FormClient(app) as ada, FormClient(app) as eve:
        cat_id = owner_with_a_cat(ada)
        before = ada.cookies.get(csrf.COOKIE)
        sign_up(eve, "eve@example.org")
        eve.get("/login")
        anonymous = eve.cookies.get(csrf.COOKIE)
        log_in(eve, "eve@example.org")
        evil = eve.cookies.get(csrf.COOKIE)
        assert anonymous and evil and before and evil != anonymous
        for planted in (anonymous, evil):
            ada.cookies.set(csrf.COOKIE, planted, domain="testserver.local")
            r = ada.post(
                f"/cats/{cat_id}/pause", data={"csrf_token": planted}, follow_redirects=False
            )
            assert r.status_code == 403, planted
        ada.cookies.set(csrf.COOKIE, before, domain="testserver.local")
        ok = ada.post(f"/cats/{cat_id}/pause", data={"csrf_token": before}, follow_redirects=False)
        assert ok.status_code == 303
        # A new log-in: a new token in its answer; the old one is refused.
        log_in(ada)
        fresh = ada.cookies.get(csrf.COOKIE)
        assert fresh and fresh != before
        old = ada.post(f"/cats/{cat_id}/resume", data={"csrf_token": before})
        assert old.status_code == 403
        new = ada.post(f"/cats/{cat_id}/resume", data={"csrf_token": fresh}, follow_redirects=False)
        assert new.status_code == 303


def test_an_owner_removes_a_caregiver_on_the_account_page(db_settings: Settings) -> None:
    app = accounts_app(db_settings)
    with FormClient(app) as ada, FormClient(app) as bob:
        owner_with_a_cat(ada)
        made = ada.post("/account/invites", data={"role": "member"})
        link = made.text.split('id="out-link" type="text" readonly value="')[1].split('"')[0]
        path = "/join/" + link.split("/join/")[1]
        bob.get(path)
        bob_data = {"email": "bob@example.org", "name": "Bob", "password": PASSWORD}
        joined = bob.post(path, data=bob_data, follow_redirects=False)
        assert joined.status_code == 303
        assert 'action="/account/members/' not in bob.get("/account").text  # not an owner
        page = ada.get("/account").text
        [action] = re.findall(r'action="(/account/members/\d+/remove)"', page)  # not her own
        gone = ada.post(action, follow_redirects=False)
        assert gone.status_code == 303 and gone.headers["location"] == "/account?saved=removed"
        assert "Removed from the household." in ada.get(gone.headers["location"]).text
        again = ada.post(action, follow_redirects=False)  # a second tap: nothing to do
        assert again.status_code == 303
        assert "Bob" not in ada.get("/account").text
        assert bob.get("/account", follow_redirects=False).status_code == 303  # logged out


def test_wrong_current_passwords_are_throttled_like_log_ins(browser: FormClient) -> None:
    """Finding: the current password could be guessed on the change form
    without limit (each guess an argon2 hash) by whoever holds a log-in."""
    sign_up(browser)
    log_in(browser)

    def change(current: str) -> Any:
        data = {"current_password": current, "new_password": "new-pass-1"}
        return browser.post("/account/password", data=data, follow_redirects=False)

    for n in range(users.ACCOUNT_FAILURES):
        assert change(f"guess-{n}").status_code == 422
    held = change(PASSWORD)  # the right one too, until the window ends
    assert held.status_code == 429 and "too many wrong ones" in held.text
    assert int(held.headers["retry-after"]) > 0
    browser.cookies.delete(LOGIN_COOKIE)
    browser.get("/login")  # as a browser gets there: the form and its token
    assert log_in(browser).status_code == 429  # one count with the log-in form


def test_join_by_invite_and_log_sessions_as_a_caregiver(db_settings: Settings) -> None:
    """Finding: a second household member could not join; each session records
    who logged it, shown in the history as a name."""
    app = accounts_app(db_settings)
    with FormClient(app) as ada, FormClient(app) as bob:
        cat_id = owner_with_a_cat(ada)
        made = ada.post("/account/invites", data={"role": "member"})
        assert made.status_code == 200
        link = made.text.split('id="out-link" type="text" readonly value="')[1].split('"')[0]
        path = "/join/" + link.split("/join/")[1]
        assert bob.get(path).status_code == 200
        joined = bob.post(
            path,
            data={"name": "Bob", "email": "bob@example.org", "password": PASSWORD},
            follow_redirects=False,
        )
        assert joined.status_code == 303 and LOGIN_COOKIE in bob.cookies
        again = FormClient(app).post(
            path, data={"name": "Eve", "email": "eve@example.org", "password": PASSWORD}
        )
        assert again.status_code == 404 and "used already" in again.text
        form = bob.get(f"/cats/{cat_id}/log").text
        stage, level = step_level(form)
        answers = {"stage": stage, "level": level, **CALM}
        logged = bob.post(f"/cats/{cat_id}/sessions", data=answers, follow_redirects=False)
        assert logged.status_code in (200, 303), logged.text
        history = ada.get(f"/cats/{cat_id}/history")
        assert "logged by Bob" in history.text
        # A caregiver may not hand out access.
        refused = bob.post("/account/invites", data={"role": "owner"})
        assert refused.status_code == 403
    db = app.state.db
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(t.Invite)) == 1


def test_trainer_pages_read_only(db_settings: Settings) -> None:
    app = accounts_app(db_settings)
    with FormClient(app) as ada, FormClient(app) as tia:
        owner = sign_up(ada)
        log_in(ada)
        cat = ada.post("/cats", data={"name": "Mia"}, follow_redirects=False)
        cat_id = cat.headers["location"].split("/")[2]
        from catpack.services.views import Actor

        actor = Actor(user_id=owner["user"]["id"], household_id=owner["user"]["household_id"])
        invite = members.create_invite(app.state.db, actor, "trainer", 7)
        assert invite.token
        tia.post(
            f"/join/{invite.token}",
            data={"name": "Tia", "email": "tia@example.org", "password": PASSWORD},
        )
        assert tia.get(f"/cats/{cat_id}/history").status_code == 200
        refused = tia.post(f"/cats/{cat_id}/sessions", data={"stage": "introduce", "level": "1"})
        assert refused.status_code == 403
        # Their own password is theirs to change.
        ok = tia.post(
            "/account/password",
            data={"current_password": PASSWORD, "new_password": "new-pass-1"},
            follow_redirects=False,
        )
        assert ok.status_code == 303


def test_a_share_label_with_a_nul_is_shown_on_its_field(db_settings: Settings) -> None:
    """The label went straight to the database: stored on SQLite, a server
    error on PostgreSQL."""
    app = accounts_app(db_settings)
    with FormClient(app) as ada:
        cat_id = owner_with_a_cat(ada)
        refused = ada.post("/account/shares", data={"cat_id": cat_id, "label": "Dr\x00 Rossi"})
        assert refused.status_code == 422
        assert '<a href="#f-label">For: it holds a character that cannot be stored' in refused.text
        assert 'id="made-link"' not in refused.text
    with app.state.db.read() as s:
        assert s.scalar(select(func.count()).select_from(t.CatShare)) == 0


def test_the_log_in_page_says_what_to_do_about_a_forgotten_password(
    browser: FormClient,
) -> None:
    """It said nothing: a forgotten password looked like the end of the account."""
    from markupsafe import escape

    from catpack import words

    page = browser.get("/login").text
    assert 'id="forgot-line"' in page
    assert str(escape(words.FORGOT_PASSWORD)) in page


def test_the_log_in_page_sends_a_logged_in_browser_on(browser: FormClient) -> None:
    """Opened again while logged in (a bookmark, the back button), /login showed
    the form, which would log in a second time: it now goes on to the page it
    was asked for (this site only), or to the start; with an ended log-in, the form."""
    cat = owner_with_a_cat(browser)
    home = browser.get("/login", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/"
    on = browser.get(f"/login?next=/cats/{cat}/history", follow_redirects=False)
    assert on.status_code == 303 and on.headers["location"] == f"/cats/{cat}/history"
    away = browser.get("/login?next=//evil.example/", follow_redirects=False)
    assert away.status_code == 303 and away.headers["location"] == "/"
    browser.post("/logout", follow_redirects=False)
    form = browser.get("/login", follow_redirects=False)
    assert form.status_code == 200 and 'name="password"' in form.text
