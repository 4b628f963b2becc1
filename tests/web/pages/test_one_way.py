"""One way through the layers: the pages use the services through the API's
dependencies, the domain's one check names every bad field, times are the
household's, handlers that block are plain functions, few SQL statements."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from typing import Any

from fastapi.routing import APIRoute
from sqlalchemy import event
from starlette.requests import Request

from catpack.services import plans, users
from catpack.settings import Settings
from catpack.web.app import create_app
from catpack.web.pages.deps import Page, page, page_for
from tests.page_helpers import START, FormClient, Pages, StepClock, app_routes, logged, owner
from tests.web.pages.test_pages import CALM, HISS, log


@contextmanager
def statements(pages: Pages) -> Iterator[list[str]]:
    """The SQL statements the app runs inside the block."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    engine = pages.app.state.db.root_engine  # every engine of the database derives from it
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_today_page_runs_few_sql_statements(pages: Pages) -> None:
    """Today took 17 statements through the pages' own façade; now it reads the
    household (with its cats and zone) once and the plan's inputs once."""
    cat = pages.add_cat()
    pages.add_cat("Rocket")
    for _ in range(2):
        pages.clock.advance(minutes=10)
        assert log(pages, cat, CALM)[0] == 200
    pages.client.get(f"/cats/{cat}/today")  # warm: the log is parsed and kept
    with statements(pages) as seen:
        r = pages.client.get(f"/cats/{cat}/today")
    assert r.status_code == 200 and "A step up next" in r.text
    assert len(seen) <= 2, seen
    with statements(pages) as seen:
        r = pages.client.get(f"/cats/{cat}/today?sun=shade&temp=18&check=harness_on")
    assert r.status_code == 200 and "Low heat risk" in r.text
    assert len(seen) <= 2, seen


def test_pages_show_the_households_time(db_settings: Settings) -> None:
    """After a stop the page said 06:57Z while the API and CLI said 00:00+13:00:
    now the page decides and shows times on the household's clock."""
    app = create_app(db_settings.model_copy(update={"timezone": "Pacific/Auckland"}))
    app.state.clock = StepClock(START.astimezone(UTC))  # the server's clock runs in UTC
    with FormClient(app) as client:
        pages = Pages(client, app.state.clock, app)
        cat = pages.add_cat()
        pages.clock.advance(minutes=20)
        status, html = log(pages, cat, HISS)
        api = plans.today_plan(app.state.db, owner(app), int(cat), now=pages.clock())
        first = logged(app, cat)[0]
    assert status == 200 and 'id="stop-banner"' in html
    not_before = api["next_session"]["not_before"]
    assert not_before.startswith("2026-11-27T09:20") and not_before.endswith("+13:00")
    shown = re.search(r"Try again:</strong> not before ([^<]+)\.", html)
    assert shown is not None
    assert shown.group(1) == "Fri 27 Nov, 09:20"  # 21:20 in Auckland, plus 12 hours' rest
    assert first["at"].endswith("+13:00")  # logged on the household's clock


def test_the_pages_act_for_the_one_page_dependency(pages: Pages, solved: list[str]) -> None:
    """A layer that acts for someone else replaces one dependency and every page follows it
    (through FastAPI's own handler, which applies the override, where the
    pages otherwise run without it: tests/web/pages/test_direct_handler.py)."""
    mine = pages.add_cat("Mia")
    db = pages.app.state.db
    other = users.create_user(db, "bob@example.org", "Bob", "pw-123456").user
    bob = users.Actor(user_id=other.id, household_id=other.household_id)

    def as_bob(request: Request) -> Page:
        return page_for(request, bob)

    pages.app.dependency_overrides[page] = as_bob
    try:
        assert pages.client.get(f"/cats/{mine}/today").status_code == 404
        assert solved[-1] == f"/cats/{mine}/today"
        assert pages.client.get("/").url.path == "/cats/new"
        theirs = pages.add_cat("Rex")
        assert pages.client.get(f"/cats/{theirs}/today").status_code == 200
    finally:
        pages.app.dependency_overrides.clear()
    assert pages.client.get(f"/cats/{theirs}/today").status_code == 404
    assert pages.client.get(f"/cats/{mine}/today").status_code == 200


def test_handlers_are_plain_functions(pages: Pages) -> None:
    """Page and API handlers call the database: none may run on the event loop."""
    routes = [r for r in app_routes(pages.app.routes) if isinstance(r, APIRoute)]
    assert len(routes) > 40
    coroutines = [r.path for r in routes if inspect.iscoroutinefunction(r.endpoint)]
    assert coroutines == []


def test_a_form_names_every_bad_field_at_once(pages: Pages) -> None:
    """The domain's one check reports every problem; the form marks each field."""
    cat = pages.add_cat()
    status, html = log(
        pages,
        cat,
        CALM,
        tail="wagging",
        ears="sideway",
        reps="3",
        calm_reps="4",
        minutes="9999",
        signs="sulking",
        took_treats="maybe",
    )
    assert status == 422
    for field, message in (
        ("tail", "Tail: &#39;wagging&#39; is not one of the choices."),
        ("ears", "Ears: &#39;sideway&#39; is not one of the choices."),
        ("calm_reps", "Calm tries (4) cannot be more than tries (3)."),
        ("minutes", "Minutes must be at most 1440 min."),
        ("signs", "Signs: &#39;sulking&#39; is not one of the choices."),
        ("took_treats", "Took treats: answer yes, no or not sure."),
    ):
        assert f'<p class="field-error" id="err-{field}">{message}</p>' in html, field
    assert 'class="choice invalid" id="f-tail"' in html
    assert logged(pages.app, cat) == []


def test_form_problems_and_domain_problems_show_together(pages: Pages) -> None:
    cat = pages.add_cat()
    status, html = log(pages, cat, CALM, minutes="ten", tail="wagging")
    assert status == 422
    assert "Minutes: &#39;ten&#39; is not a number." in html
    assert "Tail: &#39;wagging&#39; is not one of the choices." in html
    assert logged(pages.app, cat) == []
