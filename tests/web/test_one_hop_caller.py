"""The API looks its caller's token up in the route's own thread-pool hop
(catpack.web.bearer): one hop per request instead of two. What must not
change with it: who is refused, and that 401/403 come before 422."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from catpack.settings import Settings
from catpack.web.app import create_app
from catpack.web.bearer import current_actor
from tests.page_helpers import app_routes
from tests.web.test_accounts import API, fast, sign_up


@pytest.fixture
def api(db_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(fast(db_settings))) as c:
        yield c


def _takes_caller(route: APIRoute) -> bool:
    pending = list(route.dependant.dependencies)
    while pending:
        dep = pending.pop()
        if dep.call is current_actor:
            return True
        pending.extend(dep.dependencies)
    return False


def test_every_route_taking_the_caller_looks_it_up(db_settings: Settings) -> None:
    """A route given a Caller it never looks up would hand services a token
    instead of an account: every API route depending on current_actor must
    be an ApiRoute (made by api_router), which looks it up."""
    app = create_app(fast(db_settings))
    routes = [r for r in app_routes(app.routes) if isinstance(r, APIRoute)]
    taking = [r for r in routes if _takes_caller(r)]
    assert len(taking) > 40  # the API's routes behind a token
    bare = [r.path for r in taking if not getattr(r.endpoint, "_catpack_takes_caller", False)]
    assert bare == []


def _cat(api: TestClient, owner: dict[str, str]) -> int:
    made = api.post(f"{API}/cats", json={"cat": {"name": "Mia"}}, headers=owner)
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


@pytest.mark.parametrize(
    "body",
    [
        {"session": {"stage": "introduce"}},  # the session misses its time: 422 for a good token
        b"\xff\xfe not json",  # cannot be read at all: 422 for a good token
    ],
    ids=["invalid", "unreadable"],
)
def test_refusals_come_before_complaints_about_the_body(api: TestClient, body: object) -> None:
    owner = sign_up(api, "ada@example.org")
    cat = _cat(api, owner)
    invite = api.post(f"{API}/invites", json={"role": "trainer"}, headers=owner).json()["token"]
    trainer = sign_up(api, "tia@example.org", invite=invite)
    revoked = sign_up(api, "bo@example.org")
    assert api.delete(f"{API}/tokens/current", headers=revoked).status_code == 204

    def post(headers: dict[str, str]) -> int:
        url = f"{API}/cats/{cat}/sessions"
        if isinstance(body, bytes):
            sent = {**headers, "Content-Type": "application/json"}
            return api.post(url, content=body, headers=sent).status_code
        return api.post(url, json=body, headers=headers).status_code

    assert post(owner) == 422
    assert post(trainer) == 403
    assert post(revoked) == 401
    assert post({"Authorization": "Bearer not-a-token"}) == 401
    assert post({}) == 401


def test_routes_without_a_caller_ignore_the_token(api: TestClient) -> None:
    """POST /coach needs no account: a trainer's or a bad token changes nothing."""
    owner = sign_up(api, "ada@example.org")
    invite = api.post(f"{API}/invites", json={"role": "trainer"}, headers=owner).json()["token"]
    trainer = sign_up(api, "tia@example.org", invite=invite)
    for headers in (trainer, {"Authorization": "Bearer not-a-token"}, {}):
        assert api.post(f"{API}/coach", json={"nonsense": 1}, headers=headers).status_code == 422


def test_a_revoked_token_is_refused_on_a_good_request(api: TestClient) -> None:
    owner = sign_up(api, "ada@example.org")
    cat = _cat(api, owner)
    assert api.get(f"{API}/cats/{cat}/today", headers=owner).status_code == 200
    assert api.delete(f"{API}/tokens/current", headers=owner).status_code == 204
    refused = api.get(f"{API}/cats/{cat}/today", headers=owner)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"


def test_the_query_s_names_are_checked_first_on_every_route(api: TestClient) -> None:
    """A parameter without a name, or one given twice, is a 422 naming it: on a
    route that takes the caller (current_actor checks the names) as on one that
    takes none (the routers' own check), before the token is looked at."""
    owner = sign_up(api, "ada@example.org")
    cat = _cat(api, owner)
    for headers in (owner, {}, {"Authorization": "Bearer not-a-token"}):
        for query, field in (("=x", "query"), ("temp_c=1&temp_c=2", "temp_c")):
            r = api.get(f"{API}/cats/{cat}/today?{query}", headers=headers)
            assert r.status_code == 422, (query, headers)
            assert r.json()["errors"][0]["field"] == field
    r = api.post(f"{API}/coach?a=1&a=2", json={})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "a"
    assert api.get(f"{API}/cats/{cat}/today?temp_c=20", headers=owner).status_code == 200
