"""The pack thermometer: pairing, readings in (batched, idempotent), the pack's air now.

A reading belongs to the session it was taken in. Sessions are logged when
they end (the log's time defaults to "now"), so while one runs its readings
wait unattached; logging the session attaches those from its span (its
``minutes`` before its time, ``GRACE_MIN`` either side) and writes their
peak into the session's context (``pack_temp_c``, ``pack_humidity_pct``),
where the engine counts it as heat. A reading that arrives after its session
was logged (a watcher that was offline) is attached then, and a higher peak
updates the session (an audited edit).

"The running session" is the cat's unattached readings since its last
logged session, as long as the newest is under ``RUN_GAP_MIN`` old.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, exists, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from catpack.domain import pack_air
from catpack.domain.contract import Session
from catpack.domain.errors import CoachInputError, NotFoundError, Problem
from catpack.domain.validation import CLOCK_SKEW
from catpack.services._common import bump_log, dumps, loads, owned_cat, utcnow
from catpack.services.pack_views import (
    PackNow,
    PackView,
    PairIn,
    ReadingIn,
    ReadingsIn,
    ReadingsPosted,
    ReadingView,
    SensorView,
)
from catpack.services.views import Actor
from catpack.store import schema as t
from catpack.store.db import Database, DriverWrite

#: Policy: minutes either side of a session's span whose readings still count for it.
GRACE_MIN = 2.0
#: Policy: a session logged without ``minutes`` is taken to have lasted this long.
DEFAULT_SPAN_MIN = 60.0
#: Policy: no reading for this long ends "the running session" (and its silence alarm).
RUN_GAP_MIN = 30.0
#: Policy: the running session looks back at most this far (the longest outing).
RUN_MAX_H = 12.0
#: Clock skew allowed between the watcher and the server (as for sessions).
FUTURE_SKEW = CLOCK_SKEW

ADVICE: dict[str, str] = {
    "ok": "The air in the pack is fine.",
    "caution": "The pack is getting warm: keep it out of the sun and open a vent.",
    "alert": "The pack is hot: open it for air, get into shade and offer water.",
    "cool_now": "Stop and cool the cat now: open the pack, lift the cat out into shade, "
    "offer water.",
    "cold": "The pack is cold: add a blanket and keep the outing short.",
    "silent": "No reading from the pack thermometer for {min} minutes: check the cat yourself.",
}


def _sensor_view(row: t.Sensor) -> SensorView:
    return SensorView(
        id=row.id, address=row.address, name=row.name, cat_id=row.cat_id, paired_at=row.paired_at
    )


def _sensor(s: Any, actor: Actor, address: str) -> t.Sensor:
    row = s.scalar(
        select(t.Sensor).where(
            t.Sensor.household_id == actor.household_id, t.Sensor.address == address
        )
    )
    if row is None:
        row = t.Sensor(household_id=actor.household_id, address=address, name="")
        s.add(row)
        s.flush()
    return row  # type: ignore[no-any-return]


def pair_sensor(db: Database, actor: Actor, cat_id: int, pair: PairIn) -> SensorView:
    """Remember that the sensor at ``pair.address`` is in this cat's pack.

    A pack holds one thermometer: a sensor paired before with this cat is
    unpaired (its readings stay)."""
    with db.write() as s:
        owned_cat(s, actor, cat_id)
        row = _sensor(s, actor, pair.address)
        s.execute(
            update(t.Sensor)
            .where(t.Sensor.cat_id == cat_id, t.Sensor.id != row.id)
            .values(cat_id=None, paired_at=None)
        )
        row.cat_id = cat_id
        row.paired_at = utcnow()
        if pair.name:
            row.name = pair.name
        s.flush()
        return _sensor_view(row)


def unpair_sensor(db: Database, actor: Actor, cat_id: int) -> SensorView:
    with db.write() as s:
        owned_cat(s, actor, cat_id)
        row = s.scalar(select(t.Sensor).where(t.Sensor.cat_id == cat_id))
        if row is None:
            raise NotFoundError(f"cat {cat_id} has no paired sensor")
        row.cat_id = None
        row.paired_at = None
        s.flush()
        return _sensor_view(row)


def cat_sensor(db: Database, actor: Actor, cat_id: int) -> SensorView | None:
    with db.read() as s:
        owned_cat(s, actor, cat_id)
        row = s.scalar(select(t.Sensor).where(t.Sensor.cat_id == cat_id))
        return None if row is None else _sensor_view(row)


def list_sensors(db: Database, actor: Actor) -> list[SensorView]:
    with db.read() as s:
        rows = s.scalars(
            select(t.Sensor)
            .where(t.Sensor.household_id == actor.household_id)
            .order_by(t.Sensor.id)
        ).all()
        return [_sensor_view(r) for r in rows]


# ------------------------------------------------------------------ readings in


def reading_row(
    cat_id: int,
    sensor_id: int,
    reading: ReadingIn,
    received_at: datetime,
    session_id: int | None = None,
) -> dict[str, Any]:
    """A reading's row in the readings table (the watcher's post, an import)."""
    return {
        "cat_id": cat_id,
        "sensor_id": sensor_id,
        "session_id": session_id,
        "at": reading.at,
        "temp_c": reading.temp_c,
        "humidity_pct": reading.humidity_pct,
        "battery_pct": reading.battery_pct,
        "packet_id": reading.packet_id,
        "received_at": received_at,
    }


def post_readings(
    db: Database, actor: Actor, cat_id: int, batch: ReadingsIn, now: datetime | None = None
) -> ReadingsPosted:
    """Store a batch of one sensor's readings for a cat; a replayed batch adds nothing.

    Raises NotFoundError for another household's cat and CoachInputError
    (naming each ``readings[i].at``) for readings from the future.
    """
    now = now or utcnow()
    future = [
        Problem(
            f"readings[{i}].at",
            f"{r.at.isoformat()} is in the future (server time "
            f"{now.isoformat(timespec='seconds')}); check the watcher's clock",
            "future",
        )
        for i, r in enumerate(batch.readings)
        if r.at > now + FUTURE_SKEW
    ]
    if future:
        raise CoachInputError.of(future)
    with db.write() as s:
        owned_cat(s, actor, cat_id)
        sensor = _sensor(s, actor, batch.sensor)
        rows = [reading_row(cat_id, sensor.id, r, now) for r in batch.readings]
        dialect = sqlite if db.is_sqlite else postgresql
        stmt = (
            dialect.insert(t.Reading)
            .on_conflict_do_nothing(index_elements=["cat_id", "sensor_id", "at"])
            .returning(t.Reading.id)
        )
        accepted = len(s.execute(stmt, rows).all())
        if accepted:
            times = [r.at for r in batch.readings]
            _attach_late(s.connection(), actor, cat_id, min(times), max(times))
    return ReadingsPosted(
        accepted=accepted,
        duplicates=len(batch.readings) - accepted,
        pack=pack_now(db, actor, cat_id, now).pack,
    )


# --------------------------------------------------------- readings ↔ sessions


def span(session: Mapping[str, Any]) -> tuple[datetime, datetime]:
    """The instants whose readings belong to a session logged at ``at`` (its end)."""
    at: datetime = session["at"]
    minutes = session.get("minutes") or DEFAULT_SPAN_MIN
    grace = timedelta(minutes=GRACE_MIN)
    return at - timedelta(minutes=float(minutes)) - grace, at + grace


def _in_span(cat_id: Any, lo: Any, hi: Any) -> Any:
    return and_(
        t.Reading.cat_id == cat_id,
        t.Reading.session_id.is_(None),
        t.Reading.at >= lo,
        t.Reading.at <= hi,
    )


# Built once, bound at execute() (this runs on every session logged).
_PEAK = (
    select(t.Reading.temp_c, t.Reading.humidity_pct)
    .where(_in_span(bindparam("cat_id"), bindparam("lo"), bindparam("hi")))
    .order_by(t.Reading.temp_c.desc())
    .limit(1)
)


#: Whether a session's span has readings not yet attached (bound like :data:`_PEAK`,
#: the cat as ``b_cat``): for a statement's RETURNING, so that logging a session of a
#: cat without any (most cats: no thermometer) needs no query of its own.
UNATTACHED_IN_SPAN = (
    exists().where(_in_span(bindparam("b_cat"), bindparam("lo"), bindparam("hi"))).label("readings")
)


def with_pack_peak(
    conn: Connection | DriverWrite, cat_id: int, session: Session
) -> tuple[Session, bool]:
    """``session`` with its context's ``pack_temp_c`` raised to the peak of the readings
    of its span, and whether there were any (one indexed query)."""
    lo, hi = span(session)
    top = conn.execute(_PEAK, {"cat_id": cat_id, "lo": lo, "hi": hi}).first()
    if top is None:
        return session, False
    ctx = session.get("context") or {}
    given = ctx.get("pack_temp_c")
    if given is not None and given >= top[0]:
        return session, True
    context = {**ctx, "pack_temp_c": top[0]}
    if top[1] is not None:
        context["pack_humidity_pct"] = top[1]
    return {**session, "context": context}, True  # type: ignore[typeddict-item]


_ATTACH = (
    update(t.Reading)
    .where(_in_span(bindparam("b_cat"), bindparam("lo"), bindparam("hi")))
    .values(session_id=bindparam("b_session"))
)


def attach(
    conn: Connection | DriverWrite, cat_id: int, session_id: int, session: Mapping[str, Any]
) -> None:
    """Mark the unattached readings of the session's span as belonging to it."""
    lo, hi = span(session)
    conn.execute(_ATTACH, {"b_cat": cat_id, "lo": lo, "hi": hi, "b_session": session_id})


