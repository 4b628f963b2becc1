"""The fold over a cat's session log: where the cat stands, derived, never stored.

Each session is judged on its own (:func:`outcome`) and moves the position of
the track it belongs to (the harness track of step 0, the backpack ladder, or
the upkeep stages after graduation; :mod:`catpack.domain.moves`). The loop
keeps one invariant: after session *i*, the state is exactly what sessions
``0..i`` (sorted by time) imply, so any log replays to the same answer under
the same protocol version, and folding a log in two parts gives the same
state as folding it at once: ``fold(cat, a + b) == fold_from(fold(cat, a), b)``.

Rules, with their constants:

* Push/stick/drop (Donaldson's rule, science-research.md §3): out of 5
  repetitions, 4-5 calm → push, 3 → stick, 0-2 → drop; for other counts the
  same shares (>= 0.8 push, >= 0.6 stick). Without counts, the stress score
  decides, more cautiously: CSS <= 2 push, 3 stick, 4 drop.
* Unease (CSS 4, rule 4) never raises; hesitation to enter (at every level
  that asks the cat to go in on its own, ``Level.goes_in``: from the first
  step's partial entry on) never raises.
* Shorter after unease: a drop sends the cat a level down, and the next try
  at the level where it was uneasy lasts ``RETRY_SHARE`` of the level's
  length (halved again after more unease there, down to
  ``SHORTEST_RETRY``); each calm shorter try doubles the next, and only a
  calm try at (more than half of) the full length raises. The guide starts
  every step "with a very short amount of time" and builds it up; a step
  the cat was uneasy at is split smaller (Pryor's 2nd law), as at a level
  that caused real stress (:mod:`catpack.domain.evidence`).
* A first taste of new ground: a new level (one the cat has not passed
  since the last lapse) starts with a try ``RETRY_SHARE`` of its length when
  the session that raised to it was calm but not fully relaxed, or where the
  guide says the step is harder for this cat (an indoor-only cat outside the
  home, a cat with bad carrier memories shut in or carried); a calm first
  taste doubles the next try, as after unease. The guide starts each step
  "with a very short amount of time"; a cat only just calm at a level has
  little room to spare for the next criterion, and on a step expected to be
  hard for it the next criterion asks more of it than of other cats (Pryor's
  2nd law: raise in steps the animal can succeed at).
* Real stress (CSS >= 5, rule 5) stops the session; the cat rests until the
  next calendar day in the household's time zone and at least
  ``REST_HOURS`` (:func:`catpack.domain.timing.rest_end`), and resumes further down and never
  busier (:func:`catpack.domain.moves.resume_after_stop`). A session logged
  inside the rest never raises and does not count as calm practice. A stop
  for panting in warm weather is heat, not fear: one level easier, and the
  calm sessions counted towards raising that level are kept.
* Working a hard step through, and referring only on evidence (rule 6):
  stress points, consolidation near them, recurring stress and the plateau,
  in :mod:`catpack.domain.evidence`.
* Lapse: after more than ``LAPSE_DAYS`` without practice (paused time not
  counted), calm sessions before the gap no longer count towards a level's
  calm sessions, and the plateau window starts again; a trained cat's plan
  goes from the routine to the refresher, which the next session must work
  through (or cover: a calm session asking as much on every axis).
* A trained cat practising an old ladder level stays trained (protocol.md,
  Maintenance): calm, it returns to its upkeep; see :func:`_trained_next`.
* A cat in training has no upkeep yet: a refresher session or routine trip
  in its log (odd input) is training at the ladder level it covers
  (:func:`catpack.domain.moves.in_training`), so the plan never moves into
  the upkeep stages, which rank above the whole ladder, before graduation.
  Its reasons say so first (:func:`counted_as`), and the decision reads it
  at that level (``Judged.done``): "raise one level", "stage done" and a
  lapse's "a level below the last session" are about the level it counted as.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from typing import Literal

from catpack.domain import protocol as P
from catpack.domain.contract import Cat, Pause, Session
from catpack.domain.evidence import (
    BACK_AFTER_STRESS,
    EXPECTED_EXTRA,
    PLATEAU_TENSE,
    REFER_HITS,
    RETRY_SHARE,
    SHORTEST_RETRY,
    Evidence,
    Key,
    expected_hard,
    key_of,
    relaxed,
    track_of,
)
from catpack.domain.moves import (
    BELOW_REFRESHER,
    Position,
    back_to_upkeep,
    below,
    covers,
    easier,
    in_training,
    no_harder,
    position,
    resume_after_stop,
    up,
)
from catpack.domain.observation import (
    COOLING_SIGNS,
    STOP_AT,
    UNEASE_AT,
    Assessment,
    assess,
    component_scores,
    stress_words,
    unease_words,
)
from catpack.domain.safety import session_heat
from catpack.domain.timing import LAPSE_DAYS, idle_days, may_lapse, rest_end

Outcome = Literal["push", "stick", "drop", "stop"]

#: Donaldson push/drop/stick on sets of 5: 4/5 calm → push, 3/5 → stick.
PUSH_SHARE = 4 / 5
STICK_SHARE = 3 / 5
#: Without counts, the highest stress level that still raises (policy: a single
#: reading is less evidence than counts, so only a relaxed cat raises).
PUSH_UP_TO = 2
#: After a lapse the first session back is no longer than a trained cat's
#: first refresher session (the guide: start each step "with a very short
#: amount of time"), and calm tries build the time back up by doubling, as
#: after unease: one principle for trained cats and cats in training.
LAPSE_FIRST_MINUTES = P.REFRESHER.levels[0].max_minutes


def lapse_share(rung: P.Level) -> float:
    """The share of ``rung``'s length the first session after a lapse lasts."""
    length = rung.max_minutes
    return min(1.0, LAPSE_FIRST_MINUTES / length) if length > 0 else 1.0


