"""``decide``: (cat, session log, now, planned outing) → the next decision.

Pure and deterministic: no clock, no I/O. The history is folded by
:mod:`catpack.domain.history`; this module picks the decision in a fixed
order of precedence and writes the plain reasons:

1. no sessions → ``start`` (step 0 first for a cat without harness training);
2. stress that keeps returning, or weeks without a new level and with recurring
   tension (the plateau rule, see :mod:`catpack.domain.history`) → ``refer`` (rule 6);
3. real stress in the last session → ``stop`` (rule 5), rest until the next
   calendar day in the time zone of ``now`` and at least ``REST_HOURS`` after;
4. a safety gate unmet for the next session → ``blocked`` (rules 7-8);
5. after graduation → ``maintain``, or ``refresh`` after a lapse (rule 10);
6. otherwise the last session's verdict: ``push``/``stick``/``drop``, or
   ``advance`` when it completed its stage.

These four labels are then judged, as the coach contract defines them, on
where the next session is from the last session (:func:`as_moved`): the
verdict is not always where the next session goes (a rest holds the plan, a
lapse lowers it, the other track's plan comes next).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, Literal
from zoneinfo import ZoneInfo

from catpack.domain import protocol as P
from catpack.domain.contract import (
    CoachRequest,
    Decision,
    Location,
    parse_coach_request,
)
from catpack.domain.evidence import (
    LIFT_CALM,
    LIFT_DAYS,
    PLATEAU_DAYS,
    RETRY_SHARE,
    key_of,
    track_of,
)
from catpack.domain.gear import pack_flags, sunny
from catpack.domain.history import (
    EASIER_CLAUSE,
    FIRST_TRY,
    IN_REST,
    KEEP_GOING,
    LONGER,
    REPEATS,
    Judged,
    State,
    as_past,
    comes_back_shorter,
    fold,
    heat_phrase,
    lapse_share,
    reading_only,
    without,
)
from catpack.domain.moves import SHORTER_AFTER_STOP, Position, direction, easier
from catpack.domain.observation import SCALE, WORDS
from catpack.domain.safety import heat_risk, unmet_gates, weather_check
from catpack.domain.timing import LAPSE_DAYS, idle_days
from catpack.domain.validation import checked_sessions
from catpack.domain.validation import validate_session as validate_session

REWARDS = {"food": "treats", "play": "toy", "comfort": "blanket or worn clothing"}
#: What a cat with bad carrier memories finds hardest (the guide: many cats
#: "distrust any type of carrier"): the pack itself, being shut in, being carried.
CARRIER_SENSITIVE: frozenset[P.About] = frozenset({"pack", "closed", "carried"})


def decide(request: dict[str, Any]) -> dict[str, Any]:
    """The coach contract's ``decide``; raises CoachInputError on bad input."""
    return decide_parsed(parse_coach_request(request))


def household_zone(req: CoachRequest) -> tzinfo | None:
    """The household's time zone, or the offset ``now`` was given in."""
    return ZoneInfo(req.timezone) if req.timezone else req.now.tzinfo


def decide_parsed(req: CoachRequest) -> dict[str, Any]:
    return decide_folded(req, fold_request(req))


def fold_request(req: CoachRequest) -> State:
    """The request's log checked (every bad session named) and folded, in the
    household's zone, with its pauses: what :func:`decide_folded` reads."""
    sessions = checked_sessions(req.sessions, req.now)
    return fold(req.cat, sessions, household_zone(req), req.pauses)


