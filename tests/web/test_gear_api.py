"""The REST API of backpacks, fit, airlines, trip outcomes, the routine and reminders."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from fastapi.testclient import TestClient

from tests.factories import CALM, graduation

API = "/api/v1"
TZ = timezone(timedelta(hours=1))
PACK: dict[str, Any] = {
    "name": "Navigator",
    "length_cm": 45,
    "width_cm": 30,
    "height_cm": 42,
    "weight_kg": 1.4,
    "max_cat_kg": 11,
    "openings": ["front", "top"],
    "mesh_sides": 3,
    "bubble_window": False,
    "inner_tether": True,
    "tether_low": True,
    "zip_clips": True,
    "soft_sided": True,
    "length_unit": "in",
}


def graduated_cat(client: TestClient, auth: dict[str, str], **profile: Any) -> int:
    made = client.post(
        f"{API}/cats",
        json={
            "cat": {"name": "Tom", "harness_trained": True, "weight_kg": 4.5, **profile},
            "weight_unit": "lb",
        },
        headers=auth,
    )
    assert made.status_code == 201, made.text
    cat_id = int(made.json()["id"])
    start = datetime(2026, 11, 20, 12, tzinfo=TZ)
    session = graduation(start)
    assert (
        client.post(
            f"{API}/cats/{cat_id}/sessions", json={"session": session}, headers=auth
        ).status_code
        == 201
    )
    return cat_id


def test_backpack_profile_edit_and_fit(client: TestClient, auth: dict[str, str]) -> None:
    made = client.post(f"{API}/backpacks", json=PACK, headers=auth)
    assert made.status_code == 201, made.text
    pack = made.json()
    assert pack["openings"] == ["front", "top"] and pack["length_unit"] == "in"
    bad = client.post(
        f"{API}/backpacks", json={**PACK, "name": "X", "inner_tether": False}, headers=auth
    )
    assert bad.status_code == 422 and "tether_low" in bad.json()["detail"]
    cleared = client.patch(f"{API}/backpacks/{pack['id']}", json={"zip_clips": None}, headers=auth)
    assert cleared.status_code == 200 and cleared.json()["zip_clips"] is None
    assert cleared.json()["mesh_sides"] == 3  # untouched
    cat_id = graduated_cat(client, auth, length_cm=40, height_cm=28)
    none_yet = client.get(f"{API}/cats/{cat_id}/fit", headers=auth)
    assert none_yet.status_code == 404 and "has no backpack" in none_yet.json()["detail"]
    client.patch(f"{API}/cats/{cat_id}", json={"backpack_id": pack["id"]}, headers=auth)
    fit = client.get(f"{API}/cats/{cat_id}/fit", headers=auth).json()
    assert fit["units"] == "imperial"  # the cat's owner weighs in pounds
    assert fit["fit"]["verdict"] == "tight"  # 45 cm < 1.5 x 40 cm
    assert fit["fit"]["checks"][0]["pack"] == "17.7 in"
    heavy = client.patch(f"{API}/backpacks/{pack['id']}", json={"max_cat_kg": 4}, headers=auth)
    assert heavy.status_code == 200
    fit = client.get(f"{API}/cats/{cat_id}/fit", headers=auth).json()
    assert fit["blocking"] == ["over_weight_rating"]
    today = client.get(f"{API}/cats/{cat_id}/today", headers=auth).json()
    assert today["decision"] == "blocked"
    assert "over_weight_rating" in today["safety"]["blocking"]


def test_trip_plans_use_the_cats_pack_and_ask_for_an_airline(
    client: TestClient, auth: dict[str, str]
) -> None:
    pack = client.post(f"{API}/backpacks", json=PACK, headers=auth).json()
    cat_id = graduated_cat(client, auth)
    client.patch(f"{API}/cats/{cat_id}", json={"backpack_id": pack["id"]}, headers=auth)
    flight = client.post(
        f"{API}/cats/{cat_id}/trips", json={"trip": {"kind": "flight", "hours": 3}}, headers=auth
    ).json()
    plan = client.get(f"{API}/cats/{cat_id}/trips/{flight['id']}/plan", headers=auth).json()
    assert plan["ready"] is False and any("Which airline?" in r for r in plan["reasons"])
    luft = client.post(
        f"{API}/cats/{cat_id}/trips",
        json={"trip": {"kind": "flight", "hours": 3, "airline": "lufthansa"}},
        headers=auth,
    ).json()
    plan = client.get(f"{API}/cats/{cat_id}/trips/{luft['id']}/plan", headers=auth).json()
    assert plan["airline"]["fits"] is False  # 42 cm tall, and 4.5 + 1.4 kg is fine
    assert plan["airline"]["over"] == [
        {"dimension": "height", "pack": "16.5 in", "limit": "9.1 in (23 cm)"}
    ]
    airlines = client.get(f"{API}/airlines").json()
    assert airlines["sources"]["LH3"]["read"] == "2026-11-29"


def test_trip_outcome_is_a_session_and_feeds_the_routine(
    client: TestClient, auth: dict[str, str]
) -> None:
    cat_id = graduated_cat(client, auth)
    trip = client.post(
        f"{API}/cats/{cat_id}/trips",
        json={"trip": {"kind": "walk", "hours": 0.5, "sun": "shade", "temp_c": 12}},
        headers=auth,
    ).json()
    at = datetime(2026, 11, 25, 10, tzinfo=TZ).isoformat()
    done = client.post(
        f"{API}/cats/{cat_id}/trips/{trip['id']}/outcome",
        json={"observation": CALM, "at": at},
        headers=auth,
    )
    assert done.status_code == 201, done.text
    session = done.json()["session"]
    assert (session["stage"], session["minutes"]) == ("maintenance", 30)
    assert session["context"]["sun"] == "shade" and session["context"]["temp_c"] == 12
    again = client.post(
        f"{API}/cats/{cat_id}/trips/{trip['id']}/outcome", json={"observation": CALM}, headers=auth
    )
    assert again.status_code == 409
    listed = client.get(f"{API}/cats/{cat_id}/trips", headers=auth).json()
    assert listed[0]["outcome_session_id"] == done.json()["id"]
    assert client.put(
        f"{API}/cats/{cat_id}/routine", json={"per_week": 2}, headers=auth
    ).json() == {"per_week": 2}
    habit = client.get(
        f"{API}/cats/{cat_id}/habit", params={"now": "2026-11-26T09:00:00+01:00"}, headers=auth
    ).json()
    assert habit["graduated"] is True and habit["this_week"] == 1 and habit["per_week"] == 2
    assert any("pack out at home" in n for n in habit["nudges"])
    bad = client.put(f"{API}/cats/{cat_id}/routine", json={"per_week": 9}, headers=auth)
    assert bad.status_code == 422


def test_outcome_refused_while_training_at_home(client: TestClient, auth: dict[str, str]) -> None:
    cat_id = client.post(
        f"{API}/cats", json={"cat": {"name": "Kit", "harness_trained": True}}, headers=auth
    ).json()["id"]
    trip = client.post(
        f"{API}/cats/{cat_id}/trips", json={"trip": {"kind": "walk", "hours": 1}}, headers=auth
    ).json()
    out = client.post(
        f"{API}/cats/{cat_id}/trips/{trip['id']}/outcome", json={"observation": CALM}, headers=auth
    )
    assert out.status_code == 409 and "trips come later" in out.json()["detail"]


def test_reminder_settings_and_feed(client: TestClient, auth: dict[str, str]) -> None:
    settings = client.patch(
        f"{API}/reminders/settings",
        json={"remind_at": "07:15", "timezone": "Europe/Berlin"},
        headers=auth,
    )
    assert settings.status_code == 200 and settings.json()["remind_at"] == "07:15"
    assert (
        client.patch(
            f"{API}/reminders/settings", json={"quiet_from": "7pm"}, headers=auth
        ).status_code
        == 422
    )
    feed = client.post(f"{API}/reminders/feed", headers=auth).json()
    path = feed["url"].split("://", 1)[1].split("/", 1)[1]
    assert feed["webcal"].startswith("webcal://")
    ics = client.get("/" + path)
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in ics.content
    client.post(f"{API}/reminders/feed", headers=auth)
    assert client.get("/" + path).status_code == 404
    assert client.get(f"{API}/push/key").json()["public_key"].startswith("B")
    bad = client.post(
        f"{API}/push/subscriptions",
        headers=auth,
        json={"endpoint": "http://127.0.0.1:1/x", "keys": {"p256dh": "B" * 87, "auth": "A" * 22}},
    )
    assert bad.status_code == 422 and "push service" in bad.json()["detail"]
    phone = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/p1",
        "keys": {"p256dh": "B" * 87, "auth": "A" * 22},
    }
    made = client.post(f"{API}/push/subscriptions", headers=auth, json=phone)
    assert made.status_code == 201, made.text
    other = client.post(
        f"{API}/users", json={"email": "eve@example.org", "name": "Eve", "password": "pw-123456"}
    )
    eve = {"Authorization": f"Bearer {other.json()['token']}"}
    taken = client.post(
        f"{API}/push/subscriptions",
        headers=eve,
        json={**phone, "keys": {"p256dh": "C" * 87, "auth": "E" * 22}},
    )
    assert taken.status_code == 409 and "another account" in taken.json()["detail"]
    assert client.get(f"{API}/push/subscriptions", headers=eve).json() == []
    assert [s["id"] for s in client.get(f"{API}/push/subscriptions", headers=auth).json()] == [
        made.json()["id"]
    ]
