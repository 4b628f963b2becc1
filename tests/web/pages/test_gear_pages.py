"""Gear and reminder pages in-process (both databases): the backpack form and its
fit, the cat's size, the trip planner's airline and fit, saved trips and how
they went, reminder settings, the calendar address, push sign-up, the routine."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from markupsafe import escape

from catpack.services import gear, push, reminders, users
from catpack.services.views import Actor
from catpack.words import SAFETY_WORDS
from tests.factories import graduation
from tests.page_helpers import Pages, assert_labelled, log_as_owner, logged, owner, profile

IMPERIAL = {"units": "imperial", "timezone": "Europe/Berlin"}
PACK_FORM = {
    "name": "Bubble",
    "length": "16.5",
    "width": "12",
    "height": "11",
    "weight": "2.2",
    "max_cat": "11",
    "openings": ["front", "top"],
    "mesh_sides": "0",
    "bubble_window": "yes",
    "inner_tether": "yes",
    "tether_low": "no",
    "zip_clips": "no",
    "soft_sided": "unsure",
}
FCM = "https://fcm.googleapis.com/fcm/send/page-test"
KEYS = {"p256dh": "B" * 87, "auth": "A" * 22}


def imperial(pages: Pages) -> str:
    """A household on inches and pounds with one cat, Mochi (about 10 lb)."""
    assert pages.client.post("/settings", data=IMPERIAL).status_code == 200
    return pages.add_cat("Mochi", weight="10")


def text(html: str) -> str:
    """A page's words, tags out, entities kept as the test writes them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def packs(pages: Pages) -> list[Any]:
    return gear.list_backpacks(pages.app.state.db, owner(pages.app))


def graduate(pages: Pages, cat: str) -> None:
    """The cat finished training the day before yesterday (the last stage's top level)."""
    log_as_owner(pages.app, cat, graduation(pages.clock.now - timedelta(days=2)))


def test_every_gear_form_control_has_a_label(pages: Pages) -> None:
    cat = imperial(pages)
    pages.client.post(f"/cats/{cat}/backpack", data=PACK_FORM)
    trip = gear.add_trip(
        pages.app.state.db, owner(pages.app), int(cat), {"kind": "walk", "hours": 1}
    )
    for url in (
        f"/cats/{cat}/backpack",
        f"/cats/{cat}/backpack?new=1",
        f"/cats/{cat}/size",
        f"/cats/{cat}/routine",
        f"/cats/{cat}/trips/{trip.id}/outcome",
        "/reminders",
    ):
        html = pages.client.get(url).text
        assert_labelled(html, url)
        posts = re.findall(r'<form[^>]*method="post".*?</form>', html, re.S)
        assert posts, f"{url}: no form"
        for form in posts:
            assert 'name="csrf_token" value="' in form, f"{url}: a form without its token"


def test_backpack_form_in_inches_and_pounds_with_fit_and_flags_in_words(pages: Pages) -> None:
    cat = imperial(pages)
    form = pages.client.get(f"/cats/{cat}/backpack").text
    assert "Length (in)" in form and "Made for cats up to (lb)" in form
    r = pages.client.post(f"/cats/{cat}/backpack", data=PACK_FORM)
    assert r.status_code == 200 and "/backpack?saved=1" in str(r.url)
    [pack] = packs(pages)
    assert pack.length_cm == pytest.approx(16.5 * 2.54, abs=0.01)
    assert pack.max_cat_kg == pytest.approx(11 * 0.45359237, abs=0.001)
    assert (pack.openings, pack.mesh_sides, pack.soft_sided) == (["front", "top"], 0, None)
    assert pack.length_unit == "in"
    page = text(r.text)
    # Not measured yet: the fit asks for the cat's size, in words.
    assert "Not enough measurements to say" in page and "Measure Mochi" in page
    # The flags, as words (never as ids): bubble and no mesh (sun), tether high, no clips.
    for flag in ("bubble_window_heat", "no_mesh_heat", "tether_high", "no_zip_clips"):
        assert SAFETY_WORDS[flag].replace("'", "'") in page
        assert flag not in r.text
    # Measured in inches: a 16.5 in pack for an 18 in cat is too small, said in inches.
    r = pages.client.post(f"/cats/{cat}/size", data={"length": "18", "height": "9", "weight": "10"})
    assert r.status_code == 200
    page = text(r.text)
    assert "Too small for Mochi" in page
    assert "Inside length 16.5 in is too small: about 1.5 times Mochi's length (27 in)" in page
    # The rating is 11 lb, Mochi 10 lb: close, said once, with both weights.
    assert page.count("close to the pack's 11 lb rating") == 1
    assert SAFETY_WORDS["near_weight_rating"] not in page
    # The edit form shows the stored pack back in inches and pounds.
    assert 'value="16.5"' in r.text and 'value="11"' in r.text


