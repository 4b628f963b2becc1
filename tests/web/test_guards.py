"""The browser's guards: allowed hosts, security headers, anti-forgery tokens, /docs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from catpack.settings import Settings, load_settings
from catpack.web.app import create_app
from catpack.web.pages import csrf
from tests.page_helpers import FormClient, logged

HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


@pytest.fixture
def loopback(db_settings: Settings) -> Iterator[TestClient]:
    """The app with the default allowed hosts (loopback names only)."""
    settings = db_settings.model_copy(update={"allowed_hosts": load_settings().allowed_hosts})
    with TestClient(create_app(settings), base_url="http://127.0.0.1:8000") as client:
        yield client


def test_only_the_allowed_hosts_are_answered(loopback: TestClient) -> None:
    """DNS rebinding: a page on rebind.example whose name now resolves to
    127.0.0.1 sends ``Host: rebind.example``; it gets 400 for pages and API."""
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST"):
        assert loopback.get("/api/v1/health", headers={"host": host}).status_code == 200, host
    for host in ("rebind.example", "rebind.example:8000", "127.0.0.1.rebind.example", ""):
        for path in ("/", "/api/v1/health", "/docs", "/static/app.css"):
            r = loopback.get(path, headers={"host": host})
            assert r.status_code == 400, (host, path)
    posted = loopback.post(
        "/cats",
        data={"name": "Mia"},
        headers={"host": "rebind.example", "origin": "http://rebind.example"},
    )
    assert posted.status_code == 400


def test_allowed_hosts_setting_takes_a_comma_separated_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CATPACK_ALLOWED_HOSTS", "cats.example.org, *.example.net")
    assert load_settings().allowed_hosts == ["cats.example.org", "*.example.net"]
    monkeypatch.delenv("CATPACK_ALLOWED_HOSTS")
    assert load_settings().allowed_hosts == ["localhost", "127.0.0.1", "[::1]"]


def test_every_response_carries_the_security_headers(loopback: TestClient) -> None:
    html = {"accept": "text/html"}
    responses = [
        loopback.get("/cats/new"),
        loopback.get("/api/v1/health"),
        loopback.get("/api/v1/cats"),  # 401
        loopback.get("/no-such-page", headers=html),  # 404 page
        loopback.get("/api/v1/nothing"),  # 404 JSON
        loopback.get("/static/app.css"),
        loopback.get("/docs"),
        loopback.get("/", headers={"host": "evil.example"}),  # 400
        loopback.post("/api/v1/coach", content=b"{"),  # 422
    ]
    for r in responses:
        for name, value in HEADERS.items():
            assert r.headers.get(name) == value, (r.url, name)
        policy = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy, r.url
        assert "script-src 'self'" in policy and "style-src 'self'" in policy


def test_the_413_of_the_body_limit_and_a_500_carry_the_headers_too(
    db_settings: Settings,
) -> None:
    """FastAPI answers a too-large Content-Length, and a route that fails,
    outside the app's own middleware: the headers wrap those layers too."""
    failing = APIRouter()

    @failing.get("/api/v1/fails")
    def fails() -> None:
        raise RuntimeError("a bug")

    settings = db_settings.model_copy(update={"max_body_bytes": 1024, "behind_tls": True})
    app = create_app(settings, routers=[failing])
    with TestClient(app, raise_server_exceptions=False) as client:
        big = client.post(
            "/api/v1/coach", content=b"x" * 2048, headers={"content-type": "application/json"}
        )
        assert big.status_code == 413
        broken = client.get("/api/v1/fails")
        assert broken.status_code == 500
        for r in (big, broken):
            for name, value in HEADERS.items():
                assert r.headers.get(name) == value, (r.url, name)
            assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
            assert r.headers["strict-transport-security"] == "max-age=31536000"
            assert r.headers["cache-control"] == "no-store"


def test_private_answers_are_not_kept_by_the_browser(db_settings: Settings) -> None:
    """A shared phone: after logging out, the back button or the disk cache
    must not show the household's pages; static files stay cacheable; a
    route's own Cache-Control (the calendar feed's) stands. No HSTS over http."""
    with FormClient(create_app(db_settings)) as client:
        made = client.post("/cats", data={"name": "Mia"}, follow_redirects=False)
        cat = made.headers["location"].split("/")[2]
        token = client.post("/api/v1/users", json={"email": "a@example.org", "password": "p" * 8})
        bearer = {"authorization": f"Bearer {token.json()['token']}"}
        feed = client.post("/api/v1/reminders/feed", headers=bearer).json()["url"]
        for url in (
            f"/cats/{cat}/today",
            f"/cats/{cat}/history",
            f"/cats/{cat}/export.csv",
            "/settings",
            "/api/v1/cats",
        ):
            r = client.get(url, headers=bearer if url.startswith("/api") else {})
            assert r.status_code == 200, url
            assert r.headers["cache-control"] == "no-store", url
            assert "strict-transport-security" not in r.headers
        assert "cache-control" not in client.get("/static/app.css").headers
        assert client.get(feed).headers["cache-control"] == "private, max-age=300"


