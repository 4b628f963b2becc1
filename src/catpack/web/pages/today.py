"""Today: the next session, its checks, timer and weather (the log form: :mod:`.logform`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.datastructures import ImmutableMultiDict
from starlette.responses import Response

from catpack import words
from catpack.domain.errors import CoachInputError
from catpack.domain.validation import CLOCK_SKEW
from catpack.services import plans
from catpack.services.views import CatBrief
from catpack.web.pages.deps import CAT_COOKIE, Page, PageDep, remember_cat
from catpack.web.pages.forms import PLANNED, field_errors, read_planned
from catpack.web.pages.plan import stop_gear
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render

router = page_router()

WEATHER_FIELDS = ("sun", "temp", "humidity", "wind")
HOT_SIGNS = frozenset({"panting"})


def rest_state(decision: dict[str, Any], now: datetime) -> str:
    """'resting' while a stop's rest runs, 'rested' once it is over;
    'waiting' while the rest runs after a session logged during it (the
    decision judges that session, no longer the stop, but the next session
    is still not before the rest's end); else ''."""
    if decision["next_session"] is None:
        return ""
    not_before = datetime.fromisoformat(str(decision["next_session"]["not_before"]))
    if decision["decision"] != "stop":
        # Without a rest, "not before" is now or the last session's own time,
        # which may be up to the clock tolerance ahead (a phone's clock): only
        # a time beyond that is a rest still running.
        return "waiting" if not_before - now > CLOCK_SKEW else ""
    return "resting" if now < not_before else "rested"


def plan(
    page: Page, cat: CatBrief, planned: dict[str, Any] | None = None
) -> tuple[dict[str, Any], datetime | None, datetime | None]:
    """Today's decision for ``cat`` at the page's "now" (the household's zone),
    when the pause running now began (None while training is on) and when it
    ends (None for a pause until resumed)."""
    read = plans.read_cat(
        page.db,
        page.actor,
        cat.id,
        planned=planned,
        now=page.home.now,
        default_zone=page.settings.timezone,
    )
    return plans.decided(read), read.paused_since, read.paused_until


def today_context(
    page: Page, cat: CatBrief, params: ImmutableMultiDict[str, Any]
) -> dict[str, Any]:
    """Everything Today shows: decision, rest state, checklist, weather and heat."""
    planned, errors = read_planned(params, page.units)
    decision: dict[str, Any] | None = None
    paused_since: datetime | None = None
    paused_until: datetime | None = None
    if planned is not None and not errors:
        # The planned place is the next session's own (the engine's default),
        # so one decision serves both the plan and the weather verdict.
        try:
            decision, paused_since, paused_until = plan(page, cat, planned)
        except CoachInputError as exc:
            errors = field_errors(exc.problems, PLANNED, page.units)
    if decision is None:
        decision, paused_since, paused_until = plan(page, cat)
    # Its sentences in the owner's units (a copy: the decision may be shared).
    decision = {**decision, "reasons": [page.units.say(r) for r in decision["reasons"]]}
    checklist = decision["next_session"]["checklist"] if decision["next_session"] else []
    ticked = [c for c in params.getlist("check") if c in checklist]
    now = page.home.now
    stress = decision.get("stress") or {}
    rest = rest_state(decision, now)
    return {
        "d": decision,
        "rest": rest,
        "gear": stop_gear(page, cat) if rest == "resting" else "shut",
        "hot": bool(HOT_SIGNS & set(stress.get("signs", []))),
        "checklist": checklist,
        "ticked": ticked,
        "locked": bool(checklist) and len(ticked) < len(checklist),
        "weather": {k: params.get(k, "") for k in WEATHER_FIELDS},
        # "Check" pressed with no temperature: say what the heat check needs.
        "heat_missing": words.HEAT_NEEDS_TEMP
        if "temp" in params and not params["temp"].strip() and not errors
        else "",
        "query": str(params),
        "errors": errors,
        "paused_since": paused_since,
        # A break with an end date ends by itself (Resume cannot end it):
        # until when, and no Resume button.
        "paused_until": paused_until,
        "paused_words": words.TODAY_PAUSED_UNTIL if paused_until else words.TODAY_PAUSED,
        "still_resting": words.TODAY_STILL_RESTING,
        "rested_words": words.TODAY_RESTED,
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
    elif params.get("resumed"):
        context["flash"] = words.TODAY_RESUMED
    elif params.get("already_on"):  # "Resume" on an old page
        context["flash"] = words.ALREADY_ON
    elif params.get("ends_by_itself"):
        context["flash"] = words.PAUSE_ENDS_BY_ITSELF
    elif params.get("joined"):
        context["flash"] = words.JOINED_FLASH.format(cat=cat.name)
    status = 422 if context["errors"] else 200
    response = render(page.request, "today.html", context, status_code=status)
    remember_cat(response, cat.id, page.request.cookies.get(CAT_COOKIE))
    return response
