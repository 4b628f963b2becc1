"""Trip planner and heat check, both on the engine's ``plan_trip``; saved trips and
how they went (logged as a session the coach reads)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import ImmutableMultiDict
from starlette.responses import RedirectResponse, Response

from catpack import words
from catpack.domain.airlines import AIRLINES
from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.domain.trips import ASK_AIRLINE
from catpack.services import gear, outings, plans
from catpack.services.views import CatBrief, TripView
from catpack.web.pages.deps import PLANNED, POSTED, AnyRolePageDep, Page, PageDep
from catpack.web.pages.forms import TRIP, Input, field_errors, read_trip, read_weather, row_id
from catpack.web.pages.gear import VERDICT_WORDS
from catpack.web.pages.gear_forms import OUTCOME, problems_to_fields, read_outcome, read_when
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render
from catpack.web.pages.units import Units

router = page_router()

#: The heat check asks plan_trip about a one-hour walk in the given weather.
HEAT_CHECK_TRIP: dict[str, Any] = {"kind": "walk", "hours": 1}
TRIP_DEFAULTS: dict[str, Any] = {"kind": "walk", "hours": 1, "sun": "", "airline": ""}
#: The trip form's inputs when it is saved: the notes too.
SAVED_TRIP = {**TRIP, "notes": Input("notes", "Notes", "notes")}
#: The trip form's inputs, carried over to "save this trip".
TRIP_FIELDS = (
    "kind",
    "hours",
    "sun",
    "temp",
    "humidity",
    "wind",
    "airline",
    "backpack_length_cm",
    "backpack_width_cm",
    "backpack_height_cm",
)
#: How the trip went: nothing about the cat is assumed (the owner ticks what
#: they saw, as in the log form).
OUTCOME_DEFAULTS: dict[str, Any] = {"signs": []}


def airline_pairs() -> list[tuple[str, str]]:
    return [(a.id, a.name) for a in sorted(AIRLINES.values(), key=lambda a: a.name)]


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def plan_trip(
    page: Page, cat: CatBrief, trip: dict[str, Any], errors: dict[str, str]
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The engine's plan for ``trip`` in the owner's units, or the problems (the
    form's and the service's)."""
    try:
        if errors:  # the form's own problems: still collect the service's
            plans.check_trip(trip)
            return None, errors
        plan = plans.trip_plan(
            page.db,
            page.actor,
            cat.id,
            trip,
            now=page.home.now,
            default_zone=page.settings.timezone,
            units=page.units.system,
        )
        return plan, {}
    except CoachInputError as exc:
        return None, {**field_errors(exc.problems, TRIP, page.units), **errors}


AIRLINE_VERDICT = {
    True: "Within {name}'s cabin rules",
    False: "Not within {name}'s cabin rules",
    None: "Not sure yet for {name}",
}


#: The weather flags that keep a trip from going now (the domain's safety
#: flags), by the heading its stops and packing list then get.
_TOO_HOT = {"heat_high", "heat_extreme"}
_TOO_COLD = {"cold_long_outing", "freezing_long_outing"}


def later_heading(plan: dict[str, Any]) -> str:
    """Over a trip's stops and packing list when it is not ready: they are for
    going later ("If you go later, when it is cooler:"); none when ready."""
    if plan["ready"]:
        return ""
    blocking = set(plan["safety"]["blocking"])
    said = "heat" if blocking & _TOO_HOT else "cold" if blocking & _TOO_COLD else "other"
    return words.TRIP_LATER[said]


def trip_answer(plan: dict[str, Any], kind: str, name: str, units: Units) -> dict[str, Any]:
    """The plan as the page shows it: the airline's sentences in their own
    section (with its verdict in words), the other reasons above, and a
    not-ready trip's stops and packing headed as for later."""
    airline = plan.get("airline")
    flying: set[str] = {ASK_AIRLINE}
    verdict = ""
    if airline is not None:
        flying.update(airline["problems"], airline["cautions"], [airline["note"]])
        verdict = AIRLINE_VERDICT[airline["fits"]].format(name=airline["name"])
    fit = plan.get("fit")
    return {
        "reasons": [units.say(r) for r in plan["reasons"] if r not in flying],
        "airline": airline,
        "airline_verdict": verdict,
        "ask_airline": kind == "flight" and airline is None,
        "fit": fit,
        "fit_words": VERDICT_WORDS[fit["verdict"]].format(name=name) if fit else "",
        "later": later_heading(plan),
    }