@dataclass(slots=True)
class Judged:
    """One session with its reading and verdict (the last one drives the decision)."""

    session: Session
    assessment: Assessment
    outcome: Outcome
    why: list[str]
    heat_panting: bool
    #: Where the session counted on the protocol: its own level, or for a cat
    #: in training that logged an upkeep session, the ladder level it matches.
    done: Position


@dataclass(slots=True)
class State:
    cat: Cat
    zone: tzinfo | None = None  # the household's zone (None: each time's own offset)
    pauses: tuple[Pause, ...] = ()
    backpack: Position | None = None  # next position on the ladder, if started
    harness: Position | None = None  # next position on the harness track
    harness_done: bool = False
    graduated: bool = False
    graduated_at: datetime | None = None  # the session that completed training
    furthest: int = -1  # highest ladder index reached
    # After real stress in training, the ladder index the cat has got back to
    # since (None: no such setback, or the cat is back at ``furthest``): the
    # stages a trip needs are done only once passed again, as a stressed
    # sitting in the car wipes the car's calm ones.
    regained: int | None = None
    car_seen: bool = False
    # What a trip can build on: calm sessions (the session itself calm,
    # whatever the level needed) at the top level of each stage since the
    # last stress there, and the longest calm outing outdoors since the last
    # stress on one, in minutes.
    calm_top: dict[str, int] = field(default_factory=dict)
    # On each optional stage (the car), the level to practise next towards a
    # trip that needs it: one up after a calm session, lower after stress.
    branch_next: dict[str, int] = field(default_factory=dict)
    longest_calm_outing: float = 0.0
    # Why the longest calm outing was last counted afresh, if it was: an
    # outing that ended in "real stress" or "unease", or a "break" in
    # training (what a trip's reasons say it is counted since).
    outing_since: Literal["real stress", "unease", "break"] | None = None
    calm_at: dict[tuple[str, int], int] = field(default_factory=dict)
    # Levels the cat was uneasy at, without an open stress point there
    # (stage id, level): the share of the level's length its next try lasts.
    shorter: dict[tuple[str, int], float] = field(default_factory=dict)
    # Of those, the new levels whose shorter try is a first taste, not after unease.
    tastes: set[tuple[str, int]] = field(default_factory=set)
    # Of those, the levels shorter because of a lapse, not unease (the reasons say which).
    after_break: set[tuple[str, int]] = field(default_factory=set)
    evidence: Evidence = field(default_factory=Evidence)
    last: Judged | None = None  # the last session, judged
    last_at: datetime | None = None
    last_track: str = "backpack"
    advanced: bool = False  # the last session completed its stage
    practised: bool = False  # the last session was calm practice below the plan, which stays
    # The level one up from the last session, where its calm verdict raised
    # it (None: it raised nothing, or completed its track): only a decision
    # that goes there says "raise one level" (see ``decide``).
    raised_to: Position | None = None
    # In training, the ladder plan the cat had got to when it went back to
    # the optional branch (the car, for a road trip) below it: trouble there
    # sends it back to work the branch through, and once the branch is done
    # the cat resumes here, not at the ladder's next step after the branch.
    branch_return: tuple[int, Position] | None = None  # (the branch's ladder index, the plan)
    # The last stop: its rest's end, and the level and length of the stopped
    # session until the first session after the rest (which must be easier).
    rest_until: datetime | None = None
    stopped: Position | None = None
    stopped_minutes: float = 0.0
    # A trained cat sent down the ladder (trouble at a practice level, or a
    # stop in the refresher): the ladder level at or above which a calm session
    # takes it back to upkeep, and the upkeep position it goes back to.
    detour: tuple[Key, Position] | None = None
    # A trained cat's refresher was started by a break (rule 10: "a long lapse
    # earns a short refresher"), not by unease or a stop on a routine trip;
    # until it is back at the routine trip.
    refresher_after_break: bool = False

    def resting(self, at: datetime) -> bool:
        """A session at ``at`` comes during the rest after the last stop."""
        return self.rest_until is not None and at < self.rest_until

    def copy(self) -> State:
        """A copy that folding more sessions into leaves this state as it was."""
        return replace(
            self,
            calm_top=dict(self.calm_top),
            branch_next=dict(self.branch_next),
            calm_at=dict(self.calm_at),
            shorter=dict(self.shorter),
            tastes=set(self.tastes),
            after_break=set(self.after_break),
            evidence=self.evidence.copy(),
        )


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
            also = unease_words(session["observation"])
            if also:  # named too: every sign logged, not only the worst
                seen.append(f"also {', '.join(also)}" if seen else ", ".join(also))
            shown = f"{', '.join(seen)}: " if seen else ""
            why.append(
                f"{STRESS_SHOWED} ({shown}{a.label.lower()}, stress level {a.score} of 7)"
                f"{STOP_NOW_REST}"
            )
        return "stop"
    if not a.seen:
        if why is not None:
            what = (
                "of the cat's body language"
                if session["observation"].get("signs")
                else "about the cat"
            )
            why.append(f"Nothing {what} was recorded{NOT_RAISED}")
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
    uneasy = unease_words(session["observation"]) if why is not None and a.unease else []
    named = f" ({', '.join(uneasy)})" if uneasy else ""
    if verdict == "push" and a.unease:
        verdict = "stick"
        if why is not None:
            why.append(f"Signs of unease{named}{HOLDING}")
    elif verdict != "push" and named and why is not None:
        why.append(f"Signs of unease{named}: keep it easy until they go.")
    if (
        verdict == "push"
        and session["observation"].get("entered_voluntarily") is False
        and stage.levels[session["level"] - 1].goes_in
    ):
        verdict = "stick"
        if why is not None:
            why.append(f"The cat hesitated to go in on its own{REPEAT_FIRST}")
    return verdict


