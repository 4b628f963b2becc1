"""Limits and bad input over the API (both databases): body size, session caps,
instants out of range or not text, NUL characters, time zones, secrets never
echoed, unparseable bodies, CSV injection, chart text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from catpack.domain.contract import known_zones
from catpack.services.pack_views import MAX_BATCH
from catpack.settings import Settings
from catpack.web.app import create_app
from tests.page_helpers import FormClient
from tests.store_factories import START, cat, session

API = "/api/v1"
SENSOR = "A4:C1:38:8D:18:B2"
FAR = ("0001-01-01T00:30:00+05:00", "9999-12-31T23:30:00-05:00", "1999-12-31T23:59:59Z")


@pytest.fixture
def small(db_settings: Settings) -> Iterator[TestClient]:
    """The app with small limits: 4 KiB bodies, 3 sessions per request."""
    settings = db_settings.model_copy(
        update={"max_body_bytes": 4096, "max_sessions_per_request": 3, "max_import_sessions": 3}
    )
    with TestClient(create_app(settings)) as client:
        yield client


def _auth(client: TestClient) -> dict[str, str]:
    made = client.post(
        f"{API}/users", json={"email": "ada@example.org", "name": "Ada", "password": "pw-123456"}
    )
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {made.json()['token']}"}


def _cat_id(client: TestClient, auth: dict[str, str]) -> int:
    r = client.post(f"{API}/cats", json={"cat": cat()}, headers=auth)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _fields(r: Any) -> set[str]:
    assert r.status_code == 422, (r.status_code, r.text)
    body = r.json()
    assert isinstance(body["detail"], str) and "\n" not in body["detail"]
    return {e["field"] for e in body["errors"]}


def test_a_body_over_the_limit_is_413_even_chunked(small: TestClient) -> None:
    auth = _auth(small)
    cat_id = _cat_id(small, auth)
    note = "x" * 5000
    big = {"session": session(0), "note": note}
    r = small.post(f"{API}/cats/{cat_id}/sessions", json=big, headers=auth)
    assert r.status_code == 413
    # The API's error shape, as for the chunked body below (was plain text).
    assert r.headers["content-type"] == "application/json"
    assert "larger than" in r.json()["detail"]
    payload = json.dumps(big).encode()

    def chunks() -> Iterator[bytes]:  # no Content-Length: Transfer-Encoding chunked
        for i in range(0, len(payload), 1000):
            yield payload[i : i + 1000]

    r = small.post(
        f"{API}/cats/{cat_id}/sessions",
        content=chunks(),
        headers={**auth, "content-type": "application/json"},
    )
    assert r.status_code == 413
    assert small.get(f"{API}/cats/{cat_id}/sessions", headers=auth).json()["total"] == 0


def test_a_batch_of_readings_over_the_body_limit_is_413(small: TestClient) -> None:
    auth = _auth(small)
    cat_id = _cat_id(small, auth)
    at = "2026-11-20T10:{:02d}:{:02d}Z"
    readings = [{"at": at.format(i // 60, i % 60), "temp_c": 20} for i in range(120)]
    batch = {"sensor": SENSOR, "readings": readings}
    assert len(json.dumps(batch)) > 4096 and len(readings) < MAX_BATCH
    r = small.post(f"{API}/cats/{cat_id}/readings", json=batch, headers=auth)
    assert r.status_code == 413
    now = {"now": "2026-11-20T10:02:00Z"}
    pack = small.get(f"{API}/cats/{cat_id}/pack", params=now, headers=auth).json()
    assert pack["readings"] == []


def test_sessions_per_request_are_capped(small: TestClient) -> None:
    now = START.replace(day=20).isoformat()
    req = {"version": 1, "now": now, "cat": cat(), "sessions": [session(d) for d in range(4)]}
    assert _fields(small.post(f"{API}/coach", json=req)) == {"sessions"}
    trip = {**req, "trip": {"kind": "walk", "hours": 1}}
    assert _fields(small.post(f"{API}/trip", json=trip)) == {"sessions"}
    req["sessions"] = req["sessions"][:3]
    assert small.post(f"{API}/coach", json=req).status_code == 200


@pytest.mark.parametrize("when", FAR)
def test_instants_outside_2000_to_2099_are_422_everywhere(
    client: TestClient, auth: dict[str, str], when: str
) -> None:
    """Dates near year 1 or 9999 with an offset overflowed into 500s."""
    cat_id = _cat_id(client, auth)
    base = f"{API}/cats/{cat_id}"
    req = {"version": 1, "now": when, "cat": cat(), "sessions": [session(0, at=when)]}
    assert _fields(client.post(f"{API}/coach", json=req)) == {"now", "sessions[0].at"}
    trip = {**req, "trip": {"kind": "walk", "hours": 1}}
    assert _fields(client.post(f"{API}/trip", json=trip)) == {"now", "sessions[0].at"}
    for method, url, kwargs, fields in (
        ("post", f"{base}/sessions", {"json": {"session": session(0, at=when)}}, {"session.at"}),
        ("get", f"{base}/sessions", {"params": {"since": when, "until": when}}, {"since", "until"}),
        ("post", f"{base}/pauses", {"json": {"from": when, "to": when}}, {"from", "to"}),
        ("post", f"{base}/resume", {"json": {"at": when}}, {"at"}),
        ("get", f"{base}/today", {"params": {"now": when}}, {"now"}),
        ("post", f"{base}/plan", {"json": {"now": when}}, {"now"}),
        (
            "post",
            f"{base}/trips",
            {"json": {"trip": {"kind": "walk", "hours": 1}, "starts_at": when}},
            {"starts_at"},
        ),
        (
            "post",
            f"{API}/cats/import",
            {"json": {"version": 1, "cat": cat(name="Other"), "sessions": [session(0, at=when)]}},
            {"sessions[0].at"},
        ),
        (
            "post",
            f"{base}/readings",
            {"json": {"sensor": SENSOR, "readings": [{"at": when, "temp_c": 20}]}},
            {"readings[0].at"},
        ),
        ("get", f"{base}/pack", {"params": {"now": when}}, {"now"}),
    ):
        r = getattr(client, method)(url, headers=auth, **kwargs)
        assert _fields(r) == fields, (url, r.text)


def test_numbers_are_not_dates(client: TestClient, auth: dict[str, str]) -> None:
    cat_id = _cat_id(client, auth)
    req = {"version": 1, "now": 1764147000, "cat": cat(), "sessions": []}
    assert _fields(client.post(f"{API}/coach", json=req)) == {"now"}
    r = client.get(f"{API}/cats/{cat_id}/sessions", params={"since": "1764147000"}, headers=auth)
    assert _fields(r) == {"since"}
    r = client.post(f"{API}/cats/{cat_id}/sessions", json={"session": session(0, at=0)})
    assert r.status_code == 401  # (no token: refused before the body matters)
    r = client.post(
        f"{API}/cats/{cat_id}/sessions", json={"session": session(0, at=0)}, headers=auth
    )
    assert _fields(r) == {"session.at"}


def test_query_parameters_have_a_name_and_one_value(
    client: TestClient, auth: dict[str, str]
) -> None:
    cat_id = _cat_id(client, auth)
    r = client.get(f"{API}/cats/{cat_id}/sessions?order=oldest&order=newest", headers=auth)
    assert _fields(r) == {"order"}
    r = client.get(f"{API}/cats/{cat_id}/sessions?=oldest", headers=auth)
    assert _fields(r) == {"query"}
    r = client.get(f"{API}/cats/{cat_id}/sessions?order=oldest&limit=5", headers=auth)
    assert r.status_code == 200, r.text


NUL = "Mi\x00a"
TRIP = {"kind": "walk", "hours": 1}


def test_nul_characters_are_422_on_both_databases(client: TestClient) -> None:
    """PostgreSQL cannot store NUL: a NUL anywhere was a 500 there."""
    for body, field in (
        ({"email": "a\x00@example.org", "name": "A", "password": "pw-123456"}, "email"),
        ({"email": "a@example.org", "name": NUL, "password": "pw-123456"}, "name"),
        ({"email": "a@example.org", "name": "A", "password": "pw-1\x0023456"}, "password"),
    ):
        r = client.post(f"{API}/users", json=body)
        assert _fields(r) == {field}
        assert "pw-1" not in r.text
    r = client.post(f"{API}/tokens", json={"email": "a\x00@example.org", "password": "x\x00y"})
    assert _fields(r) == {"email", "password"}
    auth = _auth(client)
    cat_id = _cat_id(client, auth)
    base = f"{API}/cats/{cat_id}"
    for method, url, kwargs, field in (
        ("post", f"{API}/cats", {"json": {"cat": {"name": NUL}}}, "cat.name"),
        ("patch", base, {"json": {"notes": NUL}}, "notes"),
        ("patch", base, {"json": {"cat": {"name": NUL}}}, "cat.name"),
        ("post", f"{base}/sessions", {"json": {"session": session(0), "note": NUL}}, "note"),
        ("post", f"{base}/sessions", {"json": {"session": session(0, stage=NUL)}}, "session.stage"),
        ("post", f"{base}/pauses", {"json": {"reason": NUL}}, "reason"),
        ("post", f"{API}/backpacks", {"json": {"name": NUL}}, "name"),
        ("get", f"{base}/sessions", {"params": {"stage": NUL}}, "stage"),
        ("post", f"{API}/cats/import", {"json": {"version": 1, "cat": {"name": NUL}}}, "cat.name"),
        (
            "post",
            f"{API}/cats/import?rename=a%00b",
            {"json": {"version": 1, "cat": cat()}},
            "rename",
        ),
        ("patch", f"{API}/household", {"json": {"timezone": "Europe/\x00"}}, "timezone"),
        ("put", f"{base}/sensor", {"json": {"address": SENSOR, "name": NUL}}, "name"),
        ("put", f"{base}/sensor", {"json": {"address": "A4:C1:38:8D:18:\x00"}}, "address"),
        ("patch", f"{API}/household", {"json": {"name": NUL}}, "name"),
        ("post", f"{base}/shares", {"json": {"label": NUL}}, "label"),
        ("post", f"{base}/trips", {"json": {"trip": TRIP, "notes": NUL}}, "notes"),
        ("post", f"{base}/trips/1/outcome", {"json": {"observation": {}, "note": NUL}}, "note"),
    ):
        r = getattr(client, method)(url, headers=auth, **kwargs)
        assert _fields(r) == {field}, (url, r.text)
    assert client.get(f"{API}/cats", headers=auth).json()["total"] == 1


def test_time_zones_are_checked_at_sign_up_and_editable(client: TestClient) -> None:
    """'Mars/Base' was accepted at sign-up, then every 'today' of it failed."""
    mars = {"email": "m@example.org", "name": "M", "password": "pw-123456", "timezone": "Mars/Base"}
    r = client.post(f"{API}/users", json=mars)
    assert _fields(r) == {"timezone"} and "Mars/Base" in r.json()["detail"]
    auth = _auth(client)
    assert client.get(f"{API}/household", headers=auth).json()["timezone"] is None
    bad = client.patch(f"{API}/household", json={"timezone": "Mars/Base"}, headers=auth)
    assert _fields(bad) == {"timezone"}
    good = client.patch(f"{API}/household", json={"timezone": "Pacific/Auckland"}, headers=auth)
    assert good.status_code == 200 and good.json()["timezone"] == "Pacific/Auckland"
    cat_id = _cat_id(client, auth)
    hiss = session(0, observation={"tail": "puffed", "ears": "back", "vocal": "hissing"})
    client.post(f"{API}/cats/{cat_id}/sessions", json={"session": hiss}, headers=auth)
    plan = client.get(
        f"{API}/cats/{cat_id}/today", params={"now": "2026-11-01T18:30:00Z"}, headers=auth
    )
    assert plan.json()["next_session"]["not_before"].endswith("+13:00")


@pytest.mark.parametrize("name", ["localtime", "Factory"])
def test_zone_keys_that_name_no_place_are_refused(client: TestClient, name: str) -> None:
    """Finding (phone round): 'localtime' (whatever the server's clock is set
    to) and 'Factory' (an unset zone) were taken at sign-up, in the
    household's settings and by the coach, as if they were places."""
    body = {"email": "m@example.org", "name": "M", "password": "pw-123456", "timezone": name}
    r = client.post(f"{API}/users", json=body)
    assert _fields(r) == {"timezone"} and name in r.json()["detail"]
    auth = _auth(client)
    bad = client.patch(f"{API}/household", json={"timezone": name}, headers=auth)
    assert _fields(bad) == {"timezone"} and name in bad.json()["detail"]
    assert client.get(f"{API}/household", headers=auth).json()["timezone"] is None
    reminders = client.patch(f"{API}/reminders/settings", json={"timezone": name}, headers=auth)
    assert name in reminders.json()["detail"] and len(_fields(reminders)) == 1
    coach = {"version": 1, "now": START.isoformat(), "cat": cat(), "sessions": []}
    coach["timezone"] = name
    assert _fields(client.post(f"{API}/coach", json=coach)) == {"timezone"}
    with pytest.raises(ValueError, match=name):
        Settings(timezone=name)
    assert "Europe/Berlin" in known_zones() and name not in known_zones()


