"""Trip planner and heat check, both on the engine's ``plan_trip`` (nothing stored)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from catpack.domain.airlines import AIRLINES
from catpack.domain.errors import CoachInputError
from catpack.services import plans
from catpack.services.views import CatBrief
from catpack.web.pages.deps import POSTED, FormDep, Page, PageDep
from catpack.web.pages.forms import TRIP, field_errors, read_trip, read_weather
from catpack.web.pages.templating import render

router = APIRouter(include_in_schema=False)

#: The heat check asks plan_trip about a one-hour walk in the given weather.
HEAT_CHECK_TRIP: dict[str, Any] = {"kind": "walk", "hours": 1}
TRIP_DEFAULTS: dict[str, Any] = {"kind": "walk", "hours": 1, "sun": "", "airline": ""}


def airline_pairs() -> list[tuple[str, str]]:
    return [(a.id, a.name) for a in sorted(AIRLINES.values(), key=lambda a: a.name)]


def plan_trip(
    page: Page, cat: CatBrief, trip: dict[str, Any], errors: dict[str, str]
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The engine's plan for ``trip``, or the problems (the form's and the service's)."""
    try:
        if errors:  # the form's own problems: still collect the service's
            plans.check_trip(trip)
            return None, errors
        now = page.home.now
        plan = plans.trip_plan(
            page.db, page.actor, cat.id, trip, now=now, default_zone=page.settings.timezone
        )
        return plan, {}
    except CoachInputError as exc:
        return None, {**field_errors(exc.problems, TRIP, page.units), **errors}


def _trip_page(
    page: Page,
    cat: CatBrief,
    values: dict[str, Any],
    plan: dict[str, Any] | None,
    errors: dict[str, str],
) -> Response:
    context = page.frame(cat, "trip")
    context.update(values=values, plan=plan, errors=errors, airlines=airline_pairs())
    return render(page.request, "trip.html", context, status_code=422 if errors else 200)


@router.get("/cats/{cat_id}/trip")
def trip_form(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    values = {**TRIP_DEFAULTS, **{f"backpack_{k}": v for k, v in cat.backpack.items()}}
    return _trip_page(page, cat, values, None, {})


@router.post("/cats/{cat_id}/trip", dependencies=POSTED)
def trip_plan(cat_id: str, page: PageDep, form: FormDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    values: dict[str, Any] = {**TRIP_DEFAULTS, **{k: form.get(k) for k in form}}
    trip, errors = read_trip(form, page.units)
    plan, errors = plan_trip(page, cat, trip, errors)
    return _trip_page(page, cat, values, plan, errors)


@router.get("/cats/{cat_id}/heat")
def heat_check(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    params = page.request.query_params
    values = {k: params.get(k, "") for k in ("sun", "temp", "humidity", "wind")}
    errors: dict[str, str] = {}
    plan = None
    if params.get("temp"):
        weather, errors = read_weather(params, page.units)
        plan, errors = plan_trip(page, cat, {**HEAT_CHECK_TRIP, **weather}, errors)
    context = page.frame(cat, "heat")
    context.update(values=values, plan=plan, errors=errors)
    return render(page.request, "heat.html", context, status_code=422 if errors else 200)