#: How a calm reading ends when the session would raise the level; where the
#: decision is anything else (a rest, consolidation, a lapse, a refresher), the
#: reading is given without it (:func:`reading_only`), so no reason says "raise"
#: beside a decision that does not.
RAISE_CLAUSE = ": raise one level."


#: How the reason for a new level's short first try goes on (:func:`_first_taste`):
#: told only beside a decision that goes to that level.
FIRST_TRY = " starts with a short first try "


def reading_only(reasons: list[str]) -> list[str]:
    """``reasons`` with the calm reading's "raise one level" left off."""
    return without(reasons, (RAISE_CLAUSE,))


#: How a count of calm sessions towards a level ends: after a lapse the
#: count no longer holds, and the decision leaves it out.
KEEP_GOING = " at this level: keep going before raising."
#: How the last session's reasons say "this level again" (its verdict held it):
#: told only beside a decision whose next session is that level (``decide``).
REPEAT_CLAUSE = ": repeat this level."
NOT_RAISED = ", so the level is repeated, not raised."
HOLDING = " mean holding this level, not raising it."
REPEAT_FIRST = ": repeat before raising."
KEEP_AT = ": keep going before raising."
REPEATS = (REPEAT_CLAUSE, NOT_RAISED, HOLDING, REPEAT_FIRST, KEEP_AT)
#: How they say the next try at this level is longer (a calm short try): told
#: only beside a next session at this level, and not after a lapse (the first
#: session back is short again).
FULL_NEXT = ": next time, the level's full length."
LONGER_NEXT = ": next time, a longer one, up to the level's full length."
HALF_NEXT = ". Next time about half its length, then the full length."
LONGER = (FULL_NEXT, LONGER_NEXT, HALF_NEXT)
#: How the reasons of a session logged during the rest after a stop begin.
IN_REST = "This session came during the rest after real stress"
#: How a reading ends where the verdict makes it easier.
EASIER_CLAUSE = ": make it easier."


def without(reasons: list[str], clauses: tuple[str, ...]) -> list[str]:
    """``reasons`` with each ending in ``clauses`` cut to the reading before it
    (its sentence ends there)."""
    out = []
    for r in reasons:
        for clause in clauses:
            if r.endswith(clause):
                r = r[: -len(clause)] + "."
                break
        out.append(r)
    return out


#: The reading of a stopped session, and what to do that minute; once the stop
#: is long past (a lapse since), :func:`as_past` gives the reading alone.
STRESS_SHOWED = "Real stress showed"
HEAT_PANTING = "The cat was panting"
STOP_NOW_REST = ": end the session now and let the cat rest."
STOP_NOW_COOL = ": end the session now and cool it down."


def as_past(reasons: list[str]) -> list[str]:
    """A stopped session's reasons told as the past: a lapse later, "end the
    session now" is no instruction for today."""
    out: list[str] = []
    for r in reasons:
        for now in (STOP_NOW_REST, STOP_NOW_COOL):
            if r.endswith(now):
                r = r[: -len(now)] + "."
        if r.startswith(STRESS_SHOWED):
            r = "The last session showed real stress" + r[len(STRESS_SHOWED) :]
        elif r.startswith(HEAT_PANTING):
            r = "In the last session the cat was panting" + r[len(HEAT_PANTING) :]
        out.append(r)
    return out


_BY_COUNT = {
    "push": RAISE_CLAUSE[2:],
    "stick": REPEAT_CLAUSE[2:],
    "drop": EASIER_CLAUSE[2:],
}
_BY_SCORE = {
    "push": "The cat was calm" + RAISE_CLAUSE,
    "stick": "The cat was a little tense" + REPEAT_CLAUSE,
    "drop": "The cat showed unease" + EASIER_CLAUSE,
}


