"""Offline in the park, in Debian's Chromium against ``catpack serve`` (a real
subprocess on a fixed loopback port, so the test can kill and restart it and
the phone's origin, service worker and outbox stay the same).

One journey: the app installs its service worker; the phone goes offline; three
sessions are logged (one with real stress: the stop guidance shows at once);
the phone comes back and the server is killed in the middle of the sync (it
stored a session whose answer never arrived); after the restart the outbox
finishes; the same outbox is then replayed twice more. The server ends with
each session exactly once, at the time it was saved, and Today shows the
coach's decision for them.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from catpack import words
from catpack.services import plans, sessions, users
from catpack.services.setup import upgrade_database
from catpack.settings import Settings
from catpack.store.db import Database
from tests.browser.conftest import CHROMIUM

ZONE = "Europe/Berlin"

#: Every answer of the log form, given explicitly (the form's starting answers may change).
CALM = {
    "tail": "upright",
    "ears": "forward",
    "eyes": "normal",
    "body": "relaxed",
    "vocal": "silent",
    "took_treats": "yes",
    "location": "home",
}
HISSING = {**CALM, "ears": "back", "vocal": "hissing"}


def _free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``catpack serve`` on one port, which can be killed and started again."""

    def __init__(self, url: str, port: int, data: Path) -> None:
        self.url, self.port, self.data = url, port, data
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "CATPACK_DATABASE_URL": self.url,
            "CATPACK_DATA_DIR": str(self.data),
            "CATPACK_TIMEZONE": ZONE,
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "catpack", "serve", "--port", str(self.port), "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # printed once the socket listens
        assert json.loads(line)["port"] == self.port, line

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as when the machine loses power."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
            if self.proc.stdout is not None:
                self.proc.stdout.close()
            self.proc = None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    url = f"sqlite:///{tmp_path / 'park.db'}"
    upgrade_database(Settings(database_url=url))
    s = Server(url, _free_port(), tmp_path)
    s.start()
    try:
        yield s
    finally:
        s.kill()


def _fill(page: Any, answers: dict[str, str]) -> None:
    for name, value in answers.items():
        # Some choices sit in a folded part of the form: set them as a tap would.
        choice = page.locator(f'#log-form input[name="{name}"][value="{value}"]')
        choice.evaluate("el => { el.checked = true; }")
    for name in ("reps", "calm_reps"):
        page.locator(f'#log-form input[name="{name}"]').fill("5")
    page.locator('#log-form input[name="minutes"]').fill("2")