def decide_folded(req: CoachRequest, state: State) -> dict[str, Any]:
    """:func:`decide_parsed` on a log folded already: ``state`` must be
    ``fold_request(req)`` (a caller keeping folds between requests);
    ``req.sessions`` is not read. ``state`` is not changed."""
    reasons: list[str] = []
    decision, pos, share = _choose(req, state, reasons)
    if state.last is not None:
        decision = as_moved(state.last.done, pos, decision)
    onward = decision in ("push", "advance")
    if onward:
        reasons.extend(_back_shorter(state, pos))
    else:  # the next session is not at the new level the last one earned
        reasons = [r for r in reasons if FIRST_TRY not in r]
    if not raises(decision, state, pos):
        reasons = reading_only(reasons)
    last = state.last
    if last is None or pos != last.done or decision == "refer":
        # "This level again", "longer next time": the next session is elsewhere
        # (or, referred, there is none to plan).
        reasons = without(reasons, REPEATS + LONGER)
    if decision in ("refer", "push", "advance"):
        # Referred, there is no next session; onward, the next session is not
        # the easier one the last session's reading asked for (a session on
        # the harness track during the backpack's rest, say).
        reasons = without(reasons, (EASIER_CLAUSE,))
    if last is not None and pos.stage is not last.done.stage:
        # The uneasy level named with its stage: the next session is on another.
        done = last.done
        short = comes_back_shorter(done.stage, done.level)
        named = comes_back_shorter(done.stage, done.level, named=True)
        reasons = [named if r == short else r for r in reasons]
    if decision == "advance" and last is not None and _in_rest(state, last):
        # A session on another stage during the rest (on the harness track
        # during the backpack's, a trained cat's refresher during a hike's):
        # the next session is the rest's plan there, named, not this one's
        # "the easier one" nor its reading's next step.
        reasons = [r for r in reasons if not r.startswith(IN_REST)]
        reasons.append(
            f"{IN_REST}: the next session is the rest's easier one, {pos.stage.named}, "
            f"level {pos.level}."
        )
    return _render(req, state, decision, pos, reasons, share)


#: The labels that say where the next session is from the last one (coach
#: contract): the others say something else (a rest, a block, a referral,
#: upkeep), whatever the level.
MOVES: frozenset[Decision] = frozenset({"push", "stick", "drop", "advance"})


def as_moved(done: Position, pos: Position, decision: Decision) -> Decision:
    """The label for a next session at ``pos`` after a last session counted at
    ``done``, as the coach contract defines each, judged on that session:
    ``stick`` the same level again, ``push`` higher on the same stage,
    ``advance`` a later stage, ``drop`` easier. The last session's own verdict
    is not always where the next session is: a session logged during the rest
    after a stop keeps the rest's easier plan, a lapse starts a level below
    the plan (which can be the last session's level, or below it), a session
    on the harness track leaves the backpack's plan where it was."""
    if decision not in MOVES:
        return decision
    way = direction(done, pos)
    if way == "same":
        return "stick"
    if way == "down":
        return "drop"
    if way == "up":
        return "push" if pos.stage is done.stage else "advance"
    return decision


def _in_rest(state: State, last: Judged) -> bool:
    """The last session came during the rest after a stop (not the stop itself)."""
    return last.outcome != "stop" and state.resting(last.session["at"])


def raises(decision: Decision, state: State, pos: Position) -> bool:
    """The decision goes one level up from the last session (as the coach
    contract's ``push`` and ``advance`` do from it): the only decision whose
    reasons may say "raise one level". Not calm practice below a plan that
    stays several levels up or at a later stage, not the harness track's end
    (the backpack ladder is another track), not the return to a plan from a
    side step."""
    return decision in ("push", "advance") and pos == state.raised_to


def _back_shorter(state: State, pos: Position) -> list[str]:
    """Why a raise meets its level short: the cat is back at a level that
    caused stress or unease (a first taste and a break say so themselves)."""
    key = (pos.stage.id, pos.level)
    point = state.evidence.open_at(pos.stage, pos.level)
    if point is not None and point.share < 1.0:
        what = "showed real stress"
    elif key in state.shorter and not ({key} & (state.tastes | state.after_break)):
        what = "was uneasy"
    else:
        return []
    return [
        f"Back at the level where the cat {what} before: a shorter try first, and longer "
        "ones after each calm try."
    ]


def next_position(req: CoachRequest, state: State) -> Position:
    """Where the coach's next session is, as :func:`decide_folded` would give it
    (a trip's "not ready" names the same session as Today)."""
    return _choose(req, state, [])[1]