def _is_heat_panting(session: Session, a: Assessment) -> bool:
    """The stop came from panting in warm weather, not from the pack.

    Panting (with or without heavy grooming, the cat's own cooling) is the
    only stress sign, nothing else about the cat reads as real stress, and
    the session's weather is at or above the heat index's caution band
    (unknown sun away from home counts as full sun; at home, indoors). Such a stop still ends the
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
    place = P.BY_ID[session["stage"]].levels[session["level"] - 1].location
    reading = session_heat(ctx, place)  # the weather's or the pack's own air, the worse
    if reading is None or reading.risk == "low":
        return False
    return component_scores(obs, food_motivated=False) < STOP_AT


def heat_phrase(session: Session) -> str:
    """Where the heat of a session came from, in words that name only what was
    logged: "in warm weather", or, where only the sun taken as full (not
    recorded away from home) made it warm, that assumption."""
    ctx = session.get("context") or {}
    place = P.BY_ID[session["stage"]].levels[session["level"] - 1].location
    if ctx.get("sun") is None and (ctx.get("location") or place) != "home":
        shaded = session_heat({**ctx, "sun": "shade"}, place)
        if shaded is None or shaded.risk == "low":
            return "with the sun not recorded (taken as full sun, which heats a pack fast)"
    return "in warm weather"


def fold(
    cat: Cat,
    sessions: list[Session],
    zone: tzinfo | None = None,
    pauses: tuple[Pause, ...] | list[Pause] = (),
) -> State:
    """Walk the sorted log once from a fresh start."""
    return fold_from(State(cat=cat, zone=zone, pauses=tuple(pauses)), sessions)


def fold_from(state: State, sessions: list[Session]) -> State:
    """Go on from ``state`` with later sessions (sorted, none before its last).

    ``state`` itself is left as it was. Invariant: the result reflects the
    sessions folded into ``state`` followed by ``sessions[: i + 1]``.
    """
    state = state.copy()
    if state.last_at is not None and sessions and sessions[0]["at"] < state.last_at:
        raise ValueError("fold_from: the sessions must not come before those already folded")
    cat = state.cat
    food = cat.motivation is None or "food" in cat.motivation
    final = len(sessions) - 1
    for i, session in enumerate(sessions):
        _step(state, session, food, [] if i == final else None)
    return state


def _step(state: State, session: Session, food: bool, why: list[str] | None) -> None:
    logged = P.BY_ID[session["stage"]]
    pos = position(logged, session["level"])
    if logged.upkeep and not state.graduated:  # odd input: training at its ladder level
        pos = in_training(pos)
    stage, level = pos.stage, pos.level
    ladder_i = P.LADDER_INDEX.get(stage.id)
    at = session["at"]
    before = state.last_at
    state.last_at = at
    lapsed = (
        before is not None
        and may_lapse(before, at)
        and idle_days(before, at, state.pauses) > LAPSE_DAYS
    )
    if lapsed:
        state.calm_at.clear()  # calm sessions before a lapse no longer count
        state.branch_return = None  # nor the plan from before the break
        state.evidence.restart_window(at)
        if not state.graduated:  # nor, in training, what a trip builds on (after
            state.longest_calm_outing = 0.0  # it, the refresher comes before big trips)
            state.outing_since = "break"
            state.calm_top.clear()
            # The first session back is short, and the time builds up again
            # from there: a short calm try here doubles the next one.
            _short_after_break(state, pos)
        elif state.backpack is not None and state.backpack.stage.upkeep:
            # A trained cat's lapse: the refresher is the plan until done (or
            # covered by a calm session that asks as much), not just the next day.
            state.backpack = Position(P.REFRESHER, 1)
            state.refresher_after_break = True
    resting = state.resting(at)
    # The first session after a rest is short on purpose (the coach halves it).
    after_stop = not resting and state.stopped is not None
    if not resting:
        state.stopped = None  # the first session after the rest has happened
    a = assess(session, food_motivated=food)
    verdict = outcome(session, a, logged, why)
    calm = verdict == "push" and not resting
    calm_reading = calm  # before any rule holds the level (what a referral's lift counts)
    held = resting and verdict == "push"
    if held:
        verdict = "stick"
        if why is not None:
            why.append(
                f"{IN_REST}: it does not count towards raising the level, and the next "
                "session stays the easier one."
            )
    rung = stage.levels[level - 1]
    evidence = state.evidence
    if calm and (evidence.points or state.shorter):
        calm = _full_try(state, session, stage, level, rung, why)
        if not calm:
            verdict = "stick"
            _calm_outing(state, rung, session.get("minutes") or rung.max_minutes)
    if calm and not state.graduated and not after_stop and _short_of(session, rung):
        calm, verdict = False, "stick"
        _taste_of(state, session, pos, why)
    # A stop stays a stop (only a push is ever held back), so heat is known here.
    heat_panting = verdict == "stop" and _is_heat_panting(session, a)
    if verdict != "stick":
        _track_trip_evidence(state, session, stage, rung, verdict, heat_panting)
    # A trained cat practising a ladder level: calm, it goes back to its upkeep
    # (the maintenance routine is no climb up the ladder again).
    trained = state.graduated and ladder_i is not None and not stage.optional
    plan = state.backpack
    upkeep_to = _upkeep_return(state, pos) if trained and verdict == "push" else None
    if stage.branch == P.CAR_BRANCH:
        state.car_seen = True
    with_car = bool(state.cat.car_training) or state.car_seen
    # In training, calm practice below the plan (an easy walk on a busy day,
    # the car for a road trip, the pack at home) keeps the plan: a calm
    # session never takes the cat back down the ladder (rule 3).
    practice = verdict == "push" and not lapsed and _below_plan(state, pos, plan)
    state.practised = practice
    if (
        verdict == "push"
        and not practice
        and upkeep_to is None
        and (rung.calm_sessions > 1 or evidence.approach)
    ):
        verdict = _consolidate(state, session, a, pos, verdict, why)
    elif verdict != "push" and not heat_panting:
        # Heat says nothing about the cat's tolerance: it keeps its calm sessions.
        state.calm_at[(stage.id, level)] = 0
    # At the very first level there is nothing easier: the drop repeats it, shorter.
    bottom = verdict == "drop" and easier(pos, with_car) == pos
    # Uneasy in a short try after a break: the level below is met short too.
    break_drop = verdict == "drop" and (stage.id, level) in state.after_break
    if verdict == "drop":
        _shorter_after_unease(state, stage, level, why, bottom)
    if heat_panting and why:
        also = unease_words(session["observation"])  # named too, as beside real stress
        named = f" (also {', '.join(also)})" if also else ""
        why[0] = f"{HEAT_PANTING} {heat_phrase(session)}{named}{STOP_NOW_COOL}"
    nxt = _move(state, pos, verdict, with_car, heat_panting)
    state.raised_to = nxt if verdict == "push" else None
    if break_drop and nxt is not None and nxt != pos:
        _short_after_break(state, nxt)
    if practice:
        nxt, state.advanced = plan, False
    nxt = _branch_return(state, pos, plan, nxt, verdict)
    if state.graduated and (
        trained or state.detour is not None or (verdict in _DOWN and _leaves_upkeep(stage, nxt))
    ):
        nxt = _trained_next(state, pos, verdict, nxt, plan, upkeep_to)
    if resting:
        nxt = _held_by_rest(state, stage, nxt)
        if verdict == "stop" and nxt is not None and _side(nxt.stage) == _side(stage):
            # Stopped again in the rest: the plan asks no more than this stop
            # either, on any axis (a level held from the first stop may ask more
            # time than the one that stopped the cat now).
            nxt = no_harder(pos, nxt, with_car)
        elif verdict == "stick" and not held and nxt != pos and why is not None:
            # Its "repeat this level" is not what comes next: the rest's easier plan is.
            why.append(f"{IN_REST}: the next session stays the easier one.")
    if stage.track == "harness":
        state.last_track = "harness"
        if nxt is None:
            state.harness_done = True
        # Once the track is done only trouble there keeps it open (to resume
        # easier), until a calm session there after the rest.
        done = nxt is None or (state.harness_done and verdict == "push")
        state.harness = None if done else nxt
    else:
        state.last_track = "backpack"
        if stage is P.LAST_TRAINING_STAGE and nxt is None:
            if not state.graduated:
                state.graduated_at = at
            state.graduated = True
            nxt = Position(P.MAINTENANCE, 1)
        state.backpack = nxt
        if nxt is not None and nxt.stage is P.MAINTENANCE:
            state.refresher_after_break = False
        if verdict == "push" and nxt is not None and not state.graduated:
            _first_taste(state, session, a, rung, nxt, why, practice)
        reached = ladder_i if ladder_i is not None else -1
        if nxt is not None and nxt.stage is not stage:
            reached = max(reached, P.LADDER_INDEX.get(nxt.stage.id, -1))
        if reached > state.furthest:
            state.furthest = reached
        _track_setback(state, verdict, heat_panting, resting, reached, nxt)
    # The plan after a stop stays the stop's, whichever track the owner tried
    # during the rest (a harness session then, say, after a stop in the pack);
    # stressed on the other track too, the cat gets the quieter of the two plans.
    side = _side(stage)
    rest_track = _side(state.stopped.stage) if resting and state.stopped is not None else None
    if rest_track is not None and (verdict != "stop" or side != rest_track):
        quieter = verdict == "stop" and _place(state, side) <= _place(state, rest_track)
        state.last_track = side if quieter else rest_track
    if verdict == "stop":
        state.rest_until = rest_end(at, state.zone)
        minutes = session.get("minutes") or rung.max_minutes
        if rest_track is not None:  # stopped again in the rest: no longer
            minutes = min(minutes, state.stopped_minutes)
        if state.last_track == side:
            state.stopped = pos
        state.stopped_minutes = minutes
        if not heat_panting:
            extra = EXPECTED_EXTRA if expected_hard(state.cat, stage) else 0
            near = [(b.stage.id, b.level) for b in below(pos, with_car, BACK_AFTER_STRESS)]
            evidence.stress(stage, level, REFER_HITS + extra, near)
    elif calm and evidence.points:
        evidence.calm(stage, level)
    if ladder_i is not None and not state.graduated:
        # Tension: very tense, or uneasy in most repetitions (make it easier); not heat.
        tense = not heat_panting and (a.score >= UNEASE_AT or verdict == "drop")
        evidence.track_plateau(ladder_i, level, at, calm, tense)
    # A referral stands, or the evidence could give one (a point, or the
    # plateau's count of tense sessions reached): else nothing can change.
    if evidence.referred is not None or evidence.points or evidence.tense >= PLATEAU_TENSE:
        lifted = _referral_run(state, stage, at, calm_reading, verdict == "stop", heat_panting)
        if lifted is not None and why is not None:
            why.append(lifted)
    if why is not None:
        if pos.stage is not logged:  # read first: the reasons that follow are about ``pos``
            why.insert(0, counted_as(logged, pos))
        state.last = Judged(session, a, "stick" if bottom else verdict, why, heat_panting, pos)


def _referral_run(
    state: State, stage: P.Stage, at: datetime, calm: bool, stop: bool, heat: bool
) -> str | None:
    """After the session: a standing referral's run of calm sessions, and why
    the referral is lifted, if this session lifted it (:mod:`catpack.domain.evidence`);
    then the referral the evidence gives (a new one starts its run afresh)."""
    evidence = state.evidence
    lifted = None
    if evidence.referred is not None and not heat:  # heat neither counts nor breaks it
        track = track_of(stage)
        day = None  # the calendar day counts only for a calm session on the track
        if calm and track == evidence.referred:
            day = (at.astimezone(state.zone) if state.zone is not None else at).date()
        if evidence.towards_lift(track, day, calm, stop):
            lifted = (
                f"Calm in {evidence.run} sessions in a row, on {evidence.run_days} different "
                "days, since the advice to pause: the plan goes on from here, carefully. If "
                "real stress keeps coming back, the coach will advise a pause again."
            )
            evidence.lift(at)
    standing = evidence.referral_track(at, not state.graduated)
    if standing != evidence.referred:
        evidence.referred = standing
        evidence.restart_run()
    return lifted


def counted_as(logged: P.Stage, pos: Position) -> str:
    """Why a cat in training's upkeep session is read at the ladder level ``pos``."""
    return (
        f'"{logged.title}" is for a trained cat: for a cat still in training this session '
        f"counts as {pos.stage.named}, level {pos.level}, the level of training it matches."
    )


