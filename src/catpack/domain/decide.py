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
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from itertools import pairwise
from typing import Any

from catpack.domain import protocol as P
from catpack.domain.contract import (
    CoachRequest,
    Decision,
    Location,
    Pause,
    Session,
    count_problems,
    merge_problems,
    parse_coach_request,
    session_schema_problems,
)
from catpack.domain.errors import CoachInputError, Problem
from catpack.domain.history import PLATEAU_DAYS, Position, State, fold, plateaued
from catpack.domain.observation import SCALE
from catpack.domain.safety import BLOCKING_RISKS, INDEX_NAME, heat_risk, unmet_gates

#: Minimum rest after real stress, on top of "not before tomorrow" (the guide:
#: "usually wait a day until your cat gets back in the pack by itself").
REST_HOURS = 12
#: A gap in practice after which a trained cat gets a refresher, and a cat in
#: training repeats its level rather than raising. The guide: "Don't complete
#: the training and stop for a few weeks"; we read "a few weeks" as 14 days.
LAPSE_DAYS = 14
REWARDS = {"food": "treats", "play": "toy", "comfort": "blanket or worn clothing"}
OUTDOORS: frozenset[str] = frozenset({"quiet_outdoors", "busy_outdoors"})


def decide(request: dict[str, Any]) -> dict[str, Any]:
    """The coach contract's ``decide``; raises CoachInputError on bad input."""
    return decide_parsed(parse_coach_request(request))


def checked_sessions(sessions: list[Session], field: str = "sessions") -> list[Session]:
    """Sessions sorted by time (ties broken on content), stage ids checked
    (every bad one reported at once)."""
    problems: list[Problem] = []
    for i, s in enumerate(sessions):
        problems += stage_problems(s, f"{field}[{i}]") + count_problems(s, f"{field}[{i}]")
    if problems:
        raise CoachInputError.of(problems)
    keys = [(s["at"].timestamp(), P.INDEX[s["stage"]], s["level"]) for s in sessions]
    order = sorted(range(len(sessions)), key=keys.__getitem__)
    if any(keys[a] == keys[b] for a, b in pairwise(order)):
        # Exact ties: break them on the whole content so input order never matters.
        order.sort(key=lambda i: (keys[i], repr(sorted(sessions[i].items()))))
    return [sessions[i] for i in order]


def decide_parsed(req: CoachRequest) -> dict[str, Any]:
    sessions = checked_sessions(req.sessions)
    state = fold(req.cat, sessions)
    reasons: list[str] = []
    decision, pos = _choose(req, state, reasons)
    return _render(req, state, decision, pos, reasons)


def idle_days(last: datetime, now: datetime, pauses: list[Pause]) -> float:
    """Days from ``last`` to ``now``, less any paused time inside that span."""
    span = (now - last).total_seconds()
    paused = 0.0
    for p in pauses:
        lo, hi = max(p.start, last), min(p.end, now)
        if hi > lo:
            paused += (hi - lo).total_seconds()
    return max(0.0, span - paused) / 86400


def _needs_harness(req: CoachRequest, state: State) -> bool:
    return req.cat.harness_trained is not True and not state.harness_done


