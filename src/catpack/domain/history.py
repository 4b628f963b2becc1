"""The fold over a cat's session log: where the cat stands, derived, never stored.

Each session is judged on its own (:func:`outcome`) and moves the position of
the track it belongs to (the harness track of step 0, or the backpack
ladder). The loop in :func:`fold` keeps one invariant: after session *i*,
``state`` is exactly what sessions ``0..i`` (sorted by time) imply, so any
log replays to the same answer under the same protocol version.

Rules, with their constants:

* Push/stick/drop (Donaldson's rule, science-research.md §3): out of 5
  repetitions, 4-5 calm → push, 3 → stick, 0-2 → drop; for other counts the
  same shares (>= 0.8 push, >= 0.6 stick). Without counts, the stress score
  decides, more cautiously: CSS <= 2 push, 3 stick, 4 drop.
* Unease (CSS 4, rule 4) never raises; hesitation to enter (from step 3,
  where the cat is meant to go in on its own) never raises.
* Real stress (CSS >= 5, rule 5) stops the session and resumes one level
  easier (Atkinson 2018: "at any hesitation, go back a step").
* Refer (rule 6): ``REFER_AFTER`` real-stress sessions without reaching a
  stage the cat had never reached before. Each stop already resumed easier,
  so a third one means the stress returned despite easier levels. Panting
  in warm weather (heat risk moderate or worse) stops the session but does
  not count here: it is heat, not fear of the pack.
* Plateau (rule 6, added after the virtual-cat benchmark, docs/sim.md):
  refer also when the cat has passed no level it had never passed before for
  ``PLATEAU_DAYS`` days and, in that time, was at least very tense (CSS >= 4)
  in ``PLATEAU_TENSE`` ladder sessions. Why: in the simulation, cats that can
  never pass some step mostly stall in mild unease rather than real stress,
  so the stress count alone kept them in training for the whole 120 days.
  Pryor's 7th law of shaping (science-research.md §3): when a procedure makes
  no progress, change it; the coach has no other procedure to offer, so it
  says so and points to a vet or behaviourist. Graduated cats and the harness
  track are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from catpack.domain import protocol as P
from catpack.domain.contract import Cat, Session
from catpack.domain.observation import (
    COOLING_SIGNS,
    STOP_AT,
    UNEASE_AT,
    Assessment,
    assess,
    component_scores,
    stress_words,
)
from catpack.domain.safety import session_heat

Outcome = Literal["push", "stick", "drop", "stop"]

#: Donaldson push/drop/stick on sets of 5: 4/5 calm → push, 3/5 → stick.
PUSH_SHARE = 4 / 5
STICK_SHARE = 3 / 5
#: Without counts, the highest stress level that still raises (policy: a single
#: reading is less evidence than counts, so only a relaxed cat raises).
PUSH_UP_TO = 2
#: Real-stress sessions, without new ground, before the engine refers (rule 6).
REFER_AFTER = 3
#: Plateau (rule 6): days without passing a new level, and very tense (CSS >= 4)
#: ladder sessions within them, before the engine refers. Policy values.
PLATEAU_DAYS = 21
PLATEAU_TENSE = 6


@dataclass(frozen=True, slots=True)
class Position:
    stage: P.Stage
    level: int  # 1-based


@dataclass(slots=True)
class Judged:
    """One session with its reading and verdict (the last one drives the decision)."""

    session: Session
    assessment: Assessment
    outcome: Outcome
    why: list[str]
    heat_panting: bool


@dataclass(slots=True)
class State:
    backpack: Position | None = None  # next position on the ladder, if started
    harness: Position | None = None  # next position on the harness track
    harness_done: bool = False
    graduated: bool = False
    furthest: int = -1  # highest ladder index reached
    stress_run: int = 0  # counted stress sessions since new ground
    car_seen: bool = False
    # What a trip can build on: calm sessions (the session itself calm,
    # whatever the level needed) at the top level of each stage since the
    # last stress there, and the longest calm outing outdoors, in minutes.
    calm_top: dict[str, int] = field(default_factory=dict)
    longest_calm_outing: float = 0.0
    calm_at: dict[tuple[str, int], int] = field(default_factory=dict)
    last: Judged | None = None
    last_track: str = "backpack"
    advanced: bool = False  # the last session completed its stage
    # Plateau bookkeeping: the furthest (ladder index, level) passed calmly,
    # when, and the very tense ladder sessions since.
    best: tuple[int, int] = (-1, 0)
    best_at: datetime | None = None
    tense_since_best: int = 0


def outcome(
    session: Session, a: Assessment, stage: P.Stage, why: list[str] | None = None
) -> Outcome:
    """Verdict on one session: push, stick, drop or stop.

    When ``why`` is a list, the plain reasons are appended to it (the fold
    asks only for the last session's: building text for every session of a
    long log would cost more than judging them).
    """
    if a.real_stress:
        if why is not None:
            seen = stress_words(session["observation"], "refused_treats" in a.signs)
            shown = f"{', '.join(seen)}: " if seen else ""
            why.append(
                f"Real stress showed ({shown}{a.label.lower()}, stress level {a.score} of 7): "
                "end the session now and let the cat rest."
            )
        return "stop"
    if not a.seen:
        if why is not None:
            why.append("Nothing about the cat was recorded, so the level is repeated, not raised.")
        return "stick"
    reps, calm = session.get("reps"), session.get("calm_reps")
    verdict: Outcome
    if reps and calm is not None:
        share = calm / reps
        verdict = "push" if share >= PUSH_SHARE else "stick" if share >= STICK_SHARE else "drop"
        if why is not None:
            why.append(f"Calm in {calm} of {reps} repetitions: " + _BY_COUNT[verdict])
    else:
        verdict = "push" if a.score <= PUSH_UP_TO else "stick" if a.score < UNEASE_AT else "drop"
        if why is not None:
            why.append(_BY_SCORE[verdict])
    if verdict == "push" and a.unease:
        verdict = "stick"
        if why is not None:
            why.append("Signs of unease mean holding this level, not raising it.")
    if (
        verdict == "push"
        and stage.step >= 3
        and session["observation"].get("entered_voluntarily") is False
    ):
        verdict = "stick"
        if why is not None:
            why.append("The cat hesitated to go in on its own: repeat before raising.")
    return verdict


_BY_COUNT = {
    "push": "raise one step.",
    "stick": "repeat this level.",
    "drop": "make it easier.",
}
_BY_SCORE = {
    "push": "The cat was calm: raise one step.",
    "stick": "The cat was a little tense: repeat this level.",
    "drop": "The cat showed unease: make it easier.",
}


def _is_heat_panting(session: Session, a: Assessment) -> bool:
    """The stop came from panting in warm weather, not from the pack.

    Panting (with or without heavy grooming, the cat's own cooling) is the
    only stress sign, nothing else about the cat reads as real stress, and
    the session's weather is at or above the heat index's caution band
    (unknown sun outdoors counts as full sun). Such a stop still ends the
    session (cool the cat), but is heat, not fear: it does not count towards
    a referral.
    """
    obs = session["observation"]
    signs = set(obs.get("signs") or ())
    if "panting" not in signs or not signs <= COOLING_SIGNS or a.thermoregulation:
        return False
    ctx = session.get("context")
    if not ctx:
        return False
    reading = session_heat(ctx)  # the weather's or the pack's own air, the worse
    if reading is None or reading.risk == "low":
        return False
    return component_scores(obs, food_motivated=False) < STOP_AT


def next_ladder_stage(stage: P.Stage, with_car: bool) -> P.Stage | None:
    i = P.LADDER_INDEX[stage.id] + 1
    while i < len(P.TRAINING_LADDER):
        candidate = P.TRAINING_LADDER[i]
        if not candidate.optional or with_car:
            return candidate
        i += 1
    return None


def _previous_ladder_stage(stage: P.Stage, with_car: bool) -> P.Stage | None:
    i = P.LADDER_INDEX[stage.id] - 1
    while i >= 0:
        candidate = P.TRAINING_LADDER[i]
        if not candidate.optional or with_car:
            return candidate
        i -= 1
    return None


def _move(state: State, pos: Position, verdict: Outcome, with_car: bool) -> Position | None:
    """Next position after a session at ``pos``; None means the track is complete."""
    stage, level = pos.stage, pos.level
    state.advanced = False
    if stage is P.MAINTENANCE:
        return pos if verdict in ("push", "stick") else Position(P.REFRESHER, 1)
    if verdict == "push":
        if level < len(stage.levels):
            return Position(stage, level + 1)
        state.advanced = True
        if stage is P.REFRESHER:
            return Position(P.MAINTENANCE, 1)
        if stage.track == "harness":
            return None
        following = next_ladder_stage(stage, with_car)
        return Position(following, 1) if following else None
    if verdict == "stick":
        return pos
    # drop or stop: one level easier, or the last level of the stage before.
    if level > 1:
        return Position(stage, level - 1)
    if stage.track == "harness" or stage is P.REFRESHER:
        return pos
    before = _previous_ladder_stage(stage, with_car)
    return Position(before, len(before.levels)) if before else pos


def fold(cat: Cat, sessions: list[Session]) -> State:
    """Walk the sorted log once. Invariant: ``state`` reflects sessions[: i + 1]."""
    state = State()
    food = cat.motivation is None or "food" in cat.motivation
    final = len(sessions) - 1
    for i, session in enumerate(sessions):
        stage, level = P.BY_ID[session["stage"]], session["level"]
        pos = Position(stage, level)
        a = assess(session, food_motivated=food)
        why: list[str] | None = [] if i == final else None
        verdict = outcome(session, a, stage, why)
        rung = stage.levels[level - 1]
        needed = rung.calm_sessions
        if verdict != "stick":
            _track_trip_evidence(state, session, stage, rung, verdict)
        if verdict == "push" and needed > 1:
            key = (stage.id, level)
            done = state.calm_at.get(key, 0) + 1
            state.calm_at[key] = done
            if done < needed:
                verdict = "stick"
                if why is not None:
                    why.append(
                        f"{done} of {needed} calm outings at this level: keep going before raising."
                    )
            else:
                state.calm_at[key] = 0
        elif verdict != "push":
            state.calm_at[(stage.id, level)] = 0
        heat_panting = verdict == "stop" and _is_heat_panting(session, a)
        if heat_panting and why:
            why[0] = "The cat was panting in warm weather: end the session now and cool it down."
        if stage.branch == P.CAR_BRANCH:
            state.car_seen = True
        with_car = bool(cat.car_training) or state.car_seen
        nxt = _move(state, pos, verdict, with_car)
        if stage.track == "harness":
            state.last_track = "harness"
            if nxt is None and not state.harness_done:
                state.harness_done = True
                state.stress_run = 0  # a completed track is new ground
            state.harness = None if state.harness_done else nxt
        else:
            state.last_track = "backpack"
            if stage is P.LAST_TRAINING_STAGE and nxt is None:
                state.graduated = True
                nxt = Position(P.MAINTENANCE, 1)
            state.backpack = nxt
            reached = P.LADDER_INDEX.get(stage.id, -1)
            if nxt is not None:
                reached = max(reached, P.LADDER_INDEX.get(nxt.stage.id, -1))
            if reached > state.furthest:
                state.furthest = reached
                state.stress_run = 0  # new ground: earlier stress is not "recurring"
        if verdict == "stop" and not heat_panting:
            state.stress_run += 1
        _track_plateau(state, session, stage, a, verdict, heat_panting)
        if why is not None:
            state.last = Judged(session, a, verdict, why, heat_panting)
    return state


def _track_trip_evidence(
    state: State, session: Session, stage: P.Stage, rung: P.Level, verdict: Outcome
) -> None:
    """Calm top-level sessions per stage (reset by stress there) and the longest
    calm outing outdoors (the logged minutes, or the level's length if none)."""
    if verdict in ("stop", "drop"):
        state.calm_top[stage.id] = 0
    elif verdict == "push":
        if rung is stage.levels[-1]:
            state.calm_top[stage.id] = state.calm_top.get(stage.id, 0) + 1
        if rung.location in P.OUTDOOR_PLACES:
            minutes = session.get("minutes")
            length = rung.max_minutes if minutes is None else minutes
            state.longest_calm_outing = max(state.longest_calm_outing, length)


def _track_plateau(
    state: State, session: Session, stage: P.Stage, a: Assessment, verdict: Outcome, heat: bool
) -> None:
    """Update the plateau counters (rule 6, see the module docstring)."""
    rung = P.LADDER_INDEX.get(stage.id)
    if rung is None or state.graduated:
        return
    if state.best_at is None:
        state.best_at = session["at"]
    if verdict == "push" and (rung, session["level"]) > state.best:
        state.best, state.best_at = (rung, session["level"]), session["at"]
        state.tense_since_best = 0
    elif a.score >= UNEASE_AT and not heat:
        state.tense_since_best += 1


def plateaued(state: State) -> bool:
    """No new level passed for PLATEAU_DAYS, with PLATEAU_TENSE very tense sessions."""
    if state.graduated or state.best_at is None or state.last is None:
        return False
    days = (state.last.session["at"] - state.best_at).total_seconds() / 86400
    return days >= PLATEAU_DAYS and state.tense_since_best >= PLATEAU_TENSE
