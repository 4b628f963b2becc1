"""What a page handler gets: the services' dependencies, the acting owner, the household.

Pages call :mod:`catpack.services` through the same FastAPI dependencies as the
API (:mod:`catpack.web.deps`). Who the pages act for comes from one
dependency, :func:`page_actor`: today the local owner account
(``CATPACK_CLI_USER``, the one the CLI uses, so ``catpack log`` and the phone
share one log); a log-in layer replaces that one function (or overrides it
with ``app.dependency_overrides``) and every page follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from catpack.services import household, keys, users
from catpack.services.household import Overview
from catpack.services.setup import Database
from catpack.services.views import Actor, CatBrief
from catpack.settings import Settings
from catpack.web.deps import Clock, ClockDep, DbDep, SettingsDep
from catpack.web.pages import csrf
from catpack.web.pages.units import Units


def page_actor(db: DbDep, settings: SettingsDep) -> Actor:
    """The account the pages act for: the local owner (created on first use)."""
    return users.local_actor(db, settings.cli_user, settings.timezone)


PageActorDep = Annotated[Actor, Depends(page_actor)]


@dataclass
class Page:
    """One page request: the services' handles, the actor, and the household
    overview (read once per request, on first use)."""

    request: Request
    db: Database
    settings: Settings
    actor: Actor
    clock: Clock
    _home: Overview | None = field(default=None, repr=False)

    @property
    def home(self) -> Overview:
        """The household, its cats and "now" in its time zone (one statement)."""
        if self._home is None:
            self._home = household.overview(
                self.db, self.actor, now=self.clock(), default_zone=self.settings.timezone
            )
        return self._home

    def refresh(self) -> None:
        """Forget the overview (after a change to the household or its cats)."""
        self._home = None

    @property
    def csrf_token(self) -> str:
        """This browser's anti-forgery token (a new one is set as a cookie by
        :func:`catpack.web.pages.templating.render` when it had none)."""
        key = signing_key(self.db, self.settings)
        cookie = self.request.cookies.get(csrf.COOKIE)
        if csrf.valid(key, cookie):
            assert cookie is not None
            return cookie
        fresh: str | None = getattr(self.request.state, "csrf_new", None)
        if fresh is None:
            fresh = csrf.new_token(key)
            self.request.state.csrf_new = fresh
        return fresh

    @property
    def units(self) -> Units:
        return Units(self.home.household.units)

    def cat(self, cat_id: str) -> CatBrief | None:
        return self.home.cat(cat_id)

    def frame(self, cat: CatBrief | None, active: str = "") -> dict[str, Any]:
        """What every page's layout needs: the cats for the switcher, the current
        cat, the units and the household's zone (times are shown in it)."""
        return {
            "cats": self.home.cats,
            "cat": cat,
            "active": active,
            "units": self.units,
            "zone": self.home.zone,
            "now": self.home.now,
            "csrf_token": self.csrf_token,
        }

    def missing(self) -> Response:
        """The friendly 404 page for a cat that is not (or no longer) there."""
        from catpack.web.pages.templating import render

        return render(self.request, "not_found.html", self.frame(None), status_code=404)


def page(
    request: Request, db: DbDep, settings: SettingsDep, actor: PageActorDep, clock: ClockDep
) -> Page:
    return Page(request, db, settings, actor, clock)


PageDep = Annotated[Page, Depends(page)]


async def posted_form(request: Request) -> FormData:
    """The posted form (read here, on the event loop, so handlers can be plain
    ``def`` functions that run in the thread pool)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(posted_form)]


def signing_key(db: Database, settings: Settings) -> bytes:
    secret = settings.secret_key.get_secret_value() if settings.secret_key else None
    return keys.signing_key(db, secret)


def check_csrf(request: Request, form: FormDep, db: DbDep, settings: SettingsDep) -> None:
    """Refuse a post without this browser's anti-forgery token (403)."""
    sent = form.get(csrf.FIELD) or request.headers.get(csrf.HEADER)
    cookie = request.cookies.get(csrf.COOKIE)
    if not csrf.matches(signing_key(db, settings), cookie, sent if isinstance(sent, str) else None):
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


#: What every page that changes something depends on: the Origin check and
#: the anti-forgery token.
POSTED = [Depends(same_origin), Depends(check_csrf)]
