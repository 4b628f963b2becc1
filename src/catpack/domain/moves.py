"""Moving along the protocol: up a level, down a level, and where to resume after a stop.

The ladder is the backpack stages in training order (the optional car branch
only for a cat that trains it). The harness track of step 0 has its own
levels. After graduation the upkeep stages chain below the routine trip:
maintenance, then the refresher's levels from the hardest down, then the
ladder's own levels at home (so a stop in the refresher still resumes
easier, never at the same level).

After a stop (protocol rule 5, "resume easier") the next session is easier
on every axis: at least ``BACK_AFTER_STRESS`` levels down, in a place no
busier than where the stress came (a busy street is never the easier option
after a stop in a quiet park), asking no more on any other axis (closure,
movement, distance, the level's length: :func:`no_harder`), and shorter
(:data:`SHORTER_AFTER_STOP`, applied by :mod:`catpack.domain.decide`).
"""

from __future__ import annotations

from dataclasses import dataclass

from catpack.domain import protocol as P
from catpack.domain.evidence import BACK_AFTER_STRESS, key_of, track_of

#: The session after a stop lasts at most this share of the stopped one
#: (policy: "a shorter time" in a number; half keeps it clearly shorter).
SHORTER_AFTER_STOP = 0.5


@dataclass(frozen=True, slots=True)
class Position:
    stage: P.Stage
    level: int  # 1-based

    @property
    def rung(self) -> P.Level:
        return self.stage.levels[self.level - 1]


#: Every position of the protocol, made once: the fold needs one per session,
#: and a Position is immutable, so one object serves every session there.
_POSITIONS: dict[tuple[str, int], Position] = {
    (stage.id, level): Position(stage, level)
    for stage in P.STAGES
    for level in range(1, len(stage.levels) + 1)
}


def position(stage: P.Stage, level: int) -> Position:
    """``Position(stage, level)``, the one made in advance where there is one."""
    return _POSITIONS.get((stage.id, level)) or Position(stage, level)


def _home_top() -> Position:
    """The hardest ladder level at home that asks no more than the refresher's first."""
    first = P.REFRESHER.levels[0]
    best = Position(P.FIRST_BACKPACK_STAGE, 1)
    for stage in P.TRAINING_LADDER:
        if stage.optional:
            continue
        for i, level in enumerate(stage.levels, start=1):
            easier = all(a <= b for a, b in zip(level.axes, first.axes, strict=True))
            if easier and level.max_minutes < first.max_minutes:
                best = Position(stage, i)
    return best


#: Below the refresher's first level: the ladder's hardest comparable level at home.
BELOW_REFRESHER = _home_top()


def _ladder_level_of(upkeep: P.Level) -> Position:
    """The hardest level of the ladder's main line that ``upkeep`` asks at
    least as much as on every axis (the first level if none)."""
    best = Position(P.FIRST_BACKPACK_STAGE, 1)
    for stage in P.TRAINING_LADDER:
        if stage.optional:
            continue
        for i, level in enumerate(stage.levels, start=1):
            if covers(upkeep, level):
                best = Position(stage, i)
    return best


def in_training(pos: Position) -> Position:
    """``pos`` for a cat that has not graduated: an upkeep level (the refresher,
    the routine trip) is a trained cat's, so a cat in training that logs one is
    training at the ladder level it covers (:func:`_ladder_level_of`); never
    moved into upkeep, which ranks above the whole ladder."""
    return _IN_TRAINING.get((pos.stage.id, pos.level), pos)


def next_ladder_stage(stage: P.Stage, with_car: bool) -> P.Stage | None:
    i = P.LADDER_INDEX[stage.id] + 1
    while i < len(P.TRAINING_LADDER):
        candidate = P.TRAINING_LADDER[i]
        if not candidate.optional or with_car:
            return candidate
        i += 1
    return None


def previous_ladder_stage(stage: P.Stage, with_car: bool) -> P.Stage | None:
    i = P.LADDER_INDEX[stage.id] - 1
    while i >= 0:
        candidate = P.TRAINING_LADDER[i]
        if not candidate.optional or with_car:
            return candidate
        i -= 1
    return None


def up(pos: Position, with_car: bool, graduated: bool) -> Position | None:
    """One level harder; None when the track is complete.

    A trained cat sent back to the ladder by a stop in the refresher climbs
    back to the refresher, not on through the whole ladder again; one that
    trains an optional stage afterwards (the car, for a road trip) goes back to
    its upkeep once that stage is done, not on to the ladder's next step.
    """
    stage, level = pos.stage, pos.level
    if stage is P.MAINTENANCE:
        return pos
    if graduated and pos == BELOW_REFRESHER:
        return Position(P.REFRESHER, 1)
    if level < len(stage.levels):
        return Position(stage, level + 1)
    if graduated and stage.optional:
        return Position(P.MAINTENANCE, 1)
    if stage is P.REFRESHER:
        return Position(P.MAINTENANCE, 1)
    if stage.track == "harness":
        return None
    following = next_ladder_stage(stage, with_car)
    return Position(following, 1) if following else None


