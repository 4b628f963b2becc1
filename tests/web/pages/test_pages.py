"""Forms, validation messages and no-JS posting, in-process (no browser)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.page_helpers import Pages, logged, profile, step_level

CALM = {
    "tail": "upright",
    "ears": "forward",
    "eyes": "normal",
    "body": "relaxed",
    "vocal": "silent",
    "took_treats": "yes",
    "entered_voluntarily": "yes",
    "reps": "5",
    "calm_reps": "5",
    "minutes": "5",
    "location": "home",
}
HISS = {
    "tail": "puffed",
    "ears": "back",
    "vocal": "hissing",
    "took_treats": "no",
    "reps": "5",
    "calm_reps": "1",
}


def log(pages: Pages, cat: str, answers: dict[str, str], **over: str) -> tuple[int, str]:
    form = pages.client.get(f"/cats/{cat}/log").text
    stage, level = step_level(form)
    data = {"stage": stage, "level": level, **answers, **over}
    r = pages.client.post(f"/cats/{cat}/sessions", data=data)
    return r.status_code, r.text


def test_empty_database_greets_with_add_your_cat(pages: Pages) -> None:
    r = pages.client.get("/")
    assert r.status_code == 200
    assert str(r.url).endswith("/cats/new")
    assert "Welcome! Add your cat" in r.text


def test_every_form_control_has_a_label(pages: Pages) -> None:
    cat = pages.add_cat()
    for url in (
        "/cats/new",
        f"/cats/{cat}/today",
        f"/cats/{cat}/log",
        f"/cats/{cat}/trip",
        f"/cats/{cat}/heat",
        "/settings",
        f"/cats/{cat}/settings",
    ):
        html = pages.client.get(url).text
        ids = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', html)
        for control_id in ids:
            assert f'for="{control_id}"' in html, f"{url}: #{control_id} has no label"
        # Radios and checkboxes sit inside their <label>.
        bare = re.findall(r'<input (?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>', html)
        for tag in bare:
            assert re.search(r'type="(radio|checkbox)"', tag), f"{url}: unlabelled {tag}"


def test_add_cat_with_bad_fields_names_them_and_stores_nothing(pages: Pages) -> None:
    r = pages.client.post("/cats", data={"name": "", "weight": "heavy", "backpack_height_cm": "-3"})
    assert r.status_code == 422
    assert "Name: please give the cat&#39;s name." in r.text
    assert "Weight: &#39;heavy&#39; is not a number." in r.text
    assert "Backpack height must be more than 0 cm." in r.text
    assert 'value="heavy"' in r.text  # what was typed stays in the form
    assert pages.client.get("/").url.path == "/cats/new"  # still no cat


def test_weight_range_is_checked_in_the_owners_units(pages: Pages) -> None:
    pages.client.post("/settings", data={"units": "imperial"})
    r = pages.client.post("/cats", data={"name": "Huge", "weight": "70"})
    assert r.status_code == 422
    assert "Weight must be at most 66.1 lb." in r.text
    cat = pages.add_cat("Tom", weight="11")
    assert profile(pages.app, cat)["weight_kg"] == 4.99


def test_duplicate_cat_name_is_refused(pages: Pages) -> None:
    pages.add_cat("Mia")
    r = pages.client.post("/cats", data={"name": "Mia"})
    assert r.status_code == 409
    assert "already have a cat by that name" in r.text


def test_first_session_is_the_engines_start(pages: Pages) -> None:
    cat = pages.add_cat(motivation=["play"], harness_trained="yes")
    html = pages.client.get(f"/cats/{cat}/today").text
    assert "Let&#39;s begin" in html
    assert "Introduce the backpack" in html
    assert "A favourite toy" in html  # reward from motivation
    assert 'data-max-seconds="300"' in html  # timer bounded by max_minutes


def test_rewards_read_as_one_list(pages: Pages) -> None:
    cat = pages.add_cat(motivation=["food", "play", "comfort"], harness_trained="yes")
    html = pages.client.get(f"/cats/{cat}/today").text
    listed = re.search(r"Reward with:</strong>\s*([^<]*)</p>", html)
    assert listed is not None
    assert listed.group(1).strip() == "Treats, a favourite toy, a blanket or your worn clothing"


def test_log_without_javascript_then_decision_at_once(pages: Pages) -> None:
    cat = pages.add_cat()
    pages.clock.advance(minutes=5)
    r = pages.client.post(
        f"/cats/{cat}/sessions",
        data={"stage": "introduce", "level": "1", **CALM},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == f"/cats/{cat}/today?logged=1"
    html = pages.client.get(r.headers["location"]).text
    assert "Session saved" in html
    assert "A step up next" in html
    assert "Calm in 5 of 5 repetitions" in html


def test_bad_session_form_says_why_and_stores_nothing(pages: Pages) -> None:
    cat = pages.add_cat()
    status, html = log(pages, cat, CALM, reps="3", calm_reps="4", tail="sideways", minutes="x")
    assert status == 422
    assert "Calm tries (4) cannot be more than tries (3)." in html
    assert "Tail: &#39;sideways&#39; is not one of the choices." in html
    assert "Minutes: &#39;x&#39; is not a number." in html
    assert logged(pages.app, cat) == []


def test_stale_stage_in_the_form_is_refused(pages: Pages) -> None:
    cat = pages.add_cat()
    r = pages.client.post(f"/cats/{cat}/sessions", data={"stage": "flying", "level": "1"})
    assert r.status_code == 422
    assert "this form is out of date" in r.text
    assert logged(pages.app, cat) == []


def test_hissing_shows_stop_banner_then_easier_session_next_day(pages: Pages) -> None:
    cat = pages.add_cat()
    pages.clock.advance(minutes=5)
    assert log(pages, cat, CALM)[0] == 200
    pages.clock.advance(minutes=20)
    status, html = log(pages, cat, HISS)
    assert status == 200
    assert 'id="stop-banner"' in html
    assert "Try again:</strong> not before Fri 27 Nov." in html
    assert "data-timer" not in html
    pages.clock.advance(days=1)
    html = pages.client.get(f"/cats/{cat}/today").text
    assert 'id="stop-banner"' not in html
    assert "Rest is over" in html
    assert "level 1 of 4" in html


def test_panting_in_full_sun_stop_says_get_to_shade(pages: Pages) -> None:
    cat = pages.add_cat()
    pages.clock.advance(minutes=5)
    status, html = log(pages, cat, CALM, signs="panting", sun="full", temp="30")
    assert status == 200
    assert 'id="stop-banner"' in html
    assert "get out of the sun now" in html


def test_today_weather_gives_heat_verdict_and_blocks_when_too_hot(pages: Pages) -> None:
    cat = pages.add_cat()
    html = pages.client.get(f"/cats/{cat}/today?sun=full&temp=33&humidity=60").text
    assert "Extreme heat risk" in html
    assert 'id="heat-banner"' in html
    html = pages.client.get(f"/cats/{cat}/today?sun=shade&temp=18").text
    assert "Low heat risk" in html
    r = pages.client.get(f"/cats/{cat}/today?temp=warm")
    assert r.status_code == 422
    assert "Temperature: &#39;warm&#39; is not a number." in r.text


def test_fahrenheit_owner_reads_and_types_fahrenheit(pages: Pages) -> None:
    cat = pages.add_cat()
    pages.client.post("/settings", data={"units": "imperial"})
    html = pages.client.get(f"/cats/{cat}/heat?temp=64.4&sun=shade").text
    assert "Temperature (°F)" in html
    assert "Low heat risk" in html
    assert "°F" in html.split('id="heat-verdict"')[1]
    html = pages.client.get(f"/cats/{cat}/heat?temp=95&sun=full").text
    assert "Extreme heat risk" in html


def test_units_setting_rejects_unknown_value(pages: Pages) -> None:
    pages.add_cat()
    r = pages.client.post("/settings", data={"units": "furlongs"})
    assert r.status_code == 422
    assert "Units: pick metric or imperial." in r.text


def test_trip_planner_form_and_messages(pages: Pages) -> None:
    cat = pages.add_cat()
    r = pages.client.post(f"/cats/{cat}/trip", data={"kind": "boat", "hours": ""})
    assert r.status_code == 422
    assert "Kind of trip: &#39;boat&#39; is not one of the choices." in r.text
    assert "Hours: how long will the trip take?" in r.text
    r = pages.client.post(
        f"/cats/{cat}/trip",
        data={
            "kind": "flight",
            "hours": "2",
            "airline": "lufthansa",
            "backpack_length_cm": "50",
            "backpack_width_cm": "30",
            "backpack_height_cm": "30",
        },
    )
    assert r.status_code == 200
    assert "Not ready yet" in r.text
    assert "A flight needs Short local walks (step 9) done first." in r.text
    assert "The pack&#39;s height, 30 cm, is over Lufthansa group" in r.text


def test_switcher_lists_cats_and_remembers_choice(pages: Pages) -> None:
    first = pages.add_cat("Mia")
    second = pages.add_cat("Rocket")
    html = pages.client.get(f"/cats/{first}/today").text
    # One tap: a link per cat, no drop-down and second button.
    assert f'href="/switch?cat_id={second}"' in html and 'name="cat_id"' not in html
    assert re.search(rf'href="/switch\?cat_id={first}" title="Mia" aria-current="true"', html)
    r = pages.client.get(f"/switch?cat_id={second}", follow_redirects=False)
    assert r.headers["location"] == f"/cats/{second}/today"
    assert pages.client.get("/").url.path == f"/cats/{second}/today"
    assert pages.client.get("/switch?cat_id=nope").url.path == f"/cats/{second}/today"


def test_unknown_cat_is_a_friendly_404(pages: Pages) -> None:
    for url in ("/cats/999/today", "/cats/999/log", "/cats/999/history", "/cats/999/trip"):
        r = pages.client.get(url)
        assert r.status_code == 404
        assert "That cat isn't here" in r.text


def test_history_summary_and_chart_svg(pages: Pages) -> None:
    cat = pages.add_cat()
    pages.clock.advance(minutes=5)
    log(pages, cat, CALM)
    pages.clock.advance(minutes=20)
    log(pages, cat, HISS)
    pages.clock.advance(days=2)
    html = pages.client.get(f"/cats/{cat}/history").text
    assert re.search(r"<dt>Sessions</dt><dd>2</dd>", html)
    assert re.search(r"<dt>Stops</dt><dd>1</dd>", html)
    assert re.search(r"<dt>Days training</dt><dd>3</dd>", html)
    assert html.count('class="stopped"') == 1
    svg = pages.client.get(f"/cats/{cat}/progress.svg")
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.lstrip().startswith("<?xml") and "<svg" in svg.text
    assert ">stop<" in svg.text  # the hissing session is marked and labelled


def test_static_files_are_served_locally(pages: Pages) -> None:
    html = pages.client.get("/cats/new").text
    assert "/static/vendor/htmx-2.0.11.min.js" in html
    assert "http" not in "".join(re.findall(r"<script[^>]*>", html))
    js = pages.client.get("/static/vendor/htmx-2.0.11.min.js")
    assert js.status_code == 200 and "htmx" in js.text[:2000]


def test_form_posted_from_another_site_is_refused(pages: Pages) -> None:
    evil = {"origin": "http://evil.example"}
    r = pages.client.post("/cats", data={"name": "Mia"}, headers=evil)
    assert r.status_code == 403
    assert pages.client.get("/").url.path == "/cats/new"  # nothing stored
    ours = {"origin": "http://testserver"}
    r = pages.client.post("/cats", data={"name": "Mia"}, headers=ours, follow_redirects=False)
    assert r.status_code == 303


def test_stress_that_keeps_returning_refers_without_a_timer(pages: Pages) -> None:
    cat = pages.add_cat(harness_trained="yes")
    for _ in range(4):
        pages.clock.advance(days=1)
        status, html = log(pages, cat, HISS)
        assert status == 200
    assert "Pause the plan and get advice" in html
    assert "data-timer" not in html
    assert 'id="prepare"' not in html


def test_undo_takes_back_the_session_just_logged(pages: Pages) -> None:
    cat = pages.add_cat(harness_trained="yes")
    pages.clock.advance(minutes=5)
    status, html = log(pages, cat, HISS)
    assert status == 200
    assert 'id="stop-banner"' in html
    assert "Undo: I logged that by mistake" in html
    r = pages.client.post(f"/cats/{cat}/sessions/undo", follow_redirects=False)
    assert r.headers["location"] == f"/cats/{cat}/today?undone=1"
    html = pages.client.get(r.headers["location"]).text
    assert "The last session was taken back." in html
    assert 'id="stop-banner"' not in html and "Let&#39;s begin" in html
    assert logged(pages.app, cat) == []
    again = pages.client.post(f"/cats/{cat}/sessions/undo", follow_redirects=False)
    assert again.headers["location"] == f"/cats/{cat}/today"  # nothing left: no harm


def test_unknown_page_is_a_page_for_browsers_and_json_for_the_api(pages: Pages) -> None:
    browser = pages.client.get("/no-such-page", headers={"accept": "text/html"})
    assert browser.status_code == 404
    assert "text/html" in browser.headers["content-type"]
    assert "There is no such page" in browser.text
    api = pages.client.get("/api/v1/no-such-thing", headers={"accept": "text/html"})
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}
    script = pages.client.get("/no-such-page")
    assert script.status_code == 404 and script.json() == {"detail": "Not Found"}


def test_a_server_error_gives_a_browser_a_page_and_the_api_its_text(
    pages: Pages, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phone that met a server error got the bare text "Internal Server
    Error": now a page in plain words with a way back, nothing of the error
    itself; the API and other clients keep the text."""
    from fastapi.testclient import TestClient

    from catpack import words
    from catpack.services import plans

    cat = pages.add_cat()

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(plans, "read_cat", broken)  # Today's plan read
    with TestClient(pages.app, raise_server_exceptions=False) as client:
        page = client.get(f"/cats/{cat}/today", headers={"accept": "text/html"})
        bare = client.get(f"/cats/{cat}/today")
    assert page.status_code == 500 and "Something went wrong on our side" in page.text
    assert words.SERVER_ERROR_LINE.split(".")[0] in page.text and 'href="/"' in page.text
    assert "secret detail" not in page.text and "Traceback" not in page.text
    assert page.headers["content-security-policy"]  # the guards' headers as on every page
    assert bare.status_code == 500 and bare.text == "Internal Server Error"
