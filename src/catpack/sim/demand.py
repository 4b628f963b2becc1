"""What each protocol level asks of a cat, as hidden "demand" by kind.

The simulator reads the stage list from :func:`catpack.protocol` (the coach
contract) and gives every (stage, level) a demand on four kinds of challenge:

* ``enclosure`` — being in, and then shut in, the pack;
* ``motion`` — being lifted, held, carried, walked;
* ``outdoors`` — leaving the home: doorway, car, lawn, streets, trails;
* ``noise`` — bustle: traffic, people, a café terrace.

Intensities are on an arbitrary 0-10 scale. They are *model assumptions*,
not measurements: they only encode the protocol's own ordering (each level
raises one criterion a little over the one before, Pryor's 2nd law) and that
later steps add new kinds of challenge on top of what came before. No number
here is a sourced figure about real cats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import catpack

Kind = Literal["enclosure", "motion", "outdoors", "noise"]
KINDS: tuple[Kind, ...] = ("enclosure", "motion", "outdoors", "noise")

Demand = dict[Kind, float]

_SHUT = 6.0  # a closed pack, as at the end of step 4
_CLOSED_LONG = 6.3


def _ramp(start: float, stop: float, n: int) -> list[float]:
    if n == 1:
        return [start]
    return [round(start + (stop - start) * i / (n - 1), 2) for i in range(n)]


def _levels(n: int, **kinds: float | list[float]) -> list[Demand]:
    """``n`` levels; a kind is one value for all of them or one value per level."""
    out: list[Demand] = [{} for _ in range(n)]
    for name, value in kinds.items():
        values = value if isinstance(value, list) else [value] * n
        if len(values) != n:
            raise ValueError(f"{name}: {len(values)} values for {n} levels")
        if name not in KINDS:
            raise ValueError(f"{name!r} is not one of {KINDS}")
        kind = name
        for demand, v in zip(out, values, strict=True):
            if v > 0:
                demand[kind] = v
    return out


#: Stage id → one demand per level. Checked against the live protocol.
DEMANDS: dict[str, list[Demand]] = {
    "harness-leash": _levels(4, enclosure=_ramp(0.2, 1.0, 4)),
    "introduce": _levels(4, enclosure=_ramp(0.3, 1.8, 4)),
    "associations": _levels(3, enclosure=_ramp(1.2, 2.0, 3)),
    "time-inside": _levels(5, enclosure=_ramp(2.3, 3.8, 5)),
    "door-closed": _levels(7, enclosure=_ramp(4.1, 6.3, 7)),
    "movement": _levels(6, enclosure=_SHUT, motion=_ramp(0.3, 2.8, 6)),
    "doorway": _levels(
        3, enclosure=_SHUT, motion=2.8, outdoors=_ramp(0.4, 1.6, 3), noise=_ramp(0.3, 1.0, 3)
    ),
    "car": _levels(2, enclosure=_SHUT, motion=2.0, outdoors=1.6, noise=_ramp(1.5, 2.0, 2)),
    "outdoors": _levels(
        7,
        outdoors=_ramp(2.4, 4.4, 7),
        enclosure=[2.0, 3.0] + [_CLOSED_LONG] * 5,
        motion=[0.0, 0.0, 0.0, 2.0, 2.8, 3.6, 3.6],
        noise=1.5,
    ),
    "first-walk": _levels(
        3,
        outdoors=[4.6, 4.8, 5.2],
        motion=[3.7, 3.9, 4.3],
        enclosure=_CLOSED_LONG,
        noise=[1.8, 2.0, 2.4],
    ),
    "local-walks": _levels(
        4,
        outdoors=[5.6, 6.0, 6.0, 6.4],
        motion=4.5,
        enclosure=_CLOSED_LONG,
        noise=[2.8, 3.2, 4.6, 3.0],
    ),
    "adventure": _levels(
        4, outdoors=[6.6, 6.8, 7.0, 7.2], motion=[4.7, 4.9, 5.1, 5.3], enclosure=6.6, noise=3.0
    ),
    "maintenance": _levels(1, outdoors=5.6, motion=4.5, enclosure=_CLOSED_LONG, noise=2.8),
    "refresher": _levels(
        3,
        enclosure=_CLOSED_LONG,
        motion=[3.0, 3.6, 3.9],
        outdoors=[0.0, 4.4, 5.0],
        noise=[0.0, 1.5, 2.0],
    ),
}


#: The kind of challenge each stage is about: where a cat that finds the stage
#: hard (:attr:`catpack.sim.cat.Traits.hard`) meets its extra demand.
FOCUS: dict[str, Kind] = {
    "harness-leash": "enclosure",
    "introduce": "enclosure",
    "associations": "enclosure",
    "time-inside": "enclosure",
    "door-closed": "enclosure",
    "movement": "motion",
    "doorway": "outdoors",
    "car": "motion",
    "outdoors": "outdoors",
    "first-walk": "outdoors",
    "local-walks": "outdoors",
    "adventure": "outdoors",
    "maintenance": "outdoors",
    "refresher": "enclosure",
}
#: Stages a cat may find hard, by what the guide ties to the cat's past: an
#: indoor-only cat the steps out of the home, a cat with bad carrier memories
#: the closed and moving ones; any training stage for the others.
OUT_OF_HOME = ("doorway", "outdoors", "first-walk", "local-walks", "adventure")
CLOSED_MOVING = ("door-closed", "movement")
TRAINING = ("introduce", "associations", "time-inside", *CLOSED_MOVING, *OUT_OF_HOME)


@dataclass(frozen=True, slots=True)
class Rung:
    """One level of the protocol as the simulator sees it."""

    stage: str
    level: int  # 1-based, as in the contract
    step: int
    location: str
    max_minutes: float
    demand: Demand
    gates: tuple[str, ...]
    levels: int = 1  # how many levels the stage has
    #: The level's own length in minutes (``max_minutes`` is the session's
    #: planned length, shorter when the coach asks for a shorter session);
    #: 0: the same as ``max_minutes``.
    length: float = 0.0
    #: The level before it in the protocol (None for the very first): a
    #: shorter session asks part-way between that level and this one.
    below: Rung | None = None

    @property
    def share(self) -> float:
        """How much of the level's own length this session lasts (at most 1)."""
        if self.length <= 0 or self.max_minutes >= self.length:
            return 1.0
        return max(0.0, self.max_minutes / self.length)


