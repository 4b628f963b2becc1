"""History: per-cat summary, the progress chart and the session timeline."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from catpack.web.pages import deps
from catpack.web.pages.chart import progress_png
from catpack.web.pages.progress import rows, summary
from catpack.web.pages.templating import render

router = APIRouter(include_in_schema=False)

#: Sessions listed on the timeline (the chart and the summary count them all).
TIMELINE_ROWS = 50


@router.get("/cats/{cat_id}/history")
def history(request: Request, cat_id: str) -> Response:
    backend = deps.backend(request)
    cat = deps.cat_or_none(request, cat_id)
    if cat is None:
        return deps.missing(request)
    now = deps.now(request)
    log = rows(backend.sessions(cat.id), cat.profile)
    decision = backend.decide(cat.id, now, None)
    context = deps.frame(request, cat, "history")
    newest = list(reversed(log))
    context.update(log=newest[:TIMELINE_ROWS], summary=summary(decision, log, now), d=decision)
    return render(request, "history.html", context)


@router.get("/cats/{cat_id}/progress.png")
def progress_chart(request: Request, cat_id: str) -> Response:
    backend = deps.backend(request)
    cat = deps.cat_or_none(request, cat_id)
    if cat is None:
        return Response(status_code=404)
    log = rows(backend.sessions(cat.id), cat.profile)
    png = progress_png(log, f"{cat.name}: progress and stress")
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})
