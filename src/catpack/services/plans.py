"""Today's plan and trip plans (the engine over the stored log), pauses.

``today_plan`` loads the cat's live log with one indexed query
(:func:`catpack.services.sessions.live_log_query`), validates it in one pass
from the stored JSON text — or reuses this process's parsed copy while the
cat's ``log_version`` is unchanged — and calls the pure engine
(:func:`decide_folded`) on the log's fold, likewise kept per process (and
extended when a session is logged). Pauses
(holidays, illness) go to the engine as the contract's ``pauses``, so a break
the owner announced is not read as a lapse in practice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session as DbSession

from catpack.domain.contract import (
    Backpack,
    Cat,
    CoachRequest,
    Planned,
    Session,
    Trip,
    TripRequest,
    Units,
    input_error,
    known_zones,
)
from catpack.domain.contract import Pause as PauseModel
from catpack.domain.decide import decide_folded, fold_request, household_zone
from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.domain.history import State
from catpack.domain.trips import packing_list, plan_parsed
from catpack.domain.validation import CLOCK_SKEW
from catpack.services._common import (
    REASON_MAX,
    aware,
    free_text,
    loads,
    local_now,
    owned_cat,
    utcnow,
    validate,
)
from catpack.services.sessions import (
    cached_fold,
    cached_log,
    live_log_query,
    remember_fold,
    remember_log,
)
from catpack.services.views import Actor, PauseView
from catpack.store import schema as t
from catpack.store.db import Database

_SESSIONS = TypeAdapter(list[Session])
# Statements built once, parameters bound at execute(): SQLAlchemy's cache hits.
# The cat, its household's zone, its log version and its pauses: one statement
# (one round trip, one snapshot). A cat without pauses gives one row whose
# pause columns are NULL (``pauses.starts_at`` is NOT NULL otherwise).
#: The cat's backpack profile rides along (outer join: most columns may be NULL),
#: and its weekly routine target (the routine is read with the plan).
_PACK_COLUMNS = tuple(Backpack.model_fields)
_CAT_ZONE_PAUSES = (
    select(
        t.Cat.profile,
        t.Cat.household_id,
        t.Household.timezone,
        t.Cat.log_version,
        t.Pause.starts_at,
        t.Pause.ends_at,
        t.Cat.weight_unit,
        t.Cat.routine_per_week,
        t.Backpack.id,
        *(getattr(t.Backpack, c) for c in _PACK_COLUMNS),
    )
    .join(t.Household, t.Household.id == t.Cat.household_id)
    .outerjoin(t.Backpack, t.Backpack.id == t.Cat.backpack_id)
    .outerjoin(t.Pause, t.Pause.cat_id == t.Cat.id)
    .where(t.Cat.id == bindparam("cat_id"))
    .order_by(t.Pause.starts_at)
)


def _pack(row: Any) -> Backpack | None:
    if row[8] is None:
        return None
    values = dict(zip(_PACK_COLUMNS, row[9:], strict=True))
    values["openings"] = values["openings"].split(",") if values["openings"] else None
    return Backpack.model_validate({k: v for k, v in values.items() if v is not None})


@dataclass(frozen=True, slots=True)
class _Beside:
    """What the cat's one query gives beside the engine's inputs: when the
    pause running now began (None while training is on) and when it ends
    (None for a pause until resumed, or none running), and the cat's routine
    target (short outings a week after graduation)."""

    paused_since: datetime | None
    paused_until: datetime | None
    per_week: int


def _cat_now_pauses(
    db: Database, actor: Actor, cat_id: int, now: datetime | None, default_zone: str | None
) -> tuple[Cat, datetime, int, list[PauseModel], str | None, Backpack | None, str, _Beside]:
    """The cat's contract profile, ``now`` (household zone), log version, the
    pauses (up to ``now``) to hand to the engine, the zone's name, its backpack,
    its weight unit, and what the query gives beside (:class:`_Beside`): one
    query (on the driver: :meth:`Database.rows`)."""
    rows = db.rows(_CAT_ZONE_PAUSES, {"cat_id": cat_id})
    if not rows or rows[0][1] != actor.household_id:
        raise NotFoundError(f"cat {cat_id} not found")
    first = rows[0]
    when = local_now(first[2], default_zone, now)
    # The zone the engine counts calendar days in: the one ``when`` is on (a
    # name stored before zones were checked is no zone: ``now``'s offset then).
    zone_name = first[2] or default_zone
    zone_name = zone_name if zone_name in known_zones() else None
    pauses = []
    running = running_end = None
    open_running = False
    for row in rows:
        start, stop = row[4], row[5]
        if start is None:
            continue
        end = stop or when
        if start < when and end > start:
            pauses.append(PauseModel.model_validate({"from": start, "to": min(end, when)}))
        if start <= when and (stop is None or stop > when):
            running = start
            # Paused until the last running break ends, or until resumed
            # while one without an end date runs (breaks may overlap).
            open_running = open_running or stop is None
            running_end = None if open_running else max(stop, running_end or stop)
    profile = Cat.model_validate_json(first[0])
    beside = _Beside(running, running_end, int(first[7]))
    return profile, when, int(first[3]), pauses, zone_name, _pack(first), str(first[6]), beside


def _log(db: Database, cat_id: int, version: int) -> list[Session]:
    """The cat's live log as contract sessions.

    Parsing the stored JSON is the costliest part of loading a long log, so
    each process keeps the parsed log per cat with its ``log_version``; every
    change to a cat's sessions raises that version in the same transaction.
    A connection is taken only to read a log this process does not hold (the
    statement reads the log and its version together, on its own).
    """
    cached = cached_log(db, cat_id, version)
    if cached is not None:
        return cached
    statement, params = live_log_query(cat_id)
    with db.read_conn() as s:
        row = s.execute(statement, params).one()
    try:
        parsed = _SESSIONS.validate_json(f"[{row[1] or ''}]")
    except ValidationError as exc:  # only if stored data no longer fits the contract
        raise input_error(exc, "sessions") from None
    remember_log(db, cat_id, int(row[0]), parsed)
    return list(parsed)


def _engine_inputs(
    db: Database,
    actor: Actor,
    cat_id: int,
    now: datetime | None,
    default_zone: str | None,
) -> tuple[dict[str, Any], _Beside]:
    """The parts every engine request shares: version, now, cat, log, pauses and
    the household's time zone (rests after a stop count calendar days in it);
    with the log's version and the owner's units, and what the cat's query
    gives beside them.

    Every part is validated already (the log in one pass in ``_log``), so the
    callers construct their request without validating the whole log again.
    Each of its (at most two) statements is consistent on its own, as on
    :meth:`Database.read_conn`: the log is read with its own version.
    """
    cat, when, version, pauses, zone_name, pack, weight_unit, beside = _cat_now_pauses(
        db, actor, cat_id, now, default_zone
    )
    inputs = {
        "version": 1,
        "log_version": version,
        "now": when,
        "cat": cat,
        "sessions": _log(db, cat_id, version),
        "pauses": pauses,
        "timezone": zone_name,
        "backpack": pack,
        "units": "imperial" if weight_unit == "lb" else "metric",
    }
    return inputs, beside


def cat_log(
    db: Database,
    actor: Actor,
    cat_id: int,
    *,
    now: datetime | None = None,
    default_zone: str | None = None,
) -> dict[str, Any]:
    """What the engine reads for a cat: ``now`` (household zone), its contract
    profile, its live log (sorted by time), pauses up to now, its backpack
    (contract object or None) and the owner's ``units``."""
    inputs, _ = _engine_inputs(db, actor, cat_id, now, default_zone)
    del inputs["log_version"]
    inputs["sessions"] = sorted(inputs["sessions"], key=lambda x: x["at"])
    return inputs