def down(pos: Position, with_car: bool) -> Position:
    """One level easier (the last level of the stage before at a stage's first level)."""
    stage, level = pos.stage, pos.level
    if stage is P.MAINTENANCE:
        return Position(P.REFRESHER, len(P.REFRESHER.levels))
    if level > 1:
        return Position(stage, level - 1)
    if stage is P.REFRESHER:
        return BELOW_REFRESHER
    if stage.track == "harness":
        return pos
    before = previous_ladder_stage(stage, with_car)
    return Position(before, len(before.levels)) if before else pos


def below(pos: Position, with_car: bool, n: int) -> list[Position]:
    """The ``n`` levels below ``pos``, nearest first (repeating at the very bottom)."""
    out = []
    for _ in range(n):
        pos = down(pos, with_car)
        out.append(pos)
    return out


def easier(pos: Position, with_car: bool, levels: int = 1) -> Position:
    """``levels`` down from ``pos``, then further while the place is busier than at
    ``pos`` (step 9 relaxes the length when it first goes somewhere busy, so the
    level below a long quiet walk can be a short busy one: never the easier choice)."""
    place = pos.rung.location
    limit = P.PLACES.index(place)
    nxt = below(pos, with_car, levels)[-1]
    while P.PLACES.index(nxt.rung.location) > limit:
        lower = down(nxt, with_car)
        if lower == nxt:
            break
        nxt = lower
    return nxt


def covers(done: P.Level, asked: P.Level) -> bool:
    """``done`` asks at least as much of the cat as ``asked`` on every axis."""
    return all(a >= b for a, b in zip(done.axes, asked.axes, strict=True))


def back_to_upkeep(plan: Position, done: P.Level) -> Position:
    """A trained cat's upkeep position after a calm session at ``done``: the
    upkeep plan, past every upkeep level that ``done`` covers (a calm quiet
    walk covers the refresher's short walk; a calm carry at home covers none)."""
    while plan.stage is not P.MAINTENANCE and covers(done, plan.rung):
        nxt = up(plan, False, True)
        if nxt is None:
            break
        plan = nxt
    return plan


def no_harder(stopped: Position, nxt: Position, with_car: bool) -> Position:
    """``nxt``, or further down until it asks no more of the cat than ``stopped``
    on any axis (place, length, closure, movement, distance): where the ladder
    relaxed an axis when a new place came in (the pack worn in front at the
    doorway after the back at home), the level below that change asks more on
    it than the stopped one, so the session after a stop goes below it too."""
    while not covers(stopped.rung, nxt.rung):
        lower = down(nxt, with_car)
        if lower == nxt:
            break
        nxt = lower
    return nxt


#: Each upkeep level's ladder level, for a cat in training (:func:`in_training`).
_IN_TRAINING: dict[tuple[str, int], Position] = {
    (stage.id, i): _ladder_level_of(level)
    for stage in P.STAGES
    if stage.upkeep
    for i, level in enumerate(stage.levels, start=1)
}


def direction(done: Position, nxt: Position) -> str | None:
    """Where ``nxt`` is from ``done``: "same", "up" or "down" (None: levels of
    the ladder and the upkeep neither of which asks as much as the other on
    every axis). On one track its order; the harness track of step 0 comes
    before the backpack's; between the ladder and a trained cat's upkeep
    (which ranks above the whole ladder, yet asks less than a long hike) what
    each level asks, axis by axis."""
    if done == nxt:
        return "same"
    a, b = track_of(done.stage), track_of(nxt.stage)
    if a == b:
        return "up" if key_of(nxt.stage, nxt.level) > key_of(done.stage, done.level) else "down"
    if a == "harness" or b == "harness":
        return "up" if a == "harness" else "down"
    if covers(done.rung, nxt.rung):
        return "down"
    return "up" if covers(nxt.rung, done.rung) else None


def resume_after_stop(pos: Position, with_car: bool, levels: int = BACK_AFTER_STRESS) -> Position:
    """Where to resume after a stop at ``pos``: ``levels`` down (further after real
    stress than after heat), never busier, never harder on any axis."""
    return no_harder(pos, easier(pos, with_car, levels), with_car)