def test_backpack_form_names_every_problem_and_stores_nothing(pages: Pages) -> None:
    cat = imperial(pages)
    bad = {**PACK_FORM, "name": "", "height": "tall", "inner_tether": "no", "tether_low": "yes"}
    r = pages.client.post(f"/cats/{cat}/backpack", data={**bad, "length": "100"})
    assert r.status_code == 422
    page = text(r.text)
    assert "Name: please give the pack a name." in page
    assert "Inside height: 'tall' is not a number." in page
    assert "Tether sits low: a pack without an inner tether has no tether to sit low." in page
    assert "Inside length must be at most 78.7 in." in page  # 200 cm, in the owner's units
    assert packs(pages) == []
    nul = pages.client.post(f"/cats/{cat}/backpack", data={**PACK_FORM, "name": "Bub\x00ble"})
    assert nul.status_code == 422 and "Name: must not contain NUL characters." in text(nul.text)
    assert packs(pages) == []


def test_editing_a_pack_clears_what_is_left_blank_and_keeps_names_unique(pages: Pages) -> None:
    cat = pages.add_cat("Mia")
    pages.client.post(f"/cats/{cat}/backpack", data={**PACK_FORM, "name": "One"})
    [first] = packs(pages)
    edit = {**PACK_FORM, "name": "One", "backpack_id": str(first.id), "zip_clips": "unsure"}
    edit["weight"] = ""
    assert pages.client.post(f"/cats/{cat}/backpack", data=edit).status_code == 200
    [changed] = packs(pages)
    assert changed.zip_clips is None and changed.weight_kg is None
    assert changed.length_cm == 16.5  # a metric household types centimetres
    second = pages.client.post(f"/cats/{cat}/backpack", data={**PACK_FORM, "name": "One"})
    assert second.status_code == 422
    assert "you already have a backpack by that name" in second.text
    pages.client.post(f"/cats/{cat}/backpack", data={**PACK_FORM, "name": "Two"})
    assert [p.name for p in packs(pages)] == ["One", "Two"]
    _, _, own = gear.cat_pack(pages.app.state.db, owner(pages.app), int(cat))
    assert own is not None and own.name == "Two"  # a new pack is the cat's
    use = pages.client.post(f"/cats/{cat}/backpack/use", data={"backpack_id": str(first.id)})
    assert use.status_code == 200 and "About One" in use.text


def test_cat_size_in_owner_units_blank_clears_and_limits_in_inches(pages: Pages) -> None:
    cat = imperial(pages)
    form = pages.client.get(f"/cats/{cat}/size").text
    assert "Length, nose to the base of the tail (in)" in form and "Weight (lb)" in form
    assert 'value="10"' in form  # the weight typed when the cat was added, in pounds
    r = pages.client.post(f"/cats/{cat}/size", data={"length": "18", "height": "10", "weight": ""})
    assert r.status_code == 200 and "Measurements saved." in r.text
    stored = profile(pages.app, cat)
    assert stored["length_cm"] == pytest.approx(45.72) and "weight_kg" not in stored
    r = pages.client.post(f"/cats/{cat}/size", data={"length": "80", "height": "x"})
    assert r.status_code == 422
    page = text(r.text)
    assert "Length, nose to the base of the tail must be at most 59.1 in." in page
    assert "Height, standing: 'x' is not a number." in page
    assert profile(pages.app, cat)["length_cm"] == pytest.approx(45.72)  # unchanged
    # The cat's own settings page shows the size in the owner's units, with the way to change it.
    card = text(pages.client.get(f"/cats/{cat}/settings").text)
    assert "Length, nose to the base of the tail 18.0 in" in card
    assert "Weight —" in card and "Change Mochi's size" in card


