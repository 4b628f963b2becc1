"""For each role of a household (owner, member, trainer), on both databases:
every page reachable from Today by its links shows only forms whose post that
role may make. Each form's action is looked up in the access matrix
(tests/web/test_access_matrix.py: not 403 for that role), and then posted for
real, with this browser's anti-forgery token: never refused (403).

A member (caregiver) reads a plain line where the owner's forms would be
(household settings, invites and share links, deleting a cat); the owner
keeps every form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from markupsafe import escape

from catpack import words
from catpack.settings import Settings
from catpack.web.pages import csrf
from tests.page_helpers import FormClient, step_level
from tests.web.pages.test_gear_pages import PACK_FORM
from tests.web.pages.test_login_pages import accounts_app, owner_with_a_cat
from tests.web.pages.test_pages import CALM
from tests.web.pages.test_trainer_pages import join_as
from tests.web.test_access_matrix import ACTORS, MATRIX

ROLES = ("owner", "member", "trainer")
#: Links a crawl does not follow: downloads, images, the API, other apps' pages.
SKIP = re.compile(
    r"^/(static/|api/|docs|openapi\.json|shared/|join/|login|sw\.js|manifest|favicon)"
    r"|\.(csv|json|svg|png|ics)$"
)
#: Posts that end this browser's log-in: made last.
LOG_OUTS = ("/logout", "/account/logout-everywhere")


class _Links(HTMLParser):
    """The links and posting forms of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.posts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in found and "download" not in found:
            self.links.append(found["href"])
        if tag == "form" and found.get("method", "get").lower() == "post":
            self.posts.append(found.get("action", ""))
        for attribute in ("hx-post", "hx-put", "hx-delete", "hx-patch"):
            if attribute in found:
                self.posts.append(found[attribute])


@dataclass
class Crawl:
    pages: dict[str, str]  # path -> html
    posts: dict[str, str]  # form action (no fragment) -> a page that shows it


def crawl(client: FormClient, start: str, limit: int = 150) -> Crawl:
    """Every page of this site reachable from ``start`` by links, as this browser."""
    todo, pages, posts = [start], dict[str, str](), dict[str, str]()
    while todo and len(pages) < limit:
        path = todo.pop(0)
        if path in pages:
            continue
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code)
        if not r.headers["content-type"].startswith("text/html"):
            continue
        pages[path] = r.text
        found = _Links()
        found.feed(r.text)
        for action in found.posts:
            posts.setdefault(action.split("#")[0], path)
        for href in found.links:
            parts = urlsplit(href)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.netloc or not target.startswith("/") or SKIP.search(parts.path):
                continue
            if target not in pages and target not in todo:
                todo.append(target)
    assert len(pages) < limit, "the crawl did not end: a link grows without bound?"
    return Crawl(pages, posts)


def matrix_row(action: str) -> tuple[int, ...]:
    """The access matrix's statuses for the page post ``action`` is an address of."""
    path = urlsplit(action).path
    rows = [
        statuses
        for (kind, method, template), statuses in MATRIX.items()
        if kind == "page"
        and method == "POST"
        and re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path)
    ]
    assert len(rows) == 1, f"{action}: {len(rows)} rows of the access matrix"
    return rows[0]


@dataclass
class Household:
    clients: dict[str, FormClient]
    cat: str


@pytest.fixture
def household(db_settings: Settings) -> Iterator[Household]:
    """Ada's household, with something behind every form: Mia with a logged
    session, a saved trip, a backpack, a paired thermometer, the calendar
    feed on, an open invite and a share link; Bob joined as a member
    (caregiver), Tia as a trainer."""
    app = accounts_app(db_settings)
    with FormClient(app) as ada, FormClient(app) as bob, FormClient(app) as tia:
        cat = owner_with_a_cat(ada)
        stage, level = step_level(ada.get(f"/cats/{cat}/log").text)
        done = [
            ada.post(f"/cats/{cat}/sessions", data={"stage": stage, "level": level, **CALM}),
            ada.post(f"/cats/{cat}/trips", data={"kind": "walk", "hours": "2"}),
            ada.post(f"/cats/{cat}/backpack", data={**PACK_FORM, "name": "Bubble"}),
            ada.post(f"/cats/{cat}/sensor", data={"address": "A4:C1:38:8D:18:B2"}),
            ada.post("/reminders/feed"),
            ada.post("/account/shares", data={"cat_id": cat, "label": "Dr. Rossi"}),
        ]
        assert [r.status_code for r in done] == [200] * len(done), [r.url for r in done]
        join_as(ada, bob, "member", "Bob")
        join_as(ada, tia, "trainer", "Tia")
        ada.post("/account/invites", data={"role": "member"})  # left open: a revoke form
        yield Household({"owner": ada, "member": bob, "trainer": tia}, cat)