def test_secrets_are_never_echoed(client: TestClient) -> None:
    """A 422 used to repeat the password it refused."""
    secret = "short"
    r = client.post(f"{API}/users", json={"email": "a@example.org", "password": secret})
    assert _fields(r) == {"password"} and secret not in r.text
    r = client.post(f"{API}/users", json={"email": "x", "password": ["hunter2-hunter2"]})
    assert "hunter2" not in r.text and r.status_code == 422
    r = client.post(f"{API}/tokens", json={"email": "a@example.org", "password": 12345678})
    assert "12345678" not in r.text and r.status_code == 422


@pytest.mark.parametrize(
    "name",
    ["x" * 1_000_000, list(range(200_000)), [{"a": 0}] * 100_000],
    ids=["long text", "long list", "list of objects"],
)
def test_a_refused_value_is_echoed_short(
    client: TestClient, auth: dict[str, str], name: Any
) -> None:
    """Finding (probe-sec, accounts2): a 422 repeated the whole value it
    refused, twice (``detail`` and ``errors``): a 2 MB body came back as a
    6 MB answer, so the 8 MiB body limit let a client make the server send
    24 MB per request. The value is still shown, cut short."""
    r = client.post(f"{API}/cats", json={"cat": {"name": name}}, headers=auth)
    assert _fields(r) == {"cat.name"}
    assert len(r.content) < 1000, len(r.content)
    assert "got " in r.json()["errors"][0]["message"]


