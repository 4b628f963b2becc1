"""The log form: what the owner saw, when, and a note; changing or deleting a session.

Nothing about the cat is pre-filled: each group starts unanswered and offers
"didn't see". "Same as last time" fills the form with the previous session's
answers and asks for one confirmation; it never saves by itself. The safety
checks ticked on Today (and the timer's minutes) arrive in the query string.
Every session goes through the services' one check (the domain's), whose
problems are mapped back to the form's fields.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError
from starlette.datastructures import ImmutableMultiDict
from starlette.responses import RedirectResponse, Response

from catpack import words
from catpack.domain import protocol as P
from catpack.domain.contract import Session, input_error
from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.services import plans, sessions
from catpack.services.sessions import ClientIdTaken
from catpack.services.views import CatBrief, LogIn, SessionView
from catpack.web.pages import labels
from catpack.web.pages.deps import POSTED, Page, PageDep
from catpack.web.pages.forms import (
    CHECKS,
    SESSION,
    field_errors,
    local_input,
    read_session,
    row_id,
)
from catpack.web.pages.offline import (
    from_outbox,
    no_such_cat_answer,
    outbox_answer,
    read_outbox_fields,
    saved_by_another,
    saved_by_another_answer,
)
from catpack.web.pages.plan import gear_of
from catpack.web.pages.routing import page_router
from catpack.web.pages.templating import render
from catpack.web.pages.today import WEATHER_FIELDS, rest_state

router = page_router()

#: The body-language groups of the form, in its order.
SEEN = ("tail", "ears", "eyes", "body", "vocal")
GROUP_WORDS = {"tail": "tail", "ears": "ears", "eyes": "eyes", "body": "body", "vocal": "voice"}
#: Context the form does not show (kept as stored when a session is changed).
FORM_CONTEXT = frozenset({"location"})


def _yes_no(value: object) -> str:
    return "" if value is None else ("yes" if value else "no")


def answers(session: Session | dict[str, Any]) -> dict[str, Any]:
    """A stored session's observation and counts as the form shows them."""
    obs = session["observation"]
    values: dict[str, Any] = {k: obs.get(k) or "" for k in SEEN}
    values["signs"] = list(obs.get("signs") or [])
    values["took_treats"] = _yes_no(obs.get("took_treats"))
    values["entered_voluntarily"] = _yes_no(obs.get("entered_voluntarily"))
    values["reps"] = session.get("reps")
    values["calm_reps"] = session.get("calm_reps")
    return values


def in_words(session: Session) -> str:
    """What was recorded about the cat, in a line: 'tail upright, ears forward, 4 of 5 calm'."""
    obs = session["observation"]
    shown = [
        f"{GROUP_WORDS[k]} {labels.word(k, obs.get(k)).lower()}"
        for k in SEEN
        if obs.get(k) and obs.get(k) != "unseen"
    ]
    shown += [labels.word("signs", s).lower() for s in obs.get("signs") or []]
    reps, calm = session.get("reps"), session.get("calm_reps")
    if reps is not None and calm is not None:
        shown.append(f"calm in {calm} of {reps} tries")
    return ", ".join(shown) if shown else "nothing about the cat was recorded"


def check_ids(checks: dict[str, Any] | None) -> list[str]:
    """The form's check ids a stored session's checks tick."""
    checks = checks or {}
    return [c for c, (key, value) in CHECKS.items() if checks.get(key) == value]


def read_note(form: ImmutableMultiDict[str, Any]) -> tuple[str, dict[str, str]]:
    """The note, checked by the API's own model of a logged session's note."""
    raw = form.get("note")
    note = raw.strip() if isinstance(raw, str) else ""
    try:
        LogIn.model_validate({"session": {}, "note": note})
    except ValidationError as exc:
        problem = input_error(exc).problems[0]
        if problem.kind == "string_too_long":
            return note, {"note": "Notes: at most 10,000 characters."}
        return note, {"note": "Notes: they hold a character that cannot be stored; type it again."}
    return note, {}


def _latest(log: list[Session]) -> Session | None:
    return max(log, key=lambda s: s["at"]) if log else None


