"""One phone, two accounts of one household (accounts mode), in Debian's
Chromium: the outbox keeps each session for the account it was saved under.

Ada logs a session with no signal and logs out before it could be sent; Ben
(a member of her household, who could post for her cat) logs in on the same
browser: Ada's session is not sent under his log-in, nor shown as his
problem; his pages say plainly that a session waits for another account's
log-in. Ada logs in again: it is sent, and logged as hers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from catpack import words
from catpack.store import schema as t
from catpack.store.db import Database
from tests.browser.browser_helpers import axe_violations, shoot
from tests.browser.conftest import running
from tests.browser.test_login import accounts_app
from tests.browser.test_offline import CALM, _fill, _outbox, _wait_for_outbox
from tests.page_helpers import FormClient
from tests.web.pages.test_login_pages import PASSWORD, log_in, owner_with_a_cat, sign_up
from tests.web.pages.test_trainer_pages import join_as


@pytest.fixture
def shared_phone(
    sqlite_template: Path, tmp_path: Path
) -> Iterator[tuple[str, str, Any, dict[str, int]]]:
    """The app in accounts mode: Ada's Mia, Ben a member of Ada's household;
    Cleo and her Tom in another household."""
    app = accounts_app(sqlite_template, tmp_path)
    # No lifespan: the server runs the app.
    ada, ben, cleo = FormClient(app), FormClient(app), FormClient(app)
    cat = owner_with_a_cat(ada)
    join_as(ada, ben, "member", "Ben")
    sign_up(cleo, "cleo@example.org")
    assert log_in(cleo, "cleo@example.org").status_code == 303
    assert cleo.post("/cats", data={"name": "Tom"}, follow_redirects=False).status_code == 303
    ids = {
        name: int(c.get("/outbox/token").json()["account"])
        for name, c in (("ada", ada), ("ben", ben), ("cleo", cleo))
    }
    with running(app) as url:
        yield url, cat, app, ids


def _log_in_as(page: Any, url: str, email: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/cats/[0-9]+/today$"))


def _log_out(page: Any, url: str) -> None:
    page.goto(url + "/account")
    page.get_by_role("button", name="Log out", exact=True).click()
    page.wait_for_url(re.compile(r".*/login\?out=here$"))


def _logged_by(app: Any) -> list[int]:
    """Who logged each of the cat's sessions (read on a connection of its own)."""
    db = Database(app.state.settings.database_url)
    try:
        with db.read() as s:
            return list(s.scalars(select(t.Session.logged_by).order_by(t.Session.id)))
    finally:
        db.dispose()


def test_the_outbox_waits_for_the_account_that_saved_it(
    shared_phone: tuple[str, str, Any, dict[str, int]], phone: Any
) -> None:
    url, cat, app, ids = shared_phone
    context = phone.context
    _log_in_as(phone, url, "ada@example.org")
    assert phone.locator("body").get_attribute("data-account") == str(ids["ada"])
    phone.goto(url + f"/cats/{cat}/log")

    # No signal: the session stays on the phone, under Ada's account.
    context.set_offline(True)
    _fill(phone, CALM)
    phone.locator("#log-form button[type=submit]").last.click()
    phone.locator("#outbox").get_by_role("heading", name="Saved on this phone").wait_for()
    kept = _outbox(phone)
    assert [e["account"] for e in kept] == [str(ids["ada"])]
    # An earlier one of Ada's that the server refused: its words are for her eyes.
    refused = {**kept[0], "id": "6f1c2a34-1d5e-4b8a-9c3f-0a1b2c3d4e5f", "problem": "Ada's problem."}
    refused["fields"] = [
        [k, refused["id"] if k == "client_id" else "9" if k == "calm_reps" else v]
        for k, v in kept[0]["fields"]
    ]
    phone.evaluate("e => catpackOutbox.put(e)", refused)

    # A weak signal: pages load, but the session's post does not get through
    # before Ada logs out.
    context.route(f"**/cats/{cat}/sessions", lambda route: route.abort("connectionreset"))
    context.set_offline(False)
    _log_out(phone, url)
    context.unroute(f"**/cats/{cat}/sessions")
    assert _logged_by(app) == []

    # Ben logs in on the same phone: Ada's sessions are not sent under his log-in.
    _log_in_as(phone, url, "ben@example.org")
    others = phone.locator("#outbox-others")
    others.wait_for()
    assert others.inner_text() == words.OUTBOX_OTHER_ACCOUNT["many"].replace("{n}", "2")
    result = phone.evaluate("catpackOutbox.flush()")
    assert (result["sent"], result["refused"], result["others"], result["left"]) == (0, 0, 2, 2)
    assert result["account"] == str(ids["ben"])
    phone.reload()
    others.wait_for()
    assert phone.locator("#outbox-problems").is_hidden()
    assert "Ada's problem" not in phone.locator("main").inner_text()
    assert phone.locator("#outbox-status").is_hidden()
    assert _logged_by(app) == []
    assert axe_violations(phone) == []
    shoot(phone, "outbox-another-account", desktop=False)
    assert sorted(e["id"] for e in _outbox(phone)) == sorted([kept[0]["id"], refused["id"]])
    assert all("problem" not in e for e in _outbox(phone) if e["id"] == kept[0]["id"])

    # Ada again: her session is sent, logged as hers; her refused one shows to her.
    _log_out(phone, url)
    _log_in_as(phone, url, "ada@example.org")
    _wait_for_outbox(phone, [refused["id"]])
    assert _logged_by(app) == [ids["ada"]]
    problem = phone.locator("#outbox-problems")
    problem.get_by_text("cannot be more than tries").wait_for()
    assert others.is_hidden()
    # Refused, it is listed with what the server said, not "waiting to sync".
    assert phone.locator("#outbox-status").is_hidden()


def test_a_session_kept_before_entries_named_their_account(
    shared_phone: tuple[str, str, Any, dict[str, int]], phone: Any
) -> None:
    """An entry the outbox kept before it named each entry's account: sent
    under whoever logs in, taken by the server only for a cat of that
    account's household. Cleo's (another household) keeps it, only counted;
    Ben's (Mia's household) sends it, logged as his."""
    url, cat, app, ids = shared_phone
    _log_in_as(phone, url, "cleo@example.org")
    fields = [[k, v] for k, v in {"stage": "harness-leash", "level": "1", **CALM}.items()]
    old = {
        "id": "0b4a3c2d-1e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "url": f"/cats/{cat}/sessions",
        "fields": [["client_id", "0b4a3c2d-1e5f-4a6b-8c7d-9e0f1a2b3c4d"], *fields],
        "saved_at": "2026-11-29T17:05:09.120+01:00",
        "stressed": False,
    }
    phone.evaluate("e => catpackOutbox.put(e)", old)
    result = phone.evaluate("catpackOutbox.flush()")
    assert (result["sent"], result["refused"], result["others"], result["left"]) == (0, 0, 1, 1)
    [kept] = _outbox(phone)
    assert kept["elsewhere"] == str(ids["cleo"]) and "problem" not in kept
    phone.reload()
    others = phone.locator("#outbox-others")
    others.wait_for()
    assert others.inner_text() == words.OUTBOX_OTHER_ACCOUNT["one"]
    assert phone.locator("#outbox-problems").is_hidden()
    assert _logged_by(app) == []

    _log_out(phone, url)
    _log_in_as(phone, url, "ben@example.org")
    _wait_for_outbox(phone, [])
    assert _logged_by(app) == [ids["ben"]]
    others.wait_for(state="hidden")
