"""A read-only share of one cat (``/shared/<token>``): its progress and history
for a trainer or a vet, with no log-in and nothing else of the household.

The link's token names one cat (:func:`catpack.services.members.open_share`);
an unknown, revoked or expired link is a plain 404 page. The page has no
forms, no tabs and no cat switcher: it reads the same services as the
owner's history page, as a trainer of that household, for that cat only.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from catpack import words
from catpack.domain.errors import NotFoundError
from catpack.services import members, plans
from catpack.services.views import CatBrief
from catpack.web.deps import ClockDep, DbDep, SettingsDep
from catpack.web.pages.chart import progress_svg
from catpack.web.pages.deps import Page
from catpack.web.pages.history import PAGE_ROWS
from catpack.web.pages.progress import rows, summary
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render

router = page_router()


def _open(
    token: str, request: Request, db: DbDep, settings: SettingsDep, clock: ClockDep
) -> tuple[Page, CatBrief] | None:
    """The page handles (acting as a trainer of the cat's household) and the
    shared cat, or None for a link that does not open anything."""
    try:
        shared = members.open_share(db, token)
    except NotFoundError:
        return None
    page = Page(request, db, settings, shared.actor, clock)
    cat = page.cat(str(shared.cat_id))
    return None if cat is None else (page, cat)


def _gone(request: Request) -> Response:
    context: dict[str, object] = {"cats": [], "cat": None}
    return render(request, "shared_gone.html", context, status_code=404)


@router.get("/shared/{token}")
def shared_cat(
    token: str, request: Request, db: DbDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    opened = _open(token, request, db, settings, clock)
    if opened is None:
        return _gone(request)
    page, cat = opened
    now = page.home.now
    decision, log = plans.plan_and_log(
        db, page.actor, cat.id, now=now, default_zone=settings.timezone
    )
    timeline = list(reversed(rows(log, cat.cat)))
    names = members.logged_by_names(db, page.actor, cat.id)
    context = {
        "cats": [],
        "cat": None,
        "shared": cat,
        "token": token,
        "zone": page.home.zone,
        "times_line": words.SHARED_TIMES.format(zone=page.home.zone),
        "log": timeline[:PAGE_ROWS],
        "summary": summary(decision, list(reversed(timeline)), now),
        "names": names,
    }
    response = render(request, "shared.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/shared/{token}/progress.svg")
def shared_chart(
    token: str, request: Request, db: DbDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    opened = _open(token, request, db, settings, clock)
    if opened is None:
        return Response(status_code=404)
    page, cat = opened
    _, log = plans.plan_and_log(
        db, page.actor, cat.id, now=page.home.now, default_zone=settings.timezone
    )
    # The same sessions as the page's list: the latest ones, oldest first.
    shown = rows(log, cat.cat)[-PAGE_ROWS:]
    svg = progress_svg(shown, f"{cat.name}: where on the plan", page.home.zone)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
