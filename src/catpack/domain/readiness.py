"""Is the cat ready for a trip? Read from what the session log shows.

* **Training the trip builds on.** Each stage lists the trip kinds that need
  it (``Stage.prepares``, protocol data). A ladder stage is done once the cat
  has moved past it, and again after real stress took the training back into
  or below it (``State.regained``); the optional car branch is done only with calm sessions
  at its top level (``calm_sessions`` of that level, policy 2), counted since
  the last stress there: a stressed sitting in the car does not count, and
  it wipes the earlier ones.
* **Length built up to.** A walk or a hike needs a calm outdoor outing in the
  log that covers at least ``NEAR_SHARE`` of the trip's length (policy 3/4:
  the ladder's own steps at most double an outing's length, so a trip within
  3/4 of a calm outing is a smaller step than any the training takes).
* **Not ready says what comes next:** the session the coach would give next,
  and the level whose length gets there.
* Also never ready without a harness, straight after real stress, while
  stress keeps returning, or after a lapse without practice since before a
  big trip (:func:`big_trip`: a big kind, or half a day out or more), in
  training or after it (rule 10: a long lapse earns a refresher first), nor
  for a big trip while a trained cat's plan is not back at its routine (the
  refresher not yet done, or working back after trouble).
"""

from __future__ import annotations

import re

from catpack.domain import protocol as P
from catpack.domain.contract import CoachRequest, Trip, TripKind, TripRequest
from catpack.domain.decide import next_position, referral
from catpack.domain.history import State
from catpack.domain.timing import LAPSE_DAYS, idle_days

#: Trip kinds spent out in the pack: their length must be built up to.
OUTINGS: frozenset[TripKind] = frozenset({"walk", "hike"})
#: Kinds the guide calls bigger trips (step 10): a lapse needs a refresher first.
BIG_TRIPS: frozenset[TripKind] = frozenset({"hike", "hotel", "road_trip", "flight"})
#: From this long out, a trip of any kind is a big trip: it packs the big-trip
#: kit and, after a lapse, waits for a refresher (policy: half a day, the
#: ladder's half-day outing, spans a meal and is far from spares).
FULL_KIT_FROM_H = 4.0
#: A calm outing covering this share of the trip's length is near enough (policy).
NEAR_SHARE = 0.75


def big_trip(trip: Trip) -> bool:
    """A big trip by its kind (the guide's step 10) or by its length."""
    return trip.kind in BIG_TRIPS or trip.hours >= FULL_KIT_FROM_H


def _done(stage: P.Stage, state: State) -> bool:
    if stage.optional:
        return state.calm_top.get(stage.id, 0) >= stage.top.calm_sessions
    reached = state.furthest if state.regained is None else state.regained
    return state.graduated or reached > P.LADDER_INDEX[stage.id]


def _hours(minutes: float) -> str:
    """A length in plain words: "20 minutes", "1 hour", "2 hours 15 minutes"."""
    h, m = divmod(round(minutes), 60)
    parts = [f"{h} hour{'s' if h != 1 else ''}"] if h else []
    if m or not h:
        parts.append(f"{m} minute{'s' if m != 1 else ''}")
    return " ".join(parts)


def _long(minutes: float) -> str:
    """A length as an adjective: "20-minute", "3-hour", "2.5-hour"."""
    if minutes < 60:
        return f"{round(minutes)}-minute"
    return f"{round(minutes / 60, 1):g}-hour"


def _kind(kind: TripKind) -> str:
    return kind.replace("_", " ")


def _idle(req: TripRequest, state: State) -> float:
    """Days without practice since the last session (0 with no session)."""
    last = state.last
    return 0.0 if last is None else idle_days(last.session["at"], req.now, req.pauses)


def _lapsed(idle: float, state: State) -> int:
    """``idle`` days without practice when that is a lapse in training (0
    otherwise): what was built before it no longer counts (a trained cat's
    lapse is the refresher's business, for big trips)."""
    return int(idle) if idle > LAPSE_DAYS and not state.graduated else 0


def _rebuilding(state: State) -> bool:
    """A trained cat not back at its routine yet: in the refresher after a
    lapse or a stop, or working back up after trouble at a practice level."""
    plan = state.backpack
    return state.graduated and plan is not None and plan.stage is not P.MAINTENANCE


def _next_session(req: TripRequest, state: State) -> str:
    """The session the coach gives next, as Today shows it (after a rest, a
    lapse or on the harness track too)."""
    coach = CoachRequest.model_construct(
        version=1,
        now=req.now,
        cat=req.cat,
        sessions=req.sessions,
        planned=None,
        pauses=req.pauses,
        timezone=req.timezone,
        backpack=None,
    )
    pos = next_position(coach, state)
    level = pos.stage.levels[pos.level - 1]
    return f"Next session: {pos.stage.named}, level {pos.level}: {level.does}"