def _live_log(url: str) -> list[Any]:
    db = Database(url)
    try:
        settings = Settings(database_url=url, timezone=ZONE)
        actor = users.local_actor(db, settings.cli_user, settings.timezone)
        page = sessions.history(db, actor, 1, newest_first=False, limit=50, include_deleted=True)
        return list(page.items)
    finally:
        db.dispose()


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _outbox(page: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate("catpackOutbox.all()")
    return found


def _wait_for_outbox(page: Any, ids: list[str] | None = None, *, count: int | None = None) -> None:
    """Until the outbox holds the entries ``ids`` (or ``count`` entries).
    page.wait_for_function does not wait for a promise's value (a promise of
    false counts as true), so this asks the outbox until it agrees."""
    deadline = time.monotonic() + 20

    def agrees(entries: list[dict[str, Any]]) -> bool:
        if ids is not None:
            return sorted(e["id"] for e in entries) == sorted(ids)
        return len(entries) == count

    while not agrees(_outbox(page)):
        assert time.monotonic() < deadline, _outbox(page)
        page.wait_for_timeout(50)  # waiting for the page's flush, not the app's clock


def test_offline_sessions_sync_exactly_once(server: Server, browser: Any) -> None:
    base = f"http://127.0.0.1:{server.port}"
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", timezone_id=ZONE
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )

    # Online: add the cat, let the service worker install, open Today and the log.
    page.goto(base + "/cats/new")
    page.get_by_label("Cat's name").fill("Mia")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/cats/1/today")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the worker, which keeps a copy of each page
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
    page.goto(base + "/cats/1/log")
    page.goto(base + "/cats/1/today")
    stage_before = page.locator("#decision-title").inner_text()

    # No signal in the park.
    context.set_offline(True)
    page.goto(base + "/cats/1/log")
    for i, answers in enumerate((CALM, HISSING, CALM)):
        if i:
            page.get_by_role("link", name="Log another session").click()
            page.locator("#log-form").wait_for()
        _fill(page, answers)
        page.locator("#log-form button[type=submit]").last.click()
        panel = page.locator("#outbox")
        panel.get_by_role("heading", name="Saved on this phone").wait_for()
        stop = page.locator("#offline-stop")
        calm = panel.get_by_text("The coach will plan the next session when you are back online.")
        if answers is HISSING:
            assert stop.is_visible() and calm.is_hidden()
            # What to do this minute, fitted to the step (here the harness: no pack).
            first = words.STOP_FIRST_STEPS["harness"][0][0]
            assert first in stop.inner_text() and "Water" in stop.inner_text()
            assert "zip" not in stop.inner_text()
        else:
            assert calm.is_visible() and stop.is_hidden()
        waiting = "1 session" if i == 0 else f"{i + 1} sessions"
        status = page.locator("#outbox-status")
        assert status.inner_text() == (f"{waiting} saved on this phone, waiting to sync."), (
            status.inner_text()
        )
    kept = _outbox(page)
    assert len(kept) == 3 and len({e["id"] for e in kept}) == 3
    assert [e["stressed"] for e in kept] == [False, True, False]
    assert _live_log(server.url) == []  # nothing reached the server

    # Today, offline: the last plan, and since when the phone is offline.
    page.goto(base + "/cats/1/today")
    assert page.locator("#offline-since").is_visible()
    assert page.locator("#decision-title").inner_text() == stage_before
    # A page never opened with signal: the offline page, not the browser's error.
    page.goto(base + "/cats/1/history")
    assert page.get_by_role("heading", name="No connection").is_visible()
    page.goto(base + "/cats/1/today")

    # Back online; the server dies mid-sync: it stores the second session but
    # its answer never reaches the phone.
    posts: list[str] = []

    def die_after_storing(route: Any) -> None:
        posts.append(route.request.url)
        if len(posts) == 2:
            route.fetch()  # the server gets it and stores it
            server.kill()
            route.abort("connectionreset")
        else:
            route.continue_()

    context.route("**/cats/1/sessions", die_after_storing)
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _wait_for_outbox(page, count=2)
    page.locator("#outbox-status").filter(has_text="2 sessions saved").wait_for()
    assert len(_live_log(server.url)) == 2  # the first and the second, both stored
    context.unroute("**/cats/1/sessions")

    # The server is back: the next page load sends the rest.
    server.start()
    page.goto(base + "/cats/1/today")
    _wait_for_outbox(page, [])
    page.locator("#outbox-status").wait_for(state="hidden")
    stored = _live_log(server.url)
    assert sorted(str(s.client_id) for s in stored) == sorted(e["id"] for e in kept)
    # Each at the time its Save was pressed (the phone's clock and zone), not the sync's.
    assert [_instant(s.session["at"]) for s in stored] == [_instant(e["saved_at"]) for e in kept]
    assert all(e["saved_at"].endswith("+01:00") for e in kept)

    # The same outbox sent twice more: still exactly once.
    for _ in range(2):
        page.evaluate("entries => Promise.all(entries.map(e => catpackOutbox.put(e)))", kept)
        result = page.evaluate("catpackOutbox.flush()")
        assert result["sent"] == 3 and result["left"] == 0, result
    again = _live_log(server.url)
    assert [s.id for s in again] == [s.id for s in stored]

    # Today shows the coach's decision on the three sessions.
    # A session the server refuses stays on the phone, with the server's words;
    # an expired log-in keeps everything until the owner logs in again.
    bad = {**kept[0], "id": "6f1c2a34-1d5e-4b8a-9c3f-0a1b2c3d4e5f"}
    bad["fields"] = [[k, "9" if k == "calm_reps" else v] for k, v in kept[0]["fields"]]
    page.evaluate("e => catpackOutbox.put(e)", bad)
    result = page.evaluate("catpackOutbox.flush()")
    assert (result["refused"], result["left"]) == (1, 1), result
    page.reload()
    problem = page.locator("#outbox-problems")
    # Drawn by the outbox's script once the page has loaded: wait for it (a
    # read at once found it still empty on a busy machine).
    problem.get_by_text("cannot be more than tries").wait_for()
    assert "cannot be more than tries" in problem.inner_text()
    context.route("**/outbox/token", lambda route: route.fulfill(status=401, body="{}"))
    page.reload()
    page.locator("#outbox-login").wait_for()
    assert "Log in again" in page.locator("#outbox-login").inner_text()
    assert [e["id"] for e in _outbox(page)] == [bad["id"]]
    context.unroute("**/outbox/token")
    problem.get_by_role("button", name="Remove it from this phone").click()
    page.locator("#outbox-status").wait_for(state="hidden")
    assert _outbox(page) == [] and len(_live_log(server.url)) == 3

    page.reload()
    db = Database(server.url)
    try:
        settings = Settings(database_url=server.url, timezone=ZONE)
        actor = users.local_actor(db, settings.cli_user, settings.timezone)
        decision = plans.today_plan(db, actor, 1, default_zone=ZONE)
    finally:
        db.dispose()
    card = page.locator("#decision").inner_text()
    assert decision["stage"]["title"] in card
    for reason in decision["reasons"]:
        assert reason in card
    # The coach read the hissing session: the calm one after it came during the rest.
    assert any("during the rest after real stress" in r for r in decision["reasons"])
    assert page.locator("#offline-since").is_hidden()
    context.close()
    assert blocked == [], blocked