#: Verdicts that move the plan down (only these take a trained cat from upkeep).
_DOWN = frozenset({"drop", "stop"})


def _leaves_upkeep(stage: P.Stage, nxt: Position | None) -> bool:
    """A session in upkeep that sends a trained cat down to the ladder."""
    return stage.upkeep and nxt is not None and not nxt.stage.upkeep


def _upkeep_return(state: State, pos: Position) -> Position | None:
    """Where a trained cat's calm session at ladder level ``pos`` takes it back
    to upkeep (protocol.md, Maintenance: a trained cat keeps up short trips; an
    easier practice session is part of that, not a new climb), if it does: at
    once from its upkeep plan, or, working back after trouble, once calm at the
    level of the trouble or at one that asks as much as the upkeep it left."""
    plan = state.backpack
    if plan is not None and plan.stage.upkeep:
        return back_to_upkeep(plan, pos.rung)
    if state.detour is None:
        return None
    back_at, upkeep = state.detour
    if key_of(pos.stage, pos.level) >= back_at or covers(pos.rung, upkeep.rung):
        return back_to_upkeep(upkeep, pos.rung)
    return None


def _trained_next(
    state: State,
    pos: Position,
    verdict: Outcome,
    nxt: Position | None,
    plan: Position | None,
    upkeep_to: Position | None,
) -> Position | None:
    """A trained cat's next position (``plan``: the one before this session).

    Calm back to upkeep (:func:`_upkeep_return`). After unease, the level to
    repeat or the easier one below it, if the routine asks at least as much on
    every axis; else (a busy place, a long day) the routine is the easier
    choice. Trouble sends the cat down the ladder as in training, and it climbs
    back only to the level of the trouble before returning to upkeep; so does a
    stop in the refresher, up to the ladder's level below it."""
    if upkeep_to is not None:
        nxt = upkeep_to
    elif plan is not None and plan.stage.upkeep and track_of(pos.stage) == "ladder":
        if verdict in ("stick", "drop") and nxt is not None and not covers(plan.rung, nxt.rung):
            nxt = plan
        else:
            state.detour = (key_of(pos.stage, pos.level), plan)
    elif state.detour is not None and verdict in ("drop", "stop"):
        back_at, upkeep = state.detour
        state.detour = (max(back_at, key_of(pos.stage, pos.level)), upkeep)
    elif state.detour is None and pos.stage.upkeep:
        state.detour = (
            key_of(BELOW_REFRESHER.stage, BELOW_REFRESHER.level),
            Position(P.REFRESHER, 1),
        )
    if nxt is None or nxt.stage.upkeep:
        state.detour = None
        state.advanced = False
    return nxt