def test_pages_keep_no_inline_script_style_or_handler(loopback: TestClient) -> None:
    """What the CSP would block must not be there in the first place."""
    cat = loopback.post(
        "/cats", data={"name": "Mia", "csrf_token": _token(loopback)}, follow_redirects=False
    )
    assert cat.status_code == 303
    templates = Path(__file__).resolve().parents[2] / "src/catpack/web/templates"
    for path in sorted(templates.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path.name
        assert "<style" not in text and " style=" not in text, path.name
        assert not re.search(r"\son[a-z]+=", text), path.name


def _token(client: TestClient) -> str:
    client.get("/cats/new")
    token = client.cookies.get(csrf.COOKIE)
    assert token is not None
    return token


def test_a_form_post_needs_this_browsers_token(db_settings: Settings) -> None:
    app = create_app(db_settings)
    with TestClient(app) as client:
        token = _token(client)
        for data, headers in (
            ({"name": "NoToken"}, {}),
            ({"name": "Forged", "csrf_token": "abc.def"}, {}),
            ({"name": "Unsigned", "csrf_token": token.split(".")[0] + ".00"}, {}),
        ):
            r = client.post("/cats", data=data, headers=headers, follow_redirects=False)
            assert r.status_code == 403, data
        # Another browser's valid token does not match this browser's cookie.
        other = csrf.new_token(b"another key")
        r = client.post("/cats", data={"name": "Other", "csrf_token": other})
        assert r.status_code == 403
        page = client.post(
            "/cats", data={"name": "Page", "csrf_token": "x"}, headers={"accept": "text/html"}
        )
        assert page.status_code == 403 and "Nothing was saved" in page.text
        assert client.get("/", follow_redirects=False).headers["location"] == "/cats/new"
        # The token from the page's cookie (field or htmx header) is accepted.
        ok = client.post("/cats", data={"name": "Mia", "csrf_token": token}, follow_redirects=False)
        assert ok.status_code == 303
        cat = ok.headers["location"].split("/")[2]
        undo = client.post(
            f"/cats/{cat}/sessions/undo",
            content=b"",
            headers={"x-csrf-token": token, "hx-request": "true"},
            follow_redirects=False,
        )
        assert undo.status_code == 303
        # A valid token does not excuse a form posted from another site.
        evil = client.post(
            "/cats",
            data={"name": "Evil", "csrf_token": token},
            headers={"origin": "http://evil.example"},
        )
        assert evil.status_code == 403
        assert logged(app, cat) == []


def test_every_posted_form_carries_the_token(db_settings: Settings) -> None:
    with FormClient(create_app(db_settings)) as client:
        client.post("/cats", data={"name": "Mia"})
        token = client.cookies.get(csrf.COOKIE)
        for url in ("/cats/new", "/cats/1/log", "/cats/1/trip", "/settings", "/cats/1/settings"):
            html = client.get(url).text
            forms = re.findall(r"<form [^>]*method=\"post\".*?</form>", html, flags=re.S)
            assert forms, url
            for form in forms:
                assert f'name="csrf_token" value="{token}"' in form, url
            assert f'<meta name="csrf-token" content="{token}">' in html


def test_docs_load_nothing_from_elsewhere(loopback: TestClient) -> None:
    docs = loopback.get("/docs")
    assert docs.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert urls and all(u.startswith("/static/vendor/swagger-ui/") for u in urls), urls
    assert "http" not in docs.text.replace("'/openapi.json'", "")
    for url in urls:
        assert loopback.get(url).status_code == 200, url
    policy = docs.headers["content-security-policy"]
    assert re.search(r"script-src 'self' 'sha256-[A-Za-z0-9+/=]+'", policy)
    assert loopback.get("/redoc").status_code == 404


def test_every_page_post_is_guarded_before_its_handler(db_settings: Settings) -> None:
    """Every form post of the pages has the guards (origin, anti-forgery token)
    among its dependencies: they read the form on the event loop, which is
    where a handler gets it (``Page.form``); a post without them would be
    unguarded and its handler would find no form."""
    from catpack.web.pages.deps import form_guards
    from tests.page_helpers import app_routes

    app = create_app(db_settings)
    app.state.db.dispose()
    unguarded = []
    for route in app_routes(app.routes):
        if "POST" not in (route.methods or ()) or route.path.startswith("/api"):
            continue
        if not route.endpoint.__module__.startswith("catpack.web.pages"):
            continue
        calls, todo = set(), [route.dependant]
        while todo:
            dependant = todo.pop()
            calls.add(getattr(dependant.call, "__name__", ""))
            todo.extend(dependant.dependencies)
        if not calls & {form_guards.__name__, "check"}:
            unguarded.append(route.path)
    assert not unguarded, unguarded
