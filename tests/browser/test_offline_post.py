"""A plain form (posted as a whole page, not by htmx) while the phone has
signal but catpack cannot be reached (the server down, a dead Wi-Fi): the
service worker answers with its "Not saved" page instead of the browser's own
error page, and its button goes back to the form with what was typed. Posts
the server answers are untouched: the same redirects, the same refusals.

The server is cut off with a route on the browser context, which sees the
requests the service worker makes (a route on the page may not), and the
worker controls the page before the post (as on a phone after its first visit).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from catpack import words
from tests.browser.browser_helpers import LiveApp
from tests.browser.test_phone_round import _add_cat

pytestmark = pytest.mark.browser

PAUSE = re.compile(r".*/cats/\d+/pause$")


def _under_the_worker(page: Any) -> None:
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")


def _posts_by_the_worker(page: Any) -> list[str]:
    """The paths of the posts the service worker sends from now on."""
    seen: list[str] = []
    page.context.on(
        "request",
        lambda r: (
            seen.append(re.sub(r"^https?://[^/]+", "", r.url))
            if r.method == "POST" and r.service_worker is not None
            else None
        ),
    )
    return seen


@pytest.mark.parametrize("cut", ["post", "server"])
def test_a_plain_form_with_the_server_out_of_reach_says_nothing_was_saved(
    live_app: LiveApp, thumb: Any, cut: str
) -> None:
    """Finding: with signal but no way to the server, "Pause training" (a
    plain form) left the app for the browser's "This site can't be reached".
    The owner gets catpack's page: nothing was saved, and a button back to
    the form, where what was typed still is (a field the browser does not
    restore itself: autocomplete="off"); once the server is back, the same
    tap saves (through the worker: its redirect and token as before).

    ``post``: only the post fails (Back loads the form afresh); ``server``:
    nothing reaches the server any more (Back shows the phone's copy of the
    form page, which the owner reached by a tap on a link, as usual)."""
    cat = _add_cat(thumb, live_app.url)
    thumb.goto(f"{live_app.url}/settings")
    _under_the_worker(thumb)
    by_worker = _posts_by_the_worker(thumb)
    thumb.get_by_role("link", name="About Mia").tap()  # htmx's boosted link
    thumb.wait_for_url(re.compile(rf"/cats/{cat}/edit$"))
    thumb.get_by_label("Why (optional)").fill("Vet visit")
    cut_off = PAUSE if cut == "post" else re.compile(re.escape(live_app.url) + "/.*")
    thumb.context.route(
        cut_off,
        lambda route: (
            route.abort()
            if cut == "server" or route.request.method == "POST"
            else route.continue_()
        ),
    )
    thumb.get_by_role("button", name="Pause training").tap()

    thumb.get_by_role("heading", name="Not saved").wait_for()
    assert thumb.locator("#not-saved").inner_text() == words.OFFLINE_POST_NOT_SAVED
    assert thumb.url.endswith(f"/cats/{cat}/pause")
    assert by_worker == [f"/cats/{cat}/pause"]

    thumb.get_by_role("button", name="Go back to the form").tap()
    thumb.wait_for_url(re.compile(rf"/cats/{cat}/edit$"))
    reason = thumb.get_by_label("Why (optional)")
    reason.wait_for()
    assert reason.input_value() == "Vet visit"
    assert thumb.get_by_role("button", name="Pause training").is_visible()  # not paused
    copy = thumb.evaluate("document.body.dataset.cached || ''")
    assert copy == ("1" if cut == "server" else "")

    # The server within reach again: the same tap saves, with what was typed.
    thumb.context.unroute(cut_off)
    thumb.get_by_role("button", name="Pause training").tap()
    thumb.wait_for_url(re.compile(rf"/cats/{cat}/edit\?paused=1"))
    assert thumb.locator("#paused").is_visible()
    assert "Vet visit" in thumb.locator("main").inner_text()
    assert by_worker == [f"/cats/{cat}/pause"] * 2


def test_the_servers_own_answers_to_a_plain_form_pass_through(
    live_app: LiveApp, thumb: Any
) -> None:
    """Under the worker, a post the server answers is shown as the server
    answered: a refusal (a wrong anti-forgery token) is the server's page,
    not "Not saved", and a good post (its token, its body) follows its 303
    as before."""
    cat = _add_cat(thumb, live_app.url)
    thumb.goto(f"{live_app.url}/cats/{cat}/edit")
    _under_the_worker(thumb)
    by_worker = _posts_by_the_worker(thumb)
    form = thumb.locator(f'form[action="/cats/{cat}/pause"]')
    form.locator('input[name="csrf_token"]').evaluate("el => { el.value = 'forged'; }")
    with thumb.expect_navigation(url=PAUSE) as answer:
        thumb.get_by_role("button", name="Pause training").tap()
    assert answer.value.status == 403
    thumb.get_by_text("This form has expired or came from elsewhere").wait_for()
    assert thumb.get_by_role("heading", name="Not saved").count() == 0
    assert by_worker == [f"/cats/{cat}/pause"]

    thumb.goto(f"{live_app.url}/cats/{cat}/edit")
    # A page the browser shows again from its back/forward cache (not these
    # pages in Chromium: they are no-store) was left mid-post: its forms may
    # be sent again (one tap saves once, app.js).
    form = thumb.locator(f'form[action="/cats/{cat}/pause"]')
    form.evaluate("el => { el.dataset.sent = '1'; }")
    thumb.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))")
    assert form.evaluate("el => el.dataset.sent === undefined")
    thumb.get_by_label("Why (optional)").fill("Holiday")
    thumb.get_by_role("button", name="Pause training").tap()
    thumb.wait_for_url(re.compile(rf"/cats/{cat}/edit\?paused=1"))
    assert "Holiday" in thumb.locator("main").inner_text()
    assert by_worker == [f"/cats/{cat}/pause"] * 2


def test_a_page_opened_by_a_tap_is_kept_for_offline(live_app: LiveApp, thumb: Any) -> None:
    """Finding (met on the way back to a form): a page opened by a tap on a
    link (htmx fetches it) was not kept on the phone, only pages loaded
    afresh: offline it was "No connection". It is the phone's copy."""
    cat = _add_cat(thumb, live_app.url)
    thumb.goto(f"{live_app.url}/cats/{cat}/today")
    _under_the_worker(thumb)
    thumb.get_by_role("navigation", name="Main").get_by_role("link", name="History").tap()
    thumb.wait_for_url(re.compile(rf"/cats/{cat}/history$"))
    thumb.context.set_offline(True)
    thumb.goto(f"{live_app.url}/cats/{cat}/history")
    assert thumb.evaluate("document.body.dataset.cached") == "1"
    assert thumb.get_by_role("heading", name="No connection").count() == 0
    assert thumb.locator("#offline-since").is_visible()
