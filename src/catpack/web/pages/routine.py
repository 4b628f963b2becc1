"""After training: the weekly routine, its streak, the refresher and the nudges."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.responses import RedirectResponse, Response

from catpack.domain.errors import CoachInputError
from catpack.services import outings
from catpack.services.views import CatBrief
from catpack.web.pages.deps import POSTED, Page, PageDep
from catpack.web.pages.gear_forms import ROUTINE, problems_to_fields
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render

router = page_router()

#: The targets a week may have (the service's own bounds).
PER_WEEK = range(1, outings.MAX_PER_WEEK + 1)


def next_days(habit: dict[str, Any], today: date) -> list[str]:
    """The days suggested for the outings still due, in words: 'today', 'Fri 27 Nov'."""
    out = []
    for text in habit.get("next_days", []):
        day = date.fromisoformat(text)
        out.append("today" if day == today else day.strftime("%a %d %b"))
    return out


def _routine_page(page: Page, cat: CatBrief, errors: dict[str, str], status: int = 200) -> Response:
    habit = outings.habit(
        page.db, page.actor, cat.id, now=page.home.now, default_zone=page.settings.timezone
    )
    context = page.frame(cat, "routine")
    context.update(
        habit=habit,
        days=next_days(habit, page.home.now.date()),
        per_week_choices=[(str(n), str(n), "") for n in PER_WEEK],
        errors=errors,
    )
    if page.request.query_params.get("saved"):
        context["flash"] = "Weekly target saved."
    return render(page.request, "routine.html", context, status_code=status)


@router.get("/cats/{cat_id}/routine")
def routine(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    return _routine_page(page, cat, {})


@router.post("/cats/{cat_id}/routine", dependencies=POSTED)
def set_routine(cat_id: str, page: PageDep) -> Response:
    form = page.form
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    raw = form.get("per_week")
    text = raw.strip() if isinstance(raw, str) else ""
    try:
        outings.set_routine(
            page.db, page.actor, cat.id, int(text) if text.isascii() and text.isdigit() else 0
        )
    except CoachInputError as exc:
        errors = problems_to_fields(exc.problems, ROUTINE, page.units)
        return _routine_page(page, cat, errors, 422)
    return RedirectResponse(f"/cats/{cat.id}/routine?saved=1", status_code=303)
