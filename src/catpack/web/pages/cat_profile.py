"""About a cat: change its details (car rides and size included), pause and
resume its training, download its log, or delete it.

Each action is the service the API uses (:mod:`catpack.services.cats`,
``plans.pause`` / ``plans.resume``, :mod:`catpack.services.transfer`), with
the page's clock as "now".
"""

from __future__ import annotations

import re
from contextlib import suppress
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.responses import Response

from catpack import words
from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.services import cats, plans, transfer
from catpack.services.views import CatBrief, CatPatch, PauseIn, PauseView
from catpack.web.pages.cats import see_other
from catpack.web.pages.deps import MANAGED, POSTED, Page, PageDep
from catpack.web.pages.forms import CAT, Form, field_errors, read_cat
from catpack.web.pages.gear_forms import SIZE, read_size
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render

router = page_router()

#: Every key of the contract's cat object the page shows: one left blank is
#: removed (the page shows them all, so blank means "not known").
PROFILE_KEYS = (
    "weight_kg",
    "motivation",
    "harness_trained",
    "outdoor_experience",
    "carrier_history",
    "car_training",
)
INPUTS = {**CAT, **SIZE}
FLASH = {
    "saved": words.CAT_SAVED,
    "paused": words.CAT_PAUSED,
    "resumed": words.CAT_RESUMED,
    # A tap on an old page: nothing changed, and the owner reads why.
    "already_paused": words.ALREADY_PAUSED,
    "already_on": words.ALREADY_ON,
    "ends_by_itself": words.PAUSE_ENDS_BY_ITSELF,
}


def _yes_no(value: object) -> str:
    return "unsure" if value is None else ("yes" if value else "no")


def _shown(value: float | None, convert: Any) -> str | None:
    return None if value is None else f"{round(convert(value), 1):g}"


def profile_values(page: Page, cat: CatBrief, notes: str) -> dict[str, Any]:
    """The stored cat as the form shows it, in the owner's units."""
    p, units = cat.cat, page.units
    return {
        "name": cat.name,
        "weight": _shown(p.get("weight_kg"), units.weight_out),
        "motivation": p.get("motivation") or [],
        "harness_trained": _yes_no(p.get("harness_trained")),
        "outdoor_experience": p.get("outdoor_experience") or "",
        "carrier_history": p.get("carrier_history") or "",
        "car_training": _yes_no(p.get("car_training")),
        "length": _shown(p.get("length_cm"), units.length_out),
        "height": _shown(p.get("height_cm"), units.length_out),
        "notes": notes,
    }


def running_pause(page: Page, cat_id: int) -> PauseView | None:
    """The pause running now, if any (the page pauses until "resume"; a pause
    with an end date, made with the CLI or the API, ends by itself)."""
    now = page.home.now
    for p in plans.list_pauses(page.db, page.actor, cat_id):
        if p.starts_at <= now and (p.ends_at is None or p.ends_at > now):
            return p
    return None


