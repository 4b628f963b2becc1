"""Writing an imported cat without holding the write lock for long.

SQLite lets one writer in at a time, and an import of thousands of sessions in
one transaction kept every other household's writes waiting (100,000 sessions
held the lock 22 s). :func:`store_import` writes the cat, its pauses and trips
in one short transaction, then the sessions ``chunk`` at a time, each chunk
its own transaction: other writes go in between chunks.

Everything was checked before (``catpack.services.transfer.import_json``), so
a chunk can only fail on the database itself. If one does, the cat is deleted
again with what was written of it: the import is all or nothing. Meanwhile the
cat is visible, its log growing chunk by chunk (each chunk raises its
``log_version``, so no process keeps a stale parsed log).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select

from catpack.domain.contract import Cat, Session, Trip
from catpack.domain.errors import ConflictError
from catpack.services._common import bump_log, doc, dumps, session_columns, utcnow
from catpack.services.views import Actor
from catpack.store import schema as t
from catpack.store.db import Database

_SESSIONS = t.Base.metadata.tables["sessions"]
_INSERT_SESSIONS = insert(_SESSIONS).returning(_SESSIONS.c.id, sort_by_parameter_order=True)
_INSERT_REVISIONS = insert(t.Base.metadata.tables["session_revisions"])


@dataclass(frozen=True)
class ImportedCat:
    """A checked import: the cat, its sessions (with notes), pauses and trips."""

    profile: Cat
    notes: str
    temp_unit: str
    weight_unit: str
    sessions: list[tuple[Session, str]]
    pauses: list[tuple[datetime, datetime | None, str]]
    trips: list[tuple[Trip, datetime | None, str]]


def store_import(
    db: Database,
    actor: Actor,
    cat: ImportedCat,
    *,
    chunk: int = 500,
    after_chunk: Callable[[int], None] | None = None,
) -> int:
    """Store a checked import; returns the new cat's id. ``after_chunk(n)`` is
    called after each committed chunk with the sessions written so far."""
    cat_id = _create_cat(db, actor, cat)
    try:
        done = 0
        for start in range(0, len(cat.sessions), max(1, chunk)):
            part = cat.sessions[start : start + max(1, chunk)]
            _write_chunk(db, actor, cat_id, part)
            done += len(part)
            if after_chunk is not None:
                after_chunk(done)
    except BaseException:
        with db.write() as s:  # all or nothing: take back what was written
            s.execute(delete(t.Cat).where(t.Cat.id == cat_id))
        raise
    return cat_id


def _create_cat(db: Database, actor: Actor, cat: ImportedCat) -> int:
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
        return row.id


def _write_chunk(db: Database, actor: Actor, cat_id: int, part: list[tuple[Session, str]]) -> None:
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
