"""Helpers of the page and browser tests: the real app on a fresh SQLite file, a test clock."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Route

from catpack.services import cats, sessions, users
from catpack.services.access import Act
from catpack.services.views import Actor
from catpack.settings import LOOPBACK_NAMES, Settings
from catpack.web.app import create_app
from catpack.web.deps import Clock
from catpack.web.pages import csrf

#: The pages' household zone in the tests (START's offset in November).
ZONE = "Europe/Berlin"
#: Host names the test apps answer to: the loopback names and TestClient's.
TEST_HOSTS = [*LOOPBACK_NAMES, "testserver"]


def build_app(template: Path, folder: Path, clock: Clock) -> FastAPI:
    """``create_app`` on a copy of the migrated ``template`` database, on ``clock``."""
    path = folder / "catpack.db"
    shutil.copy(template, path)
    app = create_app(
        Settings(
            database_url=f"sqlite:///{path}",
            data_dir=folder,
            timezone=ZONE,
            allowed_hosts=TEST_HOSTS,
        )
    )
    app.state.clock = clock
    return app


class FormClient(TestClient):
    """A browser-like test client: a form post carries this browser's
    anti-forgery token (from its cookie, fetched with a page when it has none)."""

    def post(self, url: Any, *args: Any, data: Any = None, **kwargs: Any) -> Any:
        if data is None and not ({"json", "content", "files"} & set(kwargs)):
            data = {}
        if isinstance(data, dict) and "csrf_token" not in data:
            token = self.cookies.get(csrf.COOKIE)
            if token is None:
                self.get("/cats/new")
                token = self.cookies.get(csrf.COOKIE)
            data = {**data, "csrf_token": token}
        return super().post(url, *args, data=data, **kwargs)


def owner(app: FastAPI) -> Actor:
    """The account the pages act for (the local owner)."""
    settings = app.state.settings
    return users.local_actor(app.state.db, settings.cli_user, settings.timezone)


def logged(app: FastAPI, cat_id: str) -> list[dict[str, Any]]:
    """A cat's live log as the services see it (contract sessions, oldest first)."""
    page = sessions.history(app.state.db, owner(app), int(cat_id), newest_first=False, limit=200)
    return [dict(item.session) for item in page.items]


def profile(app: FastAPI, cat_id: str) -> dict[str, Any]:
    """A cat's stored contract profile."""
    return dict(cats.get_cat(app.state.db, owner(app), int(cat_id)).cat)


def log_as_owner(app: FastAPI, cat_id: str, session: dict[str, Any]) -> None:
    """Log a session through the services, as the pages' owner."""
    sessions.log_session(app.state.db, owner(app), int(cat_id), session)


#: Where the tests' days start: 09:00 on a Thursday, an hour east of UTC.
START = datetime(2026, 11, 26, 9, 0, tzinfo=timezone(timedelta(hours=1)))


@dataclass
class StepClock:
    """The app's clock: fixed until the test moves it on (no sleeping)."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Pages:
    client: TestClient
    clock: StepClock
    app: Any

    def add_cat(self, name: str = "Mia", **fields: Any) -> str:
        r = self.client.post("/cats", data={"name": name, **fields}, follow_redirects=False)
        assert r.status_code == 303, r.text
        return str(r.headers["location"]).split("/")[2]


def assert_labelled(html: str, url: str) -> None:
    """Every control of the page has a label: by ``for``, or (radios and
    checkboxes) by sitting inside its ``<label>``."""
    for control_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
        assert f'for="{control_id}"' in html, f"{url}: #{control_id} has no label"
    bare = re.findall(r'<input (?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>', html)
    for tag in bare:
        assert re.search(r'type="(radio|checkbox)"', tag), f"{url}: unlabelled {tag}"


def app_routes(routes: list[Any]) -> Iterator[Route]:
    """Every route of an app, through included routers (FastAPI keeps them nested)."""
    for route in routes:
        if isinstance(route, Route):
            yield route
        elif hasattr(route, "original_router"):
            yield from app_routes(route.original_router.routes)


def route_acts(route: Any) -> set[Act]:
    """What a route's dependencies check the acting role may do
    (:mod:`catpack.services.access`: the checks carry their act as ``.act``)."""
    acts: set[Act] = set()
    todo = [route.dependant]
    while todo:
        dependant = todo.pop()
        act = getattr(dependant.call, "act", None)
        if act is not None:
            acts.add(act)
        todo.extend(dependant.dependencies)
    return acts


def step_level(html: str) -> tuple[str, str]:
    """The step and level a log or edit form will send (its pickers' values)."""
    stage = re.search(
        r'<select id="in-stage" name="stage".*?<option value="([^"]+)" selected>', html, re.S
    )
    level = re.search(r'<input id="in-level" name="level"[^>]*?value="([^"]*)"', html, re.S)
    assert stage and level, "no step and level in the form"
    return stage.group(1), level.group(1)
