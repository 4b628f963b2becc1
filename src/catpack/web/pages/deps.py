"""What a page handler gets: the services' dependencies, the acting account, the household.

Pages call :mod:`catpack.services` with the same database, settings and clock
as the API (:mod:`catpack.web.deps`: the app's own, read through the same
helpers). Who the pages act for comes from one function, :func:`page_actor`
(asked by the one dependency every page takes, :func:`page`):

* ``CATPACK_AUTH=local``: the local owner account (``CATPACK_CLI_USER``, the
  one the CLI uses, so ``catpack log`` and the phone share one log);
* ``CATPACK_AUTH=accounts``: the account of this browser's log-in cookie
  (a server-side session, :mod:`catpack.web.pages.account`), looked up in
  the database on every request together with its household
  (:func:`catpack.services.users.login_overview`); without one, the request
  is sent to ``/login`` (:class:`LoginRequired`).

A page request makes few FastAPI dependencies (FastAPI spends about 40
Python calls on each, each time): a read is :func:`page` alone; a post adds
its check (:func:`allowed`: role, origin, anti-forgery token), which reads the
form the handler then takes from :attr:`Page.form`. Where nothing can answer first, the log-in
is looked up in the handler's own thread-pool hop (:class:`~.routing.PageRoute`).

What a role may post comes from one table, :data:`catpack.services.access.MAY`:
each post names what it does (:func:`allowed`, in :data:`POSTED`,
:data:`MANAGED`, :data:`PLANNED`) and a role that may not do that is refused
(403) before any work; the pages show a form only when :meth:`Page.may` says
its post is allowed, and a line saying who does it where it matters. A
trainer reads (:attr:`Page.read_only`); a member (caregiver) changes the cats
and their log but not the household (its settings, who has access, deleting
a cat).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit

from fastapi import Depends, HTTPException
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from catpack import words
from catpack.services import access, household, keys, users
from catpack.services.access import Act
from catpack.services.household import Overview
from catpack.services.setup import Database
from catpack.services.views import Actor, CatBrief
from catpack.settings import Settings
from catpack.web.deps import Clock, app_clock, app_database, app_settings
from catpack.web.pages import csrf
from catpack.web.pages.units import Units

#: The log-in cookie: a random value whose SHA-256 names a row of login_sessions.
LOGIN_COOKIE = "catpack_login"
#: The cookie naming the cat last shown (where "/" and the guide go back to).
CAT_COOKIE = "catpack_cat"
_READS = ("GET", "HEAD", "OPTIONS")


class LoginRequired(Exception):
    """This page needs a log-in: answered with a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def remember_cat(response: Response, cat_id: int, sent: str | None = None) -> None:
    """Set :data:`CAT_COOKIE` to ``cat_id``: HttpOnly, SameSite=Lax, for the
    whole site, the header Starlette's ``set_cookie`` writes, without building
    a ``SimpleCookie`` for it on every Today page. Nothing is set when the
    browser already sent that cat (``sent``: its cookie's value): every Today
    page of the same cat set it again, a header the browser (or any client)
    parses for nothing."""
    if sent == str(int(cat_id)):
        return
    header = f"{CAT_COOKIE}={int(cat_id)}; HttpOnly; Path=/; SameSite=lax"
    response.raw_headers.append((b"set-cookie", header.encode("latin-1")))


#: The cat switcher keeps the section it was tapped in: a page's first part
#: after ``/cats/<id>/`` -> the same section of the other cat (a session or a
#: trip of this cat: that cat's history or trips). ``more``: the household's
#: settings, which show the cat switched to.
SWITCH_SECTIONS: dict[str, str] = {
    **{s: s for s in ("today", "log", "plan", "history", "trip", "heat", "edit", "settings")},
    **{s: s for s in ("backpack", "size", "routine")},
    "sessions": "history",
    "trips": "trip",
}
SWITCH_PAGES: dict[str, str] = {"/settings": "more", "/account": "account"}


def switch_section(path: str) -> str:
    """The section of the page at ``path`` the cat switcher keeps ("" for
    Today, where it lands anyway, and for a page with no such section)."""
    parts = path.split("/")
    if len(parts) > 3 and parts[1] == "cats":
        section = SWITCH_SECTIONS.get(parts[3], "")
    else:
        section = SWITCH_PAGES.get(path, "")
    return "" if section == "today" else section


def switch_target(cat_id: int, section: str) -> str:
    """Where the switcher's ``section`` is for cat ``cat_id`` (Today by default)."""
    if section in SWITCH_PAGES.values():
        return next(path for path, name in SWITCH_PAGES.items() if name == section)
    return f"/cats/{cat_id}/{SWITCH_SECTIONS.get(section, 'today')}"