def today_plan(
    db: Database,
    actor: Actor,
    cat_id: int,
    *,
    planned: Mapping[str, Any] | Planned | None = None,
    now: datetime | None = None,
    default_zone: str | None = None,
) -> dict[str, Any]:
    """The engine's decision for a cat's next session: the contract's decision JSON.

    ``planned`` is the contract's planned outing (location, sun, temp_c,
    humidity_pct, wind_ms, minutes, checks) — the weather of the coming
    session. ``now`` (default: the clock) is taken in the household's time
    zone (or ``default_zone``, or this machine's), so "tomorrow" after a stop
    is the household's tomorrow. Raises NotFoundError, or CoachInputError
    naming every bad ``planned.*`` field.
    """
    return plan_and_log(db, actor, cat_id, planned=planned, now=now, default_zone=default_zone)[0]


def plan_and_log(
    db: Database,
    actor: Actor,
    cat_id: int,
    *,
    planned: Mapping[str, Any] | Planned | None = None,
    now: datetime | None = None,
    default_zone: str | None = None,
) -> tuple[dict[str, Any], list[Session]]:
    """:func:`today_plan` and the live log it was decided on (validated
    sessions, in no particular order), from the same read."""
    read = read_cat(db, actor, cat_id, planned=planned, now=now, default_zone=default_zone)
    return decided(read), read.request.sessions


