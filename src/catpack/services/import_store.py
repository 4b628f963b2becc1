"""Writing an imported cat without holding the write lock for long.

SQLite lets one writer in at a time, and an import of thousands of sessions in
one transaction kept every other household's writes waiting (100,000 sessions
held the lock 22 s). :func:`store_import` writes the cat, its pauses and trips
(and the thermometers its readings name that the household does not know yet)
in one short transaction, then the sessions ``chunk`` at a time, then the pack
thermometer's readings ``chunk`` at a time, each chunk its own transaction:
other writes go in between chunks.

Everything was checked before (``catpack.services.transfer.import_json``), so
a chunk can only fail on the database itself. If one does, the cat is deleted
again with what was written of it (its readings with it), and so are the
thermometers the import added, unless something else uses one by then: the
import is all or nothing. Meanwhile the cat is visible, its log growing chunk
by chunk (each chunk of sessions raises its ``log_version``, so no process
keeps a stale parsed log).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, insert, select
from sqlalchemy.exc import IntegrityError

from catpack.domain.contract import Cat, Session, Trip
from catpack.domain.errors import ConflictError
from catpack.services._common import bump_log, doc, dumps, session_columns, utcnow
from catpack.services.pack_views import ExportReading
from catpack.services.readings import reading_row
from catpack.services.views import Actor
from catpack.store import schema as t
from catpack.store.db import Database

_SESSIONS = t.Base.metadata.tables["sessions"]
_INSERT_SESSIONS = insert(_SESSIONS).returning(_SESSIONS.c.id, sort_by_parameter_order=True)
_INSERT_REVISIONS = insert(t.Base.metadata.tables["session_revisions"])
_INSERT_READINGS = insert(t.Base.metadata.tables["readings"])


@dataclass(frozen=True)
class ImportedCat:
    """A checked import: the cat, its sessions (with notes), pauses and trips, the
    thermometers (address -> name) and readings (``session``: an index in
    ``sessions``)."""

    profile: Cat
    notes: str
    temp_unit: str
    weight_unit: str
    sessions: list[tuple[Session, str]]
    pauses: list[tuple[datetime, datetime | None, str]]
    trips: list[tuple[Trip, datetime | None, str]]
    sensors: dict[str, str] = field(default_factory=dict)
    readings: list[ExportReading] = field(default_factory=list)


def store_import(
    db: Database,
    actor: Actor,
    cat: ImportedCat,
    *,
    chunk: int = 500,
    after_chunk: Callable[[int], None] | None = None,
) -> int:
    """Store a checked import; returns the new cat's id. ``after_chunk(n)`` is
    called after each committed chunk with the sessions, then the sessions and
    readings, written so far."""
    cat_id, sensors, added = _create_cat(db, actor, cat)
    step = max(1, chunk)
    try:
        done = 0
        ids: list[int] = []  # the new sessions' ids, in the order of cat.sessions
        for start in range(0, len(cat.sessions), step):
            part = cat.sessions[start : start + step]
            ids += _write_chunk(db, actor, cat_id, part)
            done += len(part)
            if after_chunk is not None:
                after_chunk(done)
        for start in range(0, len(cat.readings), step):
            some = cat.readings[start : start + step]
            _write_readings(db, cat_id, sensors, ids, some)
            done += len(some)
            if after_chunk is not None:
                after_chunk(done)
    except BaseException:
        with db.write() as s:  # all or nothing: take back what was written
            s.execute(delete(t.Cat).where(t.Cat.id == cat_id))  # its readings go with it
            s.execute(  # the thermometers it added, unless something uses one by now
                delete(t.Sensor).where(
                    t.Sensor.id.in_(added),
                    t.Sensor.cat_id.is_(None),
                    ~exists().where(t.Reading.sensor_id == t.Sensor.id),
                )
            )
        raise
    return cat_id


def _create_cat(
    db: Database, actor: Actor, cat: ImportedCat
) -> tuple[int, dict[str, int], list[int]]:
    """The cat with its pauses and trips. Returns its id, the id of each
    thermometer its readings name (address -> id; those the household does
    not know yet are added) and the ids of those added.

    On PostgreSQL another request may add one of those thermometers (or a
    cat of that name) between this one's look and its insert: the insert
    then breaks a unique key, and the whole transaction is tried once more,
    now seeing what was added (SQLite's writers queue, so it cannot happen
    there)."""
    try:
        return _create_cat_once(db, actor, cat)
    except IntegrityError:
        try:
            return _create_cat_once(db, actor, cat)
        except IntegrityError:
            raise ConflictError(
                "the household changed while importing (a thermometer or a cat was added "
                "at the same moment): import again"
            ) from None


def _create_cat_once(
    db: Database, actor: Actor, cat: ImportedCat
) -> tuple[int, dict[str, int], list[int]]:
    with db.write() as s:
        taken = s.scalar(
            select(t.Cat.id).where(
                t.Cat.household_id == actor.household_id, t.Cat.name == cat.profile.name
            )
        )
        if taken is not None:
            raise ConflictError(f"there is already a cat named {cat.profile.name!r}")
        row = t.Cat(
            household_id=actor.household_id,
            name=cat.profile.name,
            profile=dumps(doc(cat.profile)),
            notes=cat.notes,
            temp_unit=cat.temp_unit,
            weight_unit=cat.weight_unit,
        )
        s.add(row)
        s.flush()
        for start, end, reason in cat.pauses:
            s.add(t.Pause(cat_id=row.id, starts_at=start, ends_at=end, reason=reason))
        for trip, starts_at, trip_notes in cat.trips:
            s.add(
                t.Trip(
                    cat_id=row.id,
                    starts_at=starts_at,
                    doc=dumps(doc(trip)),
                    notes=trip_notes,
                    created_by=actor.user_id,
                )
            )
        known: dict[str, int] = {}
        if cat.sensors:
            for address, sensor_id in s.execute(
                select(t.Sensor.address, t.Sensor.id).where(
                    t.Sensor.household_id == actor.household_id,
                    t.Sensor.address.in_(list(cat.sensors)),
                )
            ):
                known[address] = sensor_id
        added = []
        for address, name in cat.sensors.items():
            if address not in known:
                sensor = t.Sensor(household_id=actor.household_id, address=address, name=name)
                s.add(sensor)
                s.flush()
                known[address] = sensor.id
                added.append(sensor.id)
        return row.id, known, added


def _write_chunk(
    db: Database, actor: Actor, cat_id: int, part: list[tuple[Session, str]]
) -> list[int]:
    """One transaction of sessions; their new ids, in order."""
    now = utcnow()
    rows: list[dict[str, Any]] = [
        {
            "cat_id": cat_id,
            **session_columns(session),
            "note": note,
            "revision": 1,
            "logged_by": actor.user_id,
            "logged_at": now,
        }
        for session, note in part
    ]
    with db.write_conn() as c:
        bump_log(c, actor, cat_id)
        ids = c.execute(_INSERT_SESSIONS, rows).scalars().all()
        c.execute(
            _INSERT_REVISIONS,
            [
                {
                    "session_id": sid,
                    "revision": 1,
                    "action": "create",
                    "doc": row["doc"],
                    "note": "imported",
                    "by_user": actor.user_id,
                    "at": now,
                }
                for sid, row in zip(ids, rows, strict=True)
            ],
        )
    return list(ids)


def _write_readings(
    db: Database,
    cat_id: int,
    sensors: dict[str, int],
    sessions: list[int],
    part: list[ExportReading],
) -> None:
    """One transaction of readings, each linked to its imported session."""
    now = utcnow()
    rows = [
        reading_row(
            cat_id, sensors[r.sensor], r, now, None if r.session is None else sessions[r.session]
        )
        for r in part
    ]
    with db.write_conn() as c:
        c.execute(_INSERT_READINGS, rows)