def test_each_role_is_shown_only_the_forms_it_may_post(household: Household) -> None:
    cat = household.cat
    shown = {}
    for role in ROLES:
        client = household.clients[role]
        seen = shown[role] = crawl(client, f"/cats/{cat}/today")
        # The crawl reaches the household's pages, not only the tabs.
        for page in (f"/cats/{cat}/edit", "/settings", "/account", f"/cats/{cat}/history"):
            assert page in seen.pages, (role, page)
        refused = {
            action: page
            for action, page in seen.posts.items()
            if matrix_row(action)[ACTORS.index(role)] == 403
        }
        assert not refused, f"{role} is shown forms the server refuses: {refused}"
    owner, member, trainer = (set(shown[r].posts) for r in ROLES)
    # What tells the roles apart: the owner's forms, the member's, the trainer's.
    managing = {"/settings", f"/cats/{cat}/delete", "/account/invites", "/account/shares"}
    assert managing <= owner and not managing & member and not managing & trainer
    assert any(re.fullmatch(r"/account/(invites|shares)/\d+/revoke", a) for a in owner)
    cares = {f"/cats/{cat}/{a}" for a in ("sessions", "pause", "sensor/unpair", "backpack")}
    assert cares <= member and not cares & trainer
    assert trainer <= {f"/cats/{cat}/trip", "/logout", "/account/password"} | set(LOG_OUTS)
    assert trainer < member < owner
    # Each form posted for real, as its role (the log-outs last): none is refused.
    for role in ROLES:
        client, posts = household.clients[role], shown[role].posts
        for action in sorted(posts, key=lambda action: urlsplit(action).path in LOG_OUTS):
            # The browser's token as it is now (a log-out hands it a new one:
            # tokens are bound to the log-in).
            token = client.cookies.get(csrf.COOKIE)
            r = client.post(action, data={"csrf_token": token}, follow_redirects=False)
            assert r.status_code != 403, (role, action, posts[action], r.text[:300])


def test_a_member_reads_who_does_what_the_owner_does(household: Household) -> None:
    """Where the owner's forms are, a member reads one plain line saying who
    does it; the rest of the page (and the owner's) is as before."""
    bob, ada, cat = household.clients["member"], household.clients["owner"], household.cat
    lines = {"/settings": ("settings", ""), f"/cats/{cat}/edit": ("delete", "Mia")}
    lines["/account"] = ("account", "")
    for path, (key, name) in lines.items():
        mine = bob.get(path).text
        assert str(escape(words.owner_only(key, name))) in mine, path
        assert mine.count('id="owner-only"') == 1 and 'id="look-only"' not in mine, path
        assert 'id="owner-only"' not in ada.get(path).text, path
    settings = bob.get("/settings").text
    # The household's settings as they are, and what a member does keep.
    assert 'id="household-settings"' in settings and "Europe/Berlin" in settings
    assert 'href="/cats/new"' in settings and "(details, a break, download)" in settings
    about = bob.get(f"/cats/{cat}/edit").text
    assert 'id="cat-form"' in about and f'action="/cats/{cat}/pause"' in about
    account = bob.get("/account").text
    assert 'action="/account/password"' in account and "Dr. Rossi" not in account


def test_the_server_still_refuses_a_member_the_owners_posts(household: Household) -> None:
    """The pages hide the forms; the server is the guard. A member's post of
    each (with a valid form) gets the refused page, and nothing changes."""
    bob, ada, cat = household.clients["member"], household.clients["owner"], household.cat
    html = {"Accept": "text/html"}
    for action, form in (
        ("/settings", {"units": "imperial", "timezone": "Asia/Tokyo"}),
        (f"/cats/{cat}/delete", {"confirm": "yes"}),
        ("/account/invites", {"role": "owner"}),
        ("/account/shares", {"cat_id": cat}),
    ):
        r = bob.post(action, data=form, headers=html, follow_redirects=False)
        assert r.status_code == 403 and "Nothing was saved" in r.text, action
        assert "Only the household&#39;s owner may do this" in r.text, action
    assert ada.get(f"/cats/{cat}/today").status_code == 200
    zone = re.search(r'name="timezone"[^>]*value="([^"]*)"', ada.get("/settings").text)
    assert zone and zone.group(1) != "Asia/Tokyo"
    assert "owner (everything" not in ada.get("/account").text.split('id="invites"')[1]