def detach(s: Any, session_id: int) -> None:
    """A deleted (or undone) session lets go of its readings: logged again, it finds them."""
    s.execute(update(t.Reading).where(t.Reading.session_id == session_id).values(session_id=None))


def _attach_late(conn: Connection, actor: Actor, cat_id: int, lo: datetime, hi: datetime) -> None:
    """Readings that arrived after their session was logged: attach, raise its peak."""
    longest = timedelta(days=1, minutes=GRACE_MIN)
    rows = conn.execute(
        select(t.Session.id, t.Session.doc, t.Session.revision).where(
            t.Session.cat_id == cat_id,
            t.Session.deleted_at.is_(None),
            t.Session.at >= lo - timedelta(minutes=GRACE_MIN),
            t.Session.at <= hi + longest,
        )
    ).all()
    for sid, doc, revision in rows:
        session = loads(doc)
        parsed = {**session, "at": datetime.fromisoformat(session["at"])}
        s_lo, s_hi = span(parsed)
        if s_hi < lo or s_lo > hi:
            continue
        top = conn.execute(
            select(func.max(t.Reading.temp_c)).where(_in_span(cat_id, s_lo, s_hi))
        ).scalar()
        if top is None:
            continue
        attach(conn, cat_id, sid, parsed)
        _raise_peak(conn, actor, cat_id, sid, revision, session, s_lo, s_hi)


