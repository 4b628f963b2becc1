"""A cat's own settings: the pack thermometer paired with its backpack.

Pairing here does what ``catpack sensor pair`` does (the same service): the
watcher near the pack reads the pairing from the server.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from catpack import words
from catpack.domain.contract import input_error
from catpack.domain.errors import NotFoundError, Problem
from catpack.services import readings
from catpack.services.pack_views import PairIn
from catpack.services.views import CatBrief
from catpack.web.pages.deps import POSTED, Page, PageDep
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render

router = page_router()

FLASH = {
    "paired": "Pack thermometer paired. Its readings show on Today while a session runs.",
    "unpaired": "Pack thermometer unpaired. Its past readings stay with their sessions.",
}


def _message(problem: Problem) -> str:
    """A pairing problem in the form's words (the address message is already plain)."""
    if problem.field == "address":
        if problem.kind == "string_too_long":
            return "Address: too long for a Bluetooth address (like A4:C1:38:8D:18:B2)."
        if problem.given in ("", None) or "'' is not" in problem.message:
            return "Address: type the thermometer's address, like A4:C1:38:8D:18:B2."
        return f"Address: {problem.message}."
    if problem.kind == "string_too_long":
        return "Name: 100 characters at most."
    return "Name: it holds a character that cannot be stored; type it again."


def _settings(
    page: Page,
    cat: CatBrief,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    sensor = readings.cat_sensor(page.db, page.actor, cat.id)
    known = [s for s in readings.list_sensors(page.db, page.actor) if s.cat_id != cat.id]
    context = page.frame(cat, "settings")
    context.update(
        sensor=sensor,
        known=known,
        names={c.id: c.name for c in page.home.cats},
        values=values or {"address": "", "name": ""},
        errors=errors or {},
        sensor_hint=words.SENSOR_ADDRESS_HINT,
        sensor_known_hint=words.SENSOR_KNOWN_HINT,
    )
    context["flash"] = page.flash(FLASH)
    return render(page.request, "cat_settings.html", context, status_code=status)


@router.get("/cats/{cat_id}/settings")
def cat_settings(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    return _settings(page, cat)


@router.post("/cats/{cat_id}/sensor", dependencies=POSTED)
def pair(cat_id: str, page: PageDep) -> Response:
    form = page.form
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    values = {k: str(form.get(k) or "") for k in ("address", "name")}
    try:
        body = PairIn(address=values["address"], name=values["name"].strip())
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for problem in input_error(exc).problems:
            errors.setdefault(problem.field, _message(problem))
        return _settings(page, cat, values, errors, 422)
    try:
        readings.pair_sensor(page.db, page.actor, cat.id, body)
    except NotFoundError:
        return page.missing()
    return RedirectResponse(f"/cats/{cat.id}/settings?paired=1", status_code=303)


@router.post("/cats/{cat_id}/sensor/unpair", dependencies=POSTED)
def unpair(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    try:
        readings.unpair_sensor(page.db, page.actor, cat.id)
    except NotFoundError:  # nothing paired (a second tap): nothing to do
        return RedirectResponse(f"/cats/{cat.id}/settings", status_code=303)
    return RedirectResponse(f"/cats/{cat.id}/settings?unpaired=1", status_code=303)
