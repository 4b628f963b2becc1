"""The offline app's server side, in-process on SQLite and PostgreSQL: the log
form's client_id and saved_at, the outbox's JSON answers, the service worker,
the manifest, the offline page and the published stop readings."""

from __future__ import annotations

import html
import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from catpack import decide, words
from catpack.domain.observation import stop_readings
from catpack.services import plans
from catpack.settings import Settings
from catpack.store import schema as t
from catpack.web.pages.offline import WORDS_FILE, content_version
from catpack.web.pages.templating import STATIC_DIR, TEMPLATE_DIR
from tests.page_helpers import FormClient, Pages, app_routes, logged, owner, profile
from tests.web.pages.test_pages import CALM

OUTBOX = {"X-Catpack-Outbox": "1", "Accept": "application/json"}


def _form(**over: Any) -> dict[str, Any]:
    return {"stage": "introduce", "level": "1", **CALM, **over}


def test_outbox_replays_log_once_with_the_time_saved(pages: Pages) -> None:
    cat = pages.add_cat()
    pages.clock.advance(hours=3)
    saved = (pages.clock.now - timedelta(hours=2)).isoformat()
    key = str(uuid.uuid4())
    data = _form(client_id=key, saved_at=saved)
    first = pages.client.post(f"/cats/{cat}/sessions", data=data, headers=OUTBOX)
    assert first.status_code == 200, first.text
    assert first.json() == {"next": f"/cats/{cat}/today?logged=1"}
    again = pages.client.post(f"/cats/{cat}/sessions", data=data, headers=OUTBOX)
    assert again.status_code == 200 and again.json() == first.json()
    # Without the outbox's header, the form's own answer: the redirect to Today.
    plain = pages.client.post(f"/cats/{cat}/sessions", data=data, follow_redirects=False)
    assert plain.status_code == 303
    stored = logged(pages.app, cat)
    assert len(stored) == 1
    assert stored[0]["at"] == saved


def test_same_client_id_with_other_answers_is_refused(pages: Pages) -> None:
    cat = pages.add_cat()
    pages.clock.advance(minutes=10)
    key = str(uuid.uuid4())
    saved = (pages.clock.now - timedelta(minutes=5)).isoformat()
    ok = pages.client.post(
        f"/cats/{cat}/sessions", data=_form(client_id=key, saved_at=saved), headers=OUTBOX
    )
    assert ok.status_code == 200
    other = _form(client_id=key, saved_at=saved, tail="low")
    r = pages.client.post(f"/cats/{cat}/sessions", data=other, headers=OUTBOX)
    assert r.status_code == 409
    assert r.json()["detail"] == (
        "This session was sent before with other answers: it was not saved again."
    )
    page = pages.client.post(f"/cats/{cat}/sessions", data=other)
    assert page.status_code == 422 and "it was not saved again" in page.text
    assert len(logged(pages.app, cat)) == 1


def test_outbox_gets_the_forms_problems_as_json(pages: Pages) -> None:
    cat = pages.add_cat()
    data = _form(client_id=str(uuid.uuid4()), reps="3", calm_reps="4")
    r = pages.client.post(f"/cats/{cat}/sessions", data=data, headers=OUTBOX)
    assert r.status_code == 422
    assert r.json()["errors"] == {"calm_reps": "Calm tries (4) cannot be more than tries (3)."}
    for bad, says in (
        ({"client_id": "123"}, "This form's id is damaged"),
        ({"saved_at": "yesterday"}, "is not a real time"),
        ({"saved_at": "2026-11-26T09:00:00"}, "is not a real time"),  # no offset
        ({"saved_at": "2020-01-01T09:00:00+01:00"}, "is not a real time"),  # years old
    ):
        r = pages.client.post(f"/cats/{cat}/sessions", data=_form(**bad), headers=OUTBOX)
        assert r.status_code == 422 and says in r.json()["detail"], r.text
    assert logged(pages.app, cat) == []