def _trip_page(
    page: Page,
    cat: CatBrief,
    values: dict[str, Any],
    plan: dict[str, Any] | None,
    errors: dict[str, str],
    status: int | None = None,
) -> Response:
    context = page.frame(cat, "trip")
    _, _, pack = gear.cat_pack(page.db, page.actor, cat.id)
    context.update(
        values=values,
        plan=plan,
        answer=trip_answer(plan, str(values.get("kind") or ""), cat.name, page.units)
        if plan
        else None,
        errors=errors,
        airlines=airline_pairs(),
        pack=pack,
        carry=[(k, values.get(k)) for k in TRIP_FIELDS if values.get(k) not in (None, "")],
        trips=_with_packing(saved_trips(page, cat)),
        trip_coming_up=words.TRIP_COMING_UP,
    )
    if page.request.query_params.get("saved"):
        context["flash"] = "Trip saved. After it, tell catpack how it went."
    code = status if status is not None else (422 if errors else 200)
    return render(page.request, "trip.html", context, status_code=code)


def saved_trips(page: Page, cat: CatBrief) -> list[dict[str, Any]]:
    """The cat's saved trips, newest first, as the list shows them. A trip
    has ``started`` once its time has come on the household's clock (one
    saved without a time: at once); only then is it asked how it went."""
    rows: list[TripView] = gear.list_trips(page.db, page.actor, cat.id)
    now = page.home.now
    out = []
    for row in reversed(rows):
        airline = AIRLINES.get(str(row.trip.get("airline") or ""))
        out.append(
            {
                "id": row.id,
                "kind": row.trip.get("kind", ""),
                "hours": row.trip.get("hours"),
                "airline": airline.name if airline else "",
                "starts_at": row.starts_at,
                "notes": row.notes,
                "done": row.outcome_session_id is not None,
                "started": row.starts_at is None or row.starts_at <= now,
                "trip": row.trip,
            }
        )
    return out


