"""Real-browser fixtures: Debian's Chromium driven by Playwright, one browser per run.

Browser downloads are impossible here, so Playwright launches the system
``/usr/bin/chromium`` through ``executable_path``. Without it (or without the
playwright package) every browser test is skipped with the reason shown.
The app under test runs in-process under uvicorn on a free port, on a fresh
SQLite file, with a clock the test advances (no sleeping).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, LiveApp
from tests.page_helpers import StepClock, build_app

CHROMIUM = os.environ.get("CATPACK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(app: Any) -> Iterator[str]:
    """``app`` under uvicorn on a free loopback port, in a thread; yields its URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 10 s")
        time.sleep(0.02)  # waiting for a socket, not for the app's clock
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.db.dispose()


@pytest.fixture
def live_app(sqlite_template: Path, tmp_path: Path) -> Iterator[LiveApp]:
    clock = StepClock()
    app = build_app(sqlite_template, tmp_path, clock)
    with running(app) as url:
        yield LiveApp(url, clock, app)


@contextmanager
def _phone_page(browser: Any, **options: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="en-GB", **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: (
            blocked.append(f"{page.url} {m.location} {m.text[:90]}")
            if "Content Security Policy" in m.text
            else None
        ),
    )
    yield page
    context.close()
    assert blocked == [], blocked


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A phone-sized page; the test fails if the browser blocked anything under
    the app's Content-Security-Policy (an inline script, style or handler)."""
    with _phone_page(browser) as page:
        yield page


@pytest.fixture
def thumb(browser: Any) -> Iterator[Any]:
    """The phone page with a touch screen (``tap()``), as a mobile browser."""
    with _phone_page(browser, has_touch=True, is_mobile=True) as page:
        yield page


@pytest.fixture
def thumb_without_worker(browser: Any) -> Iterator[Any]:
    """``thumb`` with service workers blocked, for a test that cuts the server
    off with a route: once the worker controls a page (it claims the page at
    some moment after the first visit), the page's requests go through it
    and a route may no longer see them."""
    with _phone_page(browser, has_touch=True, is_mobile=True, service_workers="block") as page:
        yield page
