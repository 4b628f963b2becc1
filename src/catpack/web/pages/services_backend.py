"""The pages' backend on :mod:`catpack.services`: the real database, one owner.

The pages serve the household of the local owner account
(``CATPACK_CLI_USER``, created on first use) — the same account the CLI
acts for, so ``catpack log`` and the phone see one log. Units are the
owner's choice and apply to all their cats (they are stored on each cat,
the store's home for them; a new cat takes the owner's current choice).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from catpack.domain.errors import ConflictError, NotFoundError
from catpack.services import cats, gear, plans, sessions, users
from catpack.services.setup import Database
from catpack.services.views import Actor, CatView, TempUnit, WeightUnit
from catpack.settings import Settings
from catpack.web.pages.backend import CatCard
from catpack.web.pages.units import UnitSystem

PAGE = 200  # rows per service call when reading a whole list


class ServicesBackend:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self._actor: Actor | None = None
        self._units: UnitSystem = "metric"  # until the owner has a cat to keep it on

    @property
    def actor(self) -> Actor:
        if self._actor is None:
            self._actor = users.local_actor(self.db, self.settings.cli_user, self.settings.timezone)
        return self._actor

    def _id(self, cat_id: str) -> int:
        if not cat_id.isdigit():
            raise NotFoundError(f"cat {cat_id!r} not found")
        return int(cat_id)

    def _card(self, view: CatView) -> CatCard:
        backpack: dict[str, Any] = {}
        if view.backpack_id is not None:
            for pack in gear.list_backpacks(self.db, self.actor):
                if pack.id == view.backpack_id:
                    dims = ("length_cm", "width_cm", "height_cm")
                    backpack = {k: getattr(pack, k) for k in dims if getattr(pack, k)}
        return CatCard(str(view.id), view.name, dict(view.cat), backpack)

    def _views(self) -> list[CatView]:
        out: list[CatView] = []
        while True:
            page = cats.list_cats(self.db, self.actor, limit=PAGE, offset=len(out))
            out.extend(page.items)
            if not page.items or len(out) >= page.total:
                return out

    def list_cats(self) -> list[CatCard]:
        return [CatCard(str(v.id), v.name, dict(v.cat)) for v in self._views()]

    def get_cat(self, cat_id: str) -> CatCard:
        return self._card(cats.get_cat(self.db, self.actor, self._id(cat_id)))

    def add_cat(self, profile: dict[str, Any], backpack: dict[str, Any]) -> CatCard:
        temp, weight = _store_units(self.units())
        view = cats.add_cat(self.db, self.actor, profile, temp_unit=temp, weight_unit=weight)
        if backpack:
            name = f"{view.name}'s backpack"
            try:
                pack = gear.add_backpack(self.db, self.actor, {"name": name, **backpack})
            except ConflictError:
                pack = gear.add_backpack(
                    self.db, self.actor, {"name": f"{name} ({view.id})", **backpack}
                )
            view = cats.edit_cat(self.db, self.actor, view.id, backpack_id=pack.id)
        return self._card(view)

    def sessions(self, cat_id: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while True:
            page = sessions.history(
                self.db,
                self.actor,
                self._id(cat_id),
                newest_first=False,
                limit=PAGE,
                offset=len(out),
            )
            out.extend(dict(item.session) for item in page.items)
            if not page.items or len(out) >= page.total:
                return out

    def log_session(
        self, cat_id: str, session: dict[str, Any], now: datetime | None = None
    ) -> None:
        sessions.log_session(self.db, self.actor, self._id(cat_id), session, now=now)

    def undo_last(self, cat_id: str) -> None:
        sessions.undo_last_session(self.db, self.actor, self._id(cat_id))

    def decide(self, cat_id: str, now: datetime, planned: dict[str, Any] | None) -> dict[str, Any]:
        return plans.today_plan(self.db, self.actor, self._id(cat_id), planned=planned, now=now)

    def plan_trip(self, cat_id: str, now: datetime, trip: dict[str, Any]) -> dict[str, Any]:
        return plans.trip_plan(self.db, self.actor, self._id(cat_id), trip, now=now)

    def units(self) -> UnitSystem:
        views = cats.list_cats(self.db, self.actor, limit=1).items
        if views:
            return "imperial" if views[0].temp_unit == "F" else "metric"
        return self._units

    def set_units(self, system: UnitSystem) -> None:
        self._units = system
        temp, weight = _store_units(system)
        for view in self._views():
            cats.edit_cat(self.db, self.actor, view.id, temp_unit=temp, weight_unit=weight)


def _store_units(system: UnitSystem) -> tuple[TempUnit, WeightUnit]:
    return ("F", "lb") if system == "imperial" else ("C", "kg")