def _towards(stage: P.Stage, req: TripRequest, state: State) -> str:
    """The session that gets an optional stage (the car) done, once the ladder
    has passed the stage before it; until then the ladder's next session."""
    before = P.TRAINING_LADDER[: P.LADDER_INDEX[stage.id]]
    needed = [s for s in before if not s.optional]
    if needed and not _done(needed[-1], state):
        return _next_session(req, state)
    level = state.branch_next.get(stage.id, 1)
    return f"Next session towards it: {stage.named}, level {level}: {stage.levels[level - 1].does}"


def _a(words: str) -> str:
    """``words`` with "a" or "an" in front, by how the number they start with is said."""
    an = words[:1] == "8" or re.match(r"1[18](?!\d)", words) is not None
    return f"{'an' if an else 'a'} {words}"


def _level_that_covers(minutes: float) -> tuple[P.Stage, int] | None:
    """The first outdoor level on the ladder long enough for an outing of ``minutes``."""
    for stage in P.TRAINING_LADDER:
        for i, level in enumerate(stage.levels, 1):
            if level.location in P.OUTDOOR_PLACES and level.max_minutes >= minutes:
                return stage, i
    return None


def readiness(req: TripRequest, state: State) -> tuple[bool, list[str]]:
    """Whether the log makes the cat ready for the trip, and the plain reasons."""
    trip = req.trip
    reasons: list[str] = []
    missing = [s for s in P.STAGES if trip.kind in s.prepares and not _done(s, state)]
    for stage in missing:
        if stage.optional:
            reasons.append(
                f"A {_kind(trip.kind)} needs calm sessions at the last level of "
                f"{stage.named} first ({stage.top.does.rstrip('.').lower()})."
            )
        elif state.furthest > P.LADDER_INDEX[stage.id]:  # passed once, then real stress
            reasons.append(
                f"A {_kind(trip.kind)} needs {stage.named} done again first: real stress since "
                "took the training back into it."
            )
        else:
            reasons.append(f"A {_kind(trip.kind)} needs {stage.named} done first.")
    idle = _idle(req, state)
    length_ok = _length_ok(req, state, _lapsed(idle, state), reasons)
    towards = [_towards(s, req, state) for s in missing if s.optional]
    if not length_ok or any(not s.optional for s in missing):
        towards.append(_next_session(req, state))
    reasons.extend(dict.fromkeys(towards))
    ready = not missing and length_ok
    if req.cat.harness_trained is not True and not state.harness_done:
        ready = False
        reasons.append("The cat is not harness-trained yet: no trip without a harness.")
    last = state.last
    if last is not None and last.outcome == "stop":
        ready = False
        reasons.append("The last session ended in real stress: rest and rebuild before a trip.")
    if referral(state):
        ready = False
        reasons.append("Stress keeps returning: talk to a vet or behaviourist before any trip.")
    if last is not None and big_trip(trip) and idle > LAPSE_DAYS:
        ready = False
        reasons.append("It has been a while since the last outing: do a short refresher first.")
    elif big_trip(trip) and _rebuilding(state):
        ready = False
        reasons.append(
            "The cat is not back to its routine trips yet: finish the easier sessions of the "
            "refresher first."
        )
    return ready, reasons


#: What the longest calm outing is counted since, as a trip's reason says it
#: (the outings before it were calm, so "no calm outing yet" would be untrue).
_SINCE: dict[str | None, str] = {
    "real stress": "the last outing that ended in real stress",
    "unease": "the last outing that ended in unease",
    "break": "the last long break in training",
}


def _length_ok(req: TripRequest, state: State, lapsed: int, reasons: list[str]) -> bool:
    trip = req.trip
    if trip.kind not in OUTINGS:
        return True
    minutes = trip.hours * 60
    needed = minutes * NEAR_SHARE
    so_far = 0.0 if lapsed else state.longest_calm_outing
    if so_far >= needed:
        return True
    if lapsed:
        have = (
            f"after {lapsed} days without practice the outings from before the break "
            "no longer count"
        )
    else:
        since = _SINCE.get(state.outing_since)
        if so_far:
            have = f"the longest calm outing so far is {_hours(so_far)}"
            have += f", counted since {since}" if since else ""
        else:
            have = f"no calm outing since {since}" if since else "no calm outing yet"
    reasons.append(
        f"Not ready for {_a(_long(minutes))} {_kind(trip.kind)}: {have}; "
        f"the outings should build up to about {_hours(needed)} first."
    )
    covers = _level_that_covers(needed)
    if covers is None:
        reasons.append(
            "No training outing is that long: plan a shorter trip, or break it into parts."
        )
    else:
        stage, level = covers
        reasons.append(
            f"The training gets there at {stage.named}, level {level}: "
            f"{stage.levels[level - 1].does}"
        )
    return False
