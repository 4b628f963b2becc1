"""The plan, the guide and the progress chart on a phone, and every page at 390 and 320 px.

One journey (so the browser and the app start once): the plan page shows
where the cat is; the body-language card opens from the log form at the
group's own anchor; the progress chart draws a month of sessions; then every
page, at 390x844 and 320x568, has no horizontal overflow and no serious or
critical axe-core finding. The pictures of the plan, the guide, the chart and
Today go to docs/img with CATPACK_DOCS_IMG=1.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests.browser.browser_helpers import (
    LiveApp,
    axe_violations,
    publish,
    shoot,
    shoot_element,
    shoot_screen,
)
from tests.factories import CALM, HISSING, UNEASY, session
from tests.page_helpers import log_as_owner

pytestmark = pytest.mark.browser

SMALL = {"width": 320, "height": 568}
LONG_NAME = "Sir Whiskerton Fluffington the Third"


def a_month_of_training(live_app: LiveApp, cat_id: str) -> None:
    """Three weeks of sessions up the first steps: most calm, some uneasy, two
    stops, and days with several sessions."""
    start = live_app.clock.now - timedelta(days=21)
    plan = [
        ("introduce", 1, CALM), ("introduce", 2, CALM), ("introduce", 3, UNEASY),
        ("introduce", 3, CALM), ("introduce", 4, CALM), ("associations", 1, CALM),
        ("associations", 2, HISSING), ("introduce", 4, CALM), ("associations", 1, CALM),
        ("associations", 2, CALM), ("associations", 3, CALM), ("time-inside", 1, CALM),
        ("time-inside", 2, UNEASY), ("time-inside", 2, CALM), ("time-inside", 3, CALM),
        ("time-inside", 4, HISSING), ("time-inside", 2, CALM), ("time-inside", 3, CALM),
        ("time-inside", 3, CALM), ("time-inside", 4, CALM),
    ]  # fmt: skip
    day, hour = 0, 9
    for i, (stage, level, obs) in enumerate(plan):
        at = start + timedelta(days=day, hours=hour - 9)
        calm = 5 if obs is CALM else 3 if obs is UNEASY else 1
        log_as_owner(live_app.app, cat_id, session(stage, level, at, calm=calm, observation=obs))
        if obs is HISSING:
            day, hour = day + 2, 9
        elif i % 3 == 1:
            hour += 3  # a second session the same day
        else:
            day, hour = day + 1, 9


def no_overflow(page: Any, where: str) -> None:
    wide = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert wide[0] <= wide[1], f"{where} is {wide[0]} px wide on a {wide[1]} px screen"


def test_plan_guide_chart_and_every_page_on_small_phones(live_app: LiveApp, phone: Any) -> None:
    page = phone
    page.goto(live_app.url + "/cats/new")
    page.get_by_label("Cat's name").fill("Mochi")
    page.get_by_label("Weight (kg)").fill("4.2")
    page.get_by_role("group", name="Already happy in a harness?").locator("label.chip").filter(
        has=page.get_by_role("radio", name="Yes", exact=True)
    ).click()
    page.get_by_role("button", name="Add my cat").click()
    page.wait_for_url(re.compile(r"/cats/(\w+)/today"))
    cat_id = page.url.split("/")[-2]
    a_month_of_training(live_app, cat_id)

    # Today leads to the plan, which opens where the cat is.
    page.goto(f"{live_app.url}/cats/{cat_id}/today")
    publish(shoot_screen(page, "guide-today-screen.png"), "today.png")
    page.get_by_role("link", name="Where this fits in the whole plan").click()
    page.wait_for_url(re.compile(r"/plan#here"))
    here = page.locator("#here")
    assert here.is_visible() and here.get_attribute("aria-current") == "step"
    assert "Time inside, door open" in here.inner_text()
    assert "You are here" in here.inner_text()
    assert re.search(r"Now: level \d of 5\.", here.inner_text())
    assert page.locator(".stop-done").count() == 3  # the harness, steps 1 and 2
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "guide-plan", desktop=False)
    publish(shoot_element(page.locator("#plan-path"), "plan-path.png"), "plan.png")

    # The log form's body-language links open the guide at that group.
    page.get_by_role("link", name="Log", exact=True).click()
    page.wait_for_url(re.compile(r"/log"))
    with page.context.expect_page() as opened:
        page.locator("#f-ears").get_by_role("link", name="What the ears can mean").click()
    card = opened.value
    card.wait_for_load_state()
    assert card.url.endswith("/guide#ears")
    heading = card.get_by_role("heading", name="Ears", exact=True)
    assert heading.is_visible()
    assert card.evaluate("() => document.getElementById('ears').getBoundingClientRect().top") < 200
    shoot_screen(card, "guide-ears-screen.png")
    card.goto(f"{live_app.url}/guide")
    publish(shoot_screen(card, "guide-screen.png"), "guide.png")
    card.close()

    # The progress chart: a month of sessions, drawn for the phone.
    page.get_by_role("link", name="History").click()
    page.wait_for_url(re.compile(r"/history"))
    chart = page.locator("#progress-chart")
    assert chart.evaluate("img => img.decode().then(() => img.naturalWidth)") > 300
    assert page.locator("#chart-table tbody tr").count() == 20
    publish(shoot_element(page.locator("figure.chart"), "progress-phone.png"), "progress.png")

    # A second cat with a long name, and a stop at step 1 (no zips to open).
    page.goto(live_app.url + "/cats/new")
    page.get_by_label("Cat's name").fill(LONG_NAME)
    page.get_by_role("button", name="Add this cat").click()
    page.wait_for_url(re.compile(r"/today"))
    second = page.url.split("/")[-2]
    switcher = page.get_by_role("navigation", name="Cats")
    assert switcher.get_by_role("link", name=LONG_NAME).get_attribute("aria-current") == "true"

    urls = [
        "/cats/new",
        "/guide",
        "/about/science",
        "/settings",
        "/reminders",
        *[
            f"/cats/{c}/{p}"
            for c in (cat_id, second)
            for p in ("today", "log", "plan", "history", "trip", "heat")
        ],
        f"/cats/{cat_id}/settings",
        f"/cats/{cat_id}/backpack",
        f"/cats/{cat_id}/size",
        f"/cats/{cat_id}/routine",
        f"/cats/{cat_id}/heat?temp=33&humidity=60&sun=full#answer",
        f"/cats/{cat_id}/today?temp=36&humidity=60&sun=full",
    ]
    problems: dict[str, Any] = {}
    for size in ({"width": 390, "height": 844}, SMALL):
        page.set_viewport_size(size)
        for url in urls:
            page.goto(live_app.url + url)
            where = f"{url} at {size['width']} px"
            no_overflow(page, where)
            found = axe_violations(page)
            if found:
                problems[where] = found
    assert problems == {}
    # The heat answer is in view after the check.
    page.goto(f"{live_app.url}/cats/{cat_id}/heat")
    page.get_by_label("Temperature (°C)").fill("33")
    page.get_by_role("button", name="Check the heat").click()
    page.wait_for_url(re.compile(r"#answer"))
    assert page.locator("#heat-result").is_visible()
    top = page.evaluate("() => document.getElementById('answer').getBoundingClientRect().top")
    assert 0 <= top < SMALL["height"]
    shoot(page, "guide-320-heat", desktop=False)