def _held_by_rest(state: State, stage: P.Stage, nxt: Position | None) -> Position | None:
    """A session inside a rest moves the plan only further down, to a level no
    harder on any axis than the stopped one: the session after a stop stays
    the easier one the stop set (lower, never busier, shorter), whatever level
    the owner tried during the rest (rule 5: rest,
    then resume easier). Real stress again during the rest, at a level harder
    than the plan, stops the cat again but leaves the plan where it was."""
    planned = _plan(state, _side(stage))
    if planned is None:
        return nxt
    stopped = state.stopped
    if stopped is not None and _side(stopped.stage) != _side(stage):
        stopped = None  # the rest is the other track's stop: nothing to compare with here
    no_harder = stopped is None or (nxt is not None and covers(stopped.rung, nxt.rung))
    if nxt is not None and _rank(nxt) < _rank(planned) and no_harder:
        return nxt
    return planned


def _side(stage: P.Stage) -> str:
    """Which plan a stage's sessions move: the harness track's or the backpack's."""
    return "harness" if stage.track == "harness" else "backpack"


def _plan(state: State, side: str) -> Position | None:
    """A side's next position: the harness track's or the backpack ladder's."""
    return state.harness if side == "harness" else state.backpack


def _place(state: State, side: str) -> int:
    """How busy the place of a side's next session is (home first)."""
    plan = _plan(state, side)
    return P.PLACES.index(plan.rung.location) if plan is not None else 0


def _rank(pos: Position) -> tuple[int, int, int]:
    """Easy to hard on one track: the ladder's levels, then the upkeep after it
    (a trained cat meets the ladder again only below the refresher)."""
    return (1 if track_of(pos.stage) == "upkeep" else 0, *key_of(pos.stage, pos.level))


def _short_after_break(state: State, pos: Position) -> None:
    """After a break, ``pos`` is met short (:func:`lapse_share`) and its time
    built up again by calm tries."""
    short = lapse_share(pos.rung)
    if short < 1.0:
        key = (pos.stage.id, pos.level)
        state.shorter[key] = min(state.shorter.get(key, 1.0), short)
        state.after_break.add(key)


def _full_try(
    state: State,
    session: Session,
    stage: P.Stage,
    level: int,
    rung: P.Level,
    why: list[str] | None,
) -> bool:
    """A calm session at a level that caused real stress, or unease, counts as
    calm there only at the level's full length; a calm shorter try doubles the
    next one."""
    point = state.evidence.open_at(stage, level)
    key = (stage.id, level)
    if point is None and key not in state.shorter:
        return True
    minutes = session.get("minutes")
    if minutes is None or minutes > rung.max_minutes * RETRY_SHARE:
        state.shorter.pop(key, None)
        _not_short_for_a_reason(state, key)
        return True
    if point is not None:
        point.share = min(1.0, point.share / RETRY_SHARE)
    else:
        share = min(1.0, state.shorter[key] / RETRY_SHARE)
        if share < 1.0:
            state.shorter[key] = share
        else:
            del state.shorter[key]
    if why is not None and point is None and key in state.tastes:
        why.append(f"Calm in a short first try at this level{FULL_NEXT}")
    elif why is not None:
        if point is not None:
            before = "at a level that caused stress before"
        elif key in state.after_break:
            before = "after the break"
        else:
            before = "at a level that made the cat uneasy before"
        why.append(f"Calm in a shorter try {before}{LONGER_NEXT}")
    if key not in state.shorter:
        _not_short_for_a_reason(state, key)
    return False


