"""Today (the next session, its checks, timer and weather) and the one-thumb log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from starlette.datastructures import ImmutableMultiDict
from starlette.responses import RedirectResponse, Response

from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.services import plans, sessions
from catpack.services.sessions import ClientIdTaken
from catpack.services.views import CatBrief
from catpack.web.pages.deps import POSTED, FormDep, Page, PageDep
from catpack.web.pages.forms import PLANNED, SESSION, field_errors, read_planned, read_session
from catpack.web.pages.offline import from_outbox, outbox_answer, read_outbox_fields
from catpack.web.pages.templating import render

router = APIRouter(include_in_schema=False)

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


def plan(page: Page, cat: CatBrief, planned: dict[str, Any] | None = None) -> dict[str, Any]:
    """Today's decision for ``cat`` at the page's "now" (the household's zone)."""
    return plans.today_plan(
        page.db,
        page.actor,
        cat.id,
        planned=planned,
        now=page.home.now,
        default_zone=page.settings.timezone,
    )


def today_context(
    page: Page, cat: CatBrief, params: ImmutableMultiDict[str, Any]
) -> dict[str, Any]:
    """Everything Today shows: decision, rest state, checklist, weather and heat."""
    planned, errors = read_planned(params, page.units)
    decision: dict[str, Any] | None = None
    if planned is not None and not errors:
        # The planned place is the next session's own (the engine's default),
        # so one decision serves both the plan and the weather verdict.
        try:
            decision = plan(page, cat, planned)
        except CoachInputError as exc:
            errors = field_errors(exc.problems, PLANNED, page.units)
    if decision is None:
        decision = plan(page, cat)
    checklist = decision["next_session"]["checklist"] if decision["next_session"] else []
    ticked = [c for c in params.getlist("check") if c in checklist]
    now = page.home.now
    stress = decision.get("stress") or {}
    return {
        "d": decision,
        "rest": rest_state(decision, now),
        "hot": bool(HOT_SIGNS & set(stress.get("signs", []))),
        "checklist": checklist,
        "ticked": ticked,
        "locked": bool(checklist) and len(ticked) < len(checklist),
        "weather": {k: params.get(k, "") for k in WEATHER_FIELDS},
        "query": str(params),
        "errors": errors,
    }


@router.get("/cats/{cat_id}/today")
def today(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    params = page.request.query_params
    context = page.frame(cat, "today")
    context.update(today_context(page, cat, params))
    if params.get("logged"):
        context["flash"] = "Session saved. Here is what comes next."
        context["undo"] = True
    elif params.get("undone"):
        context["flash"] = "The last session was taken back."
    status = 422 if context["errors"] else 200
    response = render(page.request, "today.html", context, status_code=status)
    response.set_cookie("catpack_cat", str(cat.id), samesite="lax", httponly=True)
    return response


def _log_page(
    page: Page,
    cat: CatBrief,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
    decision: dict[str, Any] | None = None,
) -> Response:
    decision = decision or plan(page, cat)
    context = page.frame(cat, "log")
    context.update(
        d=decision, values=values, errors=errors, rest=rest_state(decision, page.home.now)
    )
    return render(page.request, "log.html", context, status_code=status)


@router.get("/cats/{cat_id}/log")
def log_form(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    decision = plan(page, cat)
    nxt = decision["next_session"] or {}
    params = page.request.query_params
    values = {
        **LOG_DEFAULTS,
        "stage": decision["stage"]["id"],
        "level": decision["stage"]["level"],
        "location": nxt.get("location", "home"),
        "minutes": nxt.get("max_minutes"),
        "check": params.getlist("check"),
        **{k: params.get(k, "") for k in WEATHER_FIELDS},
    }
    return _log_page(page, cat, values, {}, decision=decision)


@router.post("/cats/{cat_id}/sessions", dependencies=POSTED)
def log_session(cat_id: str, page: PageDep, form: FormDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    values: dict[str, Any] = {k: form.get(k) for k in form}
    for multi in ("signs", "check"):
        values[multi] = form.getlist(multi)
    now = page.home.now
    # A session from the phone's outbox keeps the time it was saved (offline.js).
    client_id, saved_at, errors = read_outbox_fields(form, now)
    session, form_errors = read_session(form, page.units, saved_at or now)
    errors = {**form_errors, **errors}
    status = 422
    try:
        if errors:  # the form's own problems: still collect the service's, store nothing
            sessions.check_session(session, now)
        elif client_id is not None:  # sent again from the outbox: logged once
            sessions.log_session_once(page.db, page.actor, cat.id, session, client_id, now=now)
        else:
            sessions.log_session(page.db, page.actor, cat.id, session, now=now)
    except CoachInputError as exc:
        errors = {**field_errors(exc.problems, SESSION, page.units), **errors}
    except ClientIdTaken:
        status = 409
        errors = {
            "form": "This session was sent before with other answers: it was not saved again."
        }
    except ConflictError:
        status = 409
        errors = {"form": "A session at this very moment is saved already."}
    except NotFoundError:
        return page.missing()
    if from_outbox(page.request):
        return outbox_answer(cat.id, errors, status)
    if errors:
        return _log_page(page, cat, values, errors, 422)
    return RedirectResponse(f"/cats/{cat.id}/today?logged=1", status_code=303)


@router.post("/cats/{cat_id}/sessions/undo", dependencies=POSTED)
def undo_last(cat_id: str, page: PageDep) -> Response:
    """Take back the session just logged (a mistaken tap); the audit trail keeps it."""
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    try:
        sessions.undo_last_session(page.db, page.actor, cat.id)
    except NotFoundError:
        return RedirectResponse(f"/cats/{cat.id}/today", status_code=303)
    return RedirectResponse(f"/cats/{cat.id}/today?undone=1", status_code=303)