def after_lapse(last: Judged, pos: Position, with_car: bool) -> Position:
    """The session after a lapse: a level below both where the log had got to
    and the last session itself. After a completed level the next position is
    the one above the last session, and one below it would repeat the last
    session as if no time had passed."""
    lower = easier(pos, with_car)
    done = last.done
    if track_of(done.stage) != track_of(pos.stage):
        return lower
    again = easier(done, with_car)
    if key_of(again.stage, again.level) < key_of(lower.stage, lower.level):
        return again
    return lower


def _no_longer_than(last: Judged, pos: Position) -> float:
    """The share of ``pos``'s length that keeps it no longer than the last
    session (its logged minutes, else its level's): after a lapse the level
    below can be longer (a quiet hour's walk below a short first visit to a
    busy place), and easier means shorter too, as after a stop."""
    done = P.BY_ID[last.session["stage"]].levels[last.session["level"] - 1]
    minutes = last.session.get("minutes") or done.max_minutes
    length = pos.rung.max_minutes
    return min(1.0, minutes / length) if length > 0 else 1.0


def _rest_over(req: CoachRequest, state: State) -> bool:
    """The rest after the last stop has ended by ``now``: what to do the minute
    it stopped ("end the session now", "open the pack") is the past."""
    return state.rest_until is not None and req.now >= state.rest_until


def _needs_harness(req: CoachRequest, state: State) -> bool:
    return req.cat.harness_trained is not True and not state.harness_done


