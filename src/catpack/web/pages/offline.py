"""The installable app and the offline log: the service worker, the manifest,
the offline page, the outbox's fields and the anti-forgery token it syncs with.

A phone with no signal keeps the sessions it could not send in an outbox
(IndexedDB, ``static/offline.js``) and sends them later through the same
form post as the log page, with the two fields that page carries for it:

* ``client_id``: a UUID the phone made for the session, so a resend is
  logged once (:func:`catpack.services.sessions.log_session_once`);
* ``saved_at``: when the owner pressed Save (an instant with its offset), so
  the session keeps the time it happened, not the time it synced.

and one the outbox adds when it sends an entry:

* ``saved_by``: the account logged in on the page the session was saved on
  (the pages' ``data-account``, :func:`account_id`). The session is logged for
  the account logged in now, so that must be the same one: a phone shared by
  two accounts keeps each one's sessions until that account logs in again
  (the outbox sends only the entries of the account ``/outbox/token`` names,
  and the server refuses the rest, :func:`saved_by_another`). An entry saved
  before entries named their account carries no ``saved_by``: it is logged for
  whoever sends it, for a cat of that account's household only (another
  household's cat answers 404, and the phone keeps the entry for the next
  log-in). Nothing on the phone says who saved such an entry; within one
  household it is logged as the sender's.

The service worker must be served from the site root to control the pages
(a worker's scope is at most its own folder), and with ``no-cache`` so a
new version reaches phones at their next visit.
"""

from __future__ import annotations

import functools
import hashlib
import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from starlette.datastructures import ImmutableMultiDict
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from catpack import words
from catpack.services.views import Actor
from catpack.web.pages.deps import PageDep
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import STATIC_DIR, TEMPLATE_DIR, render, with_csrf_cookie

router = page_router()

#: A Save older than this is refused as a mistaken clock (policy: an outbox
#: may hold sessions for weeks of travel, but not for years).
OLDEST_SAVE = timedelta(days=366)
#: The header the outbox's posts carry (static/outbox.js).
OUTBOX_HEADER = "x-catpack-outbox"
#: The outbox's field naming the account an entry was saved under.
SAVED_BY = "saved_by"
NO_CACHE = {"Cache-Control": "no-cache"}


def _always_checked(name: str, media_type: str) -> Response:
    """A static file the browser must check for a new version at every use."""
    return FileResponse(STATIC_DIR / name, media_type=media_type, headers=NO_CACHE)


#: The line of static/sw.js that names its caches; served with the version below.
SW_VERSION_LINE = 'var VERSION = "catpack";'
#: The line of static/sw.js that lists the kept pages of NOT_SENT; served filled in.
SW_NOT_SENT_LINE = "var NOT_SENT = [];"
#: The kept page the service worker answers a plain form's post with when
#: catpack cannot be reached at all: "Not saved" for a form that saves
#: something, and for the posts that log in or out (the paths' patterns, as
#: JavaScript reads them too) a page of their own (:func:`not_sent_page`), so
#: a tap on "Log in" does not read "Nothing was saved".
NOT_SAVED_PAGE = "/offline/not-saved"
NOT_SENT: dict[str, tuple[str, ...]] = {
    "login": (r"^/login$",),
    "signup": (r"^/signup$", r"^/join/[^/]+$"),
    "logout": (r"^/logout$",),
    "logout-everywhere": (r"^/account/logout-everywhere$",),
}
#: The owner-facing words the kept pages show: a change to them is a new release too.
WORDS_FILE = Path(words.__file__)


def not_sent_path(kind: str) -> str:
    """The address of NOT_SENT's kept page for ``kind``."""
    return f"/offline/not-sent/{kind}"


