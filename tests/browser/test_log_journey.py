"""The log as an owner meets it, in a real browser at 390x844 and at 320x568.

Their own answers for a calm, an uneasy and a stressed session; the checks
ticked on Today (and the timer's minutes) arriving in the log; a session
logged after the fact with a note, changed, then deleted; the cat's own page.
axe-core checks each page these touch.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests.browser.browser_helpers import LiveApp, axe_violations, shoot
from tests.browser.test_journey import pick
from tests.page_helpers import log_as_owner

pytestmark = pytest.mark.browser

SIZES = {"390x844": {"width": 390, "height": 844}, "320x568": {"width": 320, "height": 568}}


def accessible(page: Any, where: str) -> None:
    problems = axe_violations(page)
    assert problems == [], f"axe found serious problems on {where}: {problems}"


def fits(page: Any, where: str) -> None:
    """The form does not push the page wider than the phone."""
    wide = page.evaluate("() => document.querySelector('main').scrollWidth")
    assert wide <= page.viewport_size["width"], f"{where} is {wide} px wide"


def open_log(page: Any) -> None:
    page.get_by_role("link", name="Log how it went").click()
    page.wait_for_url(re.compile(r"/log"))


def answer(page: Any, answers: dict[str, str], tries: str, calm: str) -> None:
    for group, words in answers.items():
        pick(page, group, words)
    page.get_by_label("Tries", exact=True).fill(tries)
    page.get_by_label("Calm tries").fill(calm)


def save(page: Any) -> None:
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url(re.compile(r"logged=1"))


@pytest.mark.parametrize("size", list(SIZES))
def test_an_owner_logs_what_they_saw(live_app: LiveApp, phone: Any, size: str) -> None:
    page = phone
    page.set_viewport_size(SIZES[size])
    page.goto(live_app.url + "/cats/new")
    page.get_by_label("Cat's name").fill("Mia")
    page.get_by_role("button", name="Add my cat").click()
    page.wait_for_url(re.compile(r"/today"))

    # The form starts unanswered: nothing ticked, no tries.
    live_app.clock.advance(minutes=10)
    open_log(page)
    assert page.locator("#log-form input[type=radio]:not([name=location]):checked").count() == 0
    assert page.locator("#log-form input[name=signs]:checked").count() == 0
    assert page.get_by_label("Tries", exact=True).input_value() == ""
    accessible(page, f"the log form at {size}")
    fits(page, "the log form")
    shoot(page, f"log-{size}", desktop=False)

    # Calm: the owner's own answers; the coach raises the level.
    answer(
        page,
        {"Tail": "Upright", "Ears": "Forward", "Eyes": "Slow blinks", "Body": "Relaxed",
         "Voice": "Purring", "Took the reward?": "Yes"},
        "5", "5",
    )  # fmt: skip
    save(page)
    assert "level 2 of" in page.locator("#decision .where").inner_text()

    # Uneasy: ears sideways, a low tail, 2 of 5 calm: made easier, not raised.
    live_app.clock.advance(minutes=20)
    open_log(page)
    assert page.locator("#log-form input[type=radio]:not([name=location]):checked").count() == 0
    answer(page, {"Tail": "Low", "Ears": "Sideways", "Body": "Tense"}, "5", "2")
    save(page)
    assert "level 1 of" in page.locator("#decision .where").inner_text()

    # Stressed: hissing and an escape attempt: stop now.
    live_app.clock.advance(minutes=20)
    open_log(page)
    answer(
        page,
        {"Tail": "Puffed up", "Ears": "Pinned back", "Voice": "Hissing",
         "Other signs (tick all you saw)": "Tried to escape"},
        "3", "0",
    )  # fmt: skip
    save(page)
    assert page.locator("#stop-banner").is_visible()

    # After the fact: yesterday evening, with a note; then changed, then deleted.
    page.get_by_role("link", name="Log", exact=True).click()
    page.wait_for_url(re.compile(r"/log$"))
    page.get_by_label("When").fill("2026-11-25T18:30")
    answer(page, {"Tail": "Relaxed", "Ears": "Neutral"}, "4", "4")
    page.get_by_label("Notes (optional)").fill("Rainy evening; she sniffed the pack.")
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url(re.compile(r"logged=1"))
    page.get_by_role("link", name="History").click()
    page.wait_for_url(re.compile(r"/history"))
    assert page.get_by_text("Rainy evening; she sniffed the pack.").is_visible()
    accessible(page, f"the history at {size}")
    shoot(page, f"history-notes-{size}", desktop=False)
    page.get_by_role("link", name="Change or delete the session of Wed 25 Nov, 18:30").click()
    page.wait_for_url(re.compile(r"/edit$"))
    assert page.get_by_role("radio", name="Relaxed").first.is_checked()
    accessible(page, f"changing a session at {size}")
    fits(page, "changing a session")
    shoot(page, f"log-change-{size}", desktop=False)
    pick(page, "Ears", "Flat")
    page.get_by_label("Notes (optional)").fill("Ears flat once the rain started.")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(re.compile(r"changed=1"))
    assert page.get_by_text("Ears flat once the rain started.").is_visible()
    page.get_by_role("link", name="Change or delete the session of Wed 25 Nov, 18:30").click()
    page.wait_for_url(re.compile(r"/edit$"))
    page.get_by_role("button", name="Delete this session").click()  # one tap: not yet
    assert page.locator("#err-confirm").inner_text().startswith("Tick the box")
    page.get_by_label("Yes, delete this session.").check()
    page.get_by_role("button", name="Delete this session").click()
    page.wait_for_url(re.compile(r"deleted=1"))
    assert "Session deleted" in page.locator(".flash").inner_text()
    assert not page.get_by_text("Ears flat once the rain started.").count()
    assert page.locator(".timeline li").count() == 3

    # The cat's own page: details, a break, downloads, delete.
    page.goto(live_app.url + page.url.split(live_app.url)[1].replace("/history", "/edit"))
    assert page.locator("#f-size").is_visible()
    accessible(page, f"the cat's page at {size}")
    fits(page, "the cat's page")
    shoot(page, f"cat-about-{size}", desktop=False)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_checklist_ticked_on_today_arrives_in_the_log(
    live_app: LiveApp, phone: Any, size: str
) -> None:
    page = phone
    page.set_viewport_size(SIZES[size])
    page.goto(live_app.url + "/cats/new")
    page.get_by_label("Cat's name").fill("Rocket")
    pick(page, "Already happy in a harness?", "Yes")
    page.get_by_role("button", name="Add my cat").click()
    page.wait_for_url(re.compile(r"/cats/(\d+)/today"))
    cat = re.search(r"/cats/(\d+)/", page.url).group(1)  # type: ignore[union-attr]
    # Step 5 begun calmly yesterday: today's session moves the pack, with checks.
    log_as_owner(
        live_app.app,
        cat,
        {"at": (live_app.clock() - timedelta(days=1)).isoformat(), "stage": "movement",
         "level": 1, "reps": 5, "calm_reps": 5,
         "observation": {"tail": "upright", "body": "relaxed"},
         "checks": {"harness_on": True, "tether": "harness"}},
    )  # fmt: skip
    page.reload()
    boxes = page.locator("#prepare input[name=check]")
    count = boxes.count()
    assert count >= 2
    start = page.get_by_role("button", name="Start")
    assert start.is_disabled()
    for i in range(count):
        boxes.nth(i).locator("xpath=..").click()
    assert start.is_enabled()
    start.click()
    page.wait_for_function(
        "() => Number(document.querySelector('[data-timer]').dataset.elapsed) >= 1"
    )
    page.get_by_role("button", name="Pause").click()
    open_log(page)
    assert re.search(r"check=harness_on.*check=tether_to_harness.*minutes=0\.5", page.url)
    ticked = page.locator("#f-check input:checked")
    assert ticked.count() == count  # ticked once, on Today
    assert page.get_by_label("Minutes").input_value() == "0.5"
    accessible(page, f"the log form with checks at {size}")
    answer(page, {"Tail": "Upright", "Body": "Relaxed"}, "5", "5")
    save(page)
    assert "checks were not ticked" not in page.locator("main").inner_text()
