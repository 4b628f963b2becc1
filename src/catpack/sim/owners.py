"""Owners who train a virtual cat: two baselines and one that follows the coach.

Every owner answers two questions: "a session now? at which level?"
(:meth:`Owner.plan`) and "here is how it went" (:meth:`Owner.record`).

* :class:`Rushing` — one level up per session, three sessions a day; after a
  stressed session it rests until the next calendar day and retries the same
  level.
* :class:`Careful` — two sessions a day; raises after a calm session, repeats
  after an uneasy one; after a stressed one it rests until the next calendar
  day and goes back one level.
* :class:`Coached` — two sessions a day, doing exactly what
  ``catpack.decide`` says (stage, level, ``max_minutes``, ``not_before``);
  it logs every
  session in the contract's shape with correct safety checks, tells the coach
  the day's weather for outings, waits a day when heat blocks, and stops on
  ``refer``.

Baselines read a session as a plain owner would (:func:`catpack.sim.cat.read`)
and give up after ``GIVE_UP_DAYS`` days without passing a level they had
never passed before (our rule, so that "exposures before giving up" is
defined for them too). The coach's own way of giving up is ``refer``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, Literal

import catpack
from catpack.sim.cat import Reading, VirtualCat, Weather
from catpack.sim.demand import Ladder, Rung

Status = Literal["training", "graduated", "gave_up"]
#: Baselines give up after this many days without new ground.
GIVE_UP_DAYS = 21
PACK_CHECKS = {
    "harness_on": True,
    "tether": "harness",
    "openings_closed": True,
    "zip_clips": True,
    "leash_on": True,
}
OUTSIDE = frozenset({"quiet_outdoors", "busy_outdoors", "car"})


class Owner(ABC):
    name: ClassVar[str]
    #: Hours of the day at which this owner may run a session.
    slots: ClassVar[tuple[int, ...]]

    def __init__(self, ladder: Ladder, cat: dict[str, Any]) -> None:
        self.ladder = ladder
        self.cat = cat
        self.status: Status = "training"
        self.referred = False

    @abstractmethod
    def plan(self, now: datetime, w: Weather) -> Rung | None:
        """The level to run now, or None for no session in this slot."""

    @abstractmethod
    def record(self, session: dict[str, Any], reading: Reading) -> None:
        """Take note of a finished session (``reading`` is the plain owner's view)."""

    def new_day(self, day: date) -> None:  # noqa: B027 - optional hook
        """Called before the first slot of each day."""

    def see(self, cat: VirtualCat) -> None:  # noqa: B027 - optional hook
        """Handed the virtual cat itself (only the ideal reference trainer looks)."""

    def finish(self, now: datetime) -> None:  # noqa: B027 - optional hook
        """Called once at the end of the horizon to settle the status."""


class Baseline(Owner):
    """Shared bookkeeping of the two literal owners: a position, rest, giving up."""

    def __init__(self, ladder: Ladder, cat: dict[str, Any]) -> None:
        super().__init__(ladder, cat)
        self.index = 0
        self.rest_until: date | None = None
        self.furthest = -1
        self.progress_day: date | None = None

    def new_day(self, day: date) -> None:
        if self.progress_day is None:
            self.progress_day = day
        elif (day - self.progress_day).days >= GIVE_UP_DAYS and self.status == "training":
            self.status = "gave_up"

    def plan(self, now: datetime, w: Weather) -> Rung | None:
        if self.status != "training":
            return None
        if self.rest_until is not None and now.date() < self.rest_until:
            return None
        return self.ladder.rungs[self.index]

    def record(self, session: dict[str, Any], reading: Reading) -> None:
        day = datetime.fromisoformat(session["at"]).date()
        if reading == "stressed":
            self.rest_until = day + timedelta(days=1)
        step = self.move(reading)
        if reading != "stressed" and self.index > self.furthest:
            self.furthest = self.index
            self.progress_day = day
        if step > 0 and self.index == len(self.ladder.rungs) - 1:
            self.status = "graduated"
            return
        self.index = max(0, self.index + step)

    @abstractmethod
    def move(self, reading: Reading) -> int:
        """Levels to move after a session read as ``reading`` (+1, 0 or -1)."""


class Rushing(Baseline):
    name = "rushing"
    slots = (9, 13, 18)

    def move(self, reading: Reading) -> int:
        return 0 if reading == "stressed" else 1


class Careful(Baseline):
    name = "careful"
    slots = (9, 18)

    def move(self, reading: Reading) -> int:
        return {"calm": 1, "uneasy": 0, "stressed": -1}[reading]


class Coached(Owner):
    name = "coach"
    slots = (9, 18)

    def __init__(self, ladder: Ladder, cat: dict[str, Any]) -> None:
        super().__init__(ladder, cat)
        self.sessions: list[dict[str, Any]] = []
        self.decision: dict[str, Any] | None = None
        self.decided_at: datetime | None = None
        self.location = "home"
        self.heat_blocked_on: date | None = None
        self.calls = 0

    def ask(self, now: datetime, w: Weather | None) -> dict[str, Any]:
        request: dict[str, Any] = {
            "version": 1,
            "now": now.isoformat(),
            "cat": self.cat,
            "sessions": self.sessions,
        }
        if w is not None:
            request["planned"] = planned(self.location, w)
        self.calls += 1
        return catpack.decide(request)

    def plan(self, now: datetime, w: Weather) -> Rung | None:
        if self.status != "training" or self.heat_blocked_on == now.date():
            return None
        d = self.decision
        if d is None or self.decided_at is None or self.decided_at.date() != now.date():
            d = self.ask(now, w)
            if d["next_session"] and d["next_session"]["location"] != self.location:
                self.location = d["next_session"]["location"]
                d = self.ask(now, w)
            self.decision, self.decided_at = d, now
        kind = d["decision"]
        if kind == "refer":
            self.status, self.referred = "gave_up", True
            return None
        if kind in ("maintain", "refresh"):
            self.status = "graduated"
            return None
        if kind == "blocked":
            # Too hot, or too cold for an outing this long: try another day.
            weather = ("heat_", "cold_long_outing", "freezing_long_outing")
            if any(b.startswith(weather) for b in d["safety"]["blocking"]):
                self.heat_blocked_on = now.date()
                return None
            raise RuntimeError(f"unexpected block for a well-kept log: {d['safety']['blocking']}")
        if datetime.fromisoformat(d["next_session"]["not_before"]) > now:
            return None
        rung = self.ladder.rung(d["stage"]["id"], d["stage"]["level"])
        # As the contract asks: the session as planned, for as long as planned.
        minutes = float(d["next_session"]["max_minutes"])
        return rung if minutes == rung.max_minutes else replace(rung, max_minutes=minutes)

    def record(self, session: dict[str, Any], reading: Reading) -> None:
        self.sessions.append(session)
        self.decision = None

    def finish(self, now: datetime) -> None:
        if self.status == "training":
            kind = self.ask(now, None)["decision"]
            if kind in ("maintain", "refresh"):
                self.status = "graduated"
            elif kind == "refer":
                self.status, self.referred = "gave_up", True


def planned(location: str, w: Weather) -> dict[str, Any]:
    """What the coached owner tells the engine about the coming session."""
    if location in OUTSIDE:
        return {
            "location": location,
            "sun": w.sun,
            "temp_c": w.temp_c,
            "humidity_pct": w.humidity_pct,
            "wind_ms": w.wind_ms,
            "checks": PACK_CHECKS,
        }
    return {"location": location, "sun": "indoor", "temp_c": 21.0, "checks": PACK_CHECKS}


POLICIES: dict[str, type[Owner]] = {p.name: p for p in (Coached, Careful, Rushing)}