def _raise_peak(
    conn: Connection,
    actor: Actor,
    cat_id: int,
    sid: int,
    revision: int,
    session: dict[str, Any],
    lo: datetime,
    hi: datetime,
) -> None:
    top = conn.execute(
        select(t.Reading.temp_c, t.Reading.humidity_pct)
        .where(t.Reading.session_id == sid, t.Reading.at >= lo, t.Reading.at <= hi)
        .order_by(t.Reading.temp_c.desc())
        .limit(1)
    ).first()
    ctx = dict(session.get("context") or {})
    if top is None or (ctx.get("pack_temp_c") is not None and ctx["pack_temp_c"] >= top[0]):
        return
    ctx["pack_temp_c"] = top[0]
    if top[1] is not None:
        ctx["pack_humidity_pct"] = top[1]
    text = dumps({**session, "context": ctx})
    bump_log(conn, actor, cat_id)
    conn.execute(
        update(t.Session).where(t.Session.id == sid).values(doc=text, revision=revision + 1)
    )
    conn.execute(
        insert(t.SessionRevision).values(
            session_id=sid,
            revision=revision + 1,
            action="edit",
            doc=text,
            note="in-pack peak from readings that arrived late",
            by_user=actor.user_id,
            at=utcnow(),
        )
    )


# ---------------------------------------------------------------- the pack now


