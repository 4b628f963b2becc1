"""The calendar feed over real HTTP, as a calendar app fetches it."""

from __future__ import annotations

from pathlib import Path

import httpx2 as httpx
from icalendar import Calendar

from tests.web.test_http_server import served


def test_calendar_app_fetches_the_feed(tmp_path: Path) -> None:
    with served(tmp_path, CATPACK_TIMEZONE="Europe/Berlin") as base:
        origin = base.removesuffix("/api/v1")
        with httpx.Client(base_url=base, timeout=10) as http:
            token = http.post(
                "/users", json={"email": "a@b.org", "name": "A", "password": "pw-123456"}
            ).json()["token"]
            http.headers["Authorization"] = f"Bearer {token}"
            cat = http.post("/cats", json={"cat": {"name": "Pepper", "harness_trained": True}})
            assert cat.status_code == 201
            feed = http.post("/reminders/feed").json()
        assert feed["url"].startswith(origin + "/api/v1/calendar/")  # the address it came to
        got = httpx.get(feed["url"], timeout=10)  # no token header: the address is the secret
        assert got.status_code == 200
        assert got.headers["content-type"] == "text/calendar; charset=utf-8"
        [event] = Calendar.from_ical(got.content).walk("VEVENT")
        assert str(event["SUMMARY"]) == "Pepper: Introduce the backpack, level 1 of 4"
        with httpx.Client(base_url=base, timeout=10, headers=http.headers) as again:
            again.post("/reminders/feed")
        assert httpx.get(feed["url"], timeout=10).status_code == 404
