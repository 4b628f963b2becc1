"""The calendar feed over real HTTP, as a calendar app fetches it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2 as httpx
from icalendar import Calendar

from tests.web.test_http_server import served


def owner_with_pepper(http: httpx.Client) -> httpx.Response:
    """A new account (the client logged in with it) and its cat Pepper."""
    token = http.post(
        "/users", json={"email": "a@b.org", "name": "A", "password": "pw-123456"}
    ).json()["token"]
    http.headers["Authorization"] = f"Bearer {token}"
    return http.post("/cats", json={"cat": {"name": "Pepper", "harness_trained": True}})


def test_calendar_app_fetches_the_feed(tmp_path: Path) -> None:
    with served(tmp_path, CATPACK_TIMEZONE="Europe/Berlin") as base:
        origin = base.removesuffix("/api/v1")
        with httpx.Client(base_url=base, timeout=10) as http:
            cat = owner_with_pepper(http)
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


def test_a_saved_trip_reaches_the_calendar_app(tmp_path: Path) -> None:
    """A trip saved through the API is in the fetched feed at the household's
    local time, for its length (it was not in the feed at all before)."""
    starts = (datetime.now(UTC) + timedelta(days=3)).replace(hour=9, minute=0, second=0)
    starts = starts.replace(microsecond=0)
    with served(tmp_path, CATPACK_TIMEZONE="Europe/Berlin") as base:
        with httpx.Client(base_url=base, timeout=10) as http:
            cat = owner_with_pepper(http)
            trip = {"trip": {"kind": "hike", "hours": 3}, "starts_at": starts.isoformat()}
            saved = http.post(f"/cats/{cat.json()['id']}/trips", json=trip)
            assert saved.status_code == 201
            feed = http.post("/reminders/feed").json()
        got = httpx.get(feed["url"], timeout=10)
        [event] = [
            e for e in Calendar.from_ical(got.content).walk("VEVENT") if "(trip)" in e["SUMMARY"]
        ]
        assert str(event["SUMMARY"]) == "Pepper: a hike (trip)"
        assert str(event["UID"]) == f"trip-{saved.json()['id']}-cat{cat.json()['id']}@catpack"
        start = event["DTSTART"].dt
        assert start.tzinfo.key == "Europe/Berlin" and start == starts
        assert event["DTEND"].dt - start == timedelta(hours=3)