def _reading_view(row: t.Reading) -> ReadingView:
    return ReadingView(
        at=row.at,
        temp_c=row.temp_c,
        humidity_pct=row.humidity_pct,
        battery_pct=row.battery_pct,
        session_id=row.session_id,
    )


def _running(rows: Sequence[t.Reading], now: datetime) -> list[t.Reading]:
    """The trailing run of readings with no gap over RUN_GAP_MIN, if still fresh."""
    gap = timedelta(minutes=RUN_GAP_MIN)
    if not rows or now - rows[-1].at > gap:
        return []
    start = len(rows) - 1
    while start > 0 and rows[start].at - rows[start - 1].at <= gap:
        start -= 1
    return list(rows[start:])


def pack_now(db: Database, actor: Actor, cat_id: int, now: datetime | None = None) -> PackNow:
    """The running session's in-pack air, its verdict and its readings."""
    now = now or utcnow()
    with db.read() as s:
        owned_cat(s, actor, cat_id)
        last_logged = s.scalar(
            select(func.max(t.Session.at)).where(
                t.Session.cat_id == cat_id, t.Session.deleted_at.is_(None)
            )
        )
        floor = now - timedelta(hours=RUN_MAX_H)
        if last_logged is not None and last_logged > floor:
            floor = last_logged
        rows = s.scalars(
            select(t.Reading)
            .where(
                t.Reading.cat_id == cat_id,
                t.Reading.session_id.is_(None),
                t.Reading.at > floor,
                t.Reading.at <= now + FUTURE_SKEW,
            )
            .order_by(t.Reading.at)
        ).all()
        run = _running(rows, now)
        if not run:
            return PackNow(pack=None, readings=[])
        sensor = s.get(t.Sensor, run[-1].sensor_id)
        address = sensor.address if sensor is not None else ""
        readings = [pack_air.Reading(r.at, r.temp_c, r.humidity_pct) for r in run]
        verdict = pack_air.assess(readings, now)
        assert verdict is not None
        top = pack_air.peak(readings)
        assert top is not None
        return PackNow(
            pack=PackView(
                level=verdict.level,
                temp_c=verdict.temp_c,
                humidity_pct=verdict.humidity_pct,
                heat_index_c=verdict.heat_index_c,
                rate_c_per_min=verdict.rate_c_per_min,
                at=verdict.at,
                silent_min=verdict.silent_min,
                why=list(verdict.why),
                advice=advice(verdict),
                peak_c=top.temp_c,
                battery_pct=run[-1].battery_pct,
                sensor=address,
            ),
            readings=[_reading_view(r) for r in run],
        )


def advice(verdict: pack_air.PackAir) -> str:
    """What to do, in plain words: the level's advice, the silence alarm first."""
    cold = any(w in ("cold", "cold_too_long", "freezing") for w in verdict.why)
    said = ADVICE["cold"] if cold else ADVICE[verdict.level]
    if verdict.silent_min is None:
        return said
    silent = ADVICE["silent"].format(min=int(verdict.silent_min))
    return silent if verdict.level == "ok" and not cold else f"{silent} {said}"