def test_offline_logging_gives_the_same_coach_answer(pages: Pages) -> None:
    """Three sessions sent later, out of order, give the decision the engine
    gives for those sessions logged as they happened."""
    cat = pages.add_cat()
    pages.clock.advance(hours=6)
    times = [pages.clock.now - timedelta(hours=h) for h in (5, 3, 1)]
    forms = [
        _form(client_id=str(uuid.uuid4()), saved_at=times[0].isoformat()),
        _form(client_id=str(uuid.uuid4()), saved_at=times[1].isoformat(), level="2"),
        _form(client_id=str(uuid.uuid4()), saved_at=times[2].isoformat(), vocal="hissing"),
    ]
    for data in (forms[2], forms[0], forms[1], forms[0]):
        r = pages.client.post(f"/cats/{cat}/sessions", data=data, headers=OUTBOX)
        assert r.status_code == 200, r.text
    stored = logged(pages.app, cat)
    assert [s["at"] for s in stored] == [t.isoformat() for t in times]
    expected = decide(
        {
            "version": 1,
            "now": pages.clock.now.isoformat(),
            "cat": profile(pages.app, cat),
            "sessions": stored,
        }
    )
    got = plans.today_plan(pages.app.state.db, owner(pages.app), int(cat), now=pages.clock.now)
    assert got["decision"] == expected["decision"] == "stop"
    assert got["stage"] == expected["stage"]
    assert got["next_session"] == expected["next_session"]


def test_log_page_publishes_the_domains_stop_readings(pages: Pages) -> None:
    cat = pages.add_cat(motivation="play")
    html = pages.client.get(f"/cats/{cat}/log").text
    found = re.search(r"data-stop='([^']*)'", html)
    assert found is not None
    published = json.loads(found.group(1).replace("&#34;", '"').replace("&quot;", '"'))
    assert published == json.loads(json.dumps(stop_readings(False)))
    fed = pages.add_cat("Tom", motivation="food")
    html = pages.client.get(f"/cats/{fed}/log").text
    assert "[false]" in re.findall(r"data-stop='([^']*)'", html)[0]
    assert 'name="client_id"' in html and 'name="saved_at"' in html
    assert "The coach will plan the next session when you are back online." in html
    assert "Stop now" in html


def test_service_worker_caches_are_named_after_the_release(tmp_path: Path) -> None:
    """A release that changes a static file or a template is a new service
    worker (its caches named after the files' digest): with a fixed name, a
    phone kept serving the old CSS and JS first after an upgrade."""
    static, templates = tmp_path / "static", tmp_path / "templates"
    for folder in (static, templates):
        folder.mkdir()
    (static / "app.css").write_text("a { color: red }")
    (templates / "today.html").write_text("<p>Today</p>")
    first = content_version(static, templates)
    assert re.fullmatch(r"[0-9a-f]{12}", first)
    assert content_version(static, templates) == first
    (templates / "today.html").write_text("<p>Today!</p>")
    second = content_version(static, templates)
    assert second != first
    (static / "app.css").rename(static / "main.css")  # a renamed file counts too
    assert content_version(static, templates) not in (first, second)


def _shell(worker: str) -> list[str]:
    """The paths the service worker keeps when it installs."""
    return re.findall(r'"(/[^"]*)"', worker.split("var SHELL = [")[1].split("];")[0])