def _calm_outing(state: State, rung: P.Level, minutes: float) -> None:
    """A calm session of ``minutes`` at ``rung``: outdoors, the longest calm
    outing so far (what a walk or hike is ready for) grows to it."""
    if rung.location in P.OUTDOOR_PLACES:
        state.longest_calm_outing = max(state.longest_calm_outing, minutes)


def _short_of(session: Session, rung: P.Level) -> bool:
    """A calm session far shorter than a level whose length is what it asks
    (the cat zipped in throughout: the walks and outings): under
    ``RETRY_SHARE`` of it, shorter than any first try the coach plans."""
    minutes = session.get("minutes")
    return (
        rung.closed_s == P.THROUGHOUT
        and minutes is not None
        and minutes < rung.max_minutes * RETRY_SHARE
    )


def _taste_of(state: State, session: Session, pos: Position, why: list[str] | None) -> None:
    """A calm session too short to count as its level (:func:`_short_of`) is a
    first taste of it: the next try is ``RETRY_SHARE`` of the level, then the
    full length, so the time builds up instead of jumping (the guide: start
    "with a very short amount of time, and then slowly increase that")."""
    key, rung = (pos.stage.id, pos.level), pos.rung
    state.shorter[key] = RETRY_SHARE
    state.tastes.add(key)
    _calm_outing(state, rung, session["minutes"] or 0.0)
    if why is not None:
        why.append(
            f"The session lasted {session['minutes']:g} minutes, under half of this level's "
            f"{rung.max_minutes:g}: too short to count as the level yet{HALF_NEXT}"
        )


def _not_short_for_a_reason(state: State, key: tuple[str, int]) -> None:
    """``key``'s shorter tries are no longer a first taste's or a break's (they
    ended, or unease now sets them)."""
    state.tastes.discard(key)
    state.after_break.discard(key)


def _first_taste(
    state: State,
    session: Session,
    a: Assessment,
    done: P.Level,
    nxt: Position,
    why: list[str] | None,
    practice: bool = False,
) -> None:
    """Raised from ``done`` to ``nxt``: a new level of the training ladder starts
    with a shorter first try when the cat was calm but not fully relaxed in the
    session that raised it, or where the guide expects the step to be harder for
    this cat. Not where the new level raises only the length and its shorter try
    would be no shorter than ``done``: that try is the level just done again.
    ``practice``: the session was calm practice below the plan, which stays at
    ``nxt``; the reason names the plan's level, not "the next level" (which,
    from an easier session, would read as the one right above it)."""
    if P.LADDER_INDEX.get(nxt.stage.id) is None or nxt.stage.optional:
        return
    new = nxt.rung
    if (
        _same_but_length(new, done)
        and done.max_minutes < new.max_minutes <= done.max_minutes / RETRY_SHARE
    ):
        return
    evidence = state.evidence
    if key_of(nxt.stage, nxt.level) <= evidence.passed or evidence.open_at(nxt.stage, nxt.level):
        return  # passed before (since the last lapse), or its own retry length
    hard = expected_hard(state.cat, nxt.stage)
    if not hard and relaxed(session, a):
        return
    key = (nxt.stage.id, nxt.level)
    if key not in state.shorter:
        state.shorter[key] = RETRY_SHARE
        state.tastes.add(key)
    if why is not None:
        because = (
            "this step is often harder for a cat like this one"
            if hard
            else "the cat was calm here but not fully relaxed"
        )
        which = "The plan's level" if practice else "The next level"
        why.append(f"{which}{FIRST_TRY}({because}); the full length comes after a calm one.")


def _same_but_length(a: P.Level, b: P.Level) -> bool:
    """``a`` and ``b`` are alike on every axis but the length (compared axis by
    axis: copying the axes without the length cost more, on every calm session)."""
    x, y = a.axes, b.axes
    return (
        x.place == y.place
        and x.closure == y.closure
        and x.movement == y.movement
        and x.distance == y.distance
    )


def _shorter_after_unease(
    state: State, stage: P.Stage, level: int, why: list[str] | None, bottom: bool = False
) -> None:
    """Unease at a level (a drop): its next try there is shorter, half of the
    last planned share, never under ``SHORTEST_RETRY`` of the level. ``bottom``:
    no level is easier, so the next session is this one again, shorter."""
    point = state.evidence.open_at(stage, level)
    key = (stage.id, level)
    if point is not None:
        point.share = max(SHORTEST_RETRY, point.share * RETRY_SHARE)
    else:
        now = state.shorter.get(key, 1.0)  # already under a quarter (after a break): no longer
        state.shorter[key] = min(now, max(SHORTEST_RETRY, now * RETRY_SHARE))
        _not_short_for_a_reason(state, key)
    if why is not None and bottom:
        why.append(
            "There is no easier level than this one: repeat it, shorter, and build the time "
            "up again from there."
        )
    elif why is not None:
        why.append(comes_back_shorter(stage, level))


def comes_back_shorter(stage: P.Stage, level: int, named: bool = False) -> str:
    """How the reasons say the uneasy level's next try is shorter: the level
    named (the decision beside it shows the easier one, not "this level"), and
    its stage too where the next session is on another (``named``)."""
    where = f"level {level} of {stage.named}" if named else f"level {level}"
    return (
        f"When the cat comes back to {where}, keep it shorter and build the time up again "
        "from there."
    )


