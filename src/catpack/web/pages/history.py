"""History: per-cat summary, the progress chart and the session timeline."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from starlette.responses import Response

from catpack.services import members, plans, sessions
from catpack.web.pages.chart import progress_png
from catpack.web.pages.deps import PageDep
from catpack.web.pages.pack import history_air
from catpack.web.pages.progress import rows, summary
from catpack.web.pages.templating import render

router = APIRouter(include_in_schema=False)

#: Sessions listed on the timeline (the chart and the summary count them all).
TIMELINE_ROWS = 50
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
    context = page.frame(cat, "history")
    newest = list(reversed(timeline))
    shown = newest[:TIMELINE_ROWS]
    context.update(log=shown, summary=summary(decision, timeline, now), d=decision)
    context["pack_air"] = history_air(page, cat.id, shown[-1].at if shown else None)
    # Each row's stored session (its id to change it, its note): a cat has at
    # most one live session at an instant, so the time finds it.
    stored = sessions.history(page.db, page.actor, cat.id, limit=TIMELINE_ROWS).items
    context["stored"] = {datetime.fromisoformat(str(v.session["at"])): v for v in stored}
    params = page.request.query_params
    context["flash"] = next((FLASH[k] for k in FLASH if params.get(k)), "")
    # Who logged each session, once more than one person shares the household.
    several = len(members.members(page.db, page.actor)) > 1
    context["names"] = members.logged_by_names(page.db, page.actor, cat.id) if several else {}
    return render(page.request, "history.html", context)


@router.get("/cats/{cat_id}/progress.png")
def progress_chart(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return Response(status_code=404)
    _, log = plans.plan_and_log(
        page.db, page.actor, cat.id, now=page.home.now, default_zone=page.settings.timezone
    )
    png = progress_png(rows(log, cat.cat), f"{cat.name}: progress and stress", page.home.zone)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})