@dataclass(frozen=True, slots=True)
class CatRead:
    """One read of a cat for the engine (:func:`read_cat`): the request (its log
    validated, in no particular order), the log's fold as today's plan takes it
    (in the household's zone, with its pauses: this process's kept copy, not
    to be changed), when the pause running now began (None while training is
    on), the cat's routine target (short outings a week after graduation) and
    when the running pause ends (None for a pause until resumed, or none).
    The plan (:func:`decided`) and the weekly routine
    (:func:`catpack.services.outings.routine`) both read it, so they agree on
    whether training is complete."""

    request: CoachRequest
    state: State
    paused_since: datetime | None
    per_week: int
    paused_until: datetime | None = None


def read_cat(
    db: Database,
    actor: Actor,
    cat_id: int,
    *,
    planned: Mapping[str, Any] | Planned | None = None,
    now: datetime | None = None,
    default_zone: str | None = None,
) -> CatRead:
    """What today's plan is decided on, read once (see :func:`today_plan`):
    Today also says from it whether a pause runs, and until when."""
    plan = validate(Planned, planned, "planned") if planned is not None else None
    inputs, beside = _engine_inputs(db, actor, cat_id, now, default_zone)
    del inputs["units"]
    version = inputs.pop("log_version")
    req = CoachRequest.model_construct(**inputs, planned=plan)
    state = _folded(db, cat_id, version, req)
    return CatRead(req, state, beside.paused_since, beside.per_week, beside.paused_until)


def decided(read: CatRead) -> dict[str, Any]:
    """The engine's decision (:func:`today_plan`) on a read of the cat."""
    return decide_folded(read.request, read.state)


def _folded(db: Database, cat_id: int, version: int, req: CoachRequest) -> State:
    """The engine's fold of the request's log: this process's copy while the log
    (its version), the profile, the zone and the pauses are those it was made
    with, else folded anew and kept. Logging a session extends a kept fold
    (:func:`catpack.services.sessions.extend_cached_log`), so the plan after a
    log does not walk the whole log again."""
    zone = household_zone(req)
    key = (req.cat, zone, tuple(req.pauses))
    state = cached_fold(db, cat_id, version, key)
    # A clock set before the log's last session (a test's, or a wrong one)
    # takes the full check, which names the session dated after "now".
    if state is not None and (state.last_at is None or state.last_at <= req.now + CLOCK_SKEW):
        return state
    state = fold_request(req)
    remember_fold(db, cat_id, version, key, state)
    return state


def check_trip(trip: Mapping[str, Any] | Trip) -> Trip:
    """The check :func:`trip_plan` applies to ``trip`` (every problem at once)."""
    return validate(Trip, trip, "trip")