def test_a_short_refused_value_is_echoed_whole(client: TestClient, auth: dict[str, str]) -> None:
    name = "x" * 101  # one over the limit: short enough to show whole
    r = client.post(f"{API}/cats", json={"cat": {"name": name}}, headers=auth)
    assert _fields(r) == {"cat.name"} and f"'{name}'" in r.text


#: 100,000 nested arrays: Python's JSON parser gives up (RecursionError).
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("body", [b"\xff\xfe\x00garbage", b'{"version": 1,', b"", DEEP])
def test_unparseable_bodies_are_422_naming_the_body(client: TestClient, body: bytes) -> None:
    """An undecodable body was a bare 400 naming nothing; JSON nested too
    deeply still was (probe-sec)."""
    r = client.post(f"{API}/coach", content=body, headers={"content-type": "application/json"})
    assert _fields(r) == {"body"}


def test_csv_cells_never_start_a_formula(client: TestClient, auth: dict[str, str]) -> None:
    cat_id = _cat_id(client, auth)
    notes = ['=HYPERLINK("http://evil.example","x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    for day, note in enumerate(notes):
        r = client.post(
            f"{API}/cats/{cat_id}/sessions",
            json={"session": session(day), "note": note},
            headers=auth,
        )
        assert r.status_code == 201
    text = client.get(f"{API}/cats/{cat_id}/export", params={"format": "csv"}, headers=auth).text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    written = [row[-1] for row in rows[1:]]
    assert written == ["'" + n for n in notes]
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in row)


def test_a_cat_name_with_dollars_does_not_break_the_chart(db_settings: Settings) -> None:
    """'$...$' in a name was parsed as mathtext and crashed the chart."""
    with FormClient(create_app(db_settings)) as pages:
        r = pages.post("/cats", data={"name": r"$\frac{$ Tom"}, follow_redirects=False)
        assert r.status_code == 303
        cat_id = r.headers["location"].split("/")[2]
        svg = pages.get(f"/cats/{cat_id}/progress.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert r"$\frac{$ Tom" in svg.text.replace("&lt;", "<")  # drawn as typed
