"""POST /cats/{id}/readings and friends: bounded, validated, idempotent, per household."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from catpack.services.pack_views import MAX_BATCH

NOW = datetime.now(UTC).replace(microsecond=0)


def _cat(client: TestClient, auth: dict[str, str], name: str = "Pepper") -> int:
    made = client.post("/api/v1/cats", json={"cat": {"name": name}}, headers=auth)
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _body(*temps: float, start: datetime | None = None, **reading: Any) -> dict[str, Any]:
    start = start or NOW - timedelta(minutes=2)
    return {
        "sensor": "a4:c1:38:8d:18:b2",
        "readings": [
            {
                "at": (start + timedelta(seconds=20 * i)).isoformat(),
                "temp_c": t,
                "humidity_pct": 45.5,
                **reading,
            }
            for i, t in enumerate(temps)
        ],
    }


def test_post_is_idempotent_and_answers_the_pack_air(
    client: TestClient, auth: dict[str, str]
) -> None:
    cat = _cat(client, auth)
    body = _body(24.0, 24.2, 24.4, battery_pct=88, packet_id=7)
    first = client.post(f"/api/v1/cats/{cat}/readings", json=body, headers=auth)
    again = client.post(f"/api/v1/cats/{cat}/readings", json=body, headers=auth)
    assert first.status_code == again.status_code == 200, first.text
    assert (first.json()["accepted"], first.json()["duplicates"]) == (3, 0)
    assert (again.json()["accepted"], again.json()["duplicates"]) == (0, 3)
    pack = first.json()["pack"]
    assert pack["level"] == "ok" and pack["temp_c"] == 24.4 and pack["battery_pct"] == 88
    assert pack["sensor"] == "A4:C1:38:8D:18:B2"
    now = client.get(f"/api/v1/cats/{cat}/pack", headers=auth).json()
    assert [r["temp_c"] for r in now["readings"]] == [24.0, 24.2, 24.4]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"readings": [{"at": NOW.isoformat(), "temp_c": 120}]}, r"^readings\[0\]\.temp_c: "),
        ({"readings": [{"at": NOW.isoformat(), "temp_c": "hot"}]}, r"^readings\[0\]\.temp_c: "),
        (
            {"readings": [{"at": NOW.isoformat(), "temp_c": 20, "humidity_pct": 101}]},
            r"^readings\[0\]\.humidity_pct: ",
        ),
        ({"readings": [{"at": "2026-07-01T12:00:00", "temp_c": 20}]}, r"^readings\[0\]\.at: "),
        ({"readings": [{"temp_c": 20}]}, r"^readings\[0\]\.at: is required"),
        ({"readings": []}, r"^readings: "),
        ({"sensor": "kitchen"}, r"^sensor: 'kitchen' is not a Bluetooth address"),
        ({"colour": "red"}, r"^colour: "),
        (
            {"readings": [{"at": (NOW + timedelta(hours=2)).isoformat(), "temp_c": 20}]},
            r"^readings\[0\]\.at: .* is in the future",
        ),
    ],
)
def test_bad_batches_get_a_422_naming_the_field(
    client: TestClient, auth: dict[str, str], change: dict[str, Any], message: str
) -> None:
    cat = _cat(client, auth)
    r = client.post(f"/api/v1/cats/{cat}/readings", json={**_body(20.0), **change}, headers=auth)
    assert r.status_code == 422
    assert re.match(message, r.json()["detail"]), r.json()["detail"]


@pytest.mark.parametrize(
    ("reading", "field"),
    [
        ({"temp_c": "20"}, "temp_c"),  # text is not a number
        ({"temp_c": True}, "temp_c"),  # nor is true
        ({"temp_c": 20, "battery_pct": 50.5}, "battery_pct"),
        ({"temp_c": 20, "packet_id": "7"}, "packet_id"),
        ({"temp_c": 20, "humidity_pct": False}, "humidity_pct"),
    ],
)
def test_numbers_are_json_numbers(
    client: TestClient, auth: dict[str, str], reading: dict[str, Any], field: str
) -> None:
    cat = _cat(client, auth)
    body = {"sensor": "A4:C1:38:8D:18:B2", "readings": [{"at": NOW.isoformat(), **reading}]}
    r = client.post(f"/api/v1/cats/{cat}/readings", json=body, headers=auth)
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == [f"readings[0].{field}"]


def test_every_reading_from_the_future_is_named_and_none_is_stored(
    client: TestClient, auth: dict[str, str]
) -> None:
    cat = _cat(client, auth)
    later = (NOW + timedelta(hours=1)).isoformat()
    body = _body(20.0, 21.0, 22.0)
    body["readings"][0]["at"] = body["readings"][2]["at"] = later
    r = client.post(f"/api/v1/cats/{cat}/readings", json=body, headers=auth)
    assert r.status_code == 422
    fields = [e["field"] for e in r.json()["errors"]]
    assert fields == ["readings[0].at", "readings[2].at"]
    assert client.get(f"/api/v1/cats/{cat}/pack", headers=auth).json()["readings"] == []


def test_batches_are_bounded(client: TestClient, auth: dict[str, str]) -> None:
    cat = _cat(client, auth)
    start = NOW - timedelta(hours=5)
    big = _body(*([20.0] * (MAX_BATCH + 1)), start=start)
    r = client.post(f"/api/v1/cats/{cat}/readings", json=big, headers=auth)
    assert r.status_code == 422 and r.json()["detail"].startswith("readings: ")
    assert f"at most {MAX_BATCH}" in r.json()["detail"]
    ok = _body(*([20.0] * MAX_BATCH), start=start)
    assert client.post(f"/api/v1/cats/{cat}/readings", json=ok, headers=auth).status_code == 200


def test_a_household_posts_only_to_its_own_cats(client: TestClient, auth: dict[str, str]) -> None:
    cat = _cat(client, auth)
    eve = client.post(
        "/api/v1/users", json={"email": "eve@example.org", "name": "Eve", "password": "pw-1234567"}
    ).json()["token"]
    other = {"Authorization": f"Bearer {eve}"}
    r = client.post(f"/api/v1/cats/{cat}/readings", json=_body(20.0), headers=other)
    assert r.status_code == 404
    assert client.get(f"/api/v1/cats/{cat}/pack", headers=other).status_code == 404
    assert (
        client.put(
            f"/api/v1/cats/{cat}/sensor", json={"address": "A4:C1:38:8D:18:B2"}, headers=other
        ).status_code
        == 404
    )
    assert client.post(f"/api/v1/cats/{cat}/readings", json=_body(20.0)).status_code == 401
    assert client.get(f"/api/v1/cats/{cat}/pack", headers=auth).json()["readings"] == []


def test_pairing_through_the_api(client: TestClient, auth: dict[str, str]) -> None:
    cat = _cat(client, auth)
    assert client.get(f"/api/v1/cats/{cat}/sensor", headers=auth).status_code == 404
    put = client.put(
        f"/api/v1/cats/{cat}/sensor",
        json={"address": "a4c1388d18b2", "name": "pocket"},
        headers=auth,
    )
    assert put.status_code == 200 and put.json()["address"] == "A4:C1:38:8D:18:B2"
    assert client.get(f"/api/v1/cats/{cat}/sensor", headers=auth).json()["name"] == "pocket"
    assert client.delete(f"/api/v1/cats/{cat}/sensor", headers=auth).status_code == 204
    assert client.get(f"/api/v1/cats/{cat}/sensor", headers=auth).status_code == 404


def test_export_and_import_carry_the_readings(client: TestClient, auth: dict[str, str]) -> None:
    """Over HTTP: the export (version 2) names each reading's session by its index;
    importing it into another household gives the same export and the same
    per-session air; a bad reading is a 422 naming it, and nothing is stored;
    a version 1 export (no readings) still imports."""
    cat = _cat(client, auth)
    start = NOW - timedelta(minutes=3)
    posted = client.post(
        f"/api/v1/cats/{cat}/readings", json=_body(24.0, 28.5, 27.0, start=start), headers=auth
    )
    assert posted.status_code == 200, posted.text
    session = {"at": NOW.isoformat(), "stage": "introduce", "level": 1, "minutes": 3}
    session["observation"] = {"tail": "upright", "took_treats": True}
    logged = client.post(f"/api/v1/cats/{cat}/sessions", json={"session": session}, headers=auth)
    assert logged.status_code == 201, logged.text
    assert logged.json()["session"]["context"]["pack_temp_c"] == 28.5
    exported = client.get(f"/api/v1/cats/{cat}/export", headers=auth).json()
    assert exported["version"] == 2
    assert exported["sensors"] == [{"address": "A4:C1:38:8D:18:B2", "name": ""}]
    assert [(r["temp_c"], r["session"]) for r in exported["readings"]] == [
        (24.0, 0),
        (28.5, 0),
        (27.0, 0),
    ]
    eve = client.post(
        "/api/v1/users", json={"email": "eve@example.org", "name": "Eve", "password": "pw-1234567"}
    ).json()["token"]
    other = {"Authorization": f"Bearer {eve}"}

    bad = {**exported, "readings": [*exported["readings"]]}
    bad["readings"][1] = {**bad["readings"][1], "temp_c": 86}
    bad["readings"][2] = {**bad["readings"][2], "session": 1}
    r = client.post("/api/v1/cats/import", json=bad, headers=other)
    assert r.status_code == 422
    assert r.json()["detail"].startswith("readings[1].temp_c: "), r.json()
    r = client.post("/api/v1/cats/import", json={**bad, "readings": exported["readings"][:2]})
    assert r.status_code == 401
    bad["readings"][1] = exported["readings"][1]
    r = client.post("/api/v1/cats/import", json=bad, headers=other)
    assert r.status_code == 422
    assert r.json()["detail"] == (
        "readings[2].session: 1 is not a session of this export (it has 1, numbered from 0)"
    )
    assert client.get("/api/v1/cats", headers=other).json()["total"] == 0

    r = client.post("/api/v1/cats/import", json=exported, headers=other)
    assert r.status_code == 201, r.text
    copy = r.json()["id"]
    assert client.get(f"/api/v1/cats/{copy}/export", headers=other).json() == exported
    history = client.get(f"/api/v1/cats/{copy}/sessions", headers=other).json()["items"]
    assert history[0]["session"]["context"]["pack_temp_c"] == 28.5

    old = {k: v for k, v in exported.items() if k not in ("sensors", "readings")}
    r = client.post("/api/v1/cats/import?rename=Old", json={**old, "version": 1}, headers=other)
    assert r.status_code == 201, r.text
    again = client.get(f"/api/v1/cats/{r.json()['id']}/export", headers=other).json()
    assert again["version"] == 2 and again["readings"] == [] and again["sensors"] == []
