"""Gear and reminders in a real browser at phone size (390x844), in inches and pounds:
the backpack form and its fit, the trip planner's airline verdict, the reminder
settings with the calendar address and push on this phone.

Each page is checked with axe-core; the answer of each form must be in view
after posting (not below the fold); pictures go to docs/img with
CATPACK_DOCS_IMG=1.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest

from catpack.services import gear, push, reminders
from tests.browser.browser_helpers import PHONE, LiveApp, publish, shoot, shoot_screen
from tests.browser.test_journey import assert_accessible, pick
from tests.page_helpers import owner

pytestmark = pytest.mark.browser

FCM = "https://fcm.googleapis.com/fcm/send/browser-test"
#: Chromium subscribes through Google's push service, out of reach here: the
#: page's PushManager answers instead, with a subscription on that service,
#: and keeps the key the page's script gave it (the script itself runs as is).
FAKE_PUSH = """
(() => {
  let current = null;
  window.__pushKeys = [];
  PushManager.prototype.subscribe = function (options) {
    window.__pushKeys.push(Array.from(new Uint8Array(options.applicationServerKey)));
    const keys = {p256dh: "B".repeat(87), auth: "A".repeat(22)};
    current = {
      endpoint: "ENDPOINT",
      toJSON() { return {endpoint: this.endpoint, keys: keys}; },
      unsubscribe() { current = null; return Promise.resolve(true); },
    };
    return Promise.resolve(current);
  };
  PushManager.prototype.getSubscription = function () { return Promise.resolve(current); };
})();
""".replace("ENDPOINT", FCM)


def in_view(page: Any, selector: str) -> bool:
    """The top of ``selector`` is on the phone's screen without scrolling."""
    top = page.evaluate(f"document.querySelector('{selector}').getBoundingClientRect().top")
    return (
        -2 <= float(top) < PHONE["height"] - 100
    )  # (a scrolled-to element may sit a subpixel above)


def imperial_cat(page: Any, live_app: LiveApp) -> None:
    """Units °F/lb, then a cat, Mochi (10 lb), ready for a harness."""
    page.goto(live_app.url + "/settings")
    pick(page, "Units", "°F and lb")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_url(re.compile(r"saved=1"))
    page.goto(live_app.url + "/cats/new")
    page.get_by_label("Cat's name").fill("Mochi")
    page.get_by_label("Weight (lb)").fill("10")
    pick(page, "Already happy in a harness?", "Yes")
    page.get_by_role("button", name=re.compile(r"^Add (my|this) cat$")).click()
    page.wait_for_url(re.compile(r"/today"))


def test_backpack_form_and_fit_in_inches(live_app: LiveApp, phone: Any) -> None:
    page = phone
    imperial_cat(page, live_app)
    page.get_by_role("link", name="More").click()
    page.get_by_role("link", name="Mochi's size").click()
    page.wait_for_url(re.compile(r"/size"))
    page.get_by_label("Length, nose to the base of the tail (in)").fill("16")
    page.get_by_label("Height, floor to the top of the head (in)").fill("10")
    assert_accessible(page, "the cat's size")
    page.get_by_role("button", name="Save measurements").click()
    page.wait_for_url(re.compile(r"/size\?saved=1"))
    page.get_by_role("link", name="Mochi's backpack and its fit").click()
    page.wait_for_url(re.compile(r"/backpack"))
    page.get_by_label("Name").fill("Blue bubble")
    page.get_by_label("Length (in)").fill("17")
    page.get_by_label("Width (in)").fill("12")
    page.get_by_label("Height (in)").fill("11")
    page.get_by_label("Made for cats up to (lb)").fill("11")
    pick(page, "Openings", "Front")
    page.get_by_label("Sides with mesh for air").fill("0")
    pick(page, "A clear bubble or window?", "Yes")
    pick(page, "A tether inside to clip the harness to?", "Yes")
    pick(page, "Is that tether fixed low, near the floor?", "Yes")
    pick(page, "Clips that lock the zips?", "No")
    assert_accessible(page, "backpack form")
    page.get_by_role("button", name="Save the backpack").click()
    page.wait_for_url(re.compile(r"/backpack\?saved=1#fit"))
    fit = page.locator("#fit")
    words = fit.inner_text()
    # 17 in for a 16 in cat: 1.5 x 16 = 24 in is advised, 16 in is the floor of "tight".
    assert "A tight fit for Mochi" in words
    assert "Inside length 17 in is a little short: about 1.5 times Mochi's length (24 in)" in words
    assert "A bubble window traps heat in the sun" in words and "No zip clips" in words
    assert "close to the pack's 11 lb rating" in words
    assert "bubble_window" not in words and "kg" not in words and "cm" not in words
    assert in_view(page, "#fit")
    [pack] = gear.list_backpacks(live_app.app.state.db, owner(live_app.app))
    assert pack.length_cm == pytest.approx(43.18) and pack.length_unit == "in"
    assert_accessible(page, "backpack fit")
    publish(shoot_screen(page, "backpack-fit.png"), "backpack.png")
    shoot(page, "08-backpack")