def _choose(
    req: CoachRequest, state: State, reasons: list[str]
) -> tuple[Decision, Position, float]:
    """The decision, the next position and the share of its length the next
    session lasts (below 1 only where the fold cannot know: after a lapse with
    nothing easier than the last session)."""
    last = state.last
    if last is None:
        if req.cat.harness_trained is not True:
            reasons.append(
                "Harness training comes first: the cat must be happy in a harness before it is "
                "ever carried in the pack."
            )
            return "start", Position(P.HARNESS_STAGE, 1), 1.0
        reasons.append("A fresh start: let the cat discover the backpack on its own terms.")
        if req.cat.carrier_history == "negative":
            reasons.append(_CARRIER_NOTE)
        return "start", Position(P.FIRST_BACKPACK_STAGE, 1), 1.0

    idle = idle_days(last.session["at"], req.now, req.pauses)
    # A stop a lapse ago is told as the past: "end the session now" and
    # "take it out of the pack" are no instructions for today.
    # So is a stop whose rest is over by now (the next morning, days later).
    long_ago = last.outcome == "stop" and (idle > LAPSE_DAYS or _rest_over(req, state))
    why = as_past(last.why) if long_ago else last.why
    if idle > LAPSE_DAYS:  # the calm sessions counted towards a level no longer count
        why = without([r for r in why if not r.endswith(KEEP_GOING)], LONGER)
    reasons.extend(why)
    reasons.extend(_heat_reasons(last, long_ago))

    if state.last_track == "harness" and state.harness is not None:
        pos = state.harness
    else:
        pos = state.backpack or Position(P.FIRST_BACKPACK_STAGE, 1)

    harness_first = pos.stage.moves_pack and _needs_harness(req, state)
    if harness_first:
        # Never carried without a harness: whatever else holds, step 0 comes next.
        reasons.append(
            f"{pos.stage.named} waits until harness training is done; "
            "the backpack progress is kept."
        )
        pos = state.harness or Position(P.HARNESS_STAGE, 1)

    why_refer = referral(state)
    if why_refer:
        reasons.append(why_refer)
        return "refer", pos, 1.0
    # A stop is the decision until the next session, unless a lapse has come
    # since: then the break is what the owner meets (handled below).
    if last.outcome == "stop" and idle <= LAPSE_DAYS:
        reasons.append(
            f"{'The rest is over' if long_ago else 'After the rest'}, start again further "
            "back and keep it short, so that the cat ends on a calm note; the place is never "
            "busier than where the stress came."
        )
        return "stop", pos, 1.0

    if harness_first:
        return "blocked", pos, 1.0

    if state.graduated and pos.stage.upkeep:
        if idle > LAPSE_DAYS:  # from the routine or part-way through the refresher
            reasons.append(
                f"{int(idle)} days since the last outing: after a break this long, a short "
                "refresher comes before any big trip."
            )
            return "refresh", Position(P.REFRESHER, 1), 1.0
        if pos.stage is P.REFRESHER:
            return _in_refresher(state, last, pos, reasons), pos, 1.0
        reasons.append("Trained: keep the pack out at home and take short trips often.")
        return "maintain", pos, 1.0

    if idle > LAPSE_DAYS:
        lower = after_lapse(last, pos, bool(req.cat.car_training) or state.car_seen)
        done = last.done
        if lower == pos:  # the very first level: nothing is easier, so shorter
            reasons.append(
                f"{int(idle)} days without practice: there is no easier level, so repeat this "
                "one, shorter, and earn its calm sessions afresh; those before the break no "
                "longer count."
                if lower == done
                # The plan is below the last session (after a stop there, say).
                else f"{int(idle)} days without practice: the plan is at the first level, with "
                "nothing easier, so it stays there, shorter, and the cat earns its calm sessions "
                "afresh; those before the break no longer count."
            )
            return "stick", lower, min(RETRY_SHARE, lapse_share(lower.rung))
        if lower == done:
            # A level below the plan, which is the last session's own level
            # (its verdict raised it): told as that level again (``stick``).
            lapse = (
                f"{int(idle)} days without practice: not on to the level above, but this level "
                "again, shorter, and earn the calm sessions of each level afresh; those before "
                "the break no longer count."
            )
        elif track_of(done.stage) != track_of(lower.stage):
            # The last session was on another track (a harness session with
            # the backpack's plan next, say): "a level easier" than that
            # session it is not, and the label says so (``advance``).
            lapse = (
                f"{int(idle)} days without practice: the next session is {lower.stage.named}, "
                f"level {lower.level}, a level below where the plan had got to; earn the calm "
                "sessions of each level afresh, as those before the break no longer count."
            )
        else:
            lapse = (
                f"{int(idle)} days without practice: start again a level easier, and earn the "
                "calm sessions of each level afresh; those before the break no longer count."
            )
        reasons.append(lapse)
        # Not below the last session itself: shorter, not as if no time had passed.
        share = RETRY_SHARE if lower == done else 1.0
        short = lapse_share(lower.rung)
        if short < 1.0:
            reasons.append(LAPSE_SHORT)
        return "drop", lower, min(share, short, _no_longer_than(last, lower))

    if state.last_track == "harness" and state.harness is None:
        reasons.append("Harness training is complete: back to the backpack ladder.")
        return "advance", pos, 1.0
    if state.practised:
        reasons.append(
            f"Calm at an easier level than the plan: the plan stays at {pos.stage.named}, "
            f"level {pos.level}."
        )
        same = pos.stage is last.done.stage
        return ("push" if same else "advance"), pos, 1.0
    if state.advanced:
        reasons.append(f"{STAGE_DONE}{pos.stage.named}.")
        return "advance", pos, 1.0
    if req.cat.carrier_history == "negative" and pos.stage.about in CARRIER_SENSITIVE:
        reasons.append(_CARRIER_NOTE)
    outdoor_cat = req.cat.outdoor_experience in ("garden", "outdoor_cat")
    if pos.stage.about == "leaving_home" and outdoor_cat:
        reasons.append("A cat used to the outdoors often finds this step easier; still go calmly.")
    verdict: Decision = last.outcome
    return verdict, pos, 1.0