def _choose(req: CoachRequest, state: State, reasons: list[str]) -> tuple[Decision, Position]:
    last = state.last
    if last is None:
        if req.cat.harness_trained is not True:
            reasons.append(
                "Harness training comes first: the cat must be happy in a harness before it is "
                "ever carried in the pack."
            )
            return "start", Position(P.HARNESS_STAGE, 1)
        reasons.append("A fresh start: let the cat discover the backpack on its own terms.")
        if req.cat.carrier_history == "negative":
            reasons.append(_CARRIER_NOTE)
        return "start", Position(P.FIRST_BACKPACK_STAGE, 1)

    reasons.extend(last.why)
    if last.outcome == "stop" and last.heat_panting:
        reasons.append(
            "Panting in warm weather: take the cat out, find shade, offer water (rule 7)."
        )
    if last.assessment.thermoregulation:
        reasons.append(
            "Panting and grooming in shade after exertion is the cat cooling itself, not stress; "
            "still give it rest, shade and water (rule 7)."
        )

    if state.last_track == "harness" and state.harness is not None:
        pos = state.harness
    else:
        pos = state.backpack or Position(P.FIRST_BACKPACK_STAGE, 1)

    harness_first = pos.stage.moves_pack and _needs_harness(req, state)
    if harness_first:
        # Never carried without a harness: whatever else holds, step 0 comes next.
        reasons.append(
            f"{pos.stage.title} (step {pos.stage.step}) waits until harness training is done; "
            "the backpack progress is kept."
        )
        pos = state.harness or Position(P.HARNESS_STAGE, 1)

    if state.stress_run >= 3:
        reasons.append(
            f"Real stress has come back {state.stress_run} times even at easier levels. This cat "
            "may not take to a backpack: pause the plan and talk to your vet or a "
            "behaviourist (rule 6)."
        )
        return "refer", pos
    if plateaued(state):
        reasons.append(
            f"For {PLATEAU_DAYS} days and more the cat has passed no new level and keeps showing "
            "tension. This cat may not take to a backpack: pause the plan and talk to your vet "
            "or a behaviourist (rule 6)."
        )
        return "refer", pos
    if last.outcome == "stop":
        return "stop", pos

    if harness_first:
        return "blocked", pos

    if state.graduated and pos.stage.step == 10 and pos.stage.id != "adventure":
        idle = idle_days(last.session["at"], req.now, req.pauses)
        if idle > LAPSE_DAYS and pos.stage.id == "maintenance":
            reasons.append(
                f"{int(idle)} days since the last outing: a short refresher before any big trip "
                "(rule 10)."
            )
            return "refresh", Position(P.REFRESHER, 1)
        if pos.stage.id == "refresher":
            return "refresh", pos
        reasons.append("Trained: keep the pack out at home and take short trips often (rule 10).")
        return "maintain", pos

    idle = idle_days(last.session["at"], req.now, req.pauses)
    if idle > LAPSE_DAYS and last.outcome == "push":
        reasons.append(
            f"{int(idle)} days without practice: repeat the last level before raising again."
        )
        return "stick", Position(P.BY_ID[last.session["stage"]], last.session["level"])

    if state.last_track == "harness" and state.harness is None:
        reasons.append("Harness training is complete: back to the backpack ladder.")
        return "advance", pos
    if state.advanced:
        reasons.append(f"Stage done: on to {pos.stage.title} (step {pos.stage.step}).")
        return "advance", pos
    if req.cat.carrier_history == "negative" and pos.stage.step <= 4:
        reasons.append(_CARRIER_NOTE)
    if pos.stage.id == "doorway" and req.cat.outdoor_experience in ("garden", "outdoor_cat"):
        reasons.append("A cat used to the outdoors often finds this step easier; still go calmly.")
    verdict: Decision = last.outcome
    return verdict, pos


_CARRIER_NOTE = (
    "This cat has bad memories of carriers: keep every step short, let it choose to go in, "
    "and never shut it in by surprise."
)


def _not_before(req: CoachRequest, state: State, decision: Decision) -> datetime:
    tz = req.now.tzinfo
    last = state.last
    if last is None:
        return req.now
    at = last.session["at"].astimezone(tz)
    if decision != "stop":
        return max(req.now, at)
    tomorrow = datetime.combine(at.date() + timedelta(days=1), time(0), tzinfo=tz)
    return max(tomorrow, at + timedelta(hours=REST_HOURS))


def _rewards(req: CoachRequest) -> list[str]:
    motivation = req.cat.motivation or ["food"]
    return [REWARDS[m] for m in dict.fromkeys(motivation)]