def request_state(request: Request) -> dict[str, Any]:
    """What ``request.state`` holds, as the dict it keeps it in: a name it
    does not hold is ``None`` from ``.get``, where ``getattr(request.state,
    name, None)`` raised and caught two exceptions (a few per page)."""
    state: dict[str, Any] = request.scope.setdefault("state", {})
    return state


def _look_up(request: Request) -> Actor:
    """Who this browser acts for (blocking: one statement, which also reads the
    household for the page, kept in ``request.state.login_home``);
    :class:`LoginRequired` without a live log-in.

    The database and the settings are the app's own (as :data:`DbDep` and
    :data:`SettingsDep` give them), read here rather than as dependencies of
    their own: FastAPI spends about 40 calls on each dependency of each request."""
    db, settings = app_database(request), app_settings(request)
    if settings.auth == "local":
        return users.local_actor(db, settings.cli_user, settings.timezone)
    cookie = request.cookies.get(LOGIN_COOKIE)
    found = None
    if cookie:
        now = app_clock(request)()
        found = users.login_overview(db, cookie, now=now, default_zone=settings.timezone)
    if found is None:
        query = f"?{request.url.query}" if request.url.query else ""
        raise LoginRequired(request.url.path + query)
    actor, request_state(request)["login_home"] = found
    return actor


class SignedIn:
    """This browser's log-in, looked up once per request, on every request (a
    log-in ended through any server process is refused at once by every other).

    Where it is looked up: in the handler's own thread-pool hop on a route
    that :attr:`.routing.PageRoute.defers_login` (one hop per request instead of two:
    :class:`Page` looks it up before the handler runs); first, in a hop of its
    own, on the other routes and wherever a check needs the account before
    the handler (a post's role, :func:`allowed`).

    Kept in the request's state, so it holds no reference to the request: a
    reference back would make a cycle (request scope -> state -> this ->
    request) that keeps each request's objects (its scope, headers, form and
    household overview) alive until the garbage collector's next pass, which
    then ran every few page requests; the request is passed to each call."""

    __slots__ = ("_actor", "_acts")

    def __init__(self) -> None:
        self._actor: Actor | None = None
        self._acts: list[Act] = []

    def actor(self, request: Request) -> Actor:
        """The account (blocking the first time), checked for the acts
        :meth:`require` named before the look-up."""
        if self._actor is None:
            actor = _look_up(request)
            for act in self._acts:
                access.require(actor, act)
            self._actor = actor
        return self._actor

    def require(self, act: Act) -> None:
        """The account must be allowed to do ``act`` (:func:`access.require`):
        checked now if it is known, else when it is looked up, which a
        :class:`~.routing.PageRoute` does before the handler's own code runs."""
        if self._actor is not None:
            access.require(self._actor, act)
        else:
            self._acts.append(act)

    async def looked_up(self, request: Request) -> Actor:
        """The account, looked up in the thread pool the first time."""
        if self._actor is None:
            await run_in_threadpool(self.actor, request)
        return self.actor(request)


def signed_in(request: Request) -> SignedIn:
    """This request's log-in (one per request, kept on ``request.state``): who
    this browser acts for, whatever the role (the account's own pages use it).

    Not a dependency of its own but called by those that need it
    (:func:`page_actor`, :func:`any_role_page`, a post's :func:`allowed`): FastAPI
    spends about 40 calls on each dependency each time a request needs it."""
    state = request_state(request)
    signed: SignedIn | None = state.get("signed_in")
    if signed is None:
        signed = state["signed_in"] = SignedIn()
    return signed


def _deferred(request: Request) -> bool:
    """Whether this request's route looks the log-in up in its handler's hop
    (:attr:`.routing.PageRoute.defers_login`)."""
    return bool(getattr(request.scope.get("route"), "defers_login", False))


async def _signed_in_now(request: Request) -> SignedIn:
    """:func:`signed_in`, looked up at once unless the route defers it."""
    signed = signed_in(request)
    if not _deferred(request):
        await signed.looked_up(request)
    return signed


async def _allowed_to(request: Request, act: Act) -> SignedIn:
    """This request's log-in, which must be allowed to do ``act``: checked now
    (a look-up in a hop of its own) or, on a route that defers the log-in,
    where it is looked up, before the handler's own code."""
    signed = signed_in(request)
    if _deferred(request):
        signed.require(act)
    else:
        access.require(await signed.looked_up(request), act)
    return signed