def test_trip_planner_airline_verdict_in_inches_and_a_flight_asks_for_the_airline(
    pages: Pages,
) -> None:
    cat = imperial(pages)
    pages.client.post(f"/cats/{cat}/backpack", data=PACK_FORM)
    form = pages.client.get(f"/cats/{cat}/trip").text
    assert "Checked with Mochi's backpack, Bubble." in text(form)
    assert 'action="/cats/' + cat + '/trip#answer"' in form  # the answer comes into view
    flight = {"kind": "flight", "hours": "2"}
    page = text(pages.client.post(f"/cats/{cat}/trip", data=flight).text)
    assert "Which airline? Choose it above" in page
    r = pages.client.post(f"/cats/{cat}/trip", data={**flight, "airline": "lufthansa"})
    assert r.status_code == 200
    page = text(r.text)
    assert "Not within Lufthansa group (Lufthansa, Austrian, SWISS)'s cabin rules" in page
    assert "The pack's height, 11 in, is over" in page and "limit of 9.1 in (23 cm)" in page
    assert "always confirm with Lufthansa group" in page
    assert page.count("always confirm with") == 1  # said once, in the flying section
    # Another pack for this trip: typed in inches too.
    r = pages.client.post(
        f"/cats/{cat}/trip",
        data={
            **flight,
            "airline": "lufthansa",
            "backpack_length_cm": "17",
            "backpack_width_cm": "12",
            "backpack_height_cm": "8.5",
        },
    )
    assert "over Lufthansa" not in text(r.text)


def test_a_saved_trip_is_listed_and_how_it_went_is_a_session(pages: Pages) -> None:
    cat = pages.add_cat("Mia", harness_trained="yes")
    trip = {"kind": "walk", "hours": "0.5", "sun": "shade", "temp": "12"}
    r = pages.client.post(
        f"/cats/{cat}/trips", data={**trip, "starts_at": "2026-11-27T10:00", "notes": "park"}
    )
    assert r.status_code == 200 and "Trip saved." in r.text
    [saved] = gear.list_trips(pages.app.state.db, owner(pages.app), int(cat))
    assert saved.starts_at == datetime(2026, 11, 27, 10, tzinfo=timezone(timedelta(hours=1)))
    assert saved.trip["temp_c"] == 12 and saved.notes == "park"
    assert "Fri 27 Nov, 10:00" in r.text and "How did it go?" not in r.text  # tomorrow
    pages.clock.advance(days=1, hours=2)
    assert "How did it go?" in pages.client.get(f"/cats/{cat}/trip").text
    url = f"/cats/{cat}/trips/{saved.id}/outcome"
    # Still training at home: trips come later, nothing logged.
    early = pages.client.post(url, data={"tail": "upright"})
    assert early.status_code == 409 and "trips come later" in early.text
    assert logged(pages.app, cat) == []
    graduate(pages, cat)
    assert 'value="30"' in pages.client.get(url).text  # minutes: the trip's half hour
    bad = pages.client.post(url, data={"tail": "wagging", "minutes": "many"})
    assert bad.status_code == 422
    assert "Tail: 'wagging' is not one of the choices." in text(bad.text)
    assert "Minutes in the pack: 'many' is not a number." in text(bad.text)
    done = pages.client.post(url, data={"tail": "upright", "ears": "forward", "minutes": "25"})
    assert done.status_code == 200 and "/today?logged=1" in str(done.url)
    last = logged(pages.app, cat)[-1]
    assert (last["stage"], last["minutes"], last["context"]["sun"]) == ("maintenance", 25, "shade")
    listing = text(pages.client.get(f"/cats/{cat}/trip").text)
    assert "How it went is logged." in listing
    assert pages.client.post(url, data={"tail": "upright"}).status_code == 409