def _safety(
    req: CoachRequest, state: State, pos: Position, location: Location, reasons: list[str]
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
                reasons.append(
                    "Safety first: harness on, the inner tether clipped to the harness (not a "
                    "collar), every opening closed (rule 8)."
                )
    heat: dict[str, Any] | None = None
    if planned is not None and planned.temp_c is not None:
        sun = planned.sun or ("indoor" if location == "home" else None)
        reading = heat_risk(planned.temp_c, planned.humidity_pct, sun)
        assert reading is not None
        heat = {
            "risk": reading.risk,
            "index": INDEX_NAME,
            "value": reading.value,
            "felt_c": reading.felt_c,
        }
        if reading.humidity_assumed:
            warnings.append("humidity_assumed")
        if reading.risk in BLOCKING_RISKS:
            blocking.append(f"heat_{reading.risk}")
            reasons.append(
                f"Heat risk is {reading.risk} (index {reading.value} °C): no backpack session "
                "now; a pack heats up fast, above all in the sun (rule 7)."
            )
        elif reading.risk == "moderate":
            warnings.append("heat_moderate")
    elif location in OUTDOORS or location == "car":
        warnings.append("heat_not_checked")
    if location == "car" or (planned and planned.location == "car"):
        warnings.append("car_heat")
    if planned and planned.location == "busy_outdoors" and location != "busy_outdoors":
        warnings.append("too_busy_for_level")
        reasons.append(
            "Train in quiet places for now; busy streets, dogs and crowds come later (rule 9)."
        )
    return {"blocking": blocking, "warnings": list(dict.fromkeys(warnings)), "heat": heat}


def _render(
    req: CoachRequest, state: State, decision: Decision, pos: Position, reasons: list[str]
) -> dict[str, Any]:
    stage, level = pos.stage, pos.level
    lv = stage.levels[level - 1]
    location: Location = lv.location
    safety = _safety(req, state, pos, location, reasons)
    if decision == "blocked" and stage.track == "harness":
        safety["blocking"].insert(0, "harness_not_trained")
    if safety["blocking"] and decision not in ("stop", "refer"):
        decision = "blocked"
    instructions = [lv.does, *stage.instructions]
    if decision == "stop":
        instructions.insert(
            0, "Stop now: open the pack, let the cat out and leave it alone to settle."
        )
    if "heat_moderate" in safety["warnings"]:
        instructions.append("It is warm: keep the pack out of direct sun and bring water.")
    if lv.max_minutes > 60:
        instructions.append(
            "Out for over an hour: treats, water, a collapsible bowl and pee pads (rule 11)."
        )
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
        next_session = {
            "not_before": _not_before(req, state, decision).isoformat(),
            "location": location,
            "max_minutes": lv.max_minutes,
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


def stage_problems(session: object, field: str) -> list[Problem]:
    """An unknown stage id, or a level above the stage's levels, as problems.

    Works on raw data too: a value that is not even of the right type is the
    schema's problem and is skipped here."""
    if not isinstance(session, dict):
        return []
    stage_id, level = session.get("stage"), session.get("level")
    if not isinstance(stage_id, str):
        return []
    stage = P.BY_ID.get(stage_id)
    if stage is None:
        known = sorted(P.BY_ID)
        return [Problem(f"{field}.stage", f"{stage_id!r} is not one of {known}", "unknown_stage")]
    if isinstance(level, int) and not isinstance(level, bool) and level > len(stage.levels):
        return [
            Problem(
                f"{field}.level",
                f"{level} is above the {len(stage.levels)} levels of stage {stage_id!r}",
                "level_above",
                float(len(stage.levels)),
                level,
            )
        ]
    return []


def validate_session(data: object, field: str = "session", *, strict: bool = False) -> Session:
    """The one check of a session to store: the contract's schema, the stage
    id, the level within the stage and the counts, every problem reported at
    once (one CoachInputError). ``strict`` refuses unknown keys (for logging)
    instead of ignoring them (as a coach request does)."""
    session, problems = session_schema_problems(data, field, strict=strict)
    # On the parsed session when there is one (lax values such as "3" are
    # numbers by then), else on what was given, to report what can be.
    checked = session if session is not None else data
    problems = merge_problems(problems, stage_problems(checked, field))
    problems = merge_problems(problems, count_problems(checked, field))
    if problems:
        raise CoachInputError.of(problems)
    assert session is not None
    return session