def _in_refresher(state: State, last: Judged, pos: Position, reasons: list[str]) -> Decision:
    """A trained cat's next session in the refresher, no lapse since the last
    one. ``refresh`` is the contract's return after a long break: it goes on
    while the refresher a break started does. Unease is a level down (rule 4,
    "hold or lower"; the upkeep levels chain below the routine trip): ``drop``,
    after a break or not. A refresher no break started (unease or a stop on a
    routine trip) is told as the move it is: ``push``, ``stick`` or ``advance``."""
    of = f"level {pos.level} of {len(pos.stage.levels)}"
    done = last.session["stage"]
    if last.outcome == "drop":
        if done == P.MAINTENANCE.id:
            where = "on its routine trip"
        elif done == P.REFRESHER.id:
            where = "in the refresher" + (" after the break" if state.refresher_after_break else "")
        else:  # an easier practice session
            where = "in that session"
        reasons.append(
            f"The cat was uneasy {where}: one level easier next ({of} of the refresher), "
            "then back up to the routine trips once it is calm."
        )
        return "drop"
    if state.refresher_after_break:
        reasons.append(
            f"After the break the refresher goes on ({of}): short, easy sessions first, "
            "then back to the routine trips."
        )
        return "refresh"
    if done != P.REFRESHER.id and last.outcome == "push":  # back up the ladder after a stop
        reasons.append(f"{STAGE_DONE}{P.REFRESHER.named}.")
        reasons.append(UPKEEP_BACK)
        return "advance"
    # As in training (the last session's verdict, then judged on where the
    # next session is: a calm session during a rest, held to the easier
    # plan, is never a raise).
    verdict: Decision = last.outcome
    reasons.append(
        f"{'Again' if verdict == 'stick' else 'Next'}: {of} of the refresher, short and "
        "easy. " + UPKEEP_BACK
    )
    return verdict


#: How a trained cat's refresher ends (see :func:`_in_refresher`).
UPKEEP_BACK = "Once the cat is calm at its top level, back to the routine trips."


def _heat_reasons(last: Judged, long_ago: bool = False) -> list[str]:
    """Panting, cooling and accidents, naming only the signs that were logged
    (``long_ago``: a stop a lapse ago, with nothing to do about it now)."""
    signs = last.session["observation"].get("signs") or []
    out: list[str] = []
    if last.assessment.thermoregulation:
        out.append(
            "Panting with heavy grooming, out of the pack in the shade after exertion and in "
            "mild weather, is the cat cooling itself, not stress. Still let it rest in the "
            "shade with water before going on."
        )
    elif "panting" in signs and last.outcome == "stop" and not long_ago:
        logged = " and ".join(WORDS[s] for s in ("panting", "excessive_grooming") if s in signs)
        where = heat_phrase(last.session) if last.heat_panting else "here"
        ctx = last.session.get("context") or {}
        cool = (
            "keep it out of the pack, in the shade, and offer water"
            if ctx.get("in_backpack") is False  # logged out of the pack already
            else "take it out of the pack, find shade and offer water"
        )
        out.append(f"{logged.capitalize()} {where} can mean the cat is overheating: {cool}.")
    ctx = last.session.get("context") or {}
    air = heat_risk(ctx.get("pack_temp_c"), ctx.get("pack_humidity_pct"), "indoor")
    panting_stop = "panting" in signs and last.outcome == "stop"  # said above already
    if air is not None and air.risk != "low" and not panting_stop and not long_ago:
        out.append(
            f"The air inside the pack reached {ctx['pack_temp_c']:g} °C in the last session: "
            "too warm for a cat shut in. Next time keep the pack out of the sun, open a vent, "
            "check the cat often, and go out when it is cooler."
        )
    if "toileting" in signs:
        out.append(
            "An accident in the pack is not a stress sign on its own: line the pack with a "
            "pee pad or the cat's blanket."
        )
    return out


#: How a completed stage is told; :func:`held_back` rewords it beside a block.
STAGE_DONE = "Stage done: on to "


def held_back(reasons: list[str]) -> list[str]:
    """``reasons`` for a session the safety gates block: the reading without its
    go-ahead (no "raise one level", no "on to" the next stage). The stage and
    level still keep the progress (a block never erases it, coach contract)."""
    out = []
    for r in reading_only(reasons):
        if r.startswith(STAGE_DONE):
            named = r.removeprefix(STAGE_DONE).removesuffix(".")
            r = f"Stage done: {named} comes next, once the problem below is put right."
        out.append(r)
    return out


LAPSE_SHORT = (
    "After a break the first session back is short, as a trained cat's refresher is; "
    "each calm one can be longer, up to the level's full length."
)
COLD_INSTRUCTION = (
    "It is cold: put the cat's blanket in the pack, keep the outing short and watch for "
    "shivering; head home if the cat feels cold to the touch."
)
#: The cold at the open front door (the doorway's levels): the cat is at home,
#: so no "head home", and the door is open only briefly.
COLD_AT_DOOR = (
    "It is cold outside: put the cat's blanket in the pack, keep the door open only "
    "briefly and watch for shivering; close it and go back in if the cat feels cold."
)
_CARRIER_NOTE = (
    "This cat has bad memories of carriers: keep every step short, let it choose to go in, "
    "and never shut it in by surprise."
)


