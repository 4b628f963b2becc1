"""The access matrix, generated from the app's route table (API and pages), in
accounts mode: for every route and method, six actors, the status each gets.

Actors: ``anon`` (nothing; a made-up token where the path takes one),
``owner``, ``member`` (caregiver), ``trainer`` (reads), ``share`` (a browser
holding only a cat's share link), ``other`` (the owner of another household).
Each actor asks for household A's objects (its cat, session, trip, backpack,
invite, share, the owner's token). Writes send an empty form or ``{}``, so a
write that gets past the access checks ends in 422 (bad input) or does what an
empty body means.

Every route of the app must have a row: a new route without one fails
:func:`test_every_route_has_a_row`. Each route runs on its own copy of the
same prepared database (SQLite), so a delete by one actor does not change
what the next one sees; the owner asks last.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from catpack.services import access, users
from catpack.services.views import Actor
from catpack.settings import Settings
from catpack.store.db import Database
from catpack.web.app import create_app
from catpack.web.pages.deps import LOGIN_COOKIE
from tests.page_helpers import TEST_HOSTS, FormClient, app_routes, route_acts
from tests.web.test_accounts import SESSION

ACTORS = ("anon", "owner", "member", "trainer", "share", "other")
PASSWORD = "pw-123456"

# (kind, method, path) -> status for anon, owner, member, trainer, share, other.
MATRIX: dict[tuple[str, str, str], tuple[int, int, int, int, int, int]] = {
    ("api", "DELETE", "/backpacks/{backpack_id}"): (401, 204, 204, 403, 401, 404),
    ("api", "DELETE", "/cats/{cat_id}"): (401, 204, 403, 403, 401, 404),
    ("api", "DELETE", "/cats/{cat_id}/sensor"): (401, 404, 404, 403, 401, 404),
    ("api", "DELETE", "/cats/{cat_id}/sessions/{session_id}"): (401, 200, 200, 403, 401, 404),
    ("api", "DELETE", "/cats/{cat_id}/trips/{trip_id}"): (401, 204, 204, 403, 401, 404),
    ("api", "DELETE", "/household/members/{user_id}"): (401, 204, 403, 403, 401, 404),
    ("api", "DELETE", "/invites/{invite_id}"): (401, 204, 403, 403, 401, 404),
    ("api", "DELETE", "/push/subscriptions/{subscription_id}"): (401, 404, 404, 403, 401, 404),
    ("api", "DELETE", "/reminders/feed"): (401, 204, 204, 403, 401, 204),
    ("api", "DELETE", "/shares/{share_id}"): (401, 204, 403, 403, 401, 404),
    ("api", "DELETE", "/tokens"): (401, 204, 204, 204, 401, 204),
    ("api", "DELETE", "/tokens/current"): (401, 204, 204, 204, 401, 204),
    ("api", "DELETE", "/tokens/{token_id}"): (401, 204, 404, 404, 401, 404),
    ("api", "GET", "/airlines"): (200, 200, 200, 200, 200, 200),
    ("api", "GET", "/backpacks"): (401, 200, 200, 200, 401, 200),
    ("api", "GET", "/backpacks/{backpack_id}"): (401, 200, 200, 200, 401, 404),
    ("api", "GET", "/calendar/{token}.ics"): (422, 200, 200, 200, 422, 200),
    ("api", "GET", "/cats"): (401, 200, 200, 200, 401, 200),
    ("api", "GET", "/cats/{cat_id}"): (401, 200, 200, 200, 401, 404),
    ("api", "GET", "/cats/{cat_id}/export"): (401, 200, 200, 200, 401, 404),
    ("api", "GET", "/cats/{cat_id}/fit"): (401, 404, 404, 404, 401, 404),
    ("api", "GET", "/cats/{cat_id}/habit"): (401, 200, 200, 200, 401, 404),
    ("api", "GET", "/cats/{cat_id}/pack"): (401, 200, 200, 200, 401, 404),
    ("api", "GET", "/cats/{cat_id}/pauses"): (401, 200, 200, 200, 401, 404),
    ("api", "GET", "/cats/{cat_id}/sensor"): (401, 404, 404, 404, 401, 404),
    ("api", "GET", "/cats/{cat_id}/sessions"): (401, 200, 200, 200, 401, 404),
    ("api", "GET", "/cats/{cat_id}/sessions/{session_id}"): (401, 200, 200, 200, 401, 404),
    ("api", "GET", "/cats/{cat_id}/sessions/{session_id}/audit"): (401, 200, 200, 200, 401, 404),
    ("api", "GET", "/cats/{cat_id}/today"): (401, 200, 200, 200, 401, 404),
    ("api", "GET", "/cats/{cat_id}/trips"): (401, 200, 200, 200, 401, 404),
    ("api", "GET", "/cats/{cat_id}/trips/{trip_id}/plan"): (401, 200, 200, 200, 401, 404),
    ("api", "GET", "/health"): (200, 200, 200, 200, 200, 200),
    ("api", "GET", "/household"): (401, 200, 200, 200, 401, 200),
    ("api", "GET", "/household/members"): (401, 200, 200, 200, 401, 200),
    ("api", "GET", "/invites"): (401, 200, 403, 403, 401, 200),
    ("api", "GET", "/me"): (401, 200, 200, 200, 401, 200),
    ("api", "GET", "/protocol"): (200, 200, 200, 200, 200, 200),
    ("api", "GET", "/push/key"): (200, 200, 200, 200, 200, 200),
    ("api", "GET", "/push/subscriptions"): (401, 200, 200, 200, 401, 200),
    ("api", "GET", "/reminders/settings"): (401, 200, 200, 200, 401, 200),
    ("api", "GET", "/shares"): (401, 200, 403, 403, 401, 200),
    ("api", "GET", "/tokens"): (401, 200, 200, 200, 401, 200),
    ("api", "PATCH", "/backpacks/{backpack_id}"): (401, 200, 200, 403, 401, 404),
    ("api", "PATCH", "/cats/{cat_id}"): (401, 200, 200, 403, 401, 404),
    ("api", "PATCH", "/household"): (401, 200, 403, 403, 401, 200),
    ("api", "PATCH", "/reminders/settings"): (401, 200, 200, 403, 401, 200),
    ("api", "POST", "/backpacks"): (401, 422, 422, 403, 401, 422),
    ("api", "POST", "/cats"): (401, 422, 422, 403, 401, 422),
    ("api", "POST", "/cats/import"): (401, 422, 422, 403, 401, 422),
    ("api", "POST", "/cats/{cat_id}/pauses"): (401, 201, 201, 403, 401, 404),
    ("api", "POST", "/cats/{cat_id}/plan"): (401, 200, 200, 200, 401, 404),
    ("api", "POST", "/cats/{cat_id}/readings"): (401, 422, 422, 403, 401, 422),
    ("api", "POST", "/cats/{cat_id}/resume"): (401, 409, 409, 403, 401, 404),
    ("api", "POST", "/cats/{cat_id}/sessions"): (401, 422, 422, 403, 401, 422),
    ("api", "POST", "/cats/{cat_id}/sessions/undo"): (401, 200, 200, 403, 401, 404),
    ("api", "POST", "/cats/{cat_id}/shares"): (401, 201, 403, 403, 401, 404),
    ("api", "POST", "/cats/{cat_id}/trips"): (401, 422, 422, 403, 401, 422),
    ("api", "POST", "/cats/{cat_id}/trips/{trip_id}/outcome"): (401, 422, 422, 403, 401, 422),
    ("api", "POST", "/coach"): (422, 422, 422, 422, 422, 422),
    ("api", "POST", "/invites"): (401, 201, 403, 403, 401, 201),
    ("api", "POST", "/me/password"): (401, 422, 422, 422, 401, 422),
    ("api", "POST", "/push/subscriptions"): (401, 422, 422, 403, 401, 422),
    ("api", "POST", "/reminders/feed"): (401, 201, 201, 403, 401, 201),
    ("api", "POST", "/tokens"): (422, 422, 422, 422, 422, 422),
    ("api", "POST", "/trip"): (422, 422, 422, 422, 422, 422),
    ("api", "POST", "/users"): (422, 422, 422, 422, 422, 422),
    ("api", "PUT", "/cats/{cat_id}/routine"): (401, 422, 422, 403, 401, 422),
    ("api", "PUT", "/cats/{cat_id}/sensor"): (401, 422, 422, 403, 401, 422),
    ("api", "PUT", "/cats/{cat_id}/sessions/{session_id}"): (401, 422, 422, 403, 401, 422),
    ("page", "GET", "/"): (303, 303, 303, 303, 303, 303),
    ("page", "GET", "/about/science"): (303, 200, 200, 200, 303, 200),
    ("page", "GET", "/account"): (303, 200, 200, 200, 303, 200),
    ("page", "GET", "/cats/new"): (303, 200, 200, 200, 303, 200),
    ("page", "GET", "/cats/{cat_id}/backpack"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/edit"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/export.csv"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/export.json"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/heat"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/history"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/log"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/plan"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/progress.svg"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/routine"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/sessions/{session_id}/edit"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/sessions/{session_id}/pack.png"): (
        303,
        200,
        200,
        200,
        303,
        404,
    ),
    ("page", "GET", "/cats/{cat_id}/settings"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/size"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/today"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/today/pack"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/trip"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/cats/{cat_id}/trips/{trip_id}/outcome"): (303, 200, 200, 200, 303, 404),
    ("page", "GET", "/docs"): (200, 200, 200, 200, 200, 200),
    ("page", "GET", "/favicon.ico"): (200, 200, 200, 200, 200, 200),
    ("page", "GET", "/guide"): (303, 200, 200, 200, 303, 200),
    # The installable app's shell: public files, the same for everyone.
    ("page", "GET", "/manifest.webmanifest"): (200, 200, 200, 200, 200, 200),
    ("page", "GET", "/offline"): (200, 200, 200, 200, 200, 200),
    ("page", "GET", "/offline/not-saved"): (200, 200, 200, 200, 200, 200),
    ("page", "GET", "/offline/not-sent/{kind}"): (200, 200, 200, 200, 200, 200),
    ("page", "GET", "/sw.js"): (200, 200, 200, 200, 200, 200),
    # A fresh anti-forgery token for the outbox's replay: a logged-in page GET.
    ("page", "GET", "/outbox/token"): (303, 200, 200, 200, 303, 200),
    ("page", "GET", "/join/{token}"): (404, 200, 200, 200, 404, 200),
    # Logged in already: on to the start (the form would log in a second time).
    ("page", "GET", "/login"): (200, 303, 303, 303, 200, 303),
    ("page", "GET", "/signup"): (200, 200, 200, 200, 200, 200),
    ("page", "GET", "/openapi.json"): (200, 200, 200, 200, 200, 200),
    ("page", "GET", "/reminders"): (303, 200, 200, 200, 303, 200),
    ("page", "GET", "/settings"): (303, 200, 200, 200, 303, 200),
    ("page", "GET", "/shared/{token}"): (404, 200, 200, 200, 200, 200),
    ("page", "GET", "/shared/{token}/progress.svg"): (404, 200, 200, 200, 200, 200),
    ("page", "GET", "/switch"): (303, 303, 303, 303, 303, 303),
    # The owner's posts: the role is refused before the form is read.
    ("page", "POST", "/account/invites"): (303, 422, 403, 403, 303, 422),
    ("page", "POST", "/account/invites/{invite_id}/revoke"): (303, 303, 403, 403, 303, 303),
    ("page", "POST", "/account/logout-everywhere"): (303, 303, 303, 303, 303, 303),
    # The owner takes the trainer out; another household's owner: not found, nothing done.
    ("page", "POST", "/account/members/{user_id}/remove"): (303, 303, 403, 403, 303, 303),
    ("page", "POST", "/account/password"): (303, 422, 422, 422, 303, 422),
    ("page", "POST", "/account/shares"): (303, 422, 403, 403, 303, 422),
    ("page", "POST", "/account/shares/{share_id}/revoke"): (303, 303, 403, 403, 303, 303),
    ("page", "POST", "/cats"): (303, 422, 422, 403, 303, 422),
    ("page", "POST", "/cats/{cat_id}/backpack"): (303, 422, 422, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/backpack/use"): (303, 404, 404, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/delete"): (303, 422, 403, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/edit"): (303, 422, 422, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/pause"): (303, 303, 303, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/resume"): (303, 303, 303, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/routine"): (303, 422, 422, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/sensor"): (303, 422, 422, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/sensor/unpair"): (303, 303, 303, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/sessions"): (303, 422, 422, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/sessions/undo"): (303, 303, 303, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/sessions/{session_id}"): (303, 422, 422, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/sessions/{session_id}/delete"): (303, 422, 422, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/size"): (303, 303, 303, 403, 303, 404),
    # Planning a trip computes and stores nothing: a trainer may (an empty form: 422).
    ("page", "POST", "/cats/{cat_id}/trip"): (303, 422, 422, 422, 303, 404),
    ("page", "POST", "/cats/{cat_id}/trips"): (303, 422, 422, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/trips/{trip_id}/delete"): (303, 303, 303, 403, 303, 404),
    ("page", "POST", "/cats/{cat_id}/trips/{trip_id}/outcome"): (303, 409, 409, 403, 303, 404),
    ("page", "POST", "/join/{token}"): (422, 422, 422, 422, 422, 422),
    ("page", "POST", "/login"): (401, 401, 401, 401, 401, 401),
    ("page", "POST", "/signup"): (422, 422, 422, 422, 422, 422),
    ("page", "POST", "/logout"): (303, 303, 303, 303, 303, 303),
    ("page", "POST", "/reminders"): (303, 303, 303, 403, 303, 303),
    ("page", "POST", "/reminders/feed"): (303, 200, 200, 403, 303, 200),
    ("page", "POST", "/reminders/feed/off"): (303, 303, 303, 403, 303, 303),
    ("page", "POST", "/reminders/push"): (303, 422, 422, 403, 303, 422),
    ("page", "POST", "/reminders/push/off"): (303, 200, 200, 403, 303, 200),
    ("page", "POST", "/settings"): (303, 422, 403, 403, 303, 422),
}


def routes(app: FastAPI) -> Iterator[tuple[str, str, str]]:
    """Every (kind, method, path) of the app: kind is ``api`` or ``page``."""
    for route in app_routes(app.routes):
        kind = "api" if route.endpoint.__module__.startswith("catpack.web.api") else "page"
        path = route.path.removeprefix("/api/v1") if kind == "api" else route.path
        for method in sorted(route.methods - {"HEAD"}):
            yield kind, method, path


@dataclass
class World:
    """The prepared database and what each actor holds."""

    template: Path
    ids: dict[str, str]
    tokens: dict[str, str]  # actor -> API token
    cookies: dict[str, str]  # actor -> log-in cookie


def settings_for(path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{path}",
        data_dir=path.parent,
        allowed_hosts=TEST_HOSTS,
        auth="accounts",
        argon2_memory_kib=1024,
        timezone="Europe/Berlin",
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> World:
    folder = tmp_path_factory.mktemp("matrix")
    path = folder / "world.db"
    shutil.copy(sqlite_template, path)
    app = create_app(settings_for(path))
    api = "/api/v1"
    with FormClient(app) as c:

        def signed(email: str, **more: Any) -> tuple[dict[str, str], dict[str, Any]]:
            made = c.post(f"{api}/users", json={"email": email, "password": PASSWORD, **more})
            assert made.status_code == 201, made.text
            body = made.json()
            return {"Authorization": f"Bearer {body['token']}"}, body

        owner, owner_body = signed("ada@example.org")
        cat = c.post(f"{api}/cats", json={"cat": {"name": "Mia"}}, headers=owner).json()
        cat_id = cat["id"]
        session = c.post(
            f"{api}/cats/{cat_id}/sessions", json={"session": SESSION}, headers=owner
        ).json()
        trip = c.post(
            f"{api}/cats/{cat_id}/trips",
            json={"trip": {"kind": "flight", "hours": 3}},
            headers=owner,
        ).json()
        pack = c.post(f"{api}/backpacks", json={"name": "Bubble"}, headers=owner).json()
        feed = c.post(f"{api}/reminders/feed", headers=owner).json()
        member_invite = c.post(f"{api}/invites", json={"role": "member"}, headers=owner).json()
        trainer_invite = c.post(f"{api}/invites", json={"role": "trainer"}, headers=owner).json()
        member, _ = signed("bob@example.org", invite=member_invite["token"])
        trainer, trainer_body = signed("tia@example.org", invite=trainer_invite["token"])
        open_invite = c.post(f"{api}/invites", json={}, headers=owner).json()
        share = c.post(f"{api}/cats/{cat_id}/shares", json={}, headers=owner).json()
        other, _ = signed("eve@example.org")
        tokens = {"owner": owner, "member": member, "trainer": trainer, "other": other}
        token_id = c.get(f"{api}/tokens", headers=owner).json()[0]["id"]
    db: Database = app.state.db
    cookies = {}
    for actor, email in (
        ("owner", "ada@example.org"),
        ("member", "bob@example.org"),
        ("trainer", "tia@example.org"),
        ("other", "eve@example.org"),
    ):
        who = users.authenticate(db, email, PASSWORD, None)
        assert isinstance(who, Actor)
        cookies[actor] = users.start_login(db, who, 30)
    db.dispose()
    del owner_body
    return World(
        template=path,
        ids={
            "cat_id": str(cat_id),
            "session_id": str(session["id"]),
            "trip_id": str(trip["id"]),
            "backpack_id": str(pack["id"]),
            "token_id": str(token_id),
            "invite_id": str(open_invite["id"]),
            "share_id": str(share["id"]),
            "subscription_id": "1",
            "user_id": str(trainer_body["user"]["id"]),
            "calendar": str(feed["url"]).rsplit("/", 1)[1].removesuffix(".ics"),
            "join": str(open_invite["token"]),
            "shared": str(share["token"]),
            "kind": "login",  # the service worker's kept page for a log-in
        },
        tokens={k: v["Authorization"] for k, v in tokens.items()},
        cookies=cookies,
    )


def concrete(path: str, world: World, actor: str) -> str:
    ids = dict(world.ids)
    if path.startswith("/calendar/"):
        ids["token"] = ids["calendar"]
    elif path.startswith("/join/"):
        ids["token"] = ids["join"]
    else:
        ids["token"] = ids["shared"]
    # Anonymous guesses links; the share link's holder has that link only.
    if actor == "anon" or (actor == "share" and not path.startswith("/shared/")):
        ids["token"] = "made-up-link-token"
    return path.format(**ids)


def ask(app: FastAPI, world: World, actor: str, kind: str, method: str, path: str) -> int:
    url = concrete(path, world, actor)
    c = FormClient(app)  # no lifespan: the app's database is swapped per route
    if actor in world.cookies:
        c.cookies.set(LOGIN_COOKIE, world.cookies[actor])
    headers = {}
    if kind == "api":
        url = "/api/v1" + url
        if actor in world.tokens:
            headers["Authorization"] = world.tokens[actor]
    if method == "GET":
        r = c.get(url, headers=headers, follow_redirects=False)
    elif kind == "api":
        r = c.request(method, url, json={}, headers=headers, follow_redirects=False)
    else:
        r = c.post(url, data={}, headers=headers, follow_redirects=False)
    return r.status_code


def observe(
    app: FastAPI, world: World, folder: Path, kind: str, method: str, path: str
) -> tuple[int, ...]:
    """The six statuses for one route. A write runs on fresh copies of the
    world (the owner on its own), so nobody's delete changes what the next
    actor sees; reads share one copy."""
    seen: dict[str, int] = {}
    groups = [ACTORS] if method == "GET" else [ACTORS[:1] + ACTORS[2:], ("owner",)]
    for group in groups:
        copy = folder / f"run-{len(seen)}.db"
        shutil.copy(world.template, copy)
        db = Database(f"sqlite:///{copy}")
        users.configure(db, app.state.settings)
        app.state.db = db
        try:
            for actor in group:
                seen[actor] = ask(app, world, actor, kind, method, path)
        finally:
            db.dispose()
    return tuple(seen[a] for a in ACTORS)


def test_every_route_has_a_row(world: World) -> None:
    app = create_app(settings_for(world.template))
    try:
        missing = sorted(set(routes(app)) - set(MATRIX))
        stale = sorted(set(MATRIX) - set(routes(app)))
    finally:
        app.state.db.dispose()
    assert not missing, f"routes without a row in MATRIX: {missing}"
    assert not stale, f"rows of routes that no longer exist: {stale}"


def test_access_matrix(world: World, tmp_path: Path) -> None:
    app = create_app(settings_for(world.template))
    app.state.db.dispose()
    wrong = []
    for key in sorted(routes(app)):
        got = observe(app, world, tmp_path, *key)
        if MATRIX.get(key) != got:
            wrong.append(f"    {key!r}: {got!r},")
    (tmp_path / "observed.txt").write_text("\n".join(wrong))
    print("\n".join(wrong))
    assert not wrong, f"{len(wrong)} statuses differ from MATRIX (printed above)"


def test_the_pages_posts_follow_the_role_table(world: World) -> None:
    """What a role may post on the pages comes from one table
    (:data:`catpack.services.access.MAY`): a route's statuses here say 403 for
    a role exactly when the acts its dependencies check are not all that
    role's. A post whose check drifts from the table (or a row from both)
    fails here; the pages read the same table to show a form
    (tests/web/pages/test_role_forms.py)."""
    app = create_app(settings_for(world.template))
    app.state.db.dispose()
    wrong = []
    for route in app_routes(app.routes):
        api = route.endpoint.__module__.startswith("catpack.web.api")
        if api or "POST" not in (route.methods or ()):
            continue
        acts = route_acts(route)
        for role in ("owner", "member", "trainer"):
            refused = any(not access.may(role, act) for act in acts)
            cell = MATRIX[("page", "POST", route.path)][ACTORS.index(role)]
            if (cell == 403) != refused:
                wrong.append(f"{route.path} {role}: {cell} in MATRIX, acts {sorted(acts)}")
    assert not wrong, wrong
    # The table itself: a member changes the cats, not the household; a trainer reads.
    assert [r for r in access.MAY if access.may(r, "manage")] == ["owner"]
    assert [r for r in access.MAY if access.may(r, "change")] == ["owner", "member"]
    assert all(access.may(r, "plan") for r in access.MAY)
