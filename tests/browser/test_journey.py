"""The owner's journey in a real browser at phone size (390x844).

New cat → first session → decision → a hissing session → stop banner →
next day's easier session → history and chart; then the trip planner.
Each key page is checked with axe-core and photographed.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.browser_helpers import (
    DESKTOP,
    PHONE,
    LiveApp,
    axe_violations,
    publish,
    shoot,
    shoot_element,
    shoot_screen,
)
from tests.page_helpers import log_as_owner

pytestmark = pytest.mark.browser


def pick(page: Any, group: str, words: str) -> None:
    """Tap the big labelled button ``words`` of the choice group ``group``."""
    fieldset = page.get_by_role("group", name=group)
    fieldset.wait_for()
    role = "radio" if fieldset.get_by_role("radio").count() else "checkbox"
    inner = page.get_by_role(role, name=words, exact=True)
    fieldset.locator("label.chip").filter(has=inner).click()
    assert fieldset.get_by_role(role, name=words, exact=True).is_checked()


def log_calm(page: Any) -> None:
    """A calm session, as the owner saw it: tail up, ears forward, relaxed, 5 of 5 calm."""
    for group, words in (("Tail", "Upright"), ("Ears", "Forward"), ("Body", "Relaxed")):
        pick(page, group, words)
    page.get_by_label("Tries", exact=True).fill("5")
    page.get_by_label("Calm tries").fill("5")


def assert_accessible(page: Any, where: str) -> None:
    problems = axe_violations(page)
    assert problems == [], f"axe found serious problems on {where}: {problems}"


def test_new_cat_to_stop_and_easier_next_day(live_app: LiveApp, phone: Any) -> None:
    page = phone
    page.goto(live_app.url + "/")
    # First run: an empty database greets the owner with "add your cat".
    assert page.get_by_role("heading", name="Welcome! Add your cat").is_visible()
    assert_accessible(page, "add your cat")
    shoot(page, "01-first-run")
    page.get_by_label("Cat's name").fill("Mia")
    page.get_by_label("Weight (kg)").fill("4.2")
    pick(page, "What does your cat work for?", "Play and toys")
    pick(page, "Already happy in a harness?", "Yes")
    page.get_by_role("button", name="Add my cat").click()

    # Today: the first session, its reward and a bounded timer.
    page.wait_for_url(re.compile(r"/cats/\w+/today"))
    card = page.locator("#decision")
    assert "Introduce the backpack" in card.inner_text()
    assert "Treats, a favourite toy" in card.inner_text()
    assert page.locator("[data-clock]").is_visible()
    assert "5:00" in page.locator(".timer .clock").inner_text()
    assert_accessible(page, "Today")
    shoot(page, "02-today")
    publish(shoot_screen(page, "02-today-screen.png"), "today.png")

    # The log: the owner ticks what they saw (nothing is ticked for them).
    live_app.clock.advance(minutes=10)
    page.get_by_role("link", name="Log how it went").click()
    page.wait_for_url(re.compile(r"/log"))
    assert_accessible(page, "log form")
    shoot(page, "03-log")
    log_calm(page)
    page.get_by_role("button", name="Save session", exact=True).click()
    page.wait_for_url(re.compile(r"logged=1"))
    assert "Session saved" in page.locator(".flash").inner_text()
    assert "A step up next" in page.locator("#decision .tag").inner_text()
    assert "level 2 of" in page.locator("#decision .where").inner_text()
    assert "Calm in 5 of 5" in page.locator("#decision .reasons").inner_text()

    # A hissing session: stop banner at once, with when to try again.
    live_app.clock.advance(minutes=20)
    page.get_by_role("link", name="Log how it went").click()
    page.wait_for_url(re.compile(r"/log"))
    pick(page, "Tail", "Puffed up")
    # Keyboard: arrows move between the big radio buttons of a group.
    pick(page, "Ears", "Sideways")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("radio", name="Pinned back").is_checked()
    pick(page, "Voice", "Hissing")
    pick(page, "Took the reward?", "No")
    page.get_by_label("Calm tries").fill("1")
    page.get_by_role("button", name="Save session", exact=True).click()
    page.wait_for_url(re.compile(r"logged=1"))
    banner = page.locator("#stop-banner")
    assert banner.is_visible()
    text = banner.inner_text()
    assert "Stop now" in text and "Let the cat go" in text and "Water" in text
    assert "zip" not in text  # at step 1 the pack stands open: nothing to unzip
    assert "Try again: not before Fri 27 Nov." in text
    box = banner.bounding_box()
    assert box is not None and box["width"] >= 389  # full width on a 390 px phone
    page.set_viewport_size(DESKTOP)
    box = banner.bounding_box()
    assert box is not None and box["width"] >= DESKTOP["width"] - 1  # and on a desktop
    page.set_viewport_size(PHONE)
    assert not page.locator("[data-timer]").count()  # no timer while resting
    assert_accessible(page, "stop banner")
    shoot(page, "04-stop-now")

    # Next day: the rest is over and the session is easier than the one that hissed.
    live_app.clock.advance(days=1)
    page.get_by_role("link", name="Today").click()
    page.wait_for_url(re.compile(r"/today$"))
    assert not page.locator("#stop-banner").count()
    assert "Rest is over" in page.locator("#rested").inner_text()
    assert page.locator("#decision .tag").inner_text() == "Easier session after a rest"
    assert "level 1 of" in page.locator("#decision .where").inner_text()
    shoot(page, "05-next-day")

    # The easier session goes well: logged calm, the coach builds on it.
    live_app.clock.advance(minutes=10)
    page.get_by_role("link", name="Log how it went").click()
    page.wait_for_url(re.compile(r"/log"))
    log_calm(page)
    page.get_by_role("button", name="Save session", exact=True).click()
    page.wait_for_url(re.compile(r"logged=1"))
    # Right below the level that caused stress: calm sessions here first.
    assert "Same level again" in page.locator("#decision .tag").inner_text()
    assert "1 of 3 calm sessions" in page.locator("#decision .reasons").inner_text()

    # History: summary, timeline and the chart drawn by matplotlib.
    page.get_by_role("link", name="History").click()
    page.wait_for_url(re.compile(r"/history"))
    summary = page.locator("#summary").inner_text()
    assert re.search(r"Sessions\s+3", summary) and re.search(r"Stops\s+1", summary)
    assert re.search(r"Days training\s+2", summary)
    chart = page.locator("#progress-chart")
    assert chart.evaluate("img => img.decode().then(() => img.naturalWidth)") > 300
    assert page.locator(".timeline li.stopped").count() == 1
    assert_accessible(page, "history")
    shoot(page, "06-history")
    publish(shoot_element(chart, "progress-chart.png"), "progress-chart.png")


def test_trip_planner_and_heat_check(live_app: LiveApp, phone: Any) -> None:
    page = phone
    page.goto(live_app.url + "/cats/new")
    page.get_by_label("Cat's name").fill("Rocket")
    page.get_by_role("button", name="Add my cat").click()
    page.wait_for_url(re.compile(r"/today"))

    page.get_by_role("link", name="Trip").click()
    page.wait_for_url(re.compile(r"/trip"))
    pick(page, "Kind of trip", "A hike")
    page.get_by_label("How long (hours)").fill("3")
    page.get_by_label("Sun").select_option("full")
    page.get_by_label("Temperature (°C)").fill("31")
    page.get_by_label("Humidity (%)").fill("55")
    page.get_by_role("button", name="Check this trip").click()
    result = page.locator("#trip-result")
    result.wait_for()
    assert "Not ready yet" in result.inner_text()
    assert "A hike needs Short local walks (step 9) done first." in result.inner_text()
    assert "Extreme heat risk" in page.locator("#heat-verdict").inner_text()
    assert page.locator(".packing li").count() >= 5
    assert_accessible(page, "trip planner")
    shoot(page, "07-trip")

    page.get_by_role("link", name="Heat").click()
    page.wait_for_url(re.compile(r"/heat"))
    page.get_by_label("Temperature (°C)").fill("18")
    page.get_by_role("button", name="Check the heat").click()
    page.wait_for_url(re.compile(r"temp=18"))
    assert "Low heat risk" in page.locator("#heat-verdict").inner_text()
    assert_accessible(page, "heat check")

    # Units per owner: °F and lb from now on, for every cat.
    page.get_by_role("link", name="More").click()
    page.wait_for_url(re.compile(r"/settings"))
    pick(page, "Units", "°F and lb")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_url(re.compile(r"saved=1"))
    assert_accessible(page, "settings")
    # A second cat, then the switcher under the header (one link per cat), from the keyboard.
    page.get_by_role("link", name="Add another cat").click()
    page.get_by_label("Cat's name").fill("Biscuit")
    page.get_by_label("Weight (lb)").fill("9.5")
    page.get_by_role("button", name="Add this cat").click()
    page.wait_for_url(re.compile(r"/today"))
    switcher = page.get_by_role("navigation", name="Cats")
    assert switcher.get_by_role("link", name="Biscuit").get_attribute("aria-current") == "true"
    switcher.get_by_role("link", name="Rocket").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.title.includes('Rocket')")
    page.get_by_role("link", name="Heat").click()
    page.wait_for_url(re.compile(r"/heat"))
    page.get_by_label("Temperature (°F)").fill("95")
    page.get_by_label("Sun").select_option("full")
    page.get_by_role("button", name="Check the heat").click()
    page.wait_for_url(re.compile(r"temp=95"))
    assert "Extreme heat risk" in page.locator("#heat-verdict").inner_text()
    assert "°F" in page.locator("#heat-verdict").inner_text()


def test_timer_runs_to_max_minutes_only(live_app: LiveApp, phone: Any) -> None:
    page = phone
    page.clock.install()
    page.goto(live_app.url + "/cats/new")
    page.get_by_label("Cat's name").fill("Tick")
    page.get_by_role("button", name="Add my cat").click()
    page.wait_for_url(re.compile(r"/today"))
    page.get_by_role("button", name="Start").click()
    page.clock.run_for("01:30")
    assert page.locator("[data-clock]").inner_text() == "1:30"
    page.clock.run_for("10:00")
    assert page.locator("[data-clock]").inner_text() == "5:00"  # bounded by max_minutes
    assert "Time's up" in page.locator("[data-status]").inner_text()
    assert page.get_by_role("button", name="Start").is_disabled()


CALM_IN_PACK = {
    "tail": "upright",
    "ears": "forward",
    "eyes": "normal",
    "body": "relaxed",
    "took_treats": True,
    "entered_voluntarily": True,
}


def test_safety_checklist_unlocks_the_timer(live_app: LiveApp, phone: Any) -> None:
    page = phone
    page.goto(live_app.url + "/cats/new")
    page.get_by_label("Cat's name").fill("Pip")
    pick(page, "Already happy in a harness?", "Yes")
    page.get_by_role("button", name="Add my cat").click()
    page.wait_for_url(re.compile(r"/today"))
    cat_id = page.url.split("/")[-2]
    # A first session of the "movement" stage, logged through the services.
    log_as_owner(
        live_app.app,
        cat_id,
        {
            "at": live_app.clock().isoformat(),
            "stage": "movement",
            "level": 1,
            "reps": 5,
            "calm_reps": 5,
            "observation": CALM_IN_PACK,
        },
    )
    live_app.clock.advance(minutes=15)
    page.reload()
    start = page.get_by_role("button", name="Start")
    assert start.is_disabled()
    assert "Tick every check" in page.locator("[data-status]").inner_text()
    boxes = page.get_by_role("group", name="Tick every check").get_by_role("checkbox")
    assert boxes.count() == 4
    for i in range(3):
        boxes.nth(i).check()
    assert start.is_disabled()
    boxes.nth(3).check()
    assert start.is_enabled()
    # "Check" sends the ticks (htmx swaps the page); the log form takes them over.
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_url(re.compile(r"check=zip_clips"))
    page.get_by_role("link", name="Log how it went").click()
    page.wait_for_url(re.compile(r"/log\?"))
    done = page.get_by_role("group", name="Checks done").get_by_role("checkbox")
    assert [done.nth(i).is_checked() for i in range(done.count())] == [True] * 4
    assert_accessible(page, "log form with checks")