def referral(state: State) -> str | None:
    """Why the evidence says this cat may not take to a backpack (rule 6), if it
    does, and how the advice can lift (:mod:`catpack.domain.evidence`)."""
    last = state.last
    if last is None:
        return None
    if state.evidence.recurring() is not None:
        why = (
            "Real stress keeps coming back at the same level or an easier one, even after calm "
            "practice below it: the cat's tolerance is not growing. This cat may not take to a "
            "backpack. Pause the plan and talk to your vet or a behaviourist."
        )
    elif not state.graduated and state.evidence.plateaued(last.session["at"]):
        why = (
            f"For {PLATEAU_DAYS} days of practice and more the cat has kept no new level (a "
            "level passed on a good day, then tense there or lower again, does not count) and "
            "keeps showing tension. This cat may not take to a backpack. Pause the plan and talk "
            "to your vet or a behaviourist."
        )
    else:
        return None
    ev = state.evidence
    so_far = (
        f" So far: {ev.run} calm in a row, on {ev.run_days} day{'s' if ev.run_days != 1 else ''}."
        if ev.run
        else ""
    )
    return (
        f"{why} If you go on with their agreement, keep to short, easy sessions the cat takes "
        f"calmly: after {LIFT_CALM} calm ones in a row, on {LIFT_DAYS} different days or more, "
        f"the coach takes the plan up again.{so_far}"
    )


def _not_before(req: CoachRequest, state: State, decision: Decision) -> datetime:
    """When the next session may start: at once, or after a stop the next
    calendar day in the household's zone (DST included) and ``REST_HOURS`` of
    elapsed time at least. A session logged during the rest does not end it."""
    tz = household_zone(req)
    last = state.last
    if last is None:
        return req.now.astimezone(tz)
    start = max(req.now, last.session["at"])
    if state.rest_until is not None:
        start = max(start, state.rest_until)
    return start.astimezone(tz)


def _planned_minutes(state: State, pos: Position, lapse_share: float = 1.0) -> float:
    """The level's length; shorter at a level that caused stress or unease until
    the cat is calm in a shorter try there, or after a lapse with nothing easier
    (``lapse_share``); after a stop clearly shorter than the stopped session."""
    length = pos.rung.max_minutes
    point = state.evidence.open_at(pos.stage, pos.level)
    share = point.share if point is not None else state.shorter.get((pos.stage.id, pos.level))
    share = min(share if share is not None else 1.0, lapse_share)
    if share < 1.0:
        length = round(length * share, 1)
    if state.stopped is None:
        return length
    return min(length, round(state.stopped_minutes * SHORTER_AFTER_STOP, 1))


#: What to put right for each unmet gate of the pack, in the words the reason
#: uses: the reason names the gates the checks left unmet, not every gate.
GATE_FIXES: dict[str, str] = {
    "harness_off": "put the harness on",
    "tether_not_on_harness": "clip the pack's inner tether low down to the harness, not a collar",
    "openings_open": "close every opening of the pack",
    "leash_off": "clip a leash to the harness for outdoors",
}


def _rewards(req: CoachRequest) -> list[str]:
    motivation = req.cat.motivation or ["food"]
    return [REWARDS[m] for m in dict.fromkeys(motivation)]


