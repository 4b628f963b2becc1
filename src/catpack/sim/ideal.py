"""A reference trainer that sees the hidden cat: what the best possible owner could do.

Not an owner anyone could be: :class:`Ideal` reads the virtual cat's hidden
tolerance and the day's mood before every session, and picks the hardest
level it has unlocked at which the cat will be comfortably calm (margin at
most ``-SAFETY`` on every kind), one new level at a time, and skips outings
in a pack too hot for the cat. It never pushes a
cat over threshold on purpose and never gives up. The benchmark uses it to
tell the cats that can be trained within the horizon at all from those that
cannot (a hard step can leave a cat with no level it can be calm at, which no
owner who cannot see inside the cat can get round). Never used by the coach.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from catpack.sim.cat import Reading, VirtualCat, Weather
from catpack.sim.demand import Ladder, Rung
from catpack.sim.owners import Owner

#: How far below its threshold the ideal trainer keeps the cat.
SAFETY = 0.1


class Ideal(Owner):
    name = "ideal"
    slots = (9, 18)

    def __init__(self, ladder: Ladder, cat: dict[str, Any]) -> None:
        super().__init__(ladder, cat)
        self.unlocked = 0  # highest ladder index the cat may be asked for
        self.current = 0
        self.cat_inside: VirtualCat | None = None
        self.first_day: date | None = None
        self.day = 0

    def see(self, cat: VirtualCat) -> None:
        self.cat_inside = cat

    def new_day(self, day: date) -> None:
        self.first_day = self.first_day or day
        self.day = (day - self.first_day).days

    def plan(self, now: datetime, w: Weather) -> Rung | None:
        cat = self.cat_inside
        if self.status != "training" or cat is None:
            return None
        mood = cat.mood(self.day)
        self.current = 0
        for i, rung in enumerate(self.ladder.rungs[: self.unlocked + 1]):
            worst = max(d - (cat.tolerance[k] + mood) for k, d in cat.demand(rung).items())
            if worst <= -SAFETY:
                self.current = i
        rung = self.ladder.rungs[self.current]
        return None if cat.too_hot(rung, w) else rung

    def record(self, session: dict[str, Any], reading: Reading) -> None:
        if reading == "calm" and self.current == self.unlocked:
            self.unlocked += 1
            if self.unlocked == len(self.ladder.rungs):
                self.status = "graduated"
