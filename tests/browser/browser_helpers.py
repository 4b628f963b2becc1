"""Helpers of the browser tests: screenshots, README pictures, the axe-core check."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.page_helpers import StepClock

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
AXE = Path(__file__).with_name("vendor") / "axe-4.14.1.min.js"


@dataclass
class LiveApp:
    url: str
    clock: StepClock
    app: Any


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


def shoot_screen(page: Any, name: str) -> Path:
    """What the phone shows without scrolling (for the README)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    page.screenshot(path=str(path))
    return path


def shoot_element(locator: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    locator.screenshot(path=str(path))
    return path


def publish(shot: Path, name: str) -> None:
    """Copy a screenshot into docs/img when CATPACK_DOCS_IMG=1 (the README's pictures)."""
    if os.environ.get("CATPACK_DOCS_IMG") == "1":
        target = ROOT / "docs" / "img" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, target)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 A/AA violations axe-core finds on the page."""
    # Evaluated through the DevTools protocol: the pages' Content-Security-Policy
    # (rightly) refuses an injected inline <script>.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def log_in(page: Any, start: str, email: str, password: str, then: str) -> None:
    """Open ``start`` (a page that asks for a log-in), log in as ``email`` with
    the touch screen where the page has one, and wait for the URL ``then``
    (a regular expression) the log-in leads to."""
    page.goto(start)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    button = page.get_by_role("button", name="Log in")
    if page.evaluate("() => navigator.maxTouchPoints > 0"):
        button.tap()
    else:
        button.click()
    page.wait_for_url(re.compile(then))