def _safety(
    req: CoachRequest,
    state: State,
    pos: Position,
    location: Location,
    lv_minutes: float,
    reasons: list[str],
) -> dict[str, Any]:
    blocking: list[str] = []
    warnings: list[str] = []
    planned = req.planned
    checks = planned.checks if planned and planned.checks else None
    last = state.last
    if checks is None and last is not None and P.BY_ID[last.session["stage"]].moves_pack:
        checks = last.session.get("checks")
    if pos.stage.moves_pack:
        if checks is None:
            warnings.append("checks_not_recorded")
        else:
            b, w = unmet_gates(pos.stage, checks)
            blocking += b
            warnings += w
            if b:
                fixes = [GATE_FIXES[g] for g in b if g in GATE_FIXES]
                reasons.append(f"Safety first, before the next session: {'; '.join(fixes)}.")
    where = planned.location if planned and planned.location else location
    # Rule 7 gates the cat shut in a pack: an open pack (or none) at home is
    # not a closed space the cat cannot leave.
    open_at_home = where == "home" and pos.rung.closed_s == 0
    weather = weather_check(
        planned.temp_c if planned else None,
        planned.humidity_pct if planned else None,
        (planned.sun if planned else None) or ("indoor" if where == "home" else None),
        outdoors=P.in_outside_air(where, pos.rung),
        minutes=(planned.minutes if planned and planned.minutes else None) or lv_minutes,
        at_home=where == "home",
        open_at_home=open_at_home,
    )
    blocking += weather.blocking
    reasons += weather.reasons
    if weather.heat is not None or where in P.OUTDOOR_PLACES or where == "car":
        warnings += weather.warnings
    if location == "car" or (planned and planned.location == "car"):
        warnings.append("car_heat")
    if req.backpack is not None:  # the pack's own gates: weight rating, tether, airflow
        is_sunny = sunny(planned.sun if planned else None, where)
        flags = pack_flags(req.backpack, req.cat, pos.stage, is_sunny=is_sunny)
        blocking += flags.blocking
        warnings += flags.warnings
        reasons.extend(flags.reasons)
    if planned and planned.location == "busy_outdoors" and location != "busy_outdoors":
        warnings.append("too_busy_for_level")
        reasons.append("Train in quiet places for now; busy streets, dogs and crowds come later.")
    return {
        "blocking": blocking,
        "warnings": list(dict.fromkeys(warnings)),
        "heat": weather.heat,
        "cold": weather.cold,
    }


#: What to do the minute a session ends in a stop, by where the cat was: in
#: the pack at home, on the harness track (no pack), or away from home (the
#: doorway, the car, outdoors), where letting a scared cat out could lose it:
#: protocol rules 8 and 9 (a leash outdoors; "if the cat is overwhelmed,
#: leave") and rule 7 (a hot cat comes out of the pack in the shade).
STOP_NOW = {
    "home": "Stop now: open the pack, let the cat out and leave it alone to settle.",
    "harness": (
        "Stop now: end the session calmly, take the harness off once the cat lets you "
        "and leave it alone to settle."
    ),
    "away": (
        "Stop now: keep hold of the leash and leave calmly with the cat in the pack, "
        "away from what upset it, to a quiet shaded spot or home; let it out there "
        "(on the leash outside) and leave it alone to settle."
    ),
    "home_hot": (
        "Stop now: open the pack, let the cat out somewhere cool and offer water; then "
        "leave it alone to settle."
    ),
    "away_hot": (
        "Stop now: get into the shade at once, keep hold of the leash, open the pack "
        "and let the cat out on the leash; give it water."
    ),
    # Panting with the cat logged out of the pack: it stays out, and cools.
    "home_hot_out": (
        "Stop now: keep the cat out of the pack somewhere cool and offer water; then "
        "leave it alone to settle."
    ),
    "away_hot_out": (
        "Stop now: keep the cat out of the pack, on the leash, in the shade at once, and "
        "give it water; head home only once it has cooled down."
    ),
}


StopPlace = Literal["harness", "home", "away"]


def stop_place(stage: P.Stage, level: int, logged: str | None = None) -> StopPlace:
    """Where a session at ``stage``, ``level`` had the cat, for what to do the
    minute it stops: on the harness track (no pack), at home, or away from home
    (``logged``: the place the owner logged, else the level's). The coach's
    first instruction (:data:`STOP_NOW`) and the pages' stop banner both ask."""
    if stage.track == "harness":
        return "harness"
    place = logged or stage.levels[level - 1].location
    return "home" if place == "home" else "away"


