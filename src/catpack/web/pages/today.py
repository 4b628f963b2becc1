"""Today (the next session, its checks, timer and weather) and the one-thumb log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import ImmutableMultiDict
from starlette.responses import RedirectResponse, Response

from catpack.domain.errors import CatpackError, NotFoundError
from catpack.web.pages import deps
from catpack.web.pages.backend import CatCard
from catpack.web.pages.forms import FormProblems, parse_planned, parse_session
from catpack.web.pages.templating import render

router = APIRouter(include_in_schema=False)
POSTED = [Depends(deps.same_origin)]

#: The log form's starting answers: what a calm, ordinary session looks like,
#: so a good session is saved with one tap and only a worry needs more taps.
LOG_DEFAULTS: dict[str, Any] = {
    "tail": "upright",
    "ears": "forward",
    "eyes": "normal",
    "body": "relaxed",
    "vocal": "silent",
    "signs": [],
    "took_treats": "yes",
    "entered_voluntarily": "yes",
    "reps": 5,
    "calm_reps": 5,
}
WEATHER_FIELDS = ("sun", "temp", "humidity", "wind")
HOT_SIGNS = frozenset({"panting"})


def rest_state(decision: dict[str, Any], now: datetime) -> str:
    """'resting' while a stop's rest runs, 'rested' once it is over, else ''."""
    if decision["decision"] != "stop" or decision["next_session"] is None:
        return ""
    not_before = datetime.fromisoformat(str(decision["next_session"]["not_before"]))
    return "resting" if now < not_before else "rested"


def today_context(
    request: Request, cat: CatCard, params: ImmutableMultiDict[str, Any]
) -> dict[str, Any]:
    """Everything Today shows: decision, rest state, checklist, weather and heat."""
    backend, units, now = deps.backend(request), deps.units(request), deps.now(request)
    errors: dict[str, str] = {}
    plain = backend.decide(cat.id, now, None)
    location = plain["next_session"]["location"] if plain["next_session"] else "home"
    try:
        planned = parse_planned(params, units, location)
    except FormProblems as problems:
        errors, planned = problems.errors, None
    decision = backend.decide(cat.id, now, planned) if planned else plain
    checklist = decision["next_session"]["checklist"] if decision["next_session"] else []
    ticked = [c for c in params.getlist("check") if c in checklist]
    state = rest_state(decision, now)
    stress = decision.get("stress") or {}
    return {
        "d": decision,
        "rest": state,
        "hot": bool(HOT_SIGNS & set(stress.get("signs", []))),
        "checklist": checklist,
        "ticked": ticked,
        "locked": bool(checklist) and len(ticked) < len(checklist),
        "weather": {k: params.get(k, "") for k in WEATHER_FIELDS},
        "query": str(params),
        "errors": errors,
        "now": now,
    }


@router.get("/cats/{cat_id}/today")
def today(request: Request, cat_id: str) -> Response:
    cat = deps.cat_or_none(request, cat_id)
    if cat is None:
        return deps.missing(request)
    context = deps.frame(request, cat, "today")
    context.update(today_context(request, cat, request.query_params))
    if request.query_params.get("logged"):
        context["flash"] = "Session saved. Here is what comes next."
        context["undo"] = True
    elif request.query_params.get("undone"):
        context["flash"] = "The last session was taken back."
    status = 422 if context["errors"] else 200
    response = render(request, "today.html", context, status_code=status)
    response.set_cookie("catpack_cat", cat.id, samesite="lax", httponly=True)
    return response


def _log_page(
    request: Request,
    cat: CatCard,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    backend, now = deps.backend(request), deps.now(request)
    decision = backend.decide(cat.id, now, None)
    context = deps.frame(request, cat, "log")
    context.update(d=decision, values=values, errors=errors, rest=rest_state(decision, now))
    return render(request, "log.html", context, status_code=status)


@router.get("/cats/{cat_id}/log")
def log_form(request: Request, cat_id: str) -> Response:
    cat = deps.cat_or_none(request, cat_id)
    if cat is None:
        return deps.missing(request)
    decision = deps.backend(request).decide(cat.id, deps.now(request), None)
    nxt = decision["next_session"] or {}
    params = request.query_params
    values = {
        **LOG_DEFAULTS,
        "stage": decision["stage"]["id"],
        "level": decision["stage"]["level"],
        "location": nxt.get("location", "home"),
        "minutes": nxt.get("max_minutes"),
        "check": params.getlist("check"),
        **{k: params.get(k, "") for k in WEATHER_FIELDS},
    }
    return _log_page(request, cat, values, {})


@router.post("/cats/{cat_id}/sessions", dependencies=POSTED)
async def log_session(request: Request, cat_id: str) -> Response:
    cat = deps.cat_or_none(request, cat_id)
    if cat is None:
        return deps.missing(request)
    form = await request.form()
    values: dict[str, Any] = {k: form.get(k) for k in form}
    for multi in ("signs", "check"):
        values[multi] = form.getlist(multi)
    try:
        now = deps.now(request)
        session = parse_session(form, deps.units(request), now)
        deps.backend(request).log_session(cat.id, session, now)
    except FormProblems as problems:
        return _log_page(request, cat, values, problems.errors, 422)
    except CatpackError as exc:
        return _log_page(request, cat, values, {"form": str(exc)}, 422)
    return RedirectResponse(f"/cats/{cat.id}/today?logged=1", status_code=303)


@router.post("/cats/{cat_id}/sessions/undo", dependencies=POSTED)
def undo_last(request: Request, cat_id: str) -> Response:
    """Take back the session just logged (a mistaken tap); the audit trail keeps it."""
    cat = deps.cat_or_none(request, cat_id)
    if cat is None:
        return deps.missing(request)
    try:
        deps.backend(request).undo_last(cat.id)
    except NotFoundError:
        return RedirectResponse(f"/cats/{cat.id}/today", status_code=303)
    return RedirectResponse(f"/cats/{cat.id}/today?undone=1", status_code=303)