def trip_plan(
    db: Database,
    actor: Actor,
    cat_id: int,
    trip: Mapping[str, Any] | Trip,
    *,
    now: datetime | None = None,
    default_zone: str | None = None,
    units: Units | None = None,
) -> dict[str, Any]:
    """Readiness, packing list, heat, airline and pack checks for a trip (the
    contract's trip plan JSON), in the owner's units. A trip without a
    ``backpack`` is checked with the cat's own pack, when it has one."""
    parsed = check_trip(trip)
    inputs, _ = _engine_inputs(db, actor, cat_id, now, default_zone)
    del inputs["log_version"]
    pack = inputs.pop("backpack")
    if parsed.backpack is None and pack is not None:
        parsed = parsed.model_copy(update={"backpack": pack})
    if units is not None:
        inputs["units"] = units
    return plan_parsed(TripRequest.model_construct(**inputs, trip=parsed))


def trip_packing(trip: Mapping[str, Any] | Trip) -> list[dict[str, str]]:
    """The packing list of :func:`trip_plan` for ``trip``, without the rest of
    the plan: it depends on the trip alone, so it reads nothing stored (a list
    of saved trips shows each one's packing without planning each)."""
    return packing_list(check_trip(trip))


def stored_trip_plan(
    db: Database, actor: Actor, cat_id: int, trip_id: int, *, now: datetime | None = None
) -> dict[str, Any]:
    """:func:`trip_plan` for a trip saved with :func:`catpack.services.gear.add_trip`."""
    with db.read() as s:
        owned_cat(s, actor, cat_id)
        row = s.get(t.Trip, trip_id)
        if row is None or row.cat_id != cat_id:
            raise NotFoundError(f"trip {trip_id} of cat {cat_id} not found")
        trip = loads(row.doc)
    return trip_plan(db, actor, cat_id, trip, now=now)


def _pause_view(p: t.Pause) -> PauseView:
    return PauseView(
        id=p.id, cat_id=p.cat_id, starts_at=p.starts_at, ends_at=p.ends_at, reason=p.reason
    )


def pause(
    db: Database,
    actor: Actor,
    cat_id: int,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    reason: str = "",
) -> PauseView:
    """Pause training (from ``start``, default now; open-ended unless ``end``).

    Raises ConflictError if an open pause is already running, CoachInputError
    if ``end`` is not after ``start``.
    """
    free_text("reason", reason, REASON_MAX)
    begin = aware(start, "from") if start is not None else utcnow()
    if end is not None and aware(end, "to") <= begin:
        raise CoachInputError("to", "must be after 'from'")
    with db.write() as s:
        cat = owned_cat(s, actor, cat_id)
        if end is None and _open_pause(s, cat_id) is not None:
            raise ConflictError(f"{cat.name} is already paused")
        row = t.Pause(cat_id=cat_id, starts_at=begin, ends_at=end, reason=reason)
        s.add(row)
        s.flush()
        return _pause_view(row)


def _open_pause(s: DbSession, cat_id: int) -> t.Pause | None:
    return s.scalar(
        select(t.Pause).where(t.Pause.cat_id == cat_id, t.Pause.ends_at.is_(None)).limit(1)
    )


def resume(db: Database, actor: Actor, cat_id: int, *, at: datetime | None = None) -> PauseView:
    """End the running pause (at ``at``, default now); ConflictError if none runs.

    A pause resumed no later than it starts (a tap on Resume in the same
    instant as on Pause, or before a pause set to start later) covers no
    time: it is withdrawn rather than stored with its end at or before its
    start (which no export could carry), and the view returned ends where
    it starts."""
    end = aware(at, "at") if at is not None else utcnow()
    with db.write() as s:
        cat = owned_cat(s, actor, cat_id)
        row = _open_pause(s, cat_id)
        if row is None:
            raise ConflictError(f"{cat.name} is not paused")
        if end <= row.starts_at:
            view = _pause_view(row).model_copy(update={"ends_at": row.starts_at})
            s.delete(row)
            return view
        row.ends_at = end
        s.flush()
        return _pause_view(row)


def list_pauses(db: Database, actor: Actor, cat_id: int) -> list[PauseView]:
    """A cat's pauses, oldest first."""
    with db.read() as s:
        owned_cat(s, actor, cat_id)
        rows = s.scalars(
            select(t.Pause).where(t.Pause.cat_id == cat_id).order_by(t.Pause.starts_at)
        ).all()
        return [_pause_view(p) for p in rows]