def _stop_now(last: Judged | None) -> str:
    """The first instruction after a stop (:data:`STOP_NOW`), for where the
    stopped session was (:func:`stop_place`) and whether the cat was panting
    (out of the pack, shade or a cool spot, water first)."""
    if last is None:
        return STOP_NOW["home"]
    context = last.session.get("context") or {}
    place = stop_place(
        P.BY_ID[last.session["stage"]], last.session["level"], context.get("location")
    )
    # Panting in the pack is heat first (rule 7: take the cat out, shade,
    # water), in any weather: the reasons say so, and so does the first step.
    panting = last.heat_panting or "panting" in (last.session["observation"].get("signs") or ())
    if panting and place != "harness":
        out = "_out" if context.get("in_backpack") is False else ""
        return STOP_NOW[f"{place}_hot{out}"]
    return STOP_NOW[place]


def _planned_too_long(req: CoachRequest, decision: Decision, minutes: float) -> str | None:
    """Why the owner's planned length is more than the next session asks, if it
    is: the level's length is the most it asks (rule 1, one criterion at a
    time; the guide starts every step "with a very short amount of time"), and
    a session far longer is a step the coach did not give. A trained cat's
    routine is no limit up to the longest outing it trained for."""
    planned = req.planned.minutes if req.planned else None
    if planned is None or planned <= minutes:
        return None
    if decision == "maintain" and planned <= P.LAST_TRAINING_STAGE.top.max_minutes:
        return None
    return (
        f"You planned {planned:g} minutes, but the next session is {minutes:g} minutes at "
        "most: keep to that. A longer one is more than the cat has built up to, and the "
        "time grows a step at a time."
    )


def _render(
    req: CoachRequest,
    state: State,
    decision: Decision,
    pos: Position,
    reasons: list[str],
    share: float = 1.0,
) -> dict[str, Any]:
    stage, level = pos.stage, pos.level
    lv = stage.levels[level - 1]
    location: Location = lv.location
    safety = _safety(req, state, pos, location, lv.max_minutes, reasons)
    if decision == "blocked" and stage.track == "harness":
        safety["blocking"].insert(0, "harness_not_trained")
    if safety["blocking"] and decision not in ("stop", "refer"):
        if decision != "blocked":  # the reading said what to do next: held back now
            reasons[:] = held_back(reasons)
        decision = "blocked"
    instructions = [lv.does, *stage.instructions]
    if decision == "stop" and not _rest_over(req, state):
        instructions.insert(0, _stop_now(state.last))
    if "heat_moderate" in safety["warnings"]:
        instructions.append("It is warm: keep the pack out of direct sun and bring water.")
    if safety["cold"] is not None:
        at_door = (req.planned.location if req.planned else None) or location
        instructions.append(COLD_AT_DOOR if at_door == "doorway" else COLD_INSTRUCTION)
    if lv.max_minutes > 60:
        instructions.append("Out for over an hour: treats, water, a collapsible bowl and pee pads.")
    checklist = list(stage.gates)
    stress = None
    if state.last is not None:
        a = state.last.assessment
        stress = {
            "score": a.score,
            "scale": SCALE,
            "label": a.label,
            "signs": list(a.signs),
            "thermoregulation": a.thermoregulation,
        }
    next_session = None
    if decision != "refer":
        minutes = _planned_minutes(state, pos, share)
        cold_most = safety["cold"]["max_minutes"] if safety["cold"] is not None else None
        if cold_most is not None:  # never planned longer than the cold allows outdoors
            minutes = min(minutes, cold_most)
        over = _planned_too_long(req, decision, minutes)
        if over is not None:
            safety["warnings"].append("longer_than_level")
            reasons.append(over)
        next_session = {
            "not_before": _not_before(req, state, decision).isoformat(),
            "location": location,
            "max_minutes": minutes,
            "instructions": instructions,
            "rewards": _rewards(req),
            "checklist": checklist,
        }
    return {
        "version": 1,
        "decision": decision,
        "step": stage.step,
        "stage": {
            "id": stage.id,
            "title": stage.title,
            "level": level,
            "levels": len(stage.levels),
            "criterion": dict(lv.criterion),
        },
        "next_session": next_session,
        "stress": stress,
        "safety": safety,
        "reasons": list(dict.fromkeys(reasons)),
    }
