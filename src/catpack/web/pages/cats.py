"""First run, adding a cat, switching cats and the owner's units."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse, Response

from catpack.domain.errors import CatpackError, ConflictError, NotFoundError
from catpack.web.pages import deps
from catpack.web.pages.forms import FormProblems, parse_cat
from catpack.web.pages.templating import render
from catpack.web.pages.units import UNIT_SYSTEMS, parse_system

router = APIRouter(include_in_schema=False)
POSTED = [Depends(deps.same_origin)]

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
def home(request: Request) -> Response:
    cats = deps.backend(request).list_cats()
    if not cats:
        return see_other("/cats/new")
    chosen = request.cookies.get("catpack_cat")
    ids = [c.id for c in cats]
    return see_other(f"/cats/{chosen if chosen in ids else ids[0]}/today")


def _cat_form(
    request: Request, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Response:
    context = deps.frame(request, None, "new")
    first = not context["cats"]
    context.update(values=values, errors=errors, first=first)
    return render(request, "cat_new.html", context, status_code=status)


@router.get("/cats/new")
def new_cat(request: Request) -> Response:
    return _cat_form(request, dict(CAT_DEFAULTS), {})


@router.post("/cats", dependencies=POSTED)
async def add_cat(request: Request) -> Response:
    form = await request.form()
    units = deps.units(request)
    values = {
        **CAT_DEFAULTS,
        **{k: form.get(k) for k in form if k != "motivation"},
        "motivation": form.getlist("motivation"),
    }
    try:
        profile, backpack = parse_cat(form, units)
        card = deps.backend(request).add_cat(profile, backpack)
    except FormProblems as problems:
        return _cat_form(request, values, problems.errors, 422)
    except ConflictError:
        return _cat_form(
            request, values, {"name": "Name: you already have a cat by that name."}, 409
        )
    except CatpackError as exc:
        return _cat_form(request, values, {"form": str(exc)}, 422)
    response = see_other(f"/cats/{card.id}/today")
    response.set_cookie("catpack_cat", card.id, samesite="lax", httponly=True)
    return response


@router.get("/switch")
def switch(request: Request, cat_id: str = "") -> Response:
    try:
        card = deps.backend(request).get_cat(cat_id)
    except NotFoundError:
        return see_other("/")
    response = see_other(f"/cats/{card.id}/today")
    response.set_cookie("catpack_cat", card.id, samesite="lax", httponly=True)
    return response


@router.get("/settings")
def settings_page(request: Request) -> Response:
    cats = deps.backend(request).list_cats()
    chosen = request.cookies.get("catpack_cat")
    cat = next((c for c in cats if c.id == chosen), cats[0] if cats else None)
    context = deps.frame(request, cat, "settings")
    context["systems"] = UNIT_SYSTEMS
    context["flash"] = "Units saved." if request.query_params.get("saved") else ""
    return render(request, "settings.html", context)


@router.post("/settings", dependencies=POSTED)
async def save_settings(request: Request) -> Response:
    form = await request.form()
    raw = form.get("units")
    if raw not in UNIT_SYSTEMS:
        cats = deps.backend(request).list_cats()
        context = deps.frame(request, cats[0] if cats else None, "settings")
        context["systems"] = UNIT_SYSTEMS
        context["errors"] = {"units": "Units: pick metric or imperial."}
        return render(request, "settings.html", context, status_code=422)
    deps.backend(request).set_units(parse_system(str(raw)))
    return see_other("/settings?saved=1")