def test_the_saved_trips_list_plans_no_trip(pages: Pages, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding: each trip page planned every trip still to come (the cat's
    log read and folded, readiness, heat, airline, fit) to show only its
    packing list. The page plans only the trip in its form: the list's
    packing comes from the trip alone, the same list its plan gives."""
    from catpack.services import plans

    cat = pages.add_cat("Mia", harness_trained="yes")
    kinds = [("walk", "0.5"), ("hike", "6"), ("flight", "3")]
    for day, (kind, hours) in enumerate(kinds, start=3):
        data = {"kind": kind, "hours": hours, "temp": "12", "starts_at": f"2026-12-0{day}T10:00"}
        assert pages.client.post(f"/cats/{cat}/trips", data=data).status_code == 200
    made: list[str] = []
    real = plans.plan_parsed

    def counted(request: Any) -> dict[str, Any]:
        made.append(request.trip.kind)
        return real(request)

    monkeypatch.setattr(plans, "plan_parsed", counted)
    listing = pages.client.get(f"/cats/{cat}/trip").text
    assert made == []  # no plan for the list
    asked = pages.client.post(f"/cats/{cat}/trip", data={"kind": "hotel", "hours": "2"})
    assert asked.status_code == 200 and made == ["hotel"]  # the form's trip alone
    # What each trip shows is its plan's packing list, as before.
    db, who = pages.app.state.db, owner(pages.app)
    for saved in gear.list_trips(db, who, int(cat)):
        item = re.search(rf'<li id="trip-{saved.id}">.*?</li>\s*</ul>\s*</details>', listing, re.S)
        assert item, saved.trip["kind"]
        shown = re.findall(r"<li><strong>[^<]+</strong> — ([^<]+)</li>", item[0])
        packing = plans.trip_plan(db, who, int(cat), saved.trip)["packing"]
        assert shown == [str(escape(p["why"])) for p in packing] and shown, saved.trip["kind"]


def test_reminder_settings_times_and_quiet_hours(pages: Pages) -> None:
    pages.add_cat()
    r = pages.client.post(
        "/reminders",
        data={"remind_at": "07:30", "quiet_from": "22:00", "quiet_until": "06:30:00"},
    )
    assert r.status_code == 200 and "Reminder settings saved." in r.text
    stored = reminders.get_settings(pages.app.state.db, owner(pages.app))
    assert (stored.remind_at, stored.quiet_until, stored.push_enabled) == ("07:30", "06:30", False)
    bad = pages.client.post("/reminders", data={"remind_at": "7pm", "quiet_from": "25:00"})
    assert bad.status_code == 422
    page = text(bad.text)
    assert "Usual session time: give a time like 18:00." in page
    assert "Quiet from: give a time like 18:00." in page
    assert reminders.get_settings(pages.app.state.db, owner(pages.app)).remind_at == "07:30"


def test_calendar_address_shown_once_and_regenerating_kills_the_old_one(pages: Pages) -> None:
    pages.add_cat()
    first = pages.client.post("/reminders/feed")
    assert first.status_code == 200
    url = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', first.text)
    assert url is not None and url.group(1).startswith("http://testserver/api/v1/calendar/")
    assert 'href="webcal://testserver/api/v1/calendar/' in first.text
    path = url.group(1).removeprefix("http://testserver")
    ics = pages.client.get(path)
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.content
    again = pages.client.get("/reminders").text
    assert path not in again and "It was shown once" in again
    assert "Making a new address stops the old one at once" in again
    second = pages.client.post("/reminders/feed")
    assert path not in second.text
    assert pages.client.get(path).status_code == 404
    off = pages.client.post("/reminders/feed/off")
    assert "no longer works" in off.text and "Make my calendar address" in off.text


def test_push_sign_up_from_the_page_script(pages: Pages) -> None:
    pages.add_cat()
    page = pages.client.get("/reminders").text
    key = re.search(r'data-key="([A-Za-z0-9_-]+)"', page)
    assert key is not None and len(key.group(1)) == 87  # an uncompressed P-256 point
    assert '<script src="/static/push.js" defer></script>' in page
    sub = {"endpoint": FCM, **KEYS}
    made = pages.client.post("/reminders/push", data=sub)
    assert made.status_code == 200 and made.json()["devices"] == 1
    bad = pages.client.post("/reminders/push", data={**sub, "endpoint": "https://evil.example/x"})
    assert bad.status_code == 422 and "push service" in bad.json()["message"]
    forged = pages.client.post("/reminders/push", data={**sub, "csrf_token": "forged"})
    assert forged.status_code == 403
    assert "1 device signed up." in pages.client.get("/reminders").text
    gone = pages.client.post("/reminders/push/off", data={"endpoint": FCM})
    assert gone.status_code == 200
    assert reminders.get_settings(pages.app.state.db, owner(pages.app)).push_devices == 0
    worker = pages.client.get("/sw.js")
    assert worker.status_code == 200 and "pushsubscriptionchange" not in worker.text
    assert "showNotification" in worker.text


def test_routine_after_training(pages: Pages) -> None:
    cat = pages.add_cat("Mia", harness_trained="yes")
    before = text(pages.client.get(f"/cats/{cat}/routine").text)
    assert "The weekly routine starts once training is complete." in before
    graduate(pages, cat)
    page = text(pages.client.get(f"/cats/{cat}/routine").text)
    assert "This week: 0 of 3 short outings" in page
    assert "3 more short outings this week keep the habit." in page
    assert "Leave the pack out at home" in page
    r = pages.client.post(f"/cats/{cat}/routine", data={"per_week": "9"})
    assert r.status_code == 422 and "Short outings a week" in text(r.text)
    r = pages.client.post(f"/cats/{cat}/routine", data={"per_week": "2"})
    assert r.status_code == 200 and "This week: 0 of 2 short outings" in text(r.text)


@pytest.mark.parametrize(
    "url", ["/cats/999/backpack", "/cats/999/size", "/cats/999/routine", "/cats/1/trips/9/outcome"]
)
def test_unknown_cat_or_trip_is_a_friendly_404(pages: Pages, url: str) -> None:
    pages.add_cat()
    r = pages.client.get(url, headers={"accept": "text/html"})
    assert r.status_code == 404 and "<html" in r.text


def test_push_sign_up_of_another_accounts_phone_is_refused(pages: Pages) -> None:
    """Only the browser holding a subscription (its keys) may move it here."""
    db = pages.app.state.db
    made = users.create_user(db, "eve@example.org", "Eve", "another secret")
    eve = Actor(user_id=made.user.id, household_id=made.user.household_id)
    push.subscribe(db, eve, {"endpoint": FCM, "keys": KEYS}, pages.app.state.settings)
    pages.add_cat()
    pages.client.get("/reminders")
    forged = {"endpoint": FCM, "p256dh": "C" * 87, "auth": "E" * 22}
    refused = pages.client.post("/reminders/push", data=forged)
    assert refused.status_code == 409
    assert refused.json() == {
        "message": "This phone gets reminders for another account: turn them off there first."
    }
    assert reminders.get_settings(db, owner(pages.app)).push_devices == 0
    assert [v.endpoint for v in push.list_subscriptions(db, eve)] == [FCM]
    moved = pages.client.post("/reminders/push", data={"endpoint": FCM, **KEYS})
    assert moved.status_code == 200 and moved.json()["devices"] == 1
    assert push.list_subscriptions(db, eve) == []


def test_trip_notes_with_a_nul_are_shown_on_their_field(pages: Pages) -> None:
    cat = pages.add_cat("Mia", harness_trained="yes")
    trip = {"kind": "walk", "hours": "0.5", "sun": "shade", "temp": "12", "notes": "pa\x00rk"}
    r = pages.client.post(f"/cats/{cat}/trips", data=trip)
    assert r.status_code == 422
    assert '<a href="#f-notes">Notes: it holds a character that cannot be stored' in r.text
    assert gear.list_trips(pages.app.state.db, owner(pages.app), int(cat)) == []
    pages.client.post(f"/cats/{cat}/trips", data={**trip, "notes": "park"})
    [saved] = gear.list_trips(pages.app.state.db, owner(pages.app), int(cat))
    graduate(pages, cat)
    before = logged(pages.app, cat)
    told = {"tail": "upright", "ears": "forward", "minutes": "25", "note": "fi\x00ne"}
    bad = pages.client.post(f"/cats/{cat}/trips/{saved.id}/outcome", data=told)
    assert bad.status_code == 422
    assert '<a href="#f-note">Note: it holds a character that cannot be stored' in bad.text
    assert logged(pages.app, cat) == before


def test_a_flight_or_a_hotel_says_look_in_on_the_cat_not_stop(pages: Pages) -> None:
    """The trip check said "Stop every 5 minutes to check on Mia" for a
    five-hour flight: a plane does not stop. On foot and by car it still does."""
    cat = pages.add_cat("Mia")
    said = {}
    for kind in ("flight", "hotel", "walk", "road_trip"):
        page = pages.client.post(f"/cats/{cat}/trip", data={"kind": kind, "hours": "5"}).text
        said[kind] = page.split('id="trip-stops">')[1].split("</p>")[0]
    assert said["flight"].startswith("Look in on Mia every") and "Stop" not in said["flight"]
    assert said["hotel"].startswith("Look in on Mia every")
    assert said["walk"].startswith("Stop every") and said["road_trip"].startswith("Stop every")
