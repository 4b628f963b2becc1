"""A household at a glance: its settings, its cats, and what "now" is there.

:func:`overview` gives a page everything its frame needs in one statement
(households ⟕ cats ⟕ backpacks) and resolves "now" once: the instant from the
clock, in the household's time zone (or the server's default zone). Every
plan and every time a page shows then uses that zone, as the API and the CLI
do (:func:`catpack.services._common.local_now`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, get_args

from sqlalchemy import bindparam, select, update

from catpack.domain.contract import known_zones
from catpack.domain.errors import CoachInputError, NotFoundError, Problem
from catpack.services._common import check_zone, local_now, no_nul
from catpack.services.access import require
from catpack.services.views import Actor, CatBrief, HouseholdView, UnitSystem
from catpack.store import schema as t
from catpack.store.db import Database

__all__ = ["CAT_UNITS", "Overview", "edit_household", "get_household", "known_zones", "overview"]

UNIT_SYSTEMS: tuple[str, ...] = get_args(UnitSystem)
#: Each unit system as the cats' own units (temperature, weight).
CAT_UNITS = {"metric": ("C", "kg"), "imperial": ("F", "lb")}
_DIMS = ("length_cm", "width_cm", "height_cm")
#: What an overview reads: the household, then (outer-joined, so a household
#: without cats has one row) each cat and its backpack.
OVERVIEW_COLUMNS = (
    t.Household.id,
    t.Household.name,
    t.Household.timezone,
    t.Household.units,
    t.Cat.id,
    t.Cat.name,
    t.Cat.profile,
    t.Cat.temp_unit,
    t.Cat.weight_unit,
    t.Backpack.length_cm,
    t.Backpack.width_cm,
    t.Backpack.height_cm,
)
# Built once; one round trip for the household, its cats and their backpacks.
_OVERVIEW = (
    select(*OVERVIEW_COLUMNS)
    .select_from(t.Household)
    .outerjoin(t.Cat, t.Cat.household_id == t.Household.id)
    .outerjoin(t.Backpack, t.Backpack.id == t.Cat.backpack_id)
    .where(t.Household.id == bindparam("household"))
    .order_by(t.Cat.name, t.Cat.id)
)


@dataclass(frozen=True)
class Overview:
    """A household's settings and cats (by name), and now in its time zone."""

    household: HouseholdView
    cats: list[CatBrief]
    now: datetime

    @property
    def zone(self) -> tzinfo:
        assert self.now.tzinfo is not None
        return self.now.tzinfo

    def cat(self, cat_id: int | str) -> CatBrief | None:
        """The household's cat with this id (an id from a URL: any text), or None."""
        wanted = str(cat_id)
        return next((c for c in self.cats if str(c.id) == wanted), None)


def overview(
    db: Database, actor: Actor, *, now: datetime | None = None, default_zone: str | None = None
) -> Overview:
    """The actor's household, its cats and now (``now`` or the clock) in its zone."""
    with db.read_conn() as s:
        rows = s.execute(_OVERVIEW, {"household": actor.household_id}).all()
    if not rows:
        raise NotFoundError(f"household {actor.household_id} not found")
    return overview_of(rows, now=now, default_zone=default_zone)


def overview_of(
    rows: Sequence[Sequence[Any]], *, now: datetime | None, default_zone: str | None
) -> Overview:
    """The overview from rows whose first columns are :data:`OVERVIEW_COLUMNS`
    (at least one row: the household's)."""
    first = rows[0]
    home = HouseholdView(id=first[0], name=first[1], timezone=first[2], units=first[3])
    cats = [
        CatBrief(
            id=r[4],
            name=r[5],
            profile=r[6],
            temp_unit=r[7],
            weight_unit=r[8],
            backpack={k: v for k, v in zip(_DIMS, r[9:12], strict=True) if v},
        )
        for r in rows
        if r[4] is not None
    ]
    return Overview(home, cats, local_now(home.timezone, default_zone, now))


def get_household(db: Database, actor: Actor) -> HouseholdView:
    with db.read() as s:
        row = s.get(t.Household, actor.household_id)
        if row is None:
            raise NotFoundError(f"household {actor.household_id} not found")
        return _view(row)


def _view(row: t.Household) -> HouseholdView:
    return HouseholdView(id=row.id, name=row.name, timezone=row.timezone, units=row.units)


def edit_household(
    db: Database,
    actor: Actor,
    *,
    name: str | None = None,
    timezone: str | None = None,
    units: str | None = None,
) -> HouseholdView:
    """Change the household's name, time zone (an IANA name) or units.

    Units apply to every cat of the household too (they keep their own for
    the CLI and exports). CoachInputError names each bad field;
    ForbiddenError unless the actor is an owner.
    """
    require(actor, "manage")
    problems: list[Problem] = []
    if timezone is not None:
        try:
            check_zone(timezone)
        except CoachInputError as exc:
            problems += exc.problems
    if units is not None and units not in UNIT_SYSTEMS:
        listed = ", ".join(repr(u) for u in UNIT_SYSTEMS)
        problems.append(Problem("units", f"{units!r} is not one of {listed}", "enum"))
    if name is not None and not 1 <= len(name.strip()) <= 100:
        problems.append(Problem("name", "must have 1 to 100 characters", "too_long"))
    try:
        no_nul("name", name)
    except CoachInputError as exc:
        problems += exc.problems
    if problems:
        raise CoachInputError.of(problems)
    with db.write() as s:
        row = s.get(t.Household, actor.household_id)
        if row is None:
            raise NotFoundError(f"household {actor.household_id} not found")
        if name is not None:
            row.name = name.strip()
        if timezone is not None:
            row.timezone = timezone
        if units is not None:
            row.units = units
            temp, weight = CAT_UNITS[units]
            s.execute(
                update(t.Cat)
                .where(t.Cat.household_id == actor.household_id)
                .values(temp_unit=temp, weight_unit=weight)
            )
        s.flush()
        return _view(row)