@dataclass(frozen=True, slots=True)
class Ladder:
    """The protocol's training ladder, read through :func:`catpack.protocol`."""

    rungs: tuple[Rung, ...]  # training order, optional stages and upkeep left out
    by_key: dict[tuple[str, int], Rung]

    def index(self, stage: str, level: int) -> int:
        return self.rungs.index(self.by_key[(stage, level)])

    def rung(self, stage: str, level: int) -> Rung:
        return self.by_key[(stage, level)]


def ladder(plan: dict[str, Any] | None = None) -> Ladder:
    """Build the ladder from the contract's protocol; every stage needs a demand table."""
    plan = plan if plan is not None else catpack.protocol()
    rungs: list[Rung] = []
    by_key: dict[tuple[str, int], Rung] = {}
    before: dict[str, Rung | None] = {"harness": None, "backpack": None}
    for stage in plan["stages"]:
        table = DEMANDS.get(stage["id"])
        if table is None or len(table) != stage["levels"] or stage["id"] not in FOCUS:
            raise ValueError(f"the simulator has no demand table for stage {stage['id']!r}")
        for i, detail in enumerate(stage["level_details"]):
            rung = Rung(
                stage=stage["id"],
                level=i + 1,
                step=stage["step"],
                location=detail["location"],
                max_minutes=float(detail["max_minutes"]),
                demand=table[i],
                gates=tuple(stage["gates"]),
                levels=int(stage["levels"]),
                length=float(detail["max_minutes"]),
                below=before.get(stage["track"]),
            )
            if not stage["optional"]:  # the car branch is a side step, not the way up
                before[stage["track"]] = rung
            by_key[(rung.stage, rung.level)] = rung
            upkeep = stage.get("role", "training") != "training"
            if stage["track"] == "backpack" and not stage["optional"] and not upkeep:
                rungs.append(rung)
    return Ladder(rungs=tuple(rungs), by_key=by_key)
