"""Trip planner and heat check, both on the engine's ``plan_trip`` (nothing stored)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from catpack.domain.airlines import AIRLINES
from catpack.domain.errors import CatpackError
from catpack.web.pages import deps
from catpack.web.pages.backend import CatCard
from catpack.web.pages.forms import FormProblems, parse_trip, parse_weather
from catpack.web.pages.templating import render

router = APIRouter(include_in_schema=False)
POSTED = [Depends(deps.same_origin)]

#: The heat check asks plan_trip about a one-hour walk in the given weather.
HEAT_CHECK_TRIP: dict[str, Any] = {"kind": "walk", "hours": 1}
TRIP_DEFAULTS: dict[str, Any] = {"kind": "walk", "hours": 1, "sun": "", "airline": ""}


def airline_pairs() -> list[tuple[str, str]]:
    return [(a.id, a.name) for a in sorted(AIRLINES.values(), key=lambda a: a.name)]


def _trip_page(
    request: Request,
    cat: CatCard,
    values: dict[str, Any],
    plan: dict[str, Any] | None,
    errors: dict[str, str],
) -> Response:
    context = deps.frame(request, cat, "trip")
    context.update(values=values, plan=plan, errors=errors, airlines=airline_pairs())
    return render(request, "trip.html", context, status_code=422 if errors else 200)


@router.get("/cats/{cat_id}/trip")
def trip_form(request: Request, cat_id: str) -> Response:
    cat = deps.cat_or_none(request, cat_id)
    if cat is None:
        return deps.missing(request)
    values = {**TRIP_DEFAULTS, **{f"backpack_{k}": v for k, v in cat.backpack.items()}}
    return _trip_page(request, cat, values, None, {})


@router.post("/cats/{cat_id}/trip", dependencies=POSTED)
async def trip_plan(request: Request, cat_id: str) -> Response:
    cat = deps.cat_or_none(request, cat_id)
    if cat is None:
        return deps.missing(request)
    form = await request.form()
    values: dict[str, Any] = {**TRIP_DEFAULTS, **{k: form.get(k) for k in form}}
    try:
        trip = parse_trip(form, deps.units(request))
        plan = deps.backend(request).plan_trip(cat.id, deps.now(request), trip)
    except FormProblems as problems:
        return _trip_page(request, cat, values, None, problems.errors)
    except CatpackError as exc:
        return _trip_page(request, cat, values, None, {"form": str(exc)})
    return _trip_page(request, cat, values, plan, {})


@router.get("/cats/{cat_id}/heat")
def heat_check(request: Request, cat_id: str) -> Response:
    cat = deps.cat_or_none(request, cat_id)
    if cat is None:
        return deps.missing(request)
    params = request.query_params
    values = {k: params.get(k, "") for k in ("sun", "temp", "humidity", "wind")}
    errors: dict[str, str] = {}
    plan = None
    if params.get("temp"):
        try:
            weather = parse_weather(params, deps.units(request))
            trip = {**HEAT_CHECK_TRIP, **weather}
            plan = deps.backend(request).plan_trip(cat.id, deps.now(request), trip)
        except FormProblems as problems:
            errors = problems.errors
    context = deps.frame(request, cat, "heat")
    context.update(values=values, plan=plan, errors=errors)
    return render(request, "heat.html", context, status_code=422 if errors else 200)
