"""The pages look the log-in up in the handler's own thread-pool hop where
nothing can answer before it (catpack.web.pages.routing.PageRoute): one hop per
request instead of two. What must not change with it: every page still needs
a live log-in, checked on every request, and a browser without one is sent to
log in before anything else is said about its request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute

from catpack.services import users
from catpack.settings import Settings
from catpack.web.pages import deps
from catpack.web.pages.routing import PageRoute
from tests.page_helpers import FormClient, app_routes
from tests.web.pages.test_login_pages import accounts_app, log_in, owner_with_a_cat, sign_up
from tests.web.pages.test_pages import CALM
from tests.web.pages.test_trainer_pages import join_as_trainer


@pytest.fixture
def browser(db_settings: Settings) -> Iterator[FormClient]:
    with FormClient(accounts_app(db_settings)) as c:
        yield c


def _numbered(cat_id: str, number: int, page: deps.PageDep) -> None:
    """A page handler with a number in its path (none of the app's has one now)."""


def _takes_a_page(route: APIRoute) -> bool:
    pending = list(route.dependant.dependencies)
    while pending:
        dep = pending.pop()
        if dep.call in (deps.page, deps.any_role_page):
            return True
        pending.extend(dep.dependencies)
    return False


def test_every_page_route_looks_its_log_in_up_before_the_handler(browser: FormClient) -> None:
    """A handler given a Page whose log-in nobody looked up first could run
    its own code before the check: every route taking a Page is a PageRoute
    (made by page_router), whose handler looks it up first."""
    routes = [r for r in app_routes(browser.app.routes) if isinstance(r, APIRoute)]  # type: ignore[attr-defined]
    taking = [r for r in routes if _takes_a_page(r)]
    assert len(taking) > 40
    bare = [
        r.path
        for r in taking
        if not isinstance(r, PageRoute) or not hasattr(r.endpoint, "__wrapped__")
    ]
    assert bare == []
    deferring = {r.path for r in taking if r.defers_login}  # type: ignore[attr-defined]
    assert "/cats/{cat_id}/today" in deferring
    # A route with a typed parameter (a number in its path) looks the log-in up
    # first: ids in the pages' paths are text, checked by the handler (row_id).
    typed = PageRoute("/cats/{cat_id}/n/{number}", _numbered, methods=["GET"])
    assert typed.defers_login is False


def test_without_a_log_in_the_browser_is_sent_to_log_in_first(browser: FormClient) -> None:
    """Also where the path holds a number that is not one: the log-in comes first."""
    for path in ("/cats/1/today", "/cats/1/sessions/abc/pack.png", "/cats/1/sessions/1/pack.png"):
        r = browser.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/login?next="), path
    cat = owner_with_a_cat(browser)
    assert browser.get(f"/cats/{cat}/sessions/abc/pack.png").status_code == 404


def test_an_ended_log_in_is_refused_on_the_next_request(browser: FormClient) -> None:
    """Ended elsewhere (another process, "log out everywhere"): the next page,
    read or post, sends the browser to log in; nothing is kept between requests."""
    cat = owner_with_a_cat(browser)
    assert browser.get(f"/cats/{cat}/today").status_code == 200
    db = browser.app.state.db  # type: ignore[attr-defined]
    ada = users.login_overview(db, browser.cookies["catpack_login"])
    assert ada is not None
    users.end_all_logins(db, ada[0])
    for r in (
        browser.get(f"/cats/{cat}/today", follow_redirects=False),
        browser.post("/cats", data={"name": "Rex"}, follow_redirects=False),
    ):
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert log_in(browser).status_code == 303
    assert browser.get(f"/cats/{cat}/today").status_code == 200


def test_another_household_s_cat_is_not_found(browser: FormClient) -> None:
    """The household read with the log-in is the log-in's own."""
    theirs = owner_with_a_cat(browser)
    browser.post("/logout", follow_redirects=False)
    sign_up(browser, "bo@example.org")
    assert log_in(browser, "bo@example.org").status_code == 303
    assert browser.get(f"/cats/{theirs}/today").status_code == 404


def _hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thread-pool hops (anyio's ``to_thread.run_sync``) the app makes."""
    import anyio.to_thread

    made: list[str] = []
    real = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        made.append(getattr(func, "__name__", repr(func)))
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    return made


def test_a_post_looks_its_log_in_up_and_checks_its_role_in_one_hop(
    browser: FormClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logging a session from the form: the log-in, the role check and the
    handler in one thread-pool hop (it took two: one for the role check)."""
    cat = owner_with_a_cat(browser)
    data = {"stage": "introduce", "level": "1", **CALM}
    hops = _hops(monkeypatch)
    logged = browser.post(f"/cats/{cat}/sessions", data=data, follow_redirects=False)
    assert logged.status_code == 303, logged.text
    assert len(hops) == 1, hops


def test_a_post_the_role_may_not_make_is_refused_before_the_handler(
    db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trainer's post of the log form, with its own valid anti-forgery token,
    on a route that checks the role in the handler's hop: 403, and the
    handler's code never runs (nothing stored, no service called)."""
    from catpack.services import sessions
    from catpack.web.pages import logform

    app = accounts_app(db_settings)
    with FormClient(app) as ada, FormClient(app) as tia:
        cat = owner_with_a_cat(ada)
        join_as_trainer(ada, tia)
        called: list[str] = []
        monkeypatch.setattr(logform, "saved_by_another", lambda *a: called.append("ran") or False)
        route = next(
            r
            for r in app_routes(app.routes)
            if isinstance(r, PageRoute) and r.path == "/cats/{cat_id}/sessions"
        )
        assert route.defers_login
        data = {"stage": "introduce", "level": "1", **CALM}
        refused = tia.post(f"/cats/{cat}/sessions", data=data, follow_redirects=False)
        assert refused.status_code == 403
        assert called == []
        ada_actor = users.login_overview(app.state.db, ada.cookies["catpack_login"])
        assert ada_actor is not None
        stored = sessions.history(app.state.db, ada_actor[0], int(cat), limit=10)
        assert stored.items == []


def _no_page(cat_id: str) -> None:
    """A page handler that takes no Page (only text from its path)."""


def test_a_route_without_a_page_looks_its_log_in_up_first() -> None:
    """Nothing in its handler's hop would look the log-in up (or check a post's
    role) before the handler's own code: such a route does not defer it."""
    bare = PageRoute("/cats/{cat_id}/bare", _no_page, methods=["POST"])
    assert bare.defers_login is False


async def _served(app: Any, method: str, path: str, cookies: str, body: bytes = b"") -> int:
    """One request straight to the ASGI app, as a server makes it (the test
    client's own machinery, its streams and their exceptions, makes cycles
    of its own); its status."""
    headers = [(b"host", b"testserver"), (b"cookie", cookies.encode())]
    if body:
        headers.append((b"content-type", b"application/x-www-form-urlencoded"))
    sent: list[int] = []
    done = False

    async def receive() -> dict[str, Any]:
        nonlocal done
        if done:
            return {"type": "http.disconnect"}
        done = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            sent.append(message["status"])

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "app": app,
    }
    await app(scope, receive, send)
    return sent[0]


def test_a_page_request_leaves_nothing_for_the_garbage_collector(browser: FormClient) -> None:
    """Each request's objects are freed when it ends, not by the collector.

    The log-in kept in a request's state once held the request itself: a
    cycle (the request's scope, its state, the log-in, the request) that kept
    every page request's scope, headers, form and household overview alive
    until the collector's next pass, which then ran about every five page
    requests (37-51 microseconds of collection per "log + today" in process,
    where the API's took under 5)."""
    import asyncio
    import gc
    from concurrent.futures import ThreadPoolExecutor
    from urllib.parse import urlencode

    cat = owner_with_a_cat(browser)
    browser.get(f"/cats/{cat}/log")
    jar = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    token = browser.cookies["catpack_csrf"]
    data = {"stage": "introduce", "level": "1", **CALM, "csrf_token": token}
    form = urlencode(data).encode()

    async def log_and_read() -> list[int]:
        return [
            await _served(browser.app, "POST", f"/cats/{cat}/sessions", jar, form),
            await _served(browser.app, "GET", f"/cats/{cat}/today", jar),
        ]

    async def measured() -> tuple[list[list[int]], list[str]]:
        await log_and_read()  # this event loop's own first-use objects
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            statuses = [await log_and_read() for _ in range(3)]
            gc.collect()
            return statuses, [type(o).__name__ for o in gc.garbage]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()

    # In a thread of its own: an event loop another test left set on this
    # thread would refuse asyncio.run.
    with ThreadPoolExecutor(1) as pool:
        statuses, kept = pool.submit(asyncio.run, measured()).result()
    assert statuses == [[303, 200]] * 3
    assert kept == []
