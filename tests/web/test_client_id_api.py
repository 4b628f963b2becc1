"""A session's client_id over the REST API, on SQLite and PostgreSQL: a phone
that resends what it logged offline gets the stored session, never a second one."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.store_factories import cat, session

API = "/api/v1"


def _cat(client: TestClient, auth: dict[str, str], name: str = "Meister") -> int:
    r = client.post(f"{API}/cats", json={"cat": cat(name=name)}, headers=auth)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _live(client: TestClient, auth: dict[str, str], cat_id: int) -> list[dict[str, object]]:
    r = client.get(f"{API}/cats/{cat_id}/sessions", headers=auth, params={"order": "oldest"})
    assert r.status_code == 200
    items: list[dict[str, object]] = r.json()["items"]
    return items


def test_a_replay_returns_the_stored_session_once(client: TestClient, auth: dict[str, str]) -> None:
    cat_id = _cat(client, auth)
    url = f"{API}/cats/{cat_id}/sessions"
    key = str(uuid.uuid4())
    body = {"session": session(0), "note": "park", "client_id": key}
    first = client.post(url, json=body, headers=auth)
    assert first.status_code == 201, first.text
    assert first.json()["client_id"] == key
    for _ in range(2):
        again = client.post(url, json=body, headers=auth)
        assert again.status_code == 200, again.text
        assert again.json() == first.json()
    # The same instant written another way is the same session.
    same = dict(body, session=session(0, at=session(0)["at"].replace("+01:00", "+01:00")))
    assert client.post(url, json=same, headers=auth).status_code == 200
    stored = _live(client, auth, cat_id)
    assert [s["id"] for s in stored] == [first.json()["id"]]
    assert stored[0]["client_id"] == key
    got = client.get(f"{url}/{first.json()['id']}", headers=auth).json()
    assert got["client_id"] == key


def test_the_same_id_with_another_body_is_409(client: TestClient, auth: dict[str, str]) -> None:
    cat_id = _cat(client, auth)
    url = f"{API}/cats/{cat_id}/sessions"
    key = str(uuid.uuid4())
    assert (
        client.post(url, json={"session": session(0), "client_id": key}, headers=auth).status_code
        == 201
    )
    for other in (
        {"session": session(1), "client_id": key},
        {"session": session(0), "note": "changed my mind", "client_id": key},
        {"session": session(0, reps=6), "client_id": key},
    ):
        r = client.post(url, json=other, headers=auth)
        assert r.status_code == 409, r.text
        assert r.json()["detail"].startswith(
            f"client_id {key} was already used for another session"
        )
    # Another cat of the household cannot take the id either.
    other_cat = _cat(client, auth, "Tiger")
    r = client.post(
        f"{API}/cats/{other_cat}/sessions",
        json={"session": session(2), "client_id": key},
        headers=auth,
    )
    assert r.status_code == 409
    assert len(_live(client, auth, cat_id)) == 1
    assert _live(client, auth, other_cat) == []


def test_client_ids_are_per_household(client: TestClient, auth: dict[str, str]) -> None:
    key = str(uuid.uuid4())
    mine = _cat(client, auth)
    bob = client.post(
        f"{API}/users", json={"email": "bob@example.org", "name": "Bob", "password": "pw-654321"}
    ).json()["token"]
    bob_auth = {"Authorization": f"Bearer {bob}"}
    his = _cat(client, bob_auth, "Felix")
    a = client.post(
        f"{API}/cats/{mine}/sessions", json={"session": session(0), "client_id": key}, headers=auth
    )
    b = client.post(
        f"{API}/cats/{his}/sessions",
        json={"session": session(0), "client_id": key},
        headers=bob_auth,
    )
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()["id"] != b.json()["id"]


def test_a_replay_after_undo_does_not_bring_the_session_back(
    client: TestClient, auth: dict[str, str]
) -> None:
    cat_id = _cat(client, auth)
    url = f"{API}/cats/{cat_id}/sessions"
    body = {"session": session(0), "client_id": str(uuid.uuid4())}
    first = client.post(url, json=body, headers=auth).json()
    assert client.post(f"{url}/undo", headers=auth).status_code == 200
    again = client.post(url, json=body, headers=auth)
    assert again.status_code == 200
    assert again.json()["id"] == first["id"] and again.json()["deleted_at"] is not None
    assert _live(client, auth, cat_id) == []


def test_a_bad_client_id_is_422_naming_it(client: TestClient, auth: dict[str, str]) -> None:
    cat_id = _cat(client, auth)
    r = client.post(
        f"{API}/cats/{cat_id}/sessions",
        json={"session": session(0), "client_id": "not-a-uuid"},
        headers=auth,
    )
    assert r.status_code == 422
    assert r.json()["detail"].startswith("client_id: ")
    assert _live(client, auth, cat_id) == []


def test_without_a_client_id_nothing_changes(client: TestClient, auth: dict[str, str]) -> None:
    cat_id = _cat(client, auth)
    url = f"{API}/cats/{cat_id}/sessions"
    r = client.post(url, json={"session": session(0)}, headers=auth)
    assert r.status_code == 201 and r.json()["client_id"] is None
    assert client.post(url, json={"session": session(0)}, headers=auth).status_code == 409
