"""The shapes of the protocol: stages, levels and the axes a level sets.

Every role a stage plays in the engine (the car branch, the upkeep stages,
what a stage trains, which trips it prepares for, how often to stop on a
trip) is a field here, so the engine reads roles from data and never tests
a stage id (``tests/domain/test_protocol_data.py`` enforces it).

A level fixes the situation the cat meets on five **axes**, each ordered from
easy to hard:

* ``place`` — where the session happens, quiet to busy (:data:`PLACES`);
* ``duration`` — the session's length at most (``max_minutes``);
* ``closure`` — the longest the cat stays zipped in, in seconds
  (:data:`THROUGHOUT`: closed for the whole outing, with the level's stops);
* ``movement`` — how the pack moves (:data:`MOVEMENTS`);
* ``distance`` — how far from home the outing goes (:data:`DISTANCES`).

Pryor's 2nd law of shaping ("one criterion at a time", science-research.md
§3) becomes a check on the data: from one level to the next at most one axis
is raised; the others hold or are relaxed (Pryor's 4th law: when a new
criterion comes in, relax the old ones for a while, which is also the guide's
"start with a very short amount of time for each of these steps").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, get_args

from catpack.domain.contract import Location, TripKind

#: Places, quiet to busy. The car sits between the doorway and the first
#: outdoor spot, where the ladder puts it.
PLACES: tuple[Location, ...] = ("home", "doorway", "car", "quiet_outdoors", "busy_outdoors")
Movement = Literal[
    "still", "lifted", "held", "carried_steps", "carried_room", "worn_front", "worn_back"
]
#: How the pack moves, in the guide's step 5 order (lift, hold, carry a few
#: steps, carry across a room, worn on the front, worn on the back).
MOVEMENTS: tuple[Movement, ...] = get_args(Movement)
Distance = Literal["none", "nearby", "local", "away"]
#: How far the outing goes: not away from the spot, a short walk near home
#: (step 8), local walks (step 9), places away from home (step 10).
DISTANCES: tuple[Distance, ...] = get_args(Distance)
#: ``closed_s`` of a level where the cat stays zipped in for the whole outing.
THROUGHOUT = math.inf
AXES: tuple[str, ...] = ("place", "duration", "closure", "movement", "distance")

#: Closed time reached at the end of step 4 (about four minutes, the top of
#: the guide's "a few minutes"; policy). Later home and doorway levels keep it,
#: and so does the carry out to a quiet spot at step 7 (:data:`CARRIED_OUT_S`).
CLOSED_AT_HOME_S = 240
#: How the pack is worn when the cat first leaves home (the doorway, the car)
#: and out to a quiet spot: on the front, where the cat sees the owner. The
#: guide, step 7: "As before, I suggest that you start walking having the
#: backpack in front"; "as before" is step 5, where each new kind of carrying
#: starts in front. A new place comes in with the carrying relaxed (Pryor's
#: 4th law); outings are worn in front too.
HEADING_OUT: Movement = "worn_front"
#: Step 7 begins with the cat carried out in the zipped pack ("now that your
#: cat is happy to be carried outside in the cat backpack ... set the backpack
#: on the ground"): every level at the quiet spot includes that carry, zipped
#: as long as at the doorway. Its axes say so, so that no level below it (the
#: doorway, the car) asks more of the cat on any axis than a session there.
CARRIED_OUT_S = CLOSED_AT_HOME_S

Role = Literal["training", "maintenance", "refresher"]
Track = Literal["backpack", "harness"]
Branch = Literal["car"]
#: The optional car branch of step 6 (``cat.car_training`` asks for it).
CAR_BRANCH: Branch = "car"
#: What a stage trains, in the guide's words: the harness, the pack itself, the
#: closed door, being carried, leaving home, the car, the outdoors, walks,
#: long outings, keeping it up.
About = Literal[
    "harness", "pack", "closed", "carried", "leaving_home", "car", "outdoors", "walks", "long",
    "upkeep",
]  # fmt: skip


class Axes(NamedTuple):
    """A level's five axes as numbers, larger = harder."""

    place: int
    duration: float
    closure: float
    movement: int
    distance: int


@dataclass(frozen=True, slots=True)
class Level:
    """One rung: what is asked of the cat, where, for how long, how shut in, how moved."""

    criterion: dict[str, Any]
    does: str
    location: Location = "home"
    max_minutes: float = 5
    # Calm sessions needed at this level before raising (1 unless the guide
    # asks for repetition over days, as for step 9's "over a few weeks").
    calm_sessions: int = 1
    closed_s: float = 0
    movement: Movement = "still"
    distance: Distance = "none"
    # The level asks the cat to go into the pack by itself (protocol.md's
    # "entered on its own or not"): a session where it did not never raises
    # here (rule 4, hesitation). False where going in is not yet asked (the
    # first sniff, rewarding any interaction) or there is no pack (harness).
    goes_in: bool = True
    # The five axes as numbers, worked out once: the fold compares them on
    # every session (levels are fixed protocol data).
    axes: Axes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        axes = Axes(
            place=PLACES.index(self.location),
            duration=self.max_minutes,
            closure=self.closed_s,
            movement=MOVEMENTS.index(self.movement),
            distance=DISTANCES.index(self.distance),
        )
        object.__setattr__(self, "axes", axes)  # frozen: set once, here

    @property
    def outdoors(self) -> bool:
        return self.location in OUTDOOR_PLACES


