"""The pack thermometer end to end, on a phone: a faked radio → ``catpack sensor
watch`` → the real server over HTTP → Today in Chromium, live, then the banner.

The radio is the one fake (the sensor tests' ``FakeRadio``: each packet sent
three times, a neighbour's sensor, an encrypted packet). Decoding, the spool,
the REST API, the database, the page and its script are the real ones. The
browser's timers are Playwright's clock, so the test moves the polling on
instead of waiting for it; the app's clock is moved to just after each burst
of readings (the readings themselves are real instants in the past).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from catpack.cli.errors import main
from catpack.sensor import scanner
from catpack.services import users
from catpack.web.pages.chart import PACK_DPI, PACK_INCHES, PACK_SMALLEST_PT
from tests.browser.browser_helpers import (
    LiveApp,
    axe_violations,
    publish,
    shoot,
    shoot_element,
    shoot_screen,
)
from tests.page_helpers import owner
from tests.sensor.test_watch import ADDRESS, FakeRadio

pytestmark = pytest.mark.browser

COOL = [22.0, 22.1, 22.2, 22.3, 22.4, 22.5, 22.6]  # every 30 s: a calm pack
HEATING = [24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0]  # the sun on the pack


def watch(
    monkeypatch: pytest.MonkeyPatch, live: LiveApp, temps: list[float], end: datetime
) -> None:
    """``catpack sensor watch --cat Pepper`` against the live server, hearing ``temps``."""
    monkeypatch.setattr(scanner, "open_scanner", lambda: FakeRadio(temps, end))
    token = users.mint_token(live.app.state.db, owner(live.app))
    args = ["sensor", "watch", "--cat", "Pepper", "--server", live.url, "--token", token]
    assert main(args) == 0


def pack_requests(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if "/today/pack" in r.url else None)
    return seen


def test_a_heating_pack_reaches_today_live_then_as_the_banner(
    live_app: LiveApp, phone: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CATPACK_DATA_DIR", str(tmp_path))  # the watcher's spool
    for name in ("CATPACK_TOKEN", "CATPACK_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)
    # Real instants (the API refuses readings from the future), minutes ago.
    cool_end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    hot_end = cool_end + timedelta(minutes=4)
    live_app.clock.now = cool_end - timedelta(minutes=5)
    page = phone
    page.clock.install()
    page.goto(live_app.url + "/cats/new")
    page.get_by_label("Cat's name").fill("Pepper")
    page.get_by_role("button", name="Add my cat").click()
    page.wait_for_url(re.compile(r"/cats/\w+/today"))
    cat_id = page.url.split("/")[-2]

    # Pairing from the cat's settings (the CLI's `sensor pair` does the same).
    page.goto(f"{live_app.url}/cats/{cat_id}/settings")
    page.get_by_label("Its Bluetooth address").fill("a4-c1-38-8d-18-b2")
    page.get_by_role("button", name="Pair with Pepper's pack").click()
    page.wait_for_url(re.compile(r"paired=1"))
    assert ADDRESS in page.locator("#paired-sensor").inner_text()
    assert axe_violations(page) == []
    shoot(page, "pack-pairing", desktop=False)

    # Today before the session: nothing shown, and no asking while nothing runs.
    asked = pack_requests(page)
    page.goto(f"{live_app.url}/cats/{cat_id}/today")
    panel = page.locator("#pack-air")
    page.wait_for_function("() => document.getElementById('pack-air').dataset.state !== 'loading'")
    assert panel.is_hidden()
    page.clock.run_for(30_000)
    assert len(asked) == 1  # the one look on load

    # The timer starts the session: the panel waits for the thermometer.
    page.get_by_role("button", name="Start").click()
    page.get_by_text("Waiting for its first reading").wait_for()

    # The watcher hears a calm pack; the next poll shows it.
    watch(monkeypatch, live_app, COOL, cool_end)
    live_app.clock.now = cool_end + timedelta(seconds=8)
    page.clock.run_for(5_000)
    page.locator("#pack-now .pack-temp", has_text="22.6 °C").wait_for()
    now = page.locator("#pack-now").inner_text()
    assert "45 % humidity" in now and "rising 0.2 °C a minute" in now and "8 s ago" in now
    assert "The air in the pack is fine." in panel.inner_text()
    assert axe_violations(page) == []
    page.evaluate("window.scrollTo(0, 0)")
    publish(shoot_screen(page, "pack-live-screen.png"), "pack-live.png")

    # The phone loses the server: the panel says its reading may be old.
    page.context.route(
        "**/today/pack?*", lambda route: route.abort()
    )  # the page's own route may miss a request the service worker lets through
    page.clock.run_for(5_000)
    page.get_by_text("Can't reach catpack just now").wait_for()
    page.context.unroute("**/today/pack?*")

    # The sun on the pack: the next poll brings the full-width banner.
    watch(monkeypatch, live_app, HEATING, hot_end)
    live_app.clock.now = hot_end + timedelta(seconds=5)
    page.clock.run_for(5_000)
    banner = page.get_by_role("heading", name=re.compile("cool the cat now", re.I))
    banner.wait_for()
    text = panel.inner_text()
    assert "31.0 °C" in text and "rising" in text
    for step in ("Stop", "Open it", "lift the cat out", "Shade", "Water"):
        assert step in text
    box = panel.bounding_box()
    assert box is not None and box["width"] == 390  # full width on the phone
    # Said once to a screen reader, as an alert.
    assert page.locator("#pack-alarm").inner_text() == banner.inner_text()
    assert axe_violations(page) == []
    page.evaluate("window.scrollTo(0, 0)")
    publish(shoot_screen(page, "pack-alert-screen.png"), "pack-alert.png")
    shoot(page, "pack-alert")  # the whole page, phone and desktop
    # Wherever the owner has scrolled (the timer, the log button), it stays in view.
    page.get_by_role("link", name="Log how it went").scroll_into_view_if_needed()
    top = panel.bounding_box()
    assert top is not None and abs(top["y"]) < 1

    # Logged: the readings go with the session; no session runs, the asking stops.
    page.get_by_role("link", name="Log how it went").click()
    page.wait_for_url(re.compile(r"/log"))
    page.locator("input[name=minutes]").fill("10")
    page.get_by_role("button", name="Save session", exact=True).click()
    page.wait_for_url(re.compile(r"logged=1"))
    page.wait_for_function("() => document.getElementById('pack-air').dataset.state !== 'loading'")
    assert panel.is_hidden()
    before = len(asked)
    page.clock.run_for(60_000)
    assert len(asked) == before

    # The history entry holds the session's air, in words, chart and table.
    page.get_by_role("link", name="History").click()
    page.wait_for_url(re.compile(r"/history"))
    entry = page.locator(".timeline li").first
    assert "hottest 31.0 °C" in entry.inner_text()
    entry.get_by_text("Air in the pack: 15 readings").click()
    chart = entry.get_by_role("img", name=re.compile("air in the pack"))
    chart.wait_for()
    page.wait_for_function("() => document.querySelector('.pack-details img').naturalWidth > 0")
    # Its letters as the phone shows them: at least 12 px (they were about 7-9 px).
    natural, shown = chart.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]")
    assert natural == PACK_INCHES[0] * PACK_DPI
    assert PACK_SMALLEST_PT * shown / (PACK_INCHES[0] * 72) >= 12, shown
    assert "31.0 °C" in entry.locator("table").inner_text()
    assert axe_violations(page) == []
    shoot_element(entry, "pack-history-entry.png")
