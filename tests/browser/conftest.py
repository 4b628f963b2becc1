"""Real-browser fixtures: Debian's Chromium driven by Playwright, one browser per run.

Browser downloads are impossible here, so Playwright launches the system
``/usr/bin/chromium`` through ``executable_path``. Without it (or without the
playwright package) every browser test is skipped with the reason shown.
The app under test runs in-process under uvicorn on a free port, on a fresh
SQLite file, with a clock the test advances (no sleeping).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

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
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
AXE = Path(__file__).with_name("vendor") / "axe-4.14.1.min.js"

pytestmark = pytest.mark.browser


@dataclass
class StepClock:
    """The app's clock: fixed until the test moves it on."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


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


@dataclass
class LiveApp:
    url: str
    clock: StepClock
    app: Any


@pytest.fixture
def live_app(tmp_path: Path) -> Iterator[LiveApp]:
    import uvicorn

    from tests.web.pages.apps import build_app

    clock = StepClock(datetime(2026, 11, 26, 9, 0, tzinfo=timezone(timedelta(hours=1))))
    app = build_app(tmp_path, clock)
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
        time.sleep(0.02)
    try:
        yield LiveApp(f"http://127.0.0.1:{port}", clock, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def shoot(page: Any, name: str, *, desktop: bool = True) -> Path:
    """Save the page at phone size (and desktop size) under artifacts/screenshots."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}-phone.png"
    page.screenshot(path=str(path), full_page=True)
    if desktop:
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
        page.set_viewport_size(PHONE)
    return path


def publish(shot: Path, name: str) -> None:
    """Copy a screenshot into docs/img when CATPACK_DOCS_IMG=1 (README pictures)."""
    if os.environ.get("CATPACK_DOCS_IMG") == "1":
        target = ROOT / "docs" / "img" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, target)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 A/AA violations axe-core finds on the page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]