OUTDOOR_PLACES: frozenset[Location] = frozenset({"quiet_outdoors", "busy_outdoors"})
#: Where the outside air's cold reaches the cat: outdoors, and a parked car
#: (9 CFR 3.16(e), whose 45 °F lower bound is about the air in a vehicle's
#: animal space). Home is indoors; the doorway is in :func:`in_outside_air`.
COLD_PLACES: frozenset[Location] = OUTDOOR_PLACES | {"car"}
#: The doorway level at which the front door stays shut (the first).
DOOR_SHUT = "walk_to"


def in_outside_air(where: Location, level: Level) -> bool:
    """A session at ``where``, at ``level``, has the cat in the outside air, where
    the cold limits apply: their sources (9 CFR 3.3(a) and 3.16(e), the AVMA's
    cold-weather advice) are about the air around the cat, not the place.
    Outdoors, the parked car, and the doorway once the door is opened (it is,
    from the doorway's second level on; policy: a doorway session at any other
    level counts as opened, the cautious reading)."""
    if where in COLD_PLACES:
        return True
    return where == "doorway" and level.criterion.get("door") != DOOR_SHUT


def raised(before: Level, after: Level) -> tuple[str, ...]:
    """The axes on which ``after`` asks more of the cat than ``before``."""
    return tuple(name for name, a, b in zip(AXES, before.axes, after.axes, strict=True) if b > a)


@dataclass(frozen=True, slots=True)
class Stage:
    id: str
    step: int
    title: str
    about: About
    levels: tuple[Level, ...]
    instructions: tuple[str, ...]
    gates: tuple[str, ...] = ()
    track: Track = "backpack"  # "harness" for step 0, which may run beside steps 1-4
    role: Role = "training"
    branch: Branch | None = None  # an optional branch the owner chooses (the car)
    #: Trip kinds that need this stage done (calm at its top level) first.
    prepares: frozenset[TripKind] = frozenset()
    #: On a trip, stop and check the cat at least this often once the cat has
    #: reached this stage.
    trip_stops_min: int = 5
    notes: tuple[str, ...] = field(default=())

    @property
    def optional(self) -> bool:
        return self.branch is not None

    @property
    def upkeep(self) -> bool:
        """Maintenance or refresher: after graduation, not part of the ladder."""
        return self.role != "training"

    @property
    def moves_pack(self) -> bool:
        """From step 5 the pack is lifted or carried: the pack gates apply (rule 8)."""
        return HARNESS_ON in self.gates

    @property
    def named(self) -> str:
        """The stage as owners read it: "Movement (step 5)", as the pages
        label the steps (``catpack.web.pages.labels.stage_label``): the harness
        track, which runs beside the first steps, and the stages after
        graduation (keeping it up, the refresher) by their titles alone (never
        "step 0", nor "step 10" three times); the optional car practice as a
        side step ("To the car (optional side step)"), not a second step 6."""
        if self.track == "harness" or self.upkeep:
            return self.title
        if self.optional:
            return f"{self.title.removesuffix(' (optional)')} (optional side step)"
        return f"{self.title} (step {self.step})"

    @property
    def top(self) -> Level:
        return self.levels[-1]


# Gate ids (also used as checklist ids). Rule 8 of protocol.md.
HARNESS_ON = "harness_on"
TETHER_TO_HARNESS = "tether_to_harness"
OPENINGS_CLOSED = "openings_closed"
ZIP_CLIPS = "zip_clips"
LEASH_ON = "leash_on"
NEVER_ALONE_IN_CAR = "never_alone_in_car"
BLANKET_IN_PACK = "blanket_in_pack"
SUPPLIES_PACKED = "supplies_packed"

PACK_GATES = (HARNESS_ON, TETHER_TO_HARNESS, OPENINGS_CLOSED, ZIP_CLIPS)
OUTDOOR_GATES = (*PACK_GATES, LEASH_ON)


def lv(
    does: str,
    location: Location = "home",
    max_minutes: float = 5,
    *,
    calm_sessions: int = 1,
    closed_s: float = 0,
    movement: Movement = "still",
    distance: Distance = "none",
    goes_in: bool = True,
    **criterion: Any,
) -> Level:
    """A level, its criterion given as keyword arguments."""
    return Level(
        criterion=criterion,
        does=does,
        location=location,
        max_minutes=max_minutes,
        calm_sessions=calm_sessions,
        closed_s=closed_s,
        movement=movement,
        distance=distance,
        goes_in=goes_in,
    )