def _page(
    page: Page,
    cat: CatBrief,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    view = cats.get_cat(page.db, page.actor, cat.id)
    context = page.frame(cat, "about")
    context.update(
        values=values or profile_values(page, cat, view.notes),
        errors=errors or {},
        download_line=words.cat_download_line(view.sessions),
        pause=running_pause(page, cat.id),
    )
    context["flash"] = page.flash(FLASH)
    return render(page.request, "cat_edit.html", context, status_code=status)


@router.get("/cats/{cat_id}/edit")
def about(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    return _page(page, cat)


def _text(form: Form, name: str) -> str:
    raw = form.get(name)
    return raw.strip() if isinstance(raw, str) else ""


@router.post("/cats/{cat_id}/edit", dependencies=POSTED)
def save(cat_id: str, page: PageDep) -> Response:
    form = page.form
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    profile, _, errors = read_cat(form, page.units)
    size, size_errors = read_size(form, page.units)
    errors.update(size_errors)
    change = {**dict.fromkeys(PROFILE_KEYS), **profile, **size}
    notes = _text(form, "notes")
    try:  # the API's own model of a change checks the notes
        CatPatch.model_validate({"notes": notes})
    except ValidationError:
        errors["notes"] = "Notes: at most 10,000 characters, and no unusual characters."
    try:
        if errors:  # the form's own problems: still collect the service's, store nothing
            cats.check_cat({k: v for k, v in change.items() if v is not None})
        else:
            cats.edit_cat(page.db, page.actor, cat.id, cat=change, notes=notes)
    except CoachInputError as exc:
        errors = {**field_errors(exc.problems, INPUTS, page.units), **errors}
    except ConflictError:
        errors = {"name": "Name: you already have a cat by that name."}
    except NotFoundError:
        return page.missing()
    if errors:
        values: dict[str, Any] = {k: form.get(k) for k in form}
        values["motivation"] = form.getlist("motivation")
        return _page(page, cat, values, errors, 422)
    return see_other(f"/cats/{cat.id}/edit?saved=1")


@router.post("/cats/{cat_id}/delete", dependencies=MANAGED)
def delete(cat_id: str, page: PageDep) -> Response:
    form = page.form
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    if form.get("confirm") != "yes":
        error = {"confirm": f"Tick the box to say you mean it: {cat.name}'s log goes too."}
        return _page(page, cat, errors=error, status=422)
    with suppress(NotFoundError):  # deleted already (a second tap)
        cats.delete_cat(page.db, page.actor, cat.id)
    response = see_other("/")
    response.delete_cookie("catpack_cat")
    return response


@router.post("/cats/{cat_id}/pause", dependencies=POSTED)
def pause(cat_id: str, page: PageDep) -> Response:
    form = page.form
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    reason = _text(form, "reason")
    try:  # the API's own model of a pause checks the reason
        PauseIn.model_validate({"reason": reason})
    except ValidationError:
        error = {"reason": "Why: at most 1,000 characters, and no unusual characters."}
        return _page(page, cat, errors=error, status=422)
    try:
        plans.pause(page.db, page.actor, cat.id, start=page.home.now, reason=reason)
    except ConflictError:  # paused already (a second tap, an old page)
        return see_other(f"/cats/{cat.id}/edit?already_paused=1#pause")
    return see_other(f"/cats/{cat.id}/edit?paused=1#pause")


@router.post("/cats/{cat_id}/resume", dependencies=POSTED)
def resume(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    # Resumed from Today's pause notice: back to Today, with the next session.
    from_today = page.form.get("back") == "today"
    try:
        plans.resume(page.db, page.actor, cat.id, at=page.home.now)
    except ConflictError:  # not paused (a second tap, an old page)
        # Or a break with an end date runs (Today offers Resume for it too):
        # resuming ends only a break without one.
        why = "ends_by_itself" if running_pause(page, cat.id) else "already_on"
        if from_today:
            return see_other(f"/cats/{cat.id}/today?{why}=1")
        return see_other(f"/cats/{cat.id}/edit?{why}=1#pause")
    if from_today:
        return see_other(f"/cats/{cat.id}/today?resumed=1")
    return see_other(f"/cats/{cat.id}/edit?resumed=1#pause")


def _file_name(cat: CatBrief, ext: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", cat.name).strip("-") or f"cat-{cat.id}"
    return f"{slug}-catpack.{ext}"


@router.get("/cats/{cat_id}/export.json")
def export_json(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    data = transfer.export_json(page.db, page.actor, cat.id)
    disposition = f'attachment; filename="{_file_name(cat, "json")}"'
    return JSONResponse(data, headers={"Content-Disposition": disposition})


@router.get("/cats/{cat_id}/export.csv")
def export_csv(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    text = transfer.export_csv(page.db, page.actor, cat.id)
    disposition = f'attachment; filename="{_file_name(cat, "csv")}"'
    return Response(
        text, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition}
    )
