"""The pack thermometer on the pages, in-process on both databases: Today's panel
in every state, the page without JavaScript, pairing from the cat's settings,
and each session's in-pack air in the history."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from catpack.services import cats, readings, users
from catpack.services.pack_views import PairIn, ReadingsIn, ReadingView, SessionAir
from catpack.web.pages.pack import TABLE_ROWS, shown_air
from tests.page_helpers import Pages, log_as_owner, owner
from tests.store_factories import cat as cat_profile

ADDRESS = "A4:C1:38:8D:18:B2"


def send(
    pages: Pages,
    cat: str,
    temps: list[float],
    humidity: float = 45.0,
    address: str = ADDRESS,
    **extra: int,
) -> None:
    """Readings 30 s apart, the last 10 s before the app's "now" (as a watcher posts them)."""
    now = pages.clock()
    start = now - timedelta(seconds=10 + 30 * (len(temps) - 1))
    batch = ReadingsIn.model_validate(
        {
            "sensor": address,
            "readings": [
                {
                    "at": (start + timedelta(seconds=30 * i)).isoformat(),
                    "temp_c": t,
                    "humidity_pct": humidity,
                    **extra,
                }
                for i, t in enumerate(temps)
            ],
        }
    )
    readings.post_readings(pages.app.state.db, owner(pages.app), int(cat), batch, now=now)


def panel(pages: Pages, cat: str, query: str = "") -> str:
    r = pages.client.get(f"/cats/{cat}/today/pack?part=1{query}")
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    return str(r.text)


def data(html: str, name: str) -> str:
    found = re.search(rf'data-{name}="([^"]*)"', html)
    assert found, name
    return found.group(1)