def _form_values(form: ImmutableMultiDict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {k: form.get(k) for k in form}
    for multi in ("signs", "check"):
        values[multi] = form.getlist(multi)
    return values


#: The log form's step picker (a session of another day may be of another
#: step): each step named once, as History's "Now at" names it.
STAGE_CHOICES = [(s.id, labels.stage_named(s.id, s.title)) for s in P.STAGES]


def _render(
    page: Page,
    cat: CatBrief,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    status: int = 200,
    decision: dict[str, Any] | None = None,
    log: list[Session] | None = None,
    editing: SessionView | None = None,
    same: bool = False,
) -> Response:
    now = page.home.now
    context = page.frame(cat, "log")
    context.update(
        values=values,
        errors=errors,
        latest=local_input(now, page.home.zone),
        stage_choices=STAGE_CHOICES,
    )
    if editing is not None:
        # The session as it stands (not what a refused form sent), as every
        # page says a place: "level 2 of 4".
        saved = editing.session
        stage = P.BY_ID.get(str(saved.get("stage")))
        context.update(
            editing=True,
            action=f"/cats/{cat.id}/sessions/{editing.id}",
            stage_title=stage.title if stage is not None else saved.get("stage"),
            saved_level=saved.get("level"),
            saved_levels=len(stage.levels) if stage is not None else None,
            checklist=check_ids(editing.session.get("checks")),
        )
        return render(page.request, "log.html", context, status_code=status)
    if decision is None or log is None:
        decision, log = plans.plan_and_log(
            page.db, page.actor, cat.id, now=now, default_zone=page.settings.timezone
        )
    last = _latest(log)
    nxt = decision["next_session"] or {}
    carried = [(k, v) for k, v in page.request.query_params.multi_items() if k != "same"]
    context.update(
        d=decision,
        rest=rest_state(decision, now),
        action=f"/cats/{cat.id}/sessions",
        checklist=nxt.get("checklist") or [],
        last={"at": last["at"], "words": in_words(last)} if last else None,
        same=same and last is not None,
        same_query=urlencode([*carried, ("same", "1")]),
        # The offline stop's first steps, for the step the form is for.
        offline_gear=gear_of(values.get("stage"), values.get("level"), values.get("location")),
    )
    return render(page.request, "log.html", context, status_code=status)


@router.get("/cats/{cat_id}/log")
def log_form(cat_id: str, page: PageDep) -> Response:
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    if page.read_only:
        return page.looks_only(cat, "log", f"/cats/{cat.id}/today")
    decision, log = plans.plan_and_log(
        page.db, page.actor, cat.id, now=page.home.now, default_zone=page.settings.timezone
    )
    nxt = decision["next_session"] or {}
    params = page.request.query_params
    checklist = nxt.get("checklist") or []
    values: dict[str, Any] = {
        "stage": decision["stage"]["id"],
        "level": decision["stage"]["level"],
        "location": nxt.get("location", "home"),
        "minutes": params.get("minutes", ""),
        "check": [c for c in dict.fromkeys(params.getlist("check")) if c in checklist],
        "at": local_input(page.home.now, page.home.zone),
        "note": "",
        **{k: params.get(k, "") for k in WEATHER_FIELDS},
    }
    last = _latest(log)
    same = params.get("same") == "1" and last is not None
    if same and last is not None:
        values.update(answers(last))
    return _render(page, cat, values, {}, decision=decision, log=log, same=same)


@router.post("/cats/{cat_id}/sessions", dependencies=POSTED)
def log_session(cat_id: str, page: PageDep) -> Response:
    form = page.form
    # A phone's outbox entry is logged for the account that saved it, never
    # for another one logged in on that phone since.
    if saved_by_another(form, page.actor):
        return saved_by_another_answer()
    cat = page.cat(cat_id)
    if cat is None:
        return no_such_cat_answer() if from_outbox(page.request) else page.missing()
    now = page.home.now
    # From offline.js: the phone's id for the session, and when Save was pressed
    # (the session's time when "When" was left as it was: the page may be a copy
    # the phone kept from hours before).
    client_id, saved_at, errors = read_outbox_fields(form, now)
    session, form_errors = read_session(form, page.units, saved_at or now, page.home.zone)
    note, note_errors = read_note(form)
    errors = {**form_errors, **note_errors, **errors}
    status = 422
    try:
        if errors:  # the form's own problems: still collect the service's, store nothing
            sessions.check_session(session, now)
        elif client_id is not None:  # it may come again from the outbox: logged once
            sessions.log_session_once(
                page.db, page.actor, cat.id, session, client_id, note=note, now=now
            )
        else:
            sessions.log_session(page.db, page.actor, cat.id, session, note=note, now=now)
    except CoachInputError as exc:
        errors = {**field_errors(exc.problems, SESSION, page.units), **errors}
    except ClientIdTaken:
        status = 409
        errors = {
            "form": "This session was sent before with other answers: it was not saved again."
        }
    except ConflictError:
        status = 409
        errors = {"at": words.SESSION_AT_TAKEN.format(cat=cat.name)}
    except NotFoundError:
        return no_such_cat_answer() if from_outbox(page.request) else page.missing()
    if from_outbox(page.request):
        return outbox_answer(cat.id, errors, status)
    if errors:
        same = form.get("same") == "1"
        return _render(page, cat, _form_values(form), errors, status=422, same=same)
    return RedirectResponse(f"/cats/{cat.id}/today?logged=1", status_code=303)


@router.post("/cats/{cat_id}/sessions/undo", dependencies=POSTED)
def undo_last(cat_id: str, page: PageDep) -> Response:
    """Take back the session just logged (a mistaken tap); the audit trail keeps it."""
    cat = page.cat(cat_id)
    if cat is None:
        return page.missing()
    try:
        sessions.undo_last_session(page.db, page.actor, cat.id)
    except NotFoundError:
        return RedirectResponse(f"/cats/{cat.id}/today", status_code=303)
    return RedirectResponse(f"/cats/{cat.id}/today?undone=1", status_code=303)


def _stored(page: Page, cat_id: str, session_id: str) -> tuple[CatBrief, SessionView] | None:
    """The cat and its live session, or None (unknown, another's, deleted)."""
    cat = page.cat(cat_id)
    number = row_id(session_id)
    if cat is None or number is None:
        return None
    try:
        view = sessions.get_session(page.db, page.actor, cat.id, number)
    except NotFoundError:
        return None
    return None if view.deleted_at is not None else (cat, view)


def _stored_values(page: Page, view: SessionView) -> dict[str, Any]:
    s = view.session
    context = s.get("context") or {}
    at = datetime.fromisoformat(str(s["at"]))
    return {
        "stage": s["stage"],
        "level": s["level"],
        "minutes": s.get("minutes"),
        "location": context.get("location") or "",
        "check": check_ids(s.get("checks")),
        "at": local_input(at, page.home.zone),
        "note": view.note,
        **answers(s),
    }


def _edited(stored: dict[str, Any], session: dict[str, Any]) -> dict[str, Any]:
    """The form's session over the stored one: what the form does not show
    (weather, pack readings, other checks) stays as it was."""
    context = {k: v for k, v in (stored.get("context") or {}).items() if k not in FORM_CONTEXT}
    context.update(session.get("context") or {})
    shown = {key for key, _ in CHECKS.values()}
    checks = {k: v for k, v in (stored.get("checks") or {}).items() if k not in shown}
    checks.update(session.get("checks") or {})
    edited = {k: v for k, v in session.items() if k not in ("context", "checks")}
    if context:
        edited["context"] = context
    if checks:
        edited["checks"] = checks
    return edited


@router.get("/cats/{cat_id}/sessions/{session_id}/edit")
def edit_form(cat_id: str, session_id: str, page: PageDep) -> Response:
    found = _stored(page, cat_id, session_id)
    if found is None:
        return page.missing(page.cat(cat_id), "session")
    cat, view = found
    if page.read_only:
        return page.looks_only(cat, "session", f"/cats/{cat.id}/history", "history")
    return _render(page, cat, _stored_values(page, view), {}, editing=view)


@router.post("/cats/{cat_id}/sessions/{session_id}", dependencies=POSTED)
def save_edit(cat_id: str, session_id: str, page: PageDep) -> Response:
    form = page.form
    found = _stored(page, cat_id, session_id)
    if found is None:
        return page.missing(page.cat(cat_id), "session")
    cat, view = found
    now = page.home.now
    session, errors = read_session(form, page.units, now, page.home.zone)
    session = _edited(dict(view.session), session)
    note, note_errors = read_note(form)
    errors.update(note_errors)
    try:
        if errors:
            sessions.check_session(session, now)
        else:
            sessions.edit_session(page.db, page.actor, cat.id, view.id, session, note=note, now=now)
    except CoachInputError as exc:
        errors = {**field_errors(exc.problems, SESSION, page.units), **errors}
    except ConflictError:
        errors = {"at": "When: another session of this cat is saved at that very moment."}
    except NotFoundError:
        return page.missing()
    if errors:
        return _render(page, cat, _form_values(form), errors, status=422, editing=view)
    return RedirectResponse(f"/cats/{cat.id}/history?changed=1", status_code=303)


@router.post("/cats/{cat_id}/sessions/{session_id}/delete", dependencies=POSTED)
def delete(cat_id: str, session_id: str, page: PageDep) -> Response:
    form = page.form
    found = _stored(page, cat_id, session_id)
    if found is None:  # gone already (a second tap): the history says what is left
        cat = page.cat(cat_id)
        return page.missing() if cat is None else see_history(cat.id)
    cat, view = found
    if form.get("confirm") != "yes":  # one tap next to "Save changes" must not delete
        errors = {"confirm": "Tick the box to say you mean it: the coach forgets this session."}
        return _render(page, cat, _stored_values(page, view), errors, status=422, editing=view)
    try:
        sessions.delete_session(page.db, page.actor, cat.id, view.id, note="deleted on the page")
    except (NotFoundError, ConflictError):
        return see_history(cat.id)
    return see_history(cat.id, "deleted=1")


def see_history(cat_id: int, flash: str = "") -> RedirectResponse:
    return RedirectResponse(
        f"/cats/{cat_id}/history{'?' + flash if flash else ''}", status_code=303
    )
