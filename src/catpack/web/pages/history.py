"""History: per-cat summary, the progress chart and the session timeline, paged."""

from __future__ import annotations

from datetime import datetime

from starlette.responses import Response

from catpack.services import members, plans, sessions
from catpack.web.pages.chart import progress_svg
from catpack.web.pages.deps import Page, PageDep
from catpack.web.pages.pack import history_air
from catpack.web.pages.progress import Row, rows, summary
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render

router = page_router()

#: Sessions on one page of the history (the chart draws the same ones; the
#: summary counts them all). Small enough for a phone's chart to stay readable.
PAGE_ROWS = 30


def page_number(page: Page, pages: int) -> int:
    """The ``?page=`` asked for (1 = the newest sessions), kept within the pages."""
    raw = page.request.query_params.get("page", "1")
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1
    return min(max(number, 1), max(pages, 1))


def paged(timeline: list[Row], number: int) -> list[Row]:
    """The sessions of page ``number``, newest first."""
    newest = list(reversed(timeline))
    return newest[(number - 1) * PAGE_ROWS : number * PAGE_ROWS]


FLASH = {
    "changed": "Session changed. The coach now reads the log as it is.",
    "deleted": "Session deleted. It no longer counts for the coach.",
}


@router.get("/cats/{cat_id}/history")
def history(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    now = page.home.now
    decision, log = plans.plan_and_log(
        page.db, page.actor, cat.id, now=now, default_zone=page.settings.timezone
    )
    timeline = rows(log, cat.cat)
    pages = -(-len(timeline) // PAGE_ROWS)
    number = page_number(page, pages)
    shown = paged(timeline, number)
    context = page.frame(cat, "history")
    context.update(
        log=shown,
        summary=summary(decision, timeline, now),
        d=decision,
        number=number,
        pages=pages,
    )
    context["pack_air"] = history_air(page, cat.id, shown[-1].at if shown else None)
    # Each row's stored session (its id to change it, its note), from the same
    # page of the stored log: a cat has at most one live session at an
    # instant, so the time finds it.
    stored = sessions.history(
        page.db, page.actor, cat.id, limit=PAGE_ROWS, offset=(number - 1) * PAGE_ROWS
    ).items
    context["stored"] = {datetime.fromisoformat(str(v.session["at"])): v for v in stored}
    context["flash"] = page.flash(FLASH)
    # Who logged each session, once more than one person shares the household.
    several = len(members.members(page.db, page.actor)) > 1
    context["names"] = members.logged_by_names(page.db, page.actor, cat.id) if several else {}
    return render(page.request, "history.html", context)


@router.get("/cats/{cat_id}/progress.svg")
def progress_chart(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return Response(status_code=404)
    _, log = plans.plan_and_log(
        page.db, page.actor, cat.id, now=page.home.now, default_zone=page.settings.timezone
    )
    timeline = rows(log, cat.cat)
    number = page_number(page, -(-len(timeline) // PAGE_ROWS))
    shown = list(reversed(paged(timeline, number)))
    svg = progress_svg(shown, f"{cat.name}: where on the plan", page.home.zone)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
