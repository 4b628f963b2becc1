"""Findings of the phone round, in Debian's Chromium at 390x844: the session
timer outlives leaving Today and a reload; "Check" with nothing typed says
what is missing; a session kept on the phone for a cat deleted since is not
left waiting for ever; the progress chart's letters are readable."""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from catpack import words
from catpack.services import cats
from tests.browser.browser_helpers import LiveApp, axe_violations, shoot_element
from tests.browser.conftest import running
from tests.browser.test_login import accounts_app
from tests.page_helpers import FormClient, log_as_owner, owner
from tests.web.pages.test_login_pages import PASSWORD, owner_with_a_cat

pytestmark = pytest.mark.browser


def _add_cat(page: Any, url: str, name: str = "Mia") -> str:
    page.goto(url + "/cats/new")
    page.get_by_label("Cat's name").fill(name)
    page.get_by_role("button", name=re.compile(r"^Add (my|this) cat$")).click()
    page.wait_for_url(re.compile(r"/cats/\d+/today"))
    found = re.search(r"/cats/(\d+)/", page.url)
    assert found
    return found.group(1)


def _elapsed(page: Any) -> int:
    return int(page.locator("[data-timer]").get_attribute("data-elapsed") or "0")


def _ran(page: Any, seconds: int) -> None:
    """Until the timer shows at least ``seconds`` (it counts real seconds)."""
    page.wait_for_function(
        f"() => Number(document.querySelector('[data-timer]').dataset.elapsed) >= {seconds}"
    )


def _ready(page: Any) -> None:
    """Until app.js has set up the timer of the page now shown (after an htmx
    swap it does so once the new page has settled)."""
    page.locator("[data-timer][data-ready]").wait_for()


def test_the_timer_outlives_leaving_today_and_a_reload(live_app: LiveApp, phone: Any) -> None:
    """Finding: the timer started again from 0:00 when the owner opened the
    log page and came back, or the phone reloaded Today."""
    cat = _add_cat(phone, live_app.url)
    timer = phone.locator("[data-timer]")
    phone.get_by_role("button", name="Start").click()
    _ran(phone, 1)
    # To the log page and back with the tabs, as an owner checks the form.
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Log").click()
    phone.wait_for_url(re.compile(rf"/cats/{cat}/log"))
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    phone.wait_for_url(re.compile(rf"/cats/{cat}/today"))
    _ready(phone)
    assert timer.get_attribute("data-running") == "1"
    assert _elapsed(phone) >= 1
    assert "Still running" in phone.locator("[data-status]").inner_text()
    assert phone.get_by_role("button", name="Pause").is_enabled()
    # A reload (the phone dropped the page): still running, still counting.
    phone.reload()
    _ready(phone)
    assert timer.get_attribute("data-running") == "1"
    _ran(phone, 2)
    # Paused, then reloaded: paused where it was, not back at 0:00.
    phone.get_by_role("button", name="Pause").click()
    paused = _elapsed(phone)
    assert paused >= 2
    phone.reload()
    _ready(phone)
    assert timer.get_attribute("data-running") is None
    assert _elapsed(phone) == paused
    assert "Paused at" in phone.locator("[data-status]").inner_text()
    assert phone.get_by_role("button", name="Start").is_enabled()
    # Reset forgets it, across a reload too.
    phone.get_by_role("button", name="Reset").click()
    assert _elapsed(phone) == 0
    phone.reload()
    _ready(phone)
    assert _elapsed(phone) == 0 and timer.get_attribute("data-running") is None
    assert phone.locator("[data-clock]").inner_text() == "0:00"


def test_a_logged_session_leaves_no_timer_behind(live_app: LiveApp, phone: Any) -> None:
    """The timer of a session that was logged does not run on into the next one."""
    cat = _add_cat(phone, live_app.url)
    phone.get_by_role("button", name="Start").click()
    _ran(phone, 1)
    phone.goto(f"{live_app.url}/cats/{cat}/today?logged=1")
    _ready(phone)
    assert _elapsed(phone) == 0
    phone.goto(f"{live_app.url}/cats/{cat}/today")
    _ready(phone)
    assert _elapsed(phone) == 0


def test_check_with_nothing_typed_says_what_is_missing(live_app: LiveApp, phone: Any) -> None:
    """Finding: Today's "Check" with nothing typed did nothing visible."""
    phone.goto(live_app.url + "/cats/new")
    exits = phone.get_by_role("navigation", name="Account")  # the first cat's page
    assert exits.get_by_role("link", name="Settings").is_visible()
    assert axe_violations(phone) == []
    _add_cat(phone, live_app.url)
    phone.get_by_role("button", name="Check the heat").click()
    said = phone.locator("#heat-missing")
    said.wait_for()
    assert said.is_visible() and said.inner_text() == words.HEAT_NEEDS_TEMP
    assert axe_violations(phone) == []
    assert phone.get_by_label("Temperature").is_visible()  # the weather opened
    # Typed: the verdict instead, and the line is gone.
    phone.get_by_label("Temperature").fill("21")
    phone.get_by_role("button", name="Check the heat").click()
    phone.locator("#heat-verdict").get_by_text(re.compile("heat risk", re.I)).wait_for()
    assert phone.locator("#heat-missing").count() == 0
    assert axe_violations(phone) == []