def test_trip_planner_airline_verdict_comes_into_view(live_app: LiveApp, phone: Any) -> None:
    page = phone
    imperial_cat(page, live_app)
    gear.add_backpack(
        live_app.app.state.db,
        owner(live_app.app),
        {"name": "Navigator", "length_cm": 45, "width_cm": 30, "height_cm": 28, "soft_sided": True},
    )
    page.goto(live_app.url + "/settings")
    page.get_by_role("link", name="Mochi's backpack and its fit").click()
    page.get_by_role("button", name="Use this pack").click()
    page.wait_for_url(re.compile(r"saved=1"))
    page.get_by_role("link", name="Trip").click()
    page.wait_for_url(re.compile(r"/trip$"))
    assert "Checked with Mochi's backpack, Navigator." in page.locator("#pack-line").inner_text()
    pick(page, "Kind of trip", "A flight")
    page.get_by_label("How long (hours)").fill("2")
    page.get_by_role("button", name="Check this trip").click()
    page.wait_for_url(re.compile(r"/trip#answer"))
    flying = page.locator("#airline-check")
    assert "Which airline?" in flying.inner_text()
    assert in_view(page, "#answer")
    page.get_by_label("Airline (flights)").select_option(
        label="Lufthansa group (Lufthansa, Austrian, SWISS)"
    )
    page.get_by_role("button", name="Check this trip").click()
    page.wait_for_url(re.compile(r"/trip#answer"))
    flying = page.locator("#airline-check").inner_text()
    assert "Not within Lufthansa group (Lufthansa, Austrian, SWISS)'s cabin rules" in flying
    assert "The pack's height, 11 in, is over" in flying and "9.1 in (23 cm)" in flying
    assert "always confirm with Lufthansa group" in flying
    assert "Not ready yet" in page.locator("#trip-verdict").inner_text()
    assert in_view(page, "#answer")
    assert_accessible(page, "trip planner with an airline")
    publish(shoot_screen(page, "trip-airline.png"), "trip-planner.png")
    shoot(page, "09-trip-airline")
    # Saved, then listed with "How did it go?" (the coach refuses it until training is done).
    page.get_by_role("button", name="Save this trip").click()
    page.wait_for_url(re.compile(r"saved=1#saved-trips"))
    saved = page.locator("#saved-trips")
    assert "A flight, 2 hours, Lufthansa group" in saved.inner_text()
    saved.get_by_role("link", name="How did it go?").click()
    page.wait_for_url(re.compile(r"/outcome$"))
    assert_accessible(page, "how the trip went")
    page.get_by_role("button", name="Save how it went").click()
    assert "trips come later" in page.locator("#refused").inner_text()


def test_reminder_settings_calendar_and_push(live_app: LiveApp, phone: Any) -> None:
    page = phone
    page.context.add_init_script(FAKE_PUSH)
    page.context.grant_permissions(
        ["notifications", "clipboard-read", "clipboard-write"], origin=live_app.url
    )
    page.goto(live_app.url + "/cats/new")
    page.get_by_label("Cat's name").fill("Mia")
    page.get_by_role("button", name="Add my cat").click()
    page.wait_for_url(re.compile(r"/today"))
    page.get_by_role("link", name="More").click()
    page.get_by_role("link", name="Reminders: calendar and push").click()
    page.wait_for_url(re.compile(r"/reminders$"))
    page.get_by_label("Usual session time").fill("07:30")
    page.get_by_label("From").fill("22:00")
    page.get_by_label("Until").fill("06:30")
    page.get_by_label("Send push reminders").check()
    page.get_by_role("button", name="Save reminder settings").click()
    page.wait_for_url(re.compile(r"saved=1"))
    db, actor = live_app.app.state.db, owner(live_app.app)
    stored = reminders.get_settings(db, actor)
    assert (stored.remind_at, stored.quiet_from, stored.quiet_until) == ("07:30", "22:00", "06:30")
    assert stored.push_enabled

    # The calendar address: shown once, copied with one tap.
    page.get_by_role("button", name="Make my calendar address").click()
    page.wait_for_url(re.compile(r"/reminders/feed#calendar"))
    address = page.get_by_label("Your calendar address").input_value()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/v1/calendar/[\w-]+\.ics", address)
    page.get_by_role("button", name="Copy the address").click()
    page.locator("[data-copy-status]").filter(has_text="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert in_view(page, "#calendar")
    warning = page.locator("#regen-warning").inner_text()
    assert "stops the old one at once" in warning

    # Push on this phone: the page's script subscribes with the app's key and posts it.
    page.get_by_role("button", name="Turn on push on this phone").click()
    status = page.locator("[data-push-status]")
    status.filter(has_text="This phone will get reminders.").wait_for()
    [key] = page.evaluate("window.__pushKeys")
    public = push.public_key(db)
    assert bytes(key) == base64.urlsafe_b64decode(public + "=" * (-len(public) % 4))
    assert reminders.get_settings(db, actor).push_devices == 1
    assert [s.endpoint for s in push.list_subscriptions(db, actor)] == [FCM]
    registered = page.evaluate(
        "navigator.serviceWorker.getRegistration('/static/').then(r => r && r.active !== undefined)"
    )
    assert registered
    assert_accessible(page, "reminder settings")
    assert page.get_by_role("button", name="Turn on push on this phone").is_hidden()
    shoot(page, "10-reminders")
    page.evaluate("document.getElementById('calendar').scrollIntoView()")
    publish(shoot_screen(page, "reminders-calendar.png"), "reminders.png")
    page.get_by_role("button", name="Stop push on this phone").click()
    status.filter(has_text="no more reminders").wait_for()
    assert reminders.get_settings(db, actor).push_devices == 0