def _consolidate(
    state: State,
    session: Session,
    a: Assessment,
    pos: Position,
    verdict: Outcome,
    why: list[str] | None,
) -> Outcome:
    """Calm sessions a level needs before it is raised: the level's own count
    (step 9's outings), or ``CONSOLIDATE`` leading up to an open stress point,
    the last one fully relaxed right below the point."""
    key = (pos.stage.id, pos.level)
    near = state.evidence.near(pos.stage, pos.level)
    needed = max(pos.rung.calm_sessions, state.evidence.needed(pos.stage, pos.level), 1)
    if needed == 1:
        return verdict
    done = state.calm_at.get(key, 0) + 1
    state.calm_at[key] = done
    if done < needed:
        if why is not None:
            # A parked car is a sitting, not an outing (a car's sittings count too).
            what = (
                "calm sessions"
                if near
                else "calm sittings in the car"
                if pos.rung.location == "car"
                else "calm outings"
            )
            why.append(f"{done} of {needed} {what}{KEEP_GOING}")
            if near:
                why.append(_NEAR_WHY)
        return "stick"
    if near == 1 and not relaxed(session, a):
        if why is not None:
            why.append(
                "The next level caused real stress before: try it again only after a session "
                "at this level in which the cat is fully relaxed."
            )
        return "stick"
    state.calm_at[key] = 0
    if near == 1:
        state.evidence.consolidated(pos.stage, pos.level)
    return verdict


_NEAR_WHY = (
    "Real stress showed a little higher up: several calm sessions here build the cat's "
    "confidence before trying that level again."
)


def _move(
    state: State, pos: Position, verdict: Outcome, with_car: bool, heat: bool = False
) -> Position | None:
    """Next position after a session at ``pos``; None means the track is complete."""
    state.advanced = False
    if verdict == "push":
        nxt = up(pos, with_car, state.graduated)
        state.advanced = nxt is None or nxt.stage is not pos.stage
        return nxt
    if verdict == "stick":
        return pos
    if verdict == "drop":
        return easier(pos, with_car)
    # A stop for heat is no sign of fear: a level easier (and shorter, in the
    # shade) is enough; real stress goes further back.
    return resume_after_stop(pos, with_car, 1 if heat else BACK_AFTER_STRESS)


def _branch_return(
    state: State, pos: Position, plan: Position | None, nxt: Position | None, verdict: Outcome
) -> Position | None:
    """The next position, once a cat in training that went back to the
    optional branch below its plan has worked the branch through: the plan it
    had got to (see ``State.branch_return``). Only a calm session earns that
    return; unease past the branch holds it back, and a drop or a stop there
    ends it (the next session is the setback's, never the old plan's)."""
    if state.graduated or (verdict in _DOWN and not pos.stage.optional):
        state.branch_return = None
        return nxt
    if (
        pos.stage.optional
        and state.branch_return is None
        and plan is not None
        and not plan.stage.upkeep
        and _rank(plan) > _rank(Position(pos.stage, len(pos.stage.levels)))
    ):
        state.branch_return = (P.LADDER_INDEX[pos.stage.id], plan)
    if state.branch_return is None or nxt is None:
        return nxt
    branch, back = state.branch_return
    if verdict == "push" and P.LADDER_INDEX.get(nxt.stage.id, -1) > branch:  # past it again
        state.branch_return = None
        if _rank(back) > _rank(nxt):
            state.advanced = nxt.stage is not pos.stage
            return back
    return nxt


def _below_plan(state: State, pos: Position, plan: Position | None) -> bool:
    """A backpack-ladder session of a cat in training at a level below the
    plan it was given: one the cat has passed already (the harness track,
    upkeep and a trained cat's practice have their own rules)."""
    if state.graduated or plan is None or plan.stage.upkeep or pos.stage.track == "harness":
        return False
    return _rank(pos) < _rank(plan)


def _track_setback(
    state: State,
    verdict: Outcome,
    heat_panting: bool,
    resting: bool,
    reached: int,
    nxt: Position | None,
) -> None:
    """Real stress in training sends what a trip can count as done back to
    the stage the cat resumes at; later sessions (not inside a rest) win it
    back as they reach further. Heat is not the cat's limit."""
    if state.graduated:
        state.regained = None
        return
    if verdict == "stop" and not heat_panting:
        resume = P.LADDER_INDEX.get(nxt.stage.id) if nxt is not None else None
        if resume is not None:
            before = state.furthest if state.regained is None else state.regained
            state.regained = min(before, resume)
    elif state.regained is not None and not resting:
        state.regained = max(state.regained, reached)
        if state.regained >= state.furthest:
            state.regained = None


def _track_trip_evidence(
    state: State,
    session: Session,
    stage: P.Stage,
    rung: P.Level,
    verdict: Outcome,
    heat_panting: bool = False,
) -> None:
    """Calm top-level sessions per stage (reset by stress there) and the longest
    calm outing outdoors (the logged minutes, or the level's length if none),
    since the last stress on an outing: an outing that ends in stress or
    unease shows where the cat stands now, as a stressed sitting in the car
    does, so the length is built up again from there. Panting in the heat is
    the weather's doing, not the cat's limit (as for referrals): it keeps the
    length."""
    if stage.optional:
        level = session["level"]
        back = {"push": -1, "drop": 1, "stop": 1 if heat_panting else BACK_AFTER_STRESS}
        state.branch_next[stage.id] = max(1, min(len(stage.levels), level - back[verdict]))
    if verdict in ("stop", "drop"):
        state.calm_top[stage.id] = 0
        if rung.location in P.OUTDOOR_PLACES and not heat_panting:
            state.longest_calm_outing = 0.0
            state.outing_since = "real stress" if verdict == "stop" else "unease"
    elif verdict == "push":
        if rung is stage.levels[-1]:
            state.calm_top[stage.id] = state.calm_top.get(stage.id, 0) + 1
        minutes = session.get("minutes")
        _calm_outing(state, rung, rung.max_minutes if minutes is None else minutes)