def content_version(*places: Path) -> str:
    """A short digest of every file under ``places`` (folders, or single files;
    names and bytes): it changes whenever one of them does."""
    digest = hashlib.sha256()
    for place in places:
        files = [place] if place.is_file() else sorted(p for p in place.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            name = path.name if path == place else path.relative_to(place).as_posix()
            digest.update(name.encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _not_sent_list() -> str:
    """NOT_SENT as static/sw.js reads it: each pattern with its kept page."""
    pages = [
        {"path": pattern, "page": not_sent_path(kind)}
        for kind, patterns in NOT_SENT.items()
        for pattern in patterns
    ]
    return f"var NOT_SENT = {json.dumps(pages)};"


@functools.cache
def _service_worker_text() -> str:
    """static/sw.js, its caches named after the app's files: a new release (any
    changed static file, or template, or the owner's words: the offline pages
    are kept too) is a new service worker, which replaces the kept copies at
    once instead of serving the old ones first (read once per process)."""
    text = (STATIC_DIR / "sw.js").read_text(encoding="utf-8")
    assert SW_VERSION_LINE in text, "static/sw.js no longer names its caches as expected"
    assert SW_NOT_SENT_LINE in text, "static/sw.js no longer lists its kept pages as expected"
    version = content_version(STATIC_DIR, TEMPLATE_DIR, WORDS_FILE)
    text = text.replace(SW_NOT_SENT_LINE, _not_sent_list())
    return text.replace(SW_VERSION_LINE, f'var VERSION = "catpack-{version}";')


@router.get("/sw.js")
def service_worker() -> Response:
    """The one service worker (offline pages and the outbox's sync, web push)."""
    return Response(_service_worker_text(), media_type="text/javascript", headers=NO_CACHE)


@router.get("/manifest.webmanifest")
def manifest() -> Response:
    """The web app manifest: installable, starting on Today."""
    return _always_checked("manifest.webmanifest", "application/manifest+json")


@router.get("/offline")
def offline_page(request: Request) -> Response:
    """What a phone shows for a page it never opened while it had signal (the
    service worker keeps a copy; it holds nothing of the household's)."""
    response = render(request, "offline.html", {"cats": [], "cat": None})
    response.headers.update(NO_CACHE)
    return response


def _not_sent(request: Request, heading: str, line: str, back: str) -> Response:
    context: dict[str, Any] = {
        "cats": [],
        "cat": None,
        "not_sent_heading": heading,
        "not_saved": line,
        "not_sent_back": back,
    }
    response = render(request, "offline_not_saved.html", context)
    response.headers.update(NO_CACHE)
    return response


@router.get(NOT_SAVED_PAGE)
def not_saved_page(request: Request) -> Response:
    """What a phone shows when a form posted as a whole page could not reach the
    server at all: the service worker keeps this page and answers the post with
    it, at the post's address, so the browser's Back returns to the form."""
    return _not_sent(request, "Not saved", words.OFFLINE_POST_NOT_SAVED, "Go back to the form")


@router.get("/offline/not-sent/{kind}")
def not_sent_page(kind: str, request: Request) -> Response:
    """The same for a log-in, a sign-up or a log-out (NOT_SENT): nothing was
    saved either, but what it means is that the owner is not logged in yet,
    or still is."""
    if kind not in NOT_SENT:
        raise HTTPException(404)
    return _not_sent(request, *words.OFFLINE_POST_NOT_SENT[kind])


@router.get("/outbox/token")
def outbox_token(page: PageDep) -> Response:
    """This browser's anti-forgery token, fresh, for the outbox's posts (the page
    the outbox was filled on may be weeks old, or from before a new log-in)."""
    answer = {"csrf_token": page.csrf_token, "account": account_id(page.actor)}
    response = JSONResponse(answer, headers={"Cache-Control": "no-store"})
    return with_csrf_cookie(page.request, response)


def account_id(actor: Actor) -> str:
    """The account an outbox entry is kept for: the pages say it (``data-account``),
    ``/outbox/token`` names the one logged in, the entry sends it as ``saved_by``."""
    return str(actor.user_id)


def saved_by_another(form: ImmutableMultiDict[str, Any], actor: Actor) -> bool:
    """The post is an outbox entry saved under another account than ``actor``."""
    raw = form.get(SAVED_BY)
    return isinstance(raw, str) and raw.strip() != "" and raw.strip() != account_id(actor)


def saved_by_another_answer() -> Response:
    """Refused, nothing stored: the phone keeps the entry as it is (``other_account``)."""
    return JSONResponse(
        {"detail": words.OUTBOX_SAVED_BY_ANOTHER, "other_account": True}, status_code=409
    )


def no_such_cat_answer() -> Response:
    """The outbox's 404: a cat this account does not have."""
    return JSONResponse({"detail": words.OUTBOX_NO_SUCH_CAT}, status_code=404)


def read_outbox_fields(
    form: ImmutableMultiDict[str, Any], now: datetime
) -> tuple[uuid.UUID | None, datetime | None, dict[str, str]]:
    """The log form's ``client_id`` and ``saved_at`` (both optional) and their problems."""
    errors: dict[str, str] = {}
    client_id: uuid.UUID | None = None
    raw = form.get("client_id")
    if isinstance(raw, str) and raw.strip():
        try:
            client_id = uuid.UUID(raw.strip())
        except ValueError:
            errors["form"] = "This form's id is damaged: open the log page again and log anew."
    saved_at: datetime | None = None
    raw = form.get("saved_at")
    if isinstance(raw, str) and raw.strip():
        try:
            saved_at = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            saved_at = None
        if saved_at is None or saved_at.tzinfo is None or saved_at < now - OLDEST_SAVE:
            errors["form"] = (
                "The time this session was saved is not a real time: "
                "check the phone's clock and log it again."
            )
            saved_at = None
    return client_id, saved_at, errors


def from_outbox(request: Request) -> bool:
    """The post comes from the outbox's script, which wants a JSON answer."""
    return request.headers.get(OUTBOX_HEADER) == "1"


def outbox_answer(cat_id: int, errors: dict[str, str], status: int) -> Response:
    """The log form's answer to the outbox: where to go next, or why not (its
    words shown to the owner next to the entry, which stays on the phone)."""
    if errors:
        return JSONResponse({"detail": " ".join(errors.values()), "errors": errors}, status)
    return JSONResponse({"next": f"/cats/{cat_id}/today?logged=1"})
