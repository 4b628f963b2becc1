"""The cat's backpack (its profile, the fit and the pack's flags) and the cat's size."""

from __future__ import annotations

from typing import Any

from starlette.responses import RedirectResponse, Response

from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.services import cats, gear
from catpack.services.views import BackpackView, CatBrief, FitView
from catpack.web.pages.deps import POSTED, Page, PageDep
from catpack.web.pages.forms import row_id
from catpack.web.pages.gear_forms import (
    PACK,
    SIZE_AND_WEIGHT,
    clear_unset,
    problems_to_fields,
    read_pack,
    read_size,
)
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render
from catpack.web.pages.units import Units

router = page_router()

_FLAGS = ("bubble_window", "inner_tether", "tether_low", "zip_clips", "soft_sided")
#: The fit verdict in words, with the cat's name.
VERDICT_WORDS = {
    "fits": "Fits {name}",
    "tight": "A tight fit for {name}",
    "too_small": "Too small for {name}",
    None: "Not enough measurements to say",
}


def _one(value: float | None, convert: Any) -> str | None:
    """A stored value in the owner's unit, as the form shows it: '17', '16.5'."""
    return None if value is None else f"{round(convert(value), 1):g}"


def pack_values(pack: BackpackView | None, units: Units) -> dict[str, Any]:
    """A stored pack as the form shows it: the owner's units, yes / no / not sure."""
    if pack is None:
        return {"openings": [], **{k: "unsure" for k in _FLAGS}}
    values: dict[str, Any] = {
        "backpack_id": pack.id,
        "name": pack.name,
        "notes": pack.notes,
        "openings": pack.openings or [],
        "mesh_sides": pack.mesh_sides,
        "weight": _one(pack.weight_kg, units.weight_out),
        "max_cat": _one(pack.max_cat_kg, units.weight_out),
    }
    for key in ("length", "width", "height"):
        values[key] = _one(getattr(pack, f"{key}_cm"), units.length_out)
    for key in _FLAGS:
        flag = getattr(pack, key)
        values[key] = "unsure" if flag is None else ("yes" if flag else "no")
    return values


#: Flags the fit's own reasons already say (the weight rating, with both weights).
SAID_BY_FIT = frozenset({"near_weight_rating"})


def fit_card(fit: FitView, cat: CatBrief) -> dict[str, Any]:
    """What the fit card shows: the verdict in words, the reasons, what to
    measure, and the pack's flags in words (each said once)."""
    verdict = fit.fit["verdict"]
    return {
        "verdict": verdict or "unknown",
        "headline": VERDICT_WORDS[verdict].format(name=cat.name),
        "reasons": fit.fit["reasons"],
        "missing": fit.fit["missing"],
        "rule": fit.fit["rule"],
        "blocking": fit.blocking,
        "warnings": [w for w in fit.warnings if w not in SAID_BY_FIT],
    }


def _backpack_page(
    page: Page,
    cat: CatBrief,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    _, _, own = gear.cat_pack(page.db, page.actor, cat.id)
    fit = None
    if own is not None:
        fit = fit_card(gear.cat_fit(page.db, page.actor, cat.id, units=page.units.system), cat)
    context = page.frame(cat, "backpack")
    context.update(
        values=values,
        errors=errors,
        own=own,
        fit=fit,
        packs=gear.list_backpacks(page.db, page.actor),
        adding=not values.get("backpack_id"),
    )
    if page.request.query_params.get("saved"):
        context["flash"] = "Saved. Here is how it fits."
    return render(page.request, "backpack.html", context, status_code=status)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/cats/{cat_id}/backpack")
def backpack(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    _, _, own = gear.cat_pack(page.db, page.actor, cat.id)
    adding = page.request.query_params.get("new") == "1" or own is None
    return _backpack_page(page, cat, pack_values(None if adding else own, page.units), {})


@router.post("/cats/{cat_id}/backpack", dependencies=POSTED)
def save_backpack(cat_id: str, page: PageDep) -> Response:
    form = page.form
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    values: dict[str, Any] = {k: form.get(k) for k in form}
    values["openings"] = form.getlist("openings")
    pack, errors = read_pack(form, page.units)
    raw_id = form.get("backpack_id")
    pack_id = row_id(raw_id)
    if pack_id is None and raw_id not in (None, ""):
        return page.missing()
    try:
        if errors:  # the form's own problems: still collect the service's, store nothing
            gear.check_backpack(pack)
        elif pack_id is not None:
            gear.edit_backpack(page.db, page.actor, pack_id, clear_unset(pack))
        else:
            made = gear.add_backpack(page.db, page.actor, pack)
            cats.edit_cat(page.db, page.actor, cat.id, backpack_id=made.id)
    except CoachInputError as exc:
        errors = {**problems_to_fields(exc.problems, PACK, page.units), **errors}
    except ConflictError:
        errors = {"name": "Name: you already have a backpack by that name."}
    except NotFoundError:
        return page.missing()
    if errors:
        return _backpack_page(page, cat, values, errors, 422)
    return see_other(f"/cats/{cat.id}/backpack?saved=1#fit")


@router.post("/cats/{cat_id}/backpack/use", dependencies=POSTED)
def use_backpack(cat_id: str, page: PageDep) -> Response:
    form = page.form
    cat = page.cat(cat_id)
    pack_id = row_id(form.get("backpack_id"))
    if cat is None or pack_id is None:
        return page.missing()
    try:
        cats.edit_cat(page.db, page.actor, cat.id, backpack_id=pack_id)
    except NotFoundError:
        return page.missing()
    return see_other(f"/cats/{cat.id}/backpack?saved=1#fit")


def size_values(page: Page, cat: CatBrief) -> dict[str, Any]:
    """The cat's stored size and weight in the owner's units."""
    units = page.units
    return {
        "length": _one(cat.cat.get("length_cm"), units.length_out),
        "height": _one(cat.cat.get("height_cm"), units.length_out),
        "weight": _one(cat.cat.get("weight_kg"), units.weight_out),
    }


def _size_page(
    page: Page, cat: CatBrief, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Response:
    context = page.frame(cat, "size")
    context.update(values=values, errors=errors)
    if page.request.query_params.get("saved"):
        context["flash"] = "Measurements saved."
    return render(page.request, "cat_size.html", context, status_code=status)


@router.get("/cats/{cat_id}/size")
def cat_size(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    return _size_page(page, cat, size_values(page, cat), {})


@router.post("/cats/{cat_id}/size", dependencies=POSTED)
def save_size(cat_id: str, page: PageDep) -> Response:
    form = page.form
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    change, errors = read_size(form, page.units, SIZE_AND_WEIGHT)
    try:
        if errors:
            cats.check_cat({**cat.cat, **{k: v for k, v in change.items() if v is not None}})
        else:
            cats.edit_cat(page.db, page.actor, cat.id, cat=change)
    except CoachInputError as exc:
        errors = {**problems_to_fields(exc.problems, SIZE_AND_WEIGHT, page.units), **errors}
    if errors:
        values = {k: form.get(k) for k in ("length", "height", "weight")}
        return _size_page(page, cat, values, errors, 422)
    _, _, own = gear.cat_pack(page.db, page.actor, cat.id)
    target = f"/cats/{cat.id}/backpack?saved=1#fit" if own else f"/cats/{cat.id}/size?saved=1"
    return see_other(target)
