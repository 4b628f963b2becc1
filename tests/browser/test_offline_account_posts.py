"""Logging in, signing up and logging out while catpack cannot be reached
(the server down, a Wi-Fi without internet): the service worker answers the
post with a page it kept at install, as for any plain form, but with words
that fit: "Nothing was saved ... Go back to the form" told an owner tapping
"Log in" nothing about whether they were logged in. They read that catpack
could not be reached and that they are not logged in yet (logging out: that
they still are, on this phone), with the same way back. Once the server is
back, the same tap works.

The server is cut off with a route on the browser context (as in
test_offline_post.py), under the worker, which controls the page first.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from catpack import words
from catpack.web.pages.deps import LOGIN_COOKIE
from tests.browser.browser_helpers import log_in
from tests.browser.test_login import PASSWORD, accounts_url  # noqa: F401 (the fixture)
from tests.browser.test_offline_post import _posts_by_the_worker, _under_the_worker

pytestmark = pytest.mark.browser


def _cut_off(page: Any, url: str) -> re.Pattern[str]:
    """Nothing reaches the server from now on (until unrouted)."""
    everything = re.compile(re.escape(url) + "/.*")
    page.context.route(everything, lambda route: route.abort())
    return everything


def _logged_in(page: Any) -> bool:
    return any(c["name"] == LOGIN_COOKIE for c in page.context.cookies())


def _says(page: Any, kind: str) -> str:
    """The kept page for ``kind`` is shown: its heading and line; its button's name."""
    heading, line, back = words.OFFLINE_POST_NOT_SENT[kind]
    page.get_by_role("heading", name=heading).wait_for()
    assert page.locator("#not-saved").inner_text() == line
    assert page.get_by_role("heading", name="Not saved").count() == 0
    return back


@pytest.mark.parametrize("kind", ["login", "signup"])
def test_logging_in_with_the_server_out_of_reach_says_not_logged_in_yet(
    accounts_url: str,  # noqa: F811 (the fixture)
    thumb: Any,
    kind: str,
) -> None:
    start, button = ("/login", "Log in") if kind == "login" else ("/signup", words.SIGNUP_BUTTON)
    email = "ada@example.org" if kind == "login" else "bea@example.org"
    thumb.goto(accounts_url + start)
    _under_the_worker(thumb)
    by_worker = _posts_by_the_worker(thumb)
    cut = _cut_off(thumb, accounts_url)
    if kind == "signup":
        thumb.get_by_label("Your name").fill("Bea")
    thumb.get_by_label("E-mail").fill(email)
    thumb.get_by_label(re.compile("^Password")).fill(PASSWORD)
    thumb.get_by_role("button", name=button).tap()

    back = _says(thumb, kind)
    assert thumb.url == accounts_url + start  # at the post's address
    assert by_worker == [start]
    assert not _logged_in(thumb)

    # The server within reach again (the log-in page is never kept on the
    # phone: offline.js forgets the copies there, so with the server still
    # out of reach Back shows "No connection"): back to the form, whose
    # e-mail is still there, and the same tap logs in.
    thumb.context.unroute(cut)
    thumb.get_by_role("button", name=back).tap()
    thumb.wait_for_url(accounts_url + start)
    thumb.get_by_role("button", name=button).wait_for()
    assert thumb.get_by_label("E-mail").input_value() == email
    thumb.get_by_label(re.compile("^Password")).fill(PASSWORD)
    thumb.get_by_role("button", name=button).tap()
    thumb.wait_for_url(lambda url: start not in url)
    assert _logged_in(thumb)
    assert by_worker == [start, start]


@pytest.mark.parametrize(
    ("button", "kind", "action"),
    [
        ("Log out", "logout", "/logout"),
        ("Log out everywhere", "logout-everywhere", "/account/logout-everywhere"),
    ],
)
def test_logging_out_with_the_server_out_of_reach_says_still_logged_in(
    accounts_url: str,  # noqa: F811 (the fixture)
    thumb: Any,
    button: str,
    kind: str,
    action: str,
) -> None:
    log_in(thumb, accounts_url + "/account", "ada@example.org", PASSWORD, r"/account$")
    _under_the_worker(thumb)
    by_worker = _posts_by_the_worker(thumb)
    cut = _cut_off(thumb, accounts_url)
    thumb.get_by_role("button", name=button, exact=True).tap()

    back = _says(thumb, kind)
    assert thumb.url == accounts_url + action
    assert by_worker == [action]
    assert _logged_in(thumb)

    thumb.get_by_role("button", name=back, exact=True).tap()
    thumb.wait_for_url(accounts_url + "/account")
    thumb.context.unroute(cut)
    thumb.get_by_role("button", name=button, exact=True).tap()
    thumb.wait_for_url(re.compile(r"/login\?out=\w+$"))
    assert not _logged_in(thumb)
    assert by_worker == [action, action]
