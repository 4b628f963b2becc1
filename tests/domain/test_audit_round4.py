"""An expert review, fourth round: histories → decisions through ``decide``.

Rows marked *wrong before* failed before the change that came with them:

* a calm session whose next session is blocked by a safety gate still said
  "raise one level" (or "Stage done: on to ...") beside the block;
* a trained cat uneasy on a routine trip (or in a refresher that no break
  started) got ``refresh``, the contract's decision for the return after a
  long break: it is ``drop`` (a level easier), and calm again in that
  refresher ``push``, with reasons that say what happened;
* that refresher was still titled "Refresher after a break", and the plan's
  words for it said "as before the break" (and, for a routine trip that went
  wrong, "a few easy sessions at home", where the coach gives a short walk):
  the words are now true whether a break or a hard outing started it;
* the doorway had no cold limit: once the door is open the cat is in the
  outside air, which is what the cold sources are about.

Checked and left as it was: a food-motivated cat refusing treats, all else
relaxed, is a stop (protocol.md rule 5 names "refusing treats" among real
stress); the rows below pin it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from catpack import decide
from tests.factories import (
    CALM,
    HISSING,
    SAFE_CHECKS,
    T0,
    UNEASY,
    cat,
    graduation,
    request,
    session,
)

H = timedelta(hours=1)
D = timedelta(days=1)

# ------------------------------------------- a block never also says "raise"
#
# coach-contract.md: "`blocked`: a safety gate for the next session is unmet
# ... `safety.blocking` names each. A block never erases progress." The next
# session is blocked, so the owner is not told to raise: the stage and level
# keep the progress, the reasons do not give the go-ahead.

NO_COUNTS = {"reps": None, "calm": None}
HOT = {"location": "quiet_outdoors", "sun": "full", "temp_c": 36, "humidity_pct": 60}

# (id, last session, planned, the gate that blocks)
BLOCKED: list[tuple[str, dict[str, Any], dict[str, Any] | None, str]] = [
    ("5 of 5 calm, no harness (wrong before: 'raise one level')",
     session("movement", 2, T0, checks={**SAFE_CHECKS, "harness_on": False}), None, "harness_off"),
    ("calm, no counts, extreme heat outdoors (wrong before: 'The cat was calm: raise one level')",
     session("outdoors", 2, T0, checks=SAFE_CHECKS, **NO_COUNTS), HOT, "heat_extreme"),
    ("a stage done, tether on the collar (wrong before: 'Stage done: on to Heading outside')",
     session("movement", 6, T0, checks={**SAFE_CHECKS, "tether": "collar"}), None,
     "tether_not_on_harness"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("last", "planned", "gate"), [c[1:] for c in BLOCKED], ids=[c[0] for c in BLOCKED]
)
def test_a_blocked_session_does_not_also_say_raise(
    last: dict[str, Any], planned: dict[str, Any] | None, gate: str
) -> None:
    assert last["observation"] == CALM
    d = decide(request([last], planned=planned) if planned else request([last]))
    assert d["decision"] == "blocked" and gate in d["safety"]["blocking"], d
    said = " ".join(d["reasons"])
    for go in ("raise one level", "on to "):
        assert go not in said, (go, d["reasons"])


# ------------------------------- a trained cat's unease: drop, not refresh
#
# coach-contract.md: "`refresh`: trained, but the last outing is long ago: a
# short refresher first." and "`drop`: same stage, a level down (or the last
# level of the previous stage)." protocol.md rule 4: "Mild unease -> hold or
# lower." After graduation the upkeep levels chain below the routine trip
# (maintenance, then the refresher's levels from the hardest down), so unease
# on a routine trip is a level down: ``drop``; ``refresh`` is for a break.

GRAD = graduation(T0)
N = 3  # the refresher's levels


def routine(at: Any, observation: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    obs = observation or CALM
    calm = 2 if obs is UNEASY else 5
    return session("maintenance", 1, at, minutes=30, calm=calm, observation=obs,
                   checks=SAFE_CHECKS, **kw)  # fmt: skip


def refresher(level: int, at: Any, observation: dict[str, Any] | None = None) -> dict[str, Any]:
    obs = observation or CALM
    calm = 2 if obs is UNEASY else 5
    return session("refresher", level, at, calm=calm, observation=obs, checks=SAFE_CHECKS)


UNEASY_TRIP = [GRAD, routine(T0 + 2 * D, UNEASY)]
AGAIN = [*UNEASY_TRIP, refresher(3, T0 + 3 * D, UNEASY)]
BREAK = [GRAD, routine(T0 + D), refresher(1, T0 + 30 * D)]
STOPPED_TRIP = [GRAD, routine(T0 + 2 * D, HISSING)]

# (id, log, decision, stage, level, words said, words not said)
TRAINED: list[tuple[str, list[dict[str, Any]], str, str, int, list[str], list[str]]] = [
    ("uneasy on a routine trip: one level easier (wrong before: refresh)",
     UNEASY_TRIP, "drop", "refresher", 3, ["uneasy on its routine trip"],
     ["break", "goes on", "days since"]),
    ("uneasy again in that refresher: a level down (wrong before: refresh)",
     AGAIN, "drop", "refresher", 2, ["uneasy in the refresher"], ["break", "goes on"]),
    ("calm again after that: a level up (wrong before: refresh, 'the refresher goes on')",
     [*AGAIN, refresher(2, T0 + 4 * D)], "push", "refresher", 3, [], ["break", "goes on"]),
    ("calm at the refresher's top: back to the routine trips",
     [*UNEASY_TRIP, refresher(3, T0 + 3 * D)], "maintain", "maintenance", 1, [], ["break"]),
    ("a stop on a routine trip, calm once after the rest: same level (wrong before: refresh)",
     [*STOPPED_TRIP, refresher(2, T0 + 3 * D)], "stick", "refresher", 2, [],
     ["break", "goes on"]),
    ("29 days since the last outing: the refresher (refresh, as before)",
     [GRAD, routine(T0 + D)], "refresh", "refresher", 1, ["29 days since"], []),
    ("calm in the refresher after the break: it goes on (refresh, as before)",
     BREAK, "refresh", "refresher", 2, ["goes on"], []),
    ("uneasy in the refresher after the break: a level down (wrong before: refresh)",
     [*BREAK, refresher(2, T0 + 31 * D, UNEASY)], "drop", "refresher", 1,
     ["uneasy in the refresher after the break"], ["goes on"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("log", "decision", "stage", "level", "words", "not_words"),
    [c[1:] for c in TRAINED],
    ids=[c[0] for c in TRAINED],
)
def test_a_trained_cats_unease_is_a_drop_and_refresh_is_for_a_break(
    log: list[dict[str, Any]],
    decision: str,
    stage: str,
    level: int,
    words: list[str],
    not_words: list[str],
) -> None:
    last = max(datetime.fromisoformat(s["at"]) for s in log)
    # an hour after the last session; 29 days after it for the break
    now = last + (29 * D if any("29 days" in w for w in words) else H)
    d = decide(request(log, now=now))
    assert (d["decision"], d["stage"]["id"], d["stage"]["level"]) == (decision, stage, level), d[
        "reasons"
    ]
    said = " ".join(d["reasons"] + d["next_session"]["instructions"])
    for word in words:
        assert word in said, (word, said)
    for word in not_words:
        assert word not in said, (word, said)


# --------------------------------- the refresher's words, break or no break
#
# coach-contract.md: "`refresh`: trained, but the last outing is long ago"; the
# refresher also follows unease or a stop on a routine trip (the rows above),
# so its own words (the stage title in every decision, the plan page's
# explanation) may not say there was a break. protocol.md rule 10: "a long
# lapse earns a short refresher before a big trip".

# (id, log, now, said to be after a break)
REFRESHER_WORDS: list[tuple[str, list[dict[str, Any]], Any, bool]] = [
    ("uneasy on a routine trip (wrong before: titled 'Refresher after a break')",
     UNEASY_TRIP, T0 + 2 * D + H, False),
    ("a stop on a routine trip, calm after the rest (wrong before: the same title)",
     [*STOPPED_TRIP, refresher(2, T0 + 3 * D)], T0 + 3 * D + H, False),
    ("29 days since the last outing: the reasons name the break",
     [GRAD, routine(T0 + D)], T0 + 30 * D, True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("log", "now", "after_break"),
    [c[1:] for c in REFRESHER_WORDS],
    ids=[c[0] for c in REFRESHER_WORDS],
)
def test_the_refresher_says_break_only_after_a_break(
    log: list[dict[str, Any]], now: Any, after_break: bool
) -> None:
    d = decide(request(log, now=now))
    assert d["stage"]["id"] == "refresher", d["reasons"]
    said = " ".join([d["stage"]["title"], *d["reasons"], *d["next_session"]["instructions"]])
    assert ("break" in said) is after_break, said


# (id, stage, the plan page's field, words it may not say)
PLAN_WORDS: list[tuple[str, str, str, str]] = [
    ("the refresher's calm (wrong before: 'as before the break')",
     "refresher", "calm", "before the break"),
    ("keeping it up, if it is not calm (wrong before: 'a few easy sessions at home')",
     "maintenance", "if_not", "at home"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("stage", "field", "not_said"), [c[1:] for c in PLAN_WORDS], ids=[c[0] for c in PLAN_WORDS]
)
def test_the_plan_words_for_upkeep_hold_after_a_hard_outing(
    stage: str, field: str, not_said: str
) -> None:
    from catpack.domain.protocol.explain import EXPLAINED

    assert not_said not in getattr(EXPLAINED[stage], field)


# ------------------------------------------ the cold at an open front door
#
# docs/science.md, Cold: the limits come from 9 CFR 3.3(a) and 3.16(e) ("the
# air around a dog or cat may not stay below 45 °F for more than 4 hours") and
# the AVMA's advice (pets "should not be outside for long below freezing"):
# all about the air around the cat, which the parked car already counts. At
# the doorway's second and third levels the door is opened and the cat steps
# out: it is in that air. At the first the door stays shut (policy).

# (id, last session, planned, decision, blocking, cold risk)
DOORWAY: list[tuple[str, dict[str, Any], dict[str, Any], str, list[str], str | None]] = [
    ("opening the door at -8 °C: freezing, warned (wrong before: no cold)",
     session("doorway", 1, T0, checks=SAFE_CHECKS), {"location": "doorway", "temp_c": -8},
     "push", [], "freezing"),
    ("stepping out at 5 °C: cold, warned (wrong before)",
     session("doorway", 2, T0, checks=SAFE_CHECKS), {"temp_c": 5}, "push", [], "cold"),
    ("40 minutes at the open door at -8 °C: blocked (wrong before: allowed)",
     session("doorway", 2, T0, checks=SAFE_CHECKS), {"temp_c": -8, "minutes": 40},
     "blocked", ["freezing_long_outing"], "freezing"),
    ("walking to the shut door at -8 °C: the door stays shut, no cold",
     session("movement", 6, T0, checks=SAFE_CHECKS), {"temp_c": -8}, "advance", [], None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("last", "planned", "decision", "blocking", "cold"),
    [c[1:] for c in DOORWAY],
    ids=[c[0] for c in DOORWAY],
)
def test_the_cold_limits_apply_once_the_front_door_is_open(
    last: dict[str, Any],
    planned: dict[str, Any],
    decision: str,
    blocking: list[str],
    cold: str | None,
) -> None:
    d = decide(request([last], planned=planned))
    assert d["stage"]["id"] == "doorway", d["stage"]
    assert (d["decision"], d["safety"]["blocking"]) == (decision, blocking), d["reasons"]
    assert (d["safety"]["cold"] or {}).get("risk") == cold, d["safety"]
    told = [i for i in d["next_session"]["instructions"] if "blanket" in i]
    assert bool(told) is (cold is not None), d["next_session"]["instructions"]
    if cold:
        assert f"{cold}_weather" in d["safety"]["warnings"]
        assert "head home" not in told[0], told  # the cat is at its own front door


# ---------------------------------- refusing treats alone: a stop, as before
#
# protocol.md, rule 5: "Real stress -> stop now. Hissing, growling, excessive
# meowing, unusual aggression, escape attempts, ears pulled hard back, panting
# (unless rule 7), excessive grooming, refusing treats: end the session".
# Rule 4 (mild unease) does not name treats. Refusal counts only for a cat
# that works for food (a cat lured by play or comfort need not take treats).

# (id, motivation, decision)
REFUSED: list[tuple[str, list[str], str]] = [
    ("a food-motivated cat refusing treats, all else relaxed: stop (rule 5)", ["food"], "stop"),
    ("a play-motivated cat refusing treats: no sign at all", ["play"], "push"),
]


@pytest.mark.parametrize(
    ("motivation", "decision"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_refusing_treats_alone_is_real_stress_for_a_cat_that_works_for_food(
    motivation: list[str], decision: str
) -> None:
    last = session("door-closed", 3, T0, observation={**CALM, "took_treats": False})
    d = decide(request([last], cat=cat(motivation=motivation)))
    assert d["decision"] == decision, d["reasons"]
