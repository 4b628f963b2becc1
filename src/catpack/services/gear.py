"""Backpacks (the household's gear profiles), their fit to a cat, and saved trips.

A backpack belongs to the household; a cat may be linked to one (its pack).
Sizes are stored in cm and kg whatever the owner typed; ``length_unit`` keeps
the unit they measured in, so interfaces show the pack back in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, get_args

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from catpack.domain.contract import Backpack, Cat, Trip, merge_problems
from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError, Problem
from catpack.domain.gear import fit, pack_flags
from catpack.domain.measure import Units
from catpack.services._common import (
    NOTE_MAX,
    aware,
    doc,
    dumps,
    free_text,
    loads,
    owned_cat,
    validate,
)
from catpack.services.views import (
    Actor,
    BackpackIn,
    BackpackPatch,
    BackpackView,
    FitView,
    LengthUnit,
    TripView,
)
from catpack.store import schema as t
from catpack.store.db import Database

#: The stored profile columns: the contract backpack's fields but ``openings``
#: (a list, stored as "front,top").
_PROFILE = tuple(f for f in Backpack.model_fields if f != "openings")


def _pack_view(p: t.Backpack) -> BackpackView:
    return BackpackView(
        id=p.id,
        name=p.name,
        openings=p.openings.split(",") if p.openings else None,
        length_unit=p.length_unit if p.length_unit in get_args(LengthUnit) else "cm",
        notes=p.notes,
        **{k: getattr(p, k) for k in _PROFILE},
    )


def contract_pack(view: BackpackView) -> Backpack:
    """The coach contract's backpack object for a stored pack."""
    return Backpack.model_validate(view.model_dump(include={*_PROFILE, "openings"}))


def units_of(weight_unit: str) -> Units:
    """The owner's unit system: pounds mean inches too."""
    return "imperial" if weight_unit == "lb" else "metric"


def _apply(row: t.Backpack, data: BaseModel, fields: set[str]) -> None:
    for key in fields:
        value = getattr(data, key)
        if key == "openings":
            row.openings = ",".join(value) if value else None
        elif key == "notes":
            row.notes = value or ""
        elif key == "length_unit":
            row.length_unit = value or "cm"
        else:
            setattr(row, key, value)


def check_backpack(pack: Mapping[str, Any] | BackpackIn) -> BackpackIn:
    """The checks :func:`add_backpack` applies, nothing stored: the schema's
    and the profile's own (each opening once, a tether to sit low), every
    problem at once."""
    try:
        data = validate(BackpackIn, pack, "backpack")
    except CoachInputError as exc:
        raw = pack if isinstance(pack, Mapping) else {}
        flags = [raw.get(k) for k in ("inner_tether", "tether_low")]
        openings = raw.get("openings")
        if not isinstance(openings, list) or not all(isinstance(o, str) for o in openings):
            openings = None
        try:
            if all(f is None or isinstance(f, bool) for f in flags):
                _consistent(openings, *flags)
        except CoachInputError as more:
            raise CoachInputError.of(
                merge_problems(list(exc.problems), list(more.problems))
            ) from None
        raise
    _consistent(data.openings, data.inner_tether, data.tether_low)
    return data


def add_backpack(db: Database, actor: Actor, pack: Mapping[str, Any] | BackpackIn) -> BackpackView:
    """Save a backpack: name, inside size (cm), weights (kg), build, notes.

    ConflictError if the household already has a backpack of that name.
    """
    data = check_backpack(pack)
    try:
        with db.write() as s:
            row = t.Backpack(household_id=actor.household_id, name=data.name, notes="")
            _apply(row, data, set(data.model_fields_set) - {"name"})
            s.add(row)
            s.flush()
            return _pack_view(row)
    except IntegrityError:
        raise ConflictError(f"there is already a backpack named {data.name!r}") from None


def _consistent(
    openings: Sequence[str] | None, inner_tether: bool | None, tether_low: bool | None
) -> None:
    """Each opening named once; a tether that sits low needs a tether (every problem at once)."""
    problems = []
    if openings is not None and len(set(openings)) != len(openings):
        problems.append(Problem("backpack.openings", "name each opening once", "unique"))
    if tether_low is True and inner_tether is False:
        problems.append(
            Problem(
                "backpack.tether_low",
                "a pack without an inner tether has no tether to sit low",
                "tether",
            )
        )
    if problems:
        raise CoachInputError.of(problems)


def _owned_pack(s: DbSession, actor: Actor, backpack_id: int) -> t.Backpack:
    row = s.get(t.Backpack, backpack_id)
    if row is None or row.household_id != actor.household_id:
        raise NotFoundError(f"backpack {backpack_id} not found")
    return row


def edit_backpack(
    db: Database, actor: Actor, backpack_id: int, patch: Mapping[str, Any] | BackpackPatch
) -> BackpackView:
    """Change a backpack: given fields only; a field given as null is cleared."""
    data = validate(BackpackPatch, patch, "backpack")
    try:
        with db.write() as s:
            row = _owned_pack(s, actor, backpack_id)
            fields = set(data.model_fields_set)
            if "name" in fields:
                if data.name is None:
                    raise CoachInputError("backpack.name", "a backpack needs a name")
                row.name = data.name
            _apply(row, data, fields - {"name"})
            merged = _pack_view(row)
            _consistent(data.openings, merged.inner_tether, merged.tether_low)
            s.flush()
            return merged
    except IntegrityError:
        raise ConflictError(f"there is already a backpack named {data.name!r}") from None


def get_backpack(db: Database, actor: Actor, backpack_id: int) -> BackpackView:
    with db.read() as s:
        return _pack_view(_owned_pack(s, actor, backpack_id))


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
        s.delete(_owned_pack(s, actor, backpack_id))


def cat_pack(db: Database, actor: Actor, cat_id: int) -> tuple[Cat, Units, BackpackView | None]:
    """A cat's contract profile, its owner's units and its backpack (if it has one)."""
    with db.read() as s:
        cat = owned_cat(s, actor, cat_id)
        pack = s.get(t.Backpack, cat.backpack_id) if cat.backpack_id is not None else None
        return (
            Cat.model_validate_json(cat.profile),
            units_of(cat.weight_unit),
            _pack_view(pack) if pack is not None else None,
        )


def cat_fit(
    db: Database,
    actor: Actor,
    cat_id: int,
    backpack_id: int | None = None,
    *,
    units: Units | None = None,
) -> FitView:
    """How a pack (default: the cat's own) fits the cat, with the pack's flags, in
    ``units`` (default: the cat's own; the pages pass the household's).

    NotFoundError when the cat has no backpack and none is named.
    """
    profile, own_units, own = cat_pack(db, actor, cat_id)
    units = units or own_units
    view = get_backpack(db, actor, backpack_id) if backpack_id is not None else own
    if view is None:
        raise NotFoundError(f"{profile.name} has no backpack: name one (backpack_id)")
    pack = contract_pack(view)
    flags = pack_flags(pack, profile, None, is_sunny=True, units=units)
    verdict = fit(pack, profile, units)
    return FitView(
        cat_id=cat_id,
        backpack=view,
        units=units,
        fit=verdict,
        blocking=flags.blocking,
        warnings=flags.warnings,
        reasons=[r for r in flags.reasons if r not in verdict["reasons"]],  # said once
    )


def _trip_view(r: t.Trip) -> TripView:
    return TripView(
        id=r.id,
        cat_id=r.cat_id,
        trip=loads(r.doc),
        starts_at=r.starts_at,
        notes=r.notes,
        outcome_session_id=r.outcome_session_id,
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
    free_text("notes", notes, NOTE_MAX)
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