def test_a_kept_session_for_a_deleted_cat_does_not_wait_for_ever(
    live_app: LiveApp, phone: Any
) -> None:
    """Finding: a session kept on the phone for a cat deleted since stayed in
    the outbox "waiting to sync" for ever. The owner is told it cannot be
    delivered, with a button that removes it from the phone."""
    gone = _add_cat(phone, live_app.url, "Mia")
    _add_cat(phone, live_app.url, "Tom")
    account = phone.evaluate("() => document.body.dataset.account")
    entry = {
        "id": "0b4a3c2d-1e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "url": f"/cats/{gone}/sessions",
        "fields": [["client_id", "0b4a3c2d-1e5f-4a6b-8c7d-9e0f1a2b3c4d"], ["stage", "introduce"]],
        "saved_at": "2026-11-26T09:05:09.120+01:00",
        "stressed": False,
        "account": account,
    }
    phone.evaluate("e => catpackOutbox.put(e)", entry)
    cats.delete_cat(live_app.app.state.db, owner(live_app.app), int(gone))
    phone.reload()
    problems = phone.locator("#outbox-problems")
    problems.wait_for()
    assert words.OUTBOX_NO_SUCH_CAT in problems.inner_text()
    status = phone.locator("#outbox-status")
    assert "waiting to sync" not in (status.inner_text() if status.is_visible() else "")
    problems.get_by_role("button", name="Remove it from this phone").click()
    problems.wait_for(state="hidden")
    assert phone.evaluate("catpackOutbox.all()") == []


#: The smallest letters the progress chart may show on a 390 px phone (CSS px).
SMALLEST_PX = 12


def test_the_progress_charts_letters_are_readable_on_a_phone(live_app: LiveApp, phone: Any) -> None:
    """Finding: at 390 px the chart's tick labels, legend and stop labels came
    out at about 10-11 px. Every letter is at least 12 px as shown."""
    cat = _add_cat(phone, live_app.url)
    start = live_app.clock() - timedelta(days=6)
    calm = {"tail": "upright", "body": "relaxed"}
    hiss = {"tail": "puffed", "ears": "back", "vocal": "hissing"}
    for day in range(6):
        at = (start + timedelta(days=day)).isoformat()
        seen = hiss if day == 3 else calm
        log_as_owner(
            live_app.app,
            cat,
            {"at": at, "stage": "introduce", "level": 1, "reps": 5, "calm_reps": 5,
             "observation": seen},
        )  # fmt: skip
    phone.goto(f"{live_app.url}/cats/{cat}/history")
    chart = phone.locator("#progress-chart")
    chart.wait_for()
    phone.wait_for_function("() => document.getElementById('progress-chart').complete")
    shown = chart.evaluate("img => img.getBoundingClientRect().width")
    svg = phone.request.get(chart.evaluate("img => img.src"))
    text = svg.text()
    drawn = float(re.search(r'viewBox="0 0 ([\d.]+)', text).group(1))  # type: ignore[union-attr]
    sizes = {float(s) for s in re.findall(r"font[^;\"]*?([\d.]+)px", text)}
    assert sizes, "the chart's text is text (svg.fonttype none)"
    smallest = min(sizes) * shown / drawn
    assert smallest >= SMALLEST_PX, (sorted(sizes), shown, drawn, smallest)
    shoot_element(chart, "history-chart-phone.png")
    # Bigger letters, no more overlap: the day labels stand apart.
    phone.goto("data:image/svg+xml," + quote(text))  # as a document, off the app's origin
    boxes = phone.evaluate(
        """() => [...document.querySelectorAll('g[id^="xtick_"] text')]
            .map(t => t.getBoundingClientRect()).map(r => [r.left, r.right])
            .sort((a, b) => a[0] - b[0])"""
    )
    assert len(boxes) >= 2
    assert all(a[1] < b[0] for a, b in pairwise(boxes)), boxes


def test_the_join_page_on_a_phone(sqlite_template: Path, tmp_path: Path, phone: Any) -> None:
    """The invite link opened on a phone: which household, as what, before
    the form; joining leads to the household's cat."""
    app = accounts_app(sqlite_template, tmp_path)
    ada = FormClient(app)  # no lifespan: the server runs the app
    cat = owner_with_a_cat(ada)
    invited = ada.post("/account/invites", data={"role": "member"})
    link = re.search(r'id="out-link"[^>]*value="[^"]*(/join/[^"]+)"', invited.text)
    assert link, invited.text
    with running(app) as url:
        phone.goto(url + link.group(1))
        said = phone.locator("#join-as")
        assert said.inner_text() == words.JOIN_AS["member"].format(household="Ada's household")
        assert phone.get_by_role("heading", name="Join Ada's household").is_visible()
        assert axe_violations(phone) == []
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
        phone.get_by_label("Your name").fill("Bob")
        phone.get_by_label("E-mail").fill("bob@example.org")
        phone.get_by_label("Password (at least 8 characters)").fill(PASSWORD)
        phone.get_by_role("button", name="Join").click()
        phone.wait_for_url(re.compile(rf".*/cats/{cat}/today\?joined=1$"))
