"""First run, adding a cat, switching cats and the household's settings."""

from __future__ import annotations

from typing import Any

from starlette.responses import RedirectResponse, Response

from catpack import words
from catpack.domain.errors import CoachInputError, ConflictError
from catpack.services import cats, household
from catpack.services.household import CAT_UNITS, known_zones
from catpack.web.pages.deps import (
    CAT_COOKIE,
    MANAGED,
    POSTED,
    Page,
    PageDep,
    remember_cat,
    switch_target,
)
from catpack.web.pages.forms import CAT, field_errors, read_cat
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render
from catpack.web.pages.units import UNIT_SYSTEMS

router = page_router()

#: The add-a-cat form's starting values: nothing guessed about the cat itself.
CAT_DEFAULTS: dict[str, Any] = {
    "name": "",
    "weight": None,
    "motivation": ["food"],
    "harness_trained": "unsure",
    "outdoor_experience": "",
    "carrier_history": "",
}


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/")
def home(page: PageDep) -> Response:
    known = page.home.cats
    if not known:
        return see_other("/cats/new")
    chosen = page.cat(page.request.cookies.get(CAT_COOKIE, ""))
    # Just joined from an invite: Today says welcome.
    joined = "?joined=1" if page.request.query_params.get("joined") else ""
    return see_other(f"/cats/{(chosen or known[0]).id}/today{joined}")


def _cat_form(
    page: Page, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Response:
    context = page.frame(None, "new")
    first = not context["cats"]
    context.update(
        values=values, errors=errors, first=first, accounts=page.settings.auth == "accounts"
    )
    if first and page.may("manage"):
        other = "imperial" if page.units.system == "metric" else "metric"
        said, button = words.NEW_CAT_UNITS[page.units.system]
        context.update(units_switch={"to": other, "said": said, "button": button})
        # No time zone yet (local mode never asks): the phone's, sent with the cat.
        context["phone_zone"] = not page.home.household.timezone
    return render(page.request, "cat_new.html", context, status_code=status)


@router.get("/cats/new")
def new_cat(page: PageDep) -> Response:
    if page.read_only:
        # With no cat yet, "/" leads here: the account page is the way on.
        return page.looks_only(None, "new_cat", "/" if page.home.cats else "/account")
    return _cat_form(page, dict(CAT_DEFAULTS), {})


@router.post("/cats", dependencies=POSTED)
def add_cat(page: PageDep) -> Response:
    form = page.form
    units = page.units
    values = {
        **CAT_DEFAULTS,
        **{k: form.get(k) for k in form if k != "motivation"},
        "motivation": form.getlist("motivation"),
    }
    profile, backpack, errors = read_cat(form, units)
    temp, weight = CAT_UNITS[units.system]
    try:
        if errors:  # the form's own problems: still collect the service's, store nothing
            cats.check_cat(profile, backpack)
        else:
            made = cats.add_cat(
                page.db,
                page.actor,
                profile,
                temp_unit=temp,  # type: ignore[arg-type]
                weight_unit=weight,  # type: ignore[arg-type]
                backpack=backpack or None,
            )
    except CoachInputError as exc:
        errors = {**field_errors(exc.problems, CAT, units), **errors}
    except ConflictError:
        errors = {"name": "Name: you already have a cat by that name."}
        return _cat_form(page, values, errors, 409)
    if errors:
        return _cat_form(page, values, errors, 422)
    _take_phone_zone(page, form.get("timezone"))
    response = see_other(f"/cats/{made.id}/today")
    remember_cat(response, made.id)
    return response


def typed_zone(typed: object) -> str:
    """A zone as a phone keyboard types it ("america/new york", a capital
    first, a space for the underscore): the known name it means, else as typed."""
    zone = typed.strip() if isinstance(typed, str) else ""
    if zone in known_zones():
        return zone
    wanted = zone.replace(" ", "_").casefold()
    return next((z for z in known_zones() if z.casefold() == wanted), zone)


def _take_phone_zone(page: Page, zone: object) -> None:
    """The first cat's form carries the phone's time zone: it becomes the
    household's when none is set yet, so "today" and the times shown are the
    owner's and not the server's (an unknown name is left for Settings)."""
    if page.home.household.timezone or not page.may("manage"):
        return
    if isinstance(zone, str) and zone in known_zones():
        household.edit_household(page.db, page.actor, timezone=zone)


@router.get("/switch")
def switch(page: PageDep, cat_id: str = "", to: str = "") -> Response:
    """Another cat, in the section the switcher was tapped in (``to``:
    :func:`switch_section`; Today without one)."""
    card = page.cat(cat_id)
    if card is None:
        return see_other("/")
    response = see_other(switch_target(card.id, to))
    remember_cat(response, card.id, page.request.cookies.get(CAT_COOKIE))
    return response


def _settings_page(
    page: Page,
    errors: dict[str, str],
    status: int = 200,
    typed: str | None = None,
    chosen_units: str = "",
) -> Response:
    context = page.frame(page.chosen_cat(), "settings")
    context["systems"] = UNIT_SYSTEMS
    context["errors"] = errors
    context["timezone"] = typed if typed is not None else page.home.household.timezone or ""
    # A refused form shows the units the owner picked, not the saved ones.
    context["chosen_units"] = chosen_units if chosen_units in UNIT_SYSTEMS else ""
    context["zones"] = sorted(known_zones())
    if not page.home.household.timezone:
        context["zone_unset"] = words.SETTINGS_ZONE_UNSET.format(zone=page.home.zone)
    context["flash"] = "Settings saved." if page.request.query_params.get("saved") else ""
    return render(page.request, "settings.html", context, status_code=status)


@router.get("/settings")
def settings_page(page: PageDep) -> Response:
    return _settings_page(page, {})


@router.post("/settings", dependencies=MANAGED)
def save_settings(page: PageDep) -> Response:
    form = page.form
    units = form.get("units")
    zone = typed_zone(form.get("timezone"))
    try:
        household.edit_household(
            page.db,
            page.actor,
            units=units if isinstance(units, str) else "",
            timezone=zone or None,
        )
    except CoachInputError as exc:
        errors = {}
        for problem in exc.problems:
            if problem.field == "units":
                errors["units"] = "Units: pick metric or imperial."
            else:
                errors["timezone"] = (
                    f"Time zone: {zone[:64]!r} is not one we know; "
                    "pick one from the list, like Europe/Berlin."
                )
        picked = units if isinstance(units, str) else ""
        return _settings_page(page, errors, 422, typed=zone, chosen_units=picked)
    # The first cat's page changes the units and comes back to its form.
    back = "/cats/new" if form.get("next") == "/cats/new" else "/settings?saved=1"
    return see_other(back)