def test_service_worker_manifest_and_offline_page(pages: Pages) -> None:
    worker = pages.client.get("/sw.js")
    version = re.search(r'var VERSION = "catpack-([0-9a-f]{12})";', worker.text)
    assert version and version.group(1) == content_version(STATIC_DIR, TEMPLATE_DIR, WORDS_FILE)
    assert worker.status_code == 200
    assert worker.headers["cache-control"] == "no-cache"
    assert worker.headers["content-type"].startswith("text/javascript")
    for path in _shell(worker.text):
        assert pages.client.get(path).status_code == 200, path
    manifest = pages.client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    body = manifest.json()
    assert body["start_url"] == "/" and body["theme_color"] and body["name"] == "catpack"
    sizes = {i["sizes"] for i in body["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in body["icons"]:
        got = pages.client.get(icon["src"])
        assert got.status_code == 200 and got.content[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(got.content[16:20], "big")
        assert f"{width}x{width}" == icon["sizes"]
    offline = pages.client.get("/offline")
    assert offline.status_code == 200 and "No connection" in offline.text
    assert "<script>" not in offline.text  # the CSP allows no inline script


def test_the_not_saved_page_is_kept_by_the_worker(pages: Pages) -> None:
    """The service worker's answer to a form posted while catpack cannot be
    reached: kept at install with the offline page, it says nothing was saved
    and offers the way back (a button app.js sends back: the CSP allows no
    inline script), and holds nothing of the household's."""
    pages.add_cat()  # a cat named Mia, which the page does not name
    worker = pages.client.get("/sw.js").text
    assert "/offline/not-saved" in _shell(worker)
    page = pages.client.get("/offline/not-saved")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-cache"
    assert "Not saved" in page.text and html.escape(words.OFFLINE_POST_NOT_SAVED) in page.text
    assert re.search(
        r'<button type="button"[^>]* data-go-back>Go back to the form</button>', page.text
    )
    assert "<script>" not in page.text and "javascript:" not in page.text
    assert "Mia" not in page.text and 'class="tabs"' not in page.text


def test_outbox_token_is_this_browsers(pages: Pages) -> None:
    pages.add_cat()
    r = pages.client.get("/outbox/token")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert r.json()["csrf_token"] == pages.client.cookies.get("catpack_csrf")


def test_today_has_the_offline_notes(pages: Pages) -> None:
    cat = pages.add_cat()
    html = pages.client.get(f"/cats/{cat}/today").text
    assert 'id="offline-since"' in html and "This is the coach's last plan" in html
    assert 'id="outbox-status"' in html and 'src="/static/offline.js"' in html


def test_an_expired_log_in_keeps_the_outbox_then_it_syncs_once(db_settings: Settings) -> None:
    """Accounts mode: without a log-in the outbox's token and post lead to /login
    (outbox.js keeps the entry and says to log in again); after the log-in the
    same entry is logged once, and a resend changes nothing."""
    from tests.web.pages.test_login_pages import accounts_app, log_in, sign_up

    with FormClient(accounts_app(db_settings)) as c:
        sign_up(c)
        assert log_in(c).status_code == 303
        made = c.post("/cats", data={"name": "Mia"}, follow_redirects=False)
        cat = made.headers["location"].split("/")[2]
        c.post("/logout", follow_redirects=False)
        token = c.get("/outbox/token", follow_redirects=False)
        assert token.status_code == 303 and token.headers["location"].startswith("/login")
        # As the outbox sends it: with the moment Save was pressed.
        saved = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
        data = _form(client_id=str(uuid.uuid4()), saved_at=saved)
        lost = c.post(f"/cats/{cat}/sessions", data=data, headers=OUTBOX, follow_redirects=False)
        assert lost.status_code == 303 and lost.headers["location"].startswith("/login")
        log_in(c)
        fresh = c.get("/outbox/token").json()["csrf_token"]
        for expected in (200, 200):
            sent = c.post(
                f"/cats/{cat}/sessions", data={**data, "csrf_token": fresh}, headers=OUTBOX
            )
            assert sent.status_code == expected, sent.text
        db = c.app.state.db  # type: ignore[attr-defined]
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(t.ClientSession)) == 1


def test_an_outbox_entry_is_logged_only_for_the_account_that_saved_it(
    db_settings: Settings,
) -> None:
    """Accounts mode, one phone, two accounts of one household (Ada, Ben) and
    one of another (Cleo): the pages and the outbox's token name the account
    logged in; an entry saved under Ada's log-in and sent under Ben's is
    refused (409, nothing stored, the phone keeps it); sent under Ada's it is
    logged as Ada's. An entry of before entries named their account is logged
    for whoever sends it, within the cat's household only (404 elsewhere)."""
    from catpack import words
    from tests.web.pages.test_login_pages import accounts_app, log_in, owner_with_a_cat
    from tests.web.pages.test_trainer_pages import join_as

    app = accounts_app(db_settings)
    with FormClient(app) as ada, FormClient(app) as ben, FormClient(app) as cleo:
        cat = owner_with_a_cat(ada)
        join_as(ada, ben, "member", "Ben")
        cleo_made = cleo.post(
            "/api/v1/users",
            json={"email": "cleo@example.org", "name": "Cleo", "password": "pw-123456"},
        )
        assert cleo_made.status_code == 201, cleo_made.text
        assert log_in(cleo, "cleo@example.org").status_code == 303
        ids = {}
        for name, c in (("ada", ada), ("ben", ben), ("cleo", cleo)):
            answer = c.get("/outbox/token").json()
            ids[name] = answer["account"]
            assert f'data-account="{answer["account"]}"' in c.get("/settings").text
        assert len(set(ids.values())) == 3
        db = app.state.db

        def logged_by() -> list[int]:
            with db.read() as s:
                return list(s.scalars(select(t.Session.logged_by).order_by(t.Session.id)))

        def send(c: FormClient, **fields: Any) -> Any:
            token = c.get("/outbox/token").json()["csrf_token"]
            saved = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
            data = _form(client_id=str(uuid.uuid4()), saved_at=saved, csrf_token=token, **fields)
            return c.post(f"/cats/{cat}/sessions", data=data, headers=OUTBOX)

        refused = send(ben, saved_by=ids["ada"])
        assert refused.status_code == 409, refused.text
        assert refused.json() == {"detail": words.OUTBOX_SAVED_BY_ANOTHER, "other_account": True}
        assert logged_by() == []
        assert send(ada, saved_by=ids["ada"]).status_code == 200
        assert logged_by() == [int(ids["ada"])]
        # From before entries named their account: the sender's, in its household.
        assert send(ben).status_code == 200
        assert logged_by() == [int(ids["ada"]), int(ids["ben"])]
        elsewhere = send(cleo)
        assert elsewhere.status_code == 404
        assert elsewhere.json() == {"detail": words.OUTBOX_NO_SUCH_CAT}
        assert send(cleo, saved_by=ids["ada"]).status_code == 409
        assert len(logged_by()) == 2


def _not_sent(worker: str) -> list[dict[str, str]]:
    """The service worker's kept pages by the post's path, as served."""
    found = re.search(r"^var NOT_SENT = (\[.*\]);$", worker, re.M)
    assert found, "the server fills in the worker's NOT_SENT"
    listed: list[dict[str, str]] = json.loads(found[1])
    return listed


def test_a_log_in_or_a_log_out_gets_its_own_kept_page(pages: Pages) -> None:
    """Finding: with the server out of reach, a tap on "Log in" (or "Log
    out") read "Nothing was saved ... Go back to the form": words for a form
    that saves something. The worker picks the kept page by the post's path
    (the server fills the list in: the pages' posts as routed, checked here):
    logging in, signing up or joining says the owner is not logged in yet,
    logging out that they still are; every other post keeps "Not saved"."""
    listed = _not_sent(pages.client.get("/sw.js").text)

    def kept_for(path: str) -> str:  # as sw.js's notSentPage picks (JavaScript's RegExp)
        return next((k["page"] for k in listed if re.search(k["path"], path)), "/offline/not-saved")

    expected = {
        "/login": "/offline/not-sent/login",
        "/signup": "/offline/not-sent/signup",
        "/join/{token}": "/offline/not-sent/signup",
        "/logout": "/offline/not-sent/logout",
        "/account/logout-everywhere": "/offline/not-sent/logout-everywhere",
    }
    posts = [
        r.path
        for r in app_routes(pages.app.routes)
        if "POST" in (r.methods or ()) and r.endpoint.__module__.startswith("catpack.web.pages")
    ]
    assert set(expected) <= set(posts)
    for path in posts:
        concrete = re.sub(r"\{[^}]+\}", "7", path)
        assert kept_for(concrete) == expected.get(path, "/offline/not-saved"), path
    assert kept_for("/login/elsewhere") == "/offline/not-saved"  # whole paths only

    for kind, (heading, line, back) in words.OFFLINE_POST_NOT_SENT.items():
        page = pages.client.get(f"/offline/not-sent/{kind}")
        assert page.status_code == 200 and page.headers["cache-control"] == "no-cache"
        assert f"<h1>{html.escape(heading)}</h1>" in page.text
        assert f"data-not-saved>{html.escape(line)}</p>" in page.text
        assert re.search(rf'<button type="button"[^>]* data-go-back>{back}</button>', page.text)
        assert "<script>" not in page.text and "Nothing was saved" not in page.text
    said = dict(words.OFFLINE_POST_NOT_SENT)
    assert "not logged in yet" in said["login"][1] and "not logged in yet" in said["signup"][1]
    assert "still logged in on this phone" in said["logout"][1]
    assert pages.client.get("/offline/not-sent/other").status_code == 404
