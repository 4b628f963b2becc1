"""Backpacks (the household's gear profiles) and saved trips."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from catpack.domain.contract import Trip
from catpack.domain.errors import ConflictError, NotFoundError
from catpack.services._common import aware, doc, dumps, loads, owned_cat, validate
from catpack.services.views import Actor, BackpackIn, BackpackView, TripView
from catpack.store import schema as t
from catpack.store.db import Database


def _pack_view(p: t.Backpack) -> BackpackView:
    return BackpackView(
        id=p.id,
        name=p.name,
        length_cm=p.length_cm,
        width_cm=p.width_cm,
        height_cm=p.height_cm,
        weight_kg=p.weight_kg,
        notes=p.notes,
    )


def add_backpack(db: Database, actor: Actor, pack: Mapping[str, Any] | BackpackIn) -> BackpackView:
    """Save a backpack (name, inner dimensions in cm, weight in kg, notes).

    ConflictError if the household already has a backpack of that name.
    """
    data = validate(BackpackIn, pack, "backpack")
    try:
        with db.write() as s:
            row = t.Backpack(household_id=actor.household_id, **data.model_dump())
            s.add(row)
            s.flush()
            return _pack_view(row)
    except IntegrityError:
        raise ConflictError(f"there is already a backpack named {data.name!r}") from None


def list_backpacks(db: Database, actor: Actor) -> list[BackpackView]:
    with db.read() as s:
        rows = s.scalars(
            select(t.Backpack)
            .where(t.Backpack.household_id == actor.household_id)
            .order_by(t.Backpack.name)
        ).all()
        return [_pack_view(r) for r in rows]


def delete_backpack(db: Database, actor: Actor, backpack_id: int) -> None:
    """Delete a backpack; cats that used it keep their log and lose the link."""
    with db.write() as s:
        row = s.get(t.Backpack, backpack_id)
        if row is None or row.household_id != actor.household_id:
            raise NotFoundError(f"backpack {backpack_id} not found")
        s.delete(row)


def _trip_view(r: t.Trip) -> TripView:
    return TripView(
        id=r.id, cat_id=r.cat_id, trip=loads(r.doc), starts_at=r.starts_at, notes=r.notes
    )


def add_trip(
    db: Database,
    actor: Actor,
    cat_id: int,
    trip: Mapping[str, Any] | Trip,
    *,
    starts_at: datetime | None = None,
    notes: str = "",
) -> TripView:
    """Save a planned trip (the contract's trip object) for a cat."""
    parsed = validate(Trip, trip, "trip")
    when = aware(starts_at, "starts_at") if starts_at is not None else None
    with db.write() as s:
        owned_cat(s, actor, cat_id)
        row = t.Trip(
            cat_id=cat_id,
            starts_at=when,
            doc=dumps(doc(parsed)),
            notes=notes,
            created_by=actor.user_id,
        )
        s.add(row)
        s.flush()
        return _trip_view(row)


def list_trips(db: Database, actor: Actor, cat_id: int) -> list[TripView]:
    with db.read() as s:
        owned_cat(s, actor, cat_id)
        rows = s.scalars(select(t.Trip).where(t.Trip.cat_id == cat_id).order_by(t.Trip.id)).all()
        return [_trip_view(r) for r in rows]


def delete_trip(db: Database, actor: Actor, cat_id: int, trip_id: int) -> None:
    with db.write() as s:
        owned_cat(s, actor, cat_id)
        row = s.get(t.Trip, trip_id)
        if row is None or row.cat_id != cat_id:
            raise NotFoundError(f"trip {trip_id} of cat {cat_id} not found")
        s.delete(row)