def words(html: str) -> str:
    """The panel's text, tags dropped and blanks squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def pair(pages: Pages, cat: str, address: str = ADDRESS, name: str = "") -> int:
    r = pages.client.post(
        f"/cats/{cat}/sensor", data={"address": address, "name": name}, follow_redirects=False
    )
    return int(r.status_code)


STEADY = 7  # readings: three minutes, 30 s apart


def test_today_asks_nothing_and_shows_an_empty_slot(pages: Pages) -> None:
    cat = pages.add_cat()
    today = pages.client.get(f"/cats/{cat}/today").text
    slot = re.search(r'<section id="pack-air".*?</section>', today, flags=re.S)
    assert slot and 'data-state="loading"' in slot.group(0) and " hidden>" in slot.group(0)
    assert f'data-pack-url="/cats/{cat}/today/pack?part=1"' in slot.group(0)
    # No sensor, nothing heard: the panel stays empty even while the timer runs.
    for query in ("", "&timer=400"):
        html = panel(pages, cat, query)
        assert data(html, "live") == "0" and data(html, "paired") == "0" and " hidden>" in html


def test_the_panel_follows_the_pack(pages: Pages) -> None:
    cat = pages.add_cat()
    assert pair(pages, cat) == 303
    idle = panel(pages, cat)
    assert data(idle, "paired") == "1" and data(idle, "live") == "0" and " hidden>" in idle
    assert panel(pages, cat, "&timer=x1") == idle  # not a timer: as without one
    waiting = words(panel(pages, cat, "&timer=30"))
    assert "Waiting for its first reading" in waiting
    unheard = panel(pages, cat, "&timer=200")
    assert data(unheard, "urgent") == "1"
    assert "No reading for 3 minutes" in words(unheard)
    assert "A silent thermometer is not a cool pack" in words(unheard)

    send(pages, cat, [22.0] * STEADY)
    ok = panel(pages, cat)
    assert (data(ok, "live"), data(ok, "urgent")) == ("1", "0")
    assert "22.0 °C 45 % humidity, steady, 10 s ago" in words(ok)
    assert "The air in the pack is fine." in words(ok)
    assert data(ok, "say") == "In the pack 22.0 °C. The air in the pack is fine."

    # Silent: the last reading four minutes old.
    pages.clock.advance(minutes=4)
    silent = panel(pages, cat)
    assert data(silent, "urgent") == "1" and "pack-banner-silent" in silent
    assert "No reading for 4 minutes" in words(silent)
    assert "The last reading was 22.0 °C, 4 min ago" in words(silent)


def test_each_level_says_what_to_do_in_the_owners_units(pages: Pages) -> None:
    """Steady air at each level (a fresh cat each, three minutes of readings)."""
    cases: list[tuple[list[float], float, str, list[str]]] = [
        ([27.0] * STEADY, 45, "pack-caution", ["keep it out of the sun and open a vent"]),
        (
            [29.6] * STEADY,
            30,
            "pack-banner-heat",
            ["The pack is hot: cool the cat now", "Stop", "to let the heat out", "Water"],
        ),
        (
            [33.0] * STEADY,
            40,
            "pack-banner-heat",
            ["Stop and cool the cat now", "lift the cat out, lead clipped on", "Shade"],
        ),
        ([5.0] * STEADY, 60, "pack-caution", ["The pack is cold: add a blanket"]),
        (
            [-1.0] * STEADY,
            60,
            "pack-banner-cold",
            ["The pack is too cold: warm the cat now", "Get out of the wind"],
        ),
        (
            [24.0 + 0.5 * i for i in range(STEADY)],
            45,
            "pack-kind-air",
            ["rising 1.0 °C a minute"],
        ),
    ]
    for i, (temps, humidity, css, said) in enumerate(cases):
        cat = pages.add_cat(f"Cat{i}")
        address = f"A4:C1:38:00:00:{i:02d}"  # a thermometer per pack
        pair(pages, cat, address)
        send(pages, cat, temps, humidity, address)
        html = panel(pages, cat)
        assert css in html, (temps, html)
        for text in said:
            assert text in words(html), (text, words(html))
        assert "°F" not in html

    # The owner's units: °F for the reading and for the rate of change.
    pages.client.post("/settings", data={"units": "imperial"})
    cat = pages.add_cat("Fahrenheit")
    pair(pages, cat)
    send(pages, cat, [22.0 + 0.5 * i for i in range(STEADY)])  # the only one on ADDRESS
    fahrenheit = words(panel(pages, cat))
    assert "77.0 °F" in fahrenheit and "rising 1.8 °F a minute" in fahrenheit
    assert "°C" not in fahrenheit


def test_silence_during_heat_keeps_the_banner_and_says_so(pages: Pages) -> None:
    cat = pages.add_cat()
    pair(pages, cat)
    send(pages, cat, [30.0] * STEADY, 30, battery_pct=9)
    pages.clock.advance(minutes=5)
    html = words(panel(pages, cat))
    assert "cool the cat now" in html
    assert "No reading for 5 minutes: this was the last one" in html
    assert "battery is at 9 %: replace it" in html


def test_without_javascript_the_panel_is_a_page(pages: Pages) -> None:
    cat = pages.add_cat()
    page = pages.client.get(f"/cats/{cat}/today/pack")
    assert page.status_code == 200 and "<h1>Mia's pack thermometer</h1>" in page.text
    assert "No pack thermometer is paired with Mia" in page.text
    pair(pages, cat)
    send(pages, cat, [30.0] * STEADY, 30)
    page = pages.client.get(f"/cats/{cat}/today/pack")
    assert "cool the cat now" in page.text and "<!doctype html>" in page.text
    assert pages.client.get("/cats/999/today/pack").status_code == 404
    # Another household's cat does not exist for this one.
    db = pages.app.state.db
    made = users.create_user(db, "stranger@example.com", "Stranger", None)
    stranger = users.actor_for_token(db, made.token)
    assert stranger is not None
    theirs = cats.add_cat(db, stranger, cat_profile(name="Theirs")).id
    readings.pair_sensor(db, stranger, theirs, PairIn(address="A4:C1:38:00:00:07"))
    for url in (f"/cats/{theirs}/today/pack?part=1", f"/cats/{theirs}/settings"):
        assert pages.client.get(url).status_code == 404, url


def test_pairing_from_the_cats_settings(pages: Pages) -> None:
    cat = pages.add_cat()
    pages.add_cat("Rocket")
    settings = pages.client.get("/settings").text
    assert f'href="/cats/{cat}/settings"' in settings
    page = pages.client.get(f"/cats/{cat}/settings").text
    assert "No thermometer is paired with Mia's pack" in page
    bad = [
        ({"address": "kitchen"}, "address", "'kitchen' is not a Bluetooth address"),
        ({"address": ""}, "address", "type the thermometer's address"),
        ({"address": "A" * 70}, "address", "too long for a Bluetooth address"),
        ({"address": ADDRESS, "name": "n" * 101}, "name", "100 characters at most"),
        ({"address": ADDRESS, "name": "pock\x00et"}, "name", "cannot be stored"),
    ]
    for form, field, message in bad:
        r = pages.client.post(f"/cats/{cat}/sensor", data={"name": "", **form})
        assert r.status_code == 422, form
        error = re.search(rf'id="err-{field}">([^<]+)<', r.text)
        assert error and message in error.group(1).replace("&#39;", "'"), (form, r.text)
        assert 'aria-invalid="true"' in r.text
    assert readings.list_sensors(pages.app.state.db, owner(pages.app)) == []

    r = pages.client.post(
        f"/cats/{cat}/sensor", data={"address": "a4-c1-38-8d-18-b2", "name": "pocket"}
    )
    assert r.status_code == 200 and "Pack thermometer paired" in r.text
    assert f"<code>{ADDRESS}</code>" in r.text and "pocket" in r.text
    # Rocket's settings offer the known thermometer with one tap, naming its pack.
    rocket = str(int(cat) + 1)
    offer = pages.client.get(f"/cats/{rocket}/settings").text
    assert "in Mia's pack" in offer and "Pair this one" in offer
    moved = pages.client.post(f"/cats/{rocket}/sensor", data={"address": ADDRESS, "name": "pocket"})
    assert moved.status_code == 200
    assert readings.cat_sensor(pages.app.state.db, owner(pages.app), int(cat)) is None
    gone = pages.client.post(f"/cats/{rocket}/sensor/unpair")
    assert gone.status_code == 200 and "Pack thermometer unpaired" in gone.text
    again = pages.client.post(f"/cats/{rocket}/sensor/unpair", follow_redirects=False)
    assert again.status_code == 303  # nothing paired: nothing to do, no error
    assert pages.client.post("/cats/999/sensor", data={"address": ADDRESS}).status_code == 404


def session_doc(at: datetime, minutes: float = 10) -> dict[str, object]:
    return {
        "at": at.isoformat(),
        "stage": "introduce",
        "level": 1,
        "minutes": minutes,
        "reps": 5,
        "calm_reps": 5,
        "observation": {"tail": "upright", "ears": "forward", "body": "relaxed"},
    }


def test_history_shows_each_sessions_pack_air(pages: Pages) -> None:
    cat = pages.add_cat()
    pair(pages, cat)
    log_as_owner(pages.app, cat, session_doc(pages.clock() - timedelta(hours=3)))  # no readings
    send(pages, cat, [22.0, 24.0, 31.5, 28.0, 26.0], 50)
    log_as_owner(pages.app, cat, session_doc(pages.clock()))
    history = pages.client.get(f"/cats/{cat}/history").text
    entries = re.findall(r"<li class=\"[^\"]*\">.*?</li>\s*(?=<li|</ol>)", history, flags=re.S)
    assert len(entries) == 2
    newest, oldest = words(entries[0]), words(entries[1])
    assert "In the pack: 22.0 °C at the start, 26.0 °C at the end, hottest 31.5 °C" in newest
    assert "Air in the pack: 5 readings" in newest and "Every reading" in newest
    assert newest.count("50 %") == 5
    assert "In the pack" not in oldest
    chart = re.search(r'src="(/cats/\d+/sessions/(\d+)/pack\.png)"', entries[0])
    assert chart
    png = pages.client.get(chart.group(1))
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert pages.client.get(f"/cats/{cat}/sessions/99999/pack.png").status_code == 404
    other = pages.add_cat("Rocket")
    wrong_cat = f"/cats/{other}/sessions/{chart.group(2)}/pack.png"
    assert pages.client.get(wrong_cat).status_code == 404

    pages.client.post("/settings", data={"units": "imperial"})
    history = words(pages.client.get(f"/cats/{cat}/history").text)
    assert "hottest 88.7 °F" in history
    assert pages.client.get(chart.group(1)).status_code == 200


def test_a_long_session_is_a_short_table_that_keeps_the_peak() -> None:
    start = datetime.fromisoformat("2026-07-01T10:00:00+00:00")
    temps = [25 + (i % 7) * 0.3 for i in range(360)]  # an hour, every 10 s
    temps[200] = 35.0
    air = SessionAir(
        session_id=1,
        at=start + timedelta(hours=1),
        readings=[
            ReadingView(
                at=start + timedelta(seconds=10 * i),
                temp_c=t,
                humidity_pct=None,
                battery_pct=None,
                session_id=1,
            )
            for i, t in enumerate(temps)
        ],
    )
    shown = shown_air(air)
    assert shown is not None
    assert shown.step_min == 5 and len(shown.rows) <= TABLE_ROWS + 1
    assert shown.peak.temp_c == 35.0 and any(r.temp_c == 35.0 for r in shown.rows)
    assert len({r.at.strftime("%H:%M") for r in shown.rows}) == len(shown.rows)
    assert shown_air(SessionAir(session_id=2, at=start, readings=[])) is None
