"""After graduation: the weekly routine and its streak, and how a trip went.

``habit`` takes the cat's log and its fold from the read today's plan is
decided on (:func:`catpack.services.plans.read_cat`: the household's pauses
and time zone, the process's kept fold), so the routine and the plan agree on
whether training is complete, and hands them to the pure
:func:`catpack.domain.habit.habit`. ``record_trip_outcome``
logs how the cat did on a saved trip as an ordinary session at the stage the
coach has the cat on, so the coach reads it like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypedDict

from catpack.domain import protocol as P
from catpack.domain.contract import Checks, Observation, Trip, input_error
from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.domain.habit import habit as habit_state
from catpack.services import plans, sessions
from catpack.services._common import NOTE_MAX, aware, free_text, loads, owned_cat, utcnow
from catpack.services.views import Actor, SessionView
from catpack.store import schema as t
from catpack.store.db import Database

MAX_PER_WEEK = 7


def set_routine(db: Database, actor: Actor, cat_id: int, per_week: int) -> int:
    """Set a cat's routine target: short outings a week after graduation (1-7)."""
    if isinstance(per_week, bool) or not 1 <= per_week <= MAX_PER_WEEK:
        raise CoachInputError("per_week", f"must be a whole number from 1 to {MAX_PER_WEEK}")
    with db.write() as s:
        owned_cat(s, actor, cat_id).routine_per_week = per_week
    return per_week


def habit(
    db: Database,
    actor: Actor,
    cat_id: int,
    *,
    now: datetime | None = None,
    default_zone: str | None = None,
) -> dict[str, Any]:
    """The routine after graduation: target, this week, streak, lapse, nudges."""
    return routine(plans.read_cat(db, actor, cat_id, now=now, default_zone=default_zone))


def routine(read: plans.CatRead) -> dict[str, Any]:
    """:func:`habit` on a read of the cat that today's plan is decided on too:
    graduated, and since when, as the plan's own fold has it."""
    req, state = read.request, read.state
    # Not graduated, the routine reads no session: the log is sorted only when it counts.
    log = sorted(req.sessions, key=lambda s: s["at"]) if state.graduated else []
    return habit_state(
        log, list(req.pauses), req.now, read.per_week, state.graduated, since=state.graduated_at
    )


class _Outcome(TypedDict, total=False):
    observation: Observation
    checks: Checks | None


_OUTCOME: TypeAdapter[_Outcome] = TypeAdapter(_Outcome)


def check_outcome(observation: object, checks: object = None) -> _Outcome:
    """What the owner saw and checked on a trip, checked as a session's parts
    are (every problem at once, named ``observation.*`` and ``checks.*``)."""
    given: dict[str, object] = {"observation": observation}
    if checks is not None:
        given["checks"] = checks
    try:
        return _OUTCOME.validate_python(given)
    except ValidationError as exc:
        raise input_error(exc) from None


def record_trip_outcome(
    db: Database,
    actor: Actor,
    cat_id: int,
    trip_id: int,
    observation: Mapping[str, Any],
    *,
    at: datetime | None = None,
    minutes: float | None = None,
    checks: Mapping[str, Any] | None = None,
    note: str = "",
    default_zone: str | None = None,
) -> SessionView:
    """Log how the cat did on a saved trip, as a session the coach reads.

    The session takes the stage and level the coach has the cat on at ``at``
    (the routine outing after graduation), the trip's place and weather, and
    its length (default: the trip's hours). ConflictError when the trip's
    outcome is logged already, or when the cat is still training at home
    (a trip is not part of its plan yet) or was referred.
    """
    parts = check_outcome(observation, checks)
    free_text("note", note, NOTE_MAX)
    when = aware(at, "at") if at is not None else utcnow()
    with db.read() as s:
        owned_cat(s, actor, cat_id)
        row = s.get(t.Trip, trip_id)
        if row is None or row.cat_id != cat_id:
            raise NotFoundError(f"trip {trip_id} of cat {cat_id} not found")
        if row.outcome_session_id is not None:
            raise ConflictError(f"the outcome of trip {trip_id} is logged already")
        trip = Trip.model_validate(loads(row.doc))
    decision = plans.today_plan(db, actor, cat_id, now=when, default_zone=default_zone)
    if decision["decision"] == "refer":
        raise ConflictError("the coach advised pausing the plan: talk to your vet first")
    stage = P.BY_ID[decision["stage"]["id"]]
    level = decision["stage"]["level"]
    location = stage.levels[level - 1].location
    if location in ("home", "doorway"):
        raise ConflictError(
            f"the cat is still on {stage.named}: trips come later; log today's session instead"
        )
    context: dict[str, Any] = {"location": location, "in_backpack": True}
    for key in ("sun", "temp_c", "humidity_pct", "wind_ms"):
        if getattr(trip, key) is not None:
            context[key] = getattr(trip, key)
    session: dict[str, Any] = {
        "at": when,
        "stage": stage.id,
        "level": level,
        "minutes": minutes if minutes is not None else min(trip.hours * 60, 24 * 60),
        "observation": parts["observation"],
        "context": context,
    }
    if parts.get("checks"):
        session["checks"] = parts["checks"]
    logged = sessions.log_session(db, actor, cat_id, session, note=note or f"trip {trip_id}")
    with db.write() as s:
        fresh = s.get(t.Trip, trip_id)
        taken = fresh is not None and fresh.outcome_session_id is not None
        if fresh is not None and not taken:
            fresh.outcome_session_id = logged.id
    if taken:  # a concurrent call won: take ours back out (the audit keeps it)
        sessions.delete_session(db, actor, cat_id, logged.id, note="duplicate trip outcome")
        raise ConflictError(f"the outcome of trip {trip_id} is logged already")
    return logged