def _with_packing(trips: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``trips``, each one still to come with its packing list (the engine's,
    the one its plan gives): what is useful before a trip. The list is all
    the page shows of a saved trip's plan, and it depends on the trip alone:
    the rest of each plan (the cat's log read and folded, readiness, heat,
    airline, fit) is never made here."""
    for trip in trips:
        if not trip["started"]:
            try:
                trip["packing"] = plans.trip_packing(trip["trip"])
            except CoachInputError:  # a stored trip this version no longer takes
                trip["packing"] = []
    return trips


@router.get("/cats/{cat_id}/trip")
def trip_form(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    return _trip_page(page, cat, dict(TRIP_DEFAULTS), None, {})


def _values(form: ImmutableMultiDict[str, Any]) -> dict[str, Any]:
    return {**TRIP_DEFAULTS, **{k: form.get(k) for k in form if k != "csrf_token"}}


@router.post("/cats/{cat_id}/trip", dependencies=PLANNED)
def trip_plan(cat_id: str, page: AnyRolePageDep) -> Response:
    """The plan for the trip in the form: computed, not stored (a trainer may
    ask too; saving it is :func:`save_trip`)."""
    form = page.form
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    trip, errors = read_trip(form, page.units)
    plan, errors = plan_trip(page, cat, trip, errors)
    return _trip_page(page, cat, _values(form), plan, errors)


@router.post("/cats/{cat_id}/trips", dependencies=POSTED)
def save_trip(cat_id: str, page: PageDep) -> Response:
    """Save the trip just planned (its fields come back as hidden inputs)."""
    form = page.form
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    trip, errors = read_trip(form, page.units)
    starts_at, when_error = read_when(form, page.home.zone)
    notes = form.get("notes")
    try:
        if not errors and not when_error:
            gear.add_trip(
                page.db,
                page.actor,
                cat.id,
                trip,
                starts_at=starts_at,
                notes=notes.strip() if isinstance(notes, str) else "",
            )
            return see_other(f"/cats/{cat.id}/trip?saved=1#saved-trips")
    except CoachInputError as exc:
        errors = {**field_errors(exc.problems, SAVED_TRIP, page.units), **errors}
    plan, errors = plan_trip(page, cat, trip, {**errors, **when_error})
    return _trip_page(page, cat, _values(form), plan, errors, status=422)


@router.post("/cats/{cat_id}/trips/{trip_id}/delete", dependencies=POSTED)
def delete_trip(cat_id: str, trip_id: str, page: PageDep) -> Response:
    cat, number = page.cat(cat_id), row_id(trip_id)
    if cat is None or number is None:
        return page.missing()
    try:
        gear.delete_trip(page.db, page.actor, cat.id, number)
    except NotFoundError:
        return page.missing()
    return see_other(f"/cats/{cat.id}/trip#saved-trips")


def _outcome_page(
    page: Page,
    cat: CatBrief,
    trip: dict[str, Any],
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    context = page.frame(cat, "trip")
    refused = errors.pop("form", "") if status == 409 else ""
    context.update(trip=trip, values=values, errors=errors, refused=refused)
    return render(page.request, "trip_outcome.html", context, status_code=status)


def _saved(page: Page, cat: CatBrief, trip_id: str) -> dict[str, Any] | None:
    """The cat's saved trip with this id (an id from a URL: any text), or None."""
    return next((t for t in saved_trips(page, cat) if str(t["id"]) == trip_id), None)


@router.get("/cats/{cat_id}/trips/{trip_id}/outcome")
def outcome_form(cat_id: str, trip_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    trip = _saved(page, cat, trip_id) if cat is not None else None
    if cat is None or trip is None:
        return page.missing(cat, "trip")
    if not trip["started"]:  # an old link: the trip is still to come
        return see_other(f"/cats/{cat.id}/trip#trip-{trip['id']}")
    if page.read_only:
        return page.looks_only(cat, "outcome", f"/cats/{cat.id}/trip#saved-trips", "trip")
    minutes = min(float(trip["hours"] or 1) * 60, 24 * 60)
    return _outcome_page(page, cat, trip, {**OUTCOME_DEFAULTS, "minutes": f"{minutes:g}"}, {})


@router.post("/cats/{cat_id}/trips/{trip_id}/outcome", dependencies=POSTED)
def log_outcome(cat_id: str, trip_id: str, page: PageDep) -> Response:
    form = page.form
    cat = page.cat(cat_id)
    trip = _saved(page, cat, trip_id) if cat is not None else None
    if cat is None or trip is None:
        return page.missing(cat, "trip")
    values: dict[str, Any] = {k: form.get(k) for k in form}
    values["signs"] = form.getlist("signs")
    told, errors = read_outcome(form, page.units)
    status = 422
    try:
        if not trip["started"]:
            raise ConflictError(words.TRIP_NOT_STARTED)
        if errors:  # the form's own problems: still collect the service's, store nothing
            outings.check_outcome(told["observation"])
        else:
            outings.record_trip_outcome(
                page.db,
                page.actor,
                cat.id,
                trip["id"],
                told["observation"],
                at=page.home.now,
                minutes=told.get("minutes"),
                note=told["note"],
                default_zone=page.settings.timezone,
            )
            return see_other(f"/cats/{cat.id}/today?logged=1")
    except CoachInputError as exc:
        named = exc.renamed(lambda path: "session.note" if path == "note" else path)
        errors = {**problems_to_fields(named.problems, OUTCOME, page.units), **errors}
    except ConflictError as exc:
        errors, status = {"form": _said(str(exc))}, 409
    return _outcome_page(page, cat, trip, values, errors, status)


def _said(message: str) -> str:
    """A service's sentence as the page says it: capitalised, with a full stop."""
    text = message[:1].upper() + message[1:]
    return text if text.endswith(".") else text + "."


@router.get("/cats/{cat_id}/heat")
def heat_check(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    params = page.request.query_params
    values = {k: params.get(k, "") for k in ("sun", "temp", "humidity", "wind")}
    errors: dict[str, str] = {}
    plan = None
    if params.get("temp", "").strip():
        weather, errors = read_weather(params, page.units)
        plan, errors = plan_trip(page, cat, {**HEAT_CHECK_TRIP, **weather}, errors)
    elif "temp" in params:  # "Check the heat" with no temperature typed
        errors = {"temp": words.HEAT_NEEDS_TEMP}
    context = page.frame(cat, "heat")
    context.update(values=values, plan=plan, errors=errors)
    return render(page.request, "heat.html", context, status_code=422 if errors else 200)