async def page_actor(request: Request) -> Actor | SignedIn:
    """The account the pages act for; a post by a role that may not change
    anything (a trainer's) is refused (403).

    The dependencies that do no I/O are ``async``: FastAPI runs a plain ``def``
    dependency in the thread pool, and each hop there costs more than the work."""
    if request.method not in _READS:
        return await _allowed_to(request, "change")
    return await _signed_in_now(request)


page_actor.act = "change"  # type: ignore[attr-defined]


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site only (never another
    site: no scheme, no host, no ``//`` or backslash tricks), else ``/``."""
    if not target or len(target) > 2000 or not target.startswith("/"):
        return "/"
    if target.startswith("//") or "\\" in target or any(ord(c) < 32 for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


@dataclass
class Page:
    """One page request: the services' handles, the actor, and the household
    overview (read once per request, on first use)."""

    request: Request
    db: Database
    settings: Settings
    who: Actor | SignedIn
    clock: Clock
    _home: Overview | None = field(default=None, repr=False)

    @property
    def actor(self) -> Actor:
        """The account the page acts for (its log-in looked up on first use:
        :class:`~.routing.PageRoute` makes that use come before the handler's own)."""
        who = self.who
        if isinstance(who, SignedIn):
            self.who = who = who.actor(self.request)
            if self._home is None:
                self._home = _login_home(self.request, who)
        return who

    @property
    def home(self) -> Overview:
        """The household, its cats and "now" in its time zone (one statement;
        with a log-in cookie, the same statement that checked the log-in)."""
        actor = self.actor
        if self._home is None:
            self._home = household.overview(
                self.db, actor, now=self.clock(), default_zone=self.settings.timezone
            )
        return self._home

    @property
    def form(self) -> FormData:
        """The posted form: every post's guards read it, on the event loop,
        before the handler runs (:func:`form_guards`), so a handler takes it
        from here rather than as a dependency of its own."""
        form: FormData | None = self.request.scope.get(_FORM_KEY)
        if form is None:
            raise RuntimeError(f"{self.request.url.path}: no guard read the posted form")
        return form

    def refresh(self) -> None:
        """Forget the overview (after a change to the household or its cats)."""
        self._home = None

    @property
    def csrf_token(self) -> str:
        return csrf_token(self.request, self.db, self.settings)

    @property
    def units(self) -> Units:
        return Units(self.home.household.units)

    def cat(self, cat_id: str) -> CatBrief | None:
        return self.home.cat(cat_id)

    def chosen_cat(self) -> CatBrief | None:
        """The cat last picked in the switcher, else the first: the one a page
        outside any cat's own (settings, account) shows the tabs for."""
        chosen = self.cat(self.request.cookies.get(CAT_COOKIE, ""))
        return chosen or (self.home.cats[0] if self.home.cats else None)

    def may(self, act: Act) -> bool:
        """Whether this account may post what ``act`` names (the same table the
        server's checks read): the pages show a form only when it may."""
        return access.may(self.actor.role, act)

    @property
    def read_only(self) -> bool:
        """This account looks and changes nothing (a trainer's): the pages show
        it no form that posts a change (the server refuses them anyway)."""
        return not self.may("change")

    def frame(self, cat: CatBrief | None, active: str = "") -> dict[str, Any]:
        """What every page's layout needs: the cats for the switcher, the current
        cat, the units, the household's zone (times are shown in it), what this
        account may do (``may('manage')``) and whether it only looks
        (``read_only``: no forms that change)."""
        return {
            "cats": self.home.cats,
            "cat": cat,
            "switch_to": switch_section(self.request.url.path),
            "active": active,
            "units": self.units,
            "zone": self.home.zone,
            "now": self.home.now,
            "csrf_token": self.csrf_token,
            "read_only": self.read_only,
            "may": self.may,
            # The account logged in (the phone's outbox keeps each session for its account).
            "account": str(self.actor.user_id),
        }

    def looks_only(self, cat: CatBrief | None, key: str, back: str, active: str = "") -> Response:
        """For an account that only looks, a page that is only a form (the log
        form opened from a bookmark): what it is for, who does it, and a way
        back to ``back`` (:data:`catpack.words.LOOK_ONLY_PAGES`), instead of a
        form whose post would be refused."""
        from catpack.web.pages.templating import render

        heading, line, back_words = words.LOOK_ONLY_PAGES[key]
        context = self.frame(cat, active)
        name = cat.name if cat is not None else ""
        context.update(
            heading=heading, line=line.format(cat=name), back=back, back_words=back_words
        )
        return render(self.request, "look_only.html", context)

    def flash(self, messages: dict[str, str]) -> str:
        """The message of the first ``?key=1`` of ``messages`` this request
        carries (a page's "saved" line after a redirect), or ""."""
        params = self.request.query_params
        return next((text for key, text in messages.items() if params.get(key)), "")

    def missing(self, cat: CatBrief | None = None, what: str = "") -> Response:
        """The friendly 404 page for a cat that is not (or no longer) there;
        with ``cat`` and ``what`` ("session", "trip"), for that thing of a cat
        that is there."""
        from catpack.web.pages.templating import render

        context = self.frame(None)
        if cat is not None and what:
            heading, line, back, href = words.MISSING_OF_CAT[what]
            context["missing_thing"] = {
                "heading": heading,
                "line": line,
                "back": back.format(cat=cat.name),
                "href": href.format(id=cat.id),
            }
        return render(self.request, "not_found.html", context, status_code=404)


def _page(request: Request, who: Actor | SignedIn) -> Page:
    """A page for ``who``, with the app's database, settings and clock (as
    :data:`DbDep`, :data:`SettingsDep` and :data:`ClockDep` give them)."""
    db, settings, clock = app_database(request), app_settings(request), app_clock(request)
    home = _login_home(request, who) if isinstance(who, Actor) else None
    return Page(request, db, settings, who, clock, home)


def _login_home(request: Request, actor: Actor) -> Overview | None:
    """The household read with the log-in, if it is ``actor``'s (a test's
    :func:`page_actor` may act for another)."""
    home: Overview | None = request_state(request).get("login_home")
    return home if home is not None and home.household.id == actor.household_id else None


async def page(request: Request) -> Page:
    """The page for the account :func:`page_actor` gives: one dependency, where
    a dependency of its own for the account cost FastAPI about 40 calls more
    on every page request. A layer that acts for someone else (a test)
    overrides this one, with :func:`page_for`."""
    return _page(request, await page_actor(request))


#: What :func:`page` checks on a post (for the tests that read the route table).
page.act = page_actor.act  # type: ignore[attr-defined]


def page_for(request: Request, who: Actor) -> Page:
    """A page acting for ``who`` (what an override of :func:`page` returns)."""
    return _page(request, who)


PageDep = Annotated[Page, Depends(page)]


async def any_role_page(request: Request) -> Page:
    """A page any role may post to, a trainer included: the account's own
    pages (a trainer's password) and the posts that only compute an answer and
    store nothing (planning a trip). Such a post depends on :data:`PLANNED`
    (the account's own, on :data:`FORM_GUARDS`); every post that changes
    something takes :data:`PageDep` and :data:`POSTED` (or :data:`MANAGED`)."""
    return _page(request, await _signed_in_now(request))


#: The account's own pages: any role may change its own password, log out.
AccountPageDep = Annotated[Page, Depends(any_role_page)]
#: A post that computes an answer and stores nothing (a trip's plan): any role.
AnyRolePageDep = Annotated[Page, Depends(any_role_page)]


async def posted_form(request: Request) -> FormData:
    """The posted form (read here, on the event loop, so handlers can be plain
    ``def`` functions that run in the thread pool); read once per request."""
    form: FormData | None = request.scope.get(_FORM_KEY)
    if form is None:
        if request.headers.get("content-type") == URLENCODED:
            form = FormData(urlencoded_fields(await request.body()))
        else:
            form = await request.form()
        request.scope[_FORM_KEY] = form
    return form


#: What a browser's form posts say they are (the pages' forms, the log-in's).
URLENCODED = "application/x-www-form-urlencoded"
_FORM_KEY = "catpack.form"
#: Starlette's limits for a form (``Request.form``): fields, and bytes of one field.
MAX_FIELDS = 1000
MAX_FIELD_BYTES = 1024 * 1024


def urlencoded_fields(body: bytes) -> list[tuple[str, Any]]:
    """The fields of a ``application/x-www-form-urlencoded`` body, exactly as
    Starlette's ``Request.form()`` reads them (python-multipart's parser: ``&``
    separates fields, empty ones are skipped, a field without ``=`` has an
    empty value; each name and value decoded as Latin-1, then ``+`` and
    ``%XX`` as ``unquote_plus`` does), with its two limits and their 400s
    (the body's own size limit applies as it is read). Without a parser's
    callbacks for every part of every field: a few string methods each."""
    items: list[tuple[str, Any]] = []
    for part in body.split(b"&"):
        if not part:
            continue
        raw_name, _, raw_value = part.partition(b"=")
        if len(raw_name) + len(raw_value) > MAX_FIELD_BYTES:
            raise HTTPException(400, f"Field exceeded maximum size of {MAX_FIELD_BYTES // 1024}KB.")
        if len(items) == MAX_FIELDS:
            raise HTTPException(400, f"Too many fields. Maximum number of fields is {MAX_FIELDS}.")
        name = raw_name.decode("latin-1").replace("+", " ")
        value = raw_value.decode("latin-1").replace("+", " ")
        items.append(
            (unquote(name) if "%" in name else name, unquote(value) if "%" in value else value)
        )
    return items


FormDep = Annotated[FormData, Depends(posted_form)]


def csrf_token(request: Request, db: Database, settings: Settings) -> str:
    """This browser's anti-forgery token (a new one is set as a cookie by
    :func:`catpack.web.pages.templating.render` when it had none)."""
    key = signing_key(db, settings)
    cookie = request.cookies.get(csrf.COOKIE)
    bound = csrf.binding(request.cookies.get(LOGIN_COOKIE))
    if csrf.valid(key, cookie, bound):
        assert cookie is not None
        return cookie
    state = request_state(request)
    fresh: str | None = state.get("csrf_new")
    if fresh is None:
        fresh = state["csrf_new"] = csrf.new_token(key, bound)
    return fresh


def signing_key(db: Database, settings: Settings) -> bytes:
    return keys.signing_key(db, _configured_secret(settings))


def _configured_secret(settings: Settings) -> str | None:
    return settings.secret_key.get_secret_value() if settings.secret_key else None


async def form_guards(request: Request) -> None:
    """What every form post is checked for before any work, in this order: it
    comes from this app's own pages (:func:`same_origin`) and carries this
    browser's anti-forgery token (:func:`check_csrf`). One dependency for
    both (FastAPI spends about 40 calls on each dependency of each request)."""
    same_origin(request)
    await check_csrf(request, await posted_form(request))


async def check_csrf(request: Request, form: FormData) -> None:
    """Refuse a post without this browser's anti-forgery token (403). The key is
    read from the database only the first time (in the thread pool)."""
    db, settings = app_database(request), app_settings(request)
    sent = form.get(csrf.FIELD) or request.headers.get(csrf.HEADER)
    cookie = request.cookies.get(csrf.COOKIE)
    key = keys.known_signing_key(db, _configured_secret(settings))
    if key is None:
        key = await run_in_threadpool(signing_key, db, settings)
    bound = csrf.binding(request.cookies.get(LOGIN_COOKIE))
    if not csrf.matches(key, cookie, sent if isinstance(sent, str) else None, bound):
        raise HTTPException(
            403, "This form has expired or came from elsewhere: reload the page and try again."
        )


def same_origin(request: Request) -> None:
    """Refuse a form posted from another site (CSRF).

    Browsers send ``Origin`` (or at least ``Referer``) with a cross-site form
    post; a post whose origin is another host than this server's is refused.
    Clients that send neither (curl, tests) are not browsers and pass.
    """
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source:
        return
    if source == "null" or urlsplit(source).netloc != request.headers.get("host"):
        raise HTTPException(403, "Forms may only be posted from this app's own pages.")


def allowed(act: Act) -> Any:
    """A form post's act and guards as one dependency: the acting account's
    role must be allowed to do ``act`` (:data:`catpack.services.access.MAY`),
    else 403, and :func:`form_guards`. On a route that defers the log-in
    (:attr:`.routing.PageRoute.defers_login`) the guards come first and the role is
    checked in the handler's hop, before its code: one thread-pool hop per
    post instead of two. The act stays on the check (``.act``) for the tests
    that hold the route table, the pages and the access matrix to the same table."""

    async def check(request: Request) -> None:
        await _allowed_to(request, act)
        await form_guards(request)

    check.act = act  # type: ignore[attr-defined]
    return Depends(check)


#: What every form post that needs no account depends on (log-in, joining):
#: the Origin check and the anti-forgery token.
FORM_GUARDS = [Depends(form_guards)]
#: What every page that changes something depends on: an account allowed to
#: change things (a trainer's is not), and the guards.
POSTED = [allowed("change")]
#: A post that changes the household itself (its settings, who has access,
#: deleting a cat): the owner's.
MANAGED = [allowed("manage")]
#: A post that computes an answer and stores nothing (a trip's plan): any role.
PLANNED = [allowed("plan")]
