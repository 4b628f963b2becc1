"""Cats: add, edit, list, show and delete (with all their data).

A cat's profile is the coach contract's cat object, stored as given; catpack
adds free-text notes and the owner's units (°C/°F, kg/lb) for display. The
contract itself always speaks °C and kg.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from catpack.domain.contract import Backpack, Cat
from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError, Problem
from catpack.services._common import (
    NOTE_MAX,
    doc,
    dumps,
    free_text,
    loads,
    owned_cat,
    validate,
)
from catpack.services.access import require
from catpack.services.views import Actor, CatView, Page, TempUnit, WeightUnit
from catpack.store import schema as t
from catpack.store.db import Database

TEMP_UNITS: tuple[str, ...] = get_args(TempUnit)
WEIGHT_UNITS: tuple[str, ...] = get_args(WeightUnit)


def _one_of(values: tuple[str, ...]) -> str:
    return ", ".join(repr(v) for v in values)


def _check_units(temp_unit: str | None, weight_unit: str | None) -> None:
    problems = []
    if temp_unit is not None and temp_unit not in TEMP_UNITS:
        problems.append(
            Problem("temp_unit", f"{temp_unit!r} is not one of {_one_of(TEMP_UNITS)}", "enum")
        )
    if weight_unit is not None and weight_unit not in WEIGHT_UNITS:
        problems.append(
            Problem("weight_unit", f"{weight_unit!r} is not one of {_one_of(WEIGHT_UNITS)}", "enum")
        )
    if problems:
        raise CoachInputError.of(problems)


def _check_backpack(s: DbSession, actor: Actor, backpack_id: int | None) -> None:
    if backpack_id is None:
        return
    pack = s.get(t.Backpack, backpack_id)
    if pack is None or pack.household_id != actor.household_id:
        raise NotFoundError(f"backpack {backpack_id} not found")


def cat_view(s: DbSession, cat: t.Cat) -> CatView:
    count = s.scalar(
        select(func.count())
        .select_from(t.Session)
        .where(t.Session.cat_id == cat.id, t.Session.deleted_at.is_(None))
    )
    paused = s.scalar(
        select(func.count())
        .select_from(t.Pause)
        .where(t.Pause.cat_id == cat.id, t.Pause.ends_at.is_(None))
    )
    return CatView(
        id=cat.id,
        name=cat.name,
        cat=loads(cat.profile),
        notes=cat.notes,
        temp_unit=cat.temp_unit,
        weight_unit=cat.weight_unit,
        backpack_id=cat.backpack_id,
        sessions=count or 0,
        paused=bool(paused),
        created_at=cat.created_at,
        updated_at=cat.updated_at,
    )


def check_cat(
    cat: Mapping[str, Any] | Cat,
    backpack: Mapping[str, Any] | None = None,
    *,
    temp_unit: str = "C",
    weight_unit: str = "kg",
    notes: str | None = None,
) -> tuple[Cat, Backpack | None]:
    """The checks :func:`add_cat` applies, every problem at once, nothing stored."""
    problems: list[Problem] = []
    checked: dict[str, Any] = {}
    for field, model, value in (("cat", Cat, cat), ("backpack", Backpack, backpack)):
        if value is None:
            continue
        try:
            checked[field] = validate(model, value, field)
        except CoachInputError as exc:
            problems += exc.problems
    try:
        _check_units(temp_unit, weight_unit)
        free_text("notes", notes, NOTE_MAX)
    except CoachInputError as exc:
        problems += exc.problems
    if problems:
        raise CoachInputError.of(problems)
    return checked["cat"], checked.get("backpack")


def add_cat(
    db: Database,
    actor: Actor,
    cat: Mapping[str, Any] | Cat,
    *,
    notes: str = "",
    temp_unit: TempUnit = "C",
    weight_unit: WeightUnit = "kg",
    backpack_id: int | None = None,
    backpack: Mapping[str, Any] | None = None,
) -> CatView:
    """Add a cat to the actor's household.

    ``cat`` is the contract's cat object (``{"name": ..., "weight_kg": ...}``);
    ``backpack`` (optional) the inside size of its backpack (the contract's
    backpack: ``length_cm``, ...), saved as a new backpack of the household.
    Everything is checked before anything is stored: CoachInputError names
    every bad field (``cat.weight_kg: ...``, ``backpack.length_cm: ...``).
    ConflictError if the household already has a cat of that name,
    NotFoundError for an unknown ``backpack_id``.
    """
    profile, size = check_cat(
        cat, backpack, temp_unit=temp_unit, weight_unit=weight_unit, notes=notes
    )
    try:
        with db.write() as s:
            _check_backpack(s, actor, backpack_id)
            row = t.Cat(
                household_id=actor.household_id,
                name=profile.name,
                profile=dumps(doc(profile)),
                notes=notes,
                temp_unit=temp_unit,
                weight_unit=weight_unit,
                backpack_id=backpack_id,
            )
            if size is not None and doc(size):
                row.backpack_id = _new_backpack(s, actor, profile.name, size)
            s.add(row)
            s.flush()
            return cat_view(s, row)
    except IntegrityError:
        raise ConflictError(f"there is already a cat named {profile.name!r}") from None


def _new_backpack(s: DbSession, actor: Actor, cat_name: str, size: Backpack) -> int:
    """A backpack named after the cat (made unique within the household)."""
    taken = set(
        s.scalars(select(t.Backpack.name).where(t.Backpack.household_id == actor.household_id))
    )
    base = f"{cat_name}'s backpack"[:90]
    name = next(n for n in (base, *(f"{base} ({i})" for i in range(2, 10_000))) if n not in taken)
    pack = t.Backpack(household_id=actor.household_id, name=name, notes="", **doc(size))
    s.add(pack)
    s.flush()
    return pack.id


def edit_cat(
    db: Database,
    actor: Actor,
    cat_id: int,
    *,
    cat: Mapping[str, Any] | None = None,
    notes: str | None = None,
    temp_unit: TempUnit | None = None,
    weight_unit: WeightUnit | None = None,
    backpack_id: int | None = None,
    clear_backpack: bool = False,
) -> CatView:
    """Change a cat. ``cat`` keys are merged into the stored profile (None removes one).

    Raises NotFoundError, CoachInputError (field named), ConflictError (name taken).
    """
    _check_units(temp_unit, weight_unit)
    free_text("notes", notes, NOTE_MAX)
    try:
        with db.write() as s:
            row = owned_cat(s, actor, cat_id)
            if cat is not None:
                merged = {**loads(row.profile), **dict(cat)}
                merged = {k: v for k, v in merged.items() if v is not None}
                profile = validate(Cat, merged, "cat")
                row.profile = dumps(doc(profile))
                row.name = profile.name
            if notes is not None:
                row.notes = notes
            if temp_unit is not None:
                row.temp_unit = temp_unit
            if weight_unit is not None:
                row.weight_unit = weight_unit
            if backpack_id is not None:
                _check_backpack(s, actor, backpack_id)
                row.backpack_id = backpack_id
            elif clear_backpack:
                row.backpack_id = None
            s.flush()
            return cat_view(s, row)
    except IntegrityError:
        raise ConflictError("there is already a cat with that name") from None


def get_cat(db: Database, actor: Actor, cat_id: int) -> CatView:
    """One cat of the actor's household, or NotFoundError."""
    with db.read() as s:
        return cat_view(s, owned_cat(s, actor, cat_id))


def find_cat(db: Database, actor: Actor, name: str) -> CatView:
    """The actor's cat with this exact name, or NotFoundError."""
    from catpack.services._common import cat_by_name

    with db.read() as s:
        return cat_view(s, cat_by_name(s, actor, name))


def list_cats(db: Database, actor: Actor, *, limit: int = 50, offset: int = 0) -> Page[CatView]:
    """The household's cats by name, one page at a time."""
    with db.read() as s:
        where = t.Cat.household_id == actor.household_id
        total = s.scalar(select(func.count()).select_from(t.Cat).where(where)) or 0
        rows = s.scalars(
            select(t.Cat).where(where).order_by(t.Cat.name, t.Cat.id).limit(limit).offset(offset)
        ).all()
        return Page[CatView](
            items=[cat_view(s, r) for r in rows], total=total, limit=limit, offset=offset
        )


def delete_cat(db: Database, actor: Actor, cat_id: int) -> None:
    """Delete a cat with everything logged for it (sessions, audit, pauses, trips);
    owners only (a caregiver or trainer gets ForbiddenError)."""
    require(actor, "manage")
    with db.write() as s:
        s.delete(owned_cat(s, actor, cat_id))
