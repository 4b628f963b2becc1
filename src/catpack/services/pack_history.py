"""The pack thermometer's readings of logged sessions (the history's in-pack air).

Readings are attached to their session when it is logged (or when they
arrive late, :mod:`catpack.services.readings`); these read them back, per
session, for the history page and its small charts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from catpack.domain.errors import NotFoundError
from catpack.services._common import owned_cat
from catpack.services.pack_views import ReadingView, SessionAir
from catpack.services.views import Actor
from catpack.store import schema as t
from catpack.store.db import Database


def _view(row: t.Reading) -> ReadingView:
    return ReadingView(
        at=row.at,
        temp_c=row.temp_c,
        humidity_pct=row.humidity_pct,
        battery_pct=row.battery_pct,
        session_id=row.session_id,
    )


def sessions_air(
    db: Database, actor: Actor, cat_id: int, *, since: datetime | None = None
) -> list[SessionAir]:
    """The readings of each live session of the cat logged at or after ``since``
    that has any, oldest session first, each session's readings oldest first
    (one statement after the ownership check)."""
    with db.read() as s:
        owned_cat(s, actor, cat_id)
        query = (  # columns, not ORM objects: a long history holds many readings
            select(
                t.Session.id,
                t.Session.at,
                t.Reading.at,
                t.Reading.temp_c,
                t.Reading.humidity_pct,
                t.Reading.battery_pct,
            )
            .join(t.Reading, t.Reading.session_id == t.Session.id)
            .where(t.Session.cat_id == cat_id, t.Session.deleted_at.is_(None))
            .order_by(t.Session.at, t.Reading.at)
        )
        if since is not None:
            query = query.where(t.Session.at >= since)
        found: dict[int, tuple[datetime, list[ReadingView]]] = {}
        for sid, at, r_at, temp, humidity, battery in s.execute(query).all():
            view = ReadingView(
                at=r_at, temp_c=temp, humidity_pct=humidity, battery_pct=battery, session_id=sid
            )
            found.setdefault(sid, (at, []))[1].append(view)
        return [
            SessionAir(session_id=sid, at=at, readings=views) for sid, (at, views) in found.items()
        ]


def session_air(db: Database, actor: Actor, cat_id: int, session_id: int) -> SessionAir:
    """One live session's readings (NotFoundError for a session not of this
    household's cat, or deleted)."""
    with db.read() as s:
        owned_cat(s, actor, cat_id)
        row = s.get(t.Session, session_id)
        if row is None or row.cat_id != cat_id or row.deleted_at is not None:
            raise NotFoundError(f"session {session_id} of cat {cat_id} not found")
        readings = s.scalars(
            select(t.Reading).where(t.Reading.session_id == session_id).order_by(t.Reading.at)
        ).all()
        return SessionAir(session_id=session_id, at=row.at, readings=[_view(r) for r in readings])
