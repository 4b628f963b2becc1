"""The session after a stop asks no more of the cat on any axis (rule 5, issue #8 Deliver 4).

Every level of the protocol, stopped by real stress or by panting in the heat:
the next session is lower, no busier, and no harder on closure, movement,
distance or the level's length than the stopped one, also where the ladder
relaxed an axis when a new place came in (the pack worn in front at the
doorway, after the back at home). And a session the owner logs during the
rest moves the plan only to a level that is easier on every axis too.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from catpack import decide
from catpack.domain import protocol as P
from tests.domain.test_rests_and_lapses import graduated
from tests.factories import CALM, HISSING, SAFE_CHECKS, T0, cat, request, session

H = timedelta(hours=1)
HOT = {
    "location": "quiet_outdoors",
    "in_backpack": True,
    "sun": "full",
    "temp_c": 31,
    "humidity_pct": 50,
}
PANTING = {**HISSING, "tail": "upright", "ears": "forward", "eyes": "normal", "body": "relaxed",
           "vocal": "silent", "took_treats": True, "signs": ["panting"]}  # fmt: skip
POSITIONS = [
    (s.id, lv) for s in P.STAGES if s.track == "backpack" for lv in range(1, len(s.levels) + 1)
]


def _harder(stopped: tuple[str, int], d: dict[str, Any]) -> list[str]:
    before = P.BY_ID[stopped[0]].levels[stopped[1] - 1]
    after = P.BY_ID[d["stage"]["id"]].levels[d["stage"]["level"] - 1]
    return [a for a, x, y in zip(P.AXES, before.axes, after.axes, strict=True) if y > x]


def _log(stage: str, level: int) -> list[dict[str, Any]]:
    """A trained cat for the upkeep stages, a fresh one otherwise."""
    return graduated(T0 - timedelta(days=30)) if P.BY_ID[stage].upkeep else []


@pytest.mark.parametrize("heat", [False, True], ids=["real stress", "panting in the heat"])
@pytest.mark.parametrize(("stage", "level"), POSITIONS, ids=[f"{s} {lv}" for s, lv in POSITIONS])
def test_after_a_stop_nothing_is_harder(stage: str, level: int, heat: bool) -> None:
    obs, ctx = (PANTING, {"context": HOT}) if heat else (HISSING, {})
    stop = session(stage, level, T0, observation=obs, checks=SAFE_CHECKS, **ctx)
    d = decide(request([*_log(stage, level), stop], now=T0 + H, cat=cat(car_training=True)))
    assert d["decision"] == "stop"
    assert _harder((stage, level), d) == [], d["stage"]


def test_a_tense_session_during_the_rest_does_not_make_the_plan_harder() -> None:
    """After a stop at the first outdoor level (the pack worn in front), a tense
    try at home with the pack on the back, during the rest: the plan stays no
    harder than the stopped session on any axis."""
    log = [
        session("outdoors", 1, T0, observation=HISSING, checks=SAFE_CHECKS),
        session("movement", 6, T0 + H, reps=5, calm=3, checks=SAFE_CHECKS),
    ]
    d = decide(request(log, now=T0 + 2 * H))
    assert _harder(("outdoors", 1), d) == [], d["stage"]


def test_a_stop_on_the_pack_during_a_harness_rest_still_goes_back() -> None:
    """Found by the fold property in CI: a calm door-closed 4, then a stop on
    the harness track, then real stress at door-closed 4 during that rest. The
    rest's stopped level (the harness's) was taken as the one the pack's next
    session must not exceed; door-closed 2 "asked more" than a harness level,
    so the plan stayed at door-closed 5, a level above the stop."""
    log = [
        session("door-closed", 4, T0, observation=CALM, checks=SAFE_CHECKS),
        session("harness-leash", 1, T0 + H, observation=HISSING),
        session("door-closed", 4, T0 + 2 * H, observation=HISSING, checks=SAFE_CHECKS),
    ]
    d = decide(request(log, now=T0 + 2 * H + timedelta(minutes=5)))
    assert d["decision"] == "stop"
    assert d["stage"]["id"] != "door-closed" or d["stage"]["level"] < 4, d["stage"]
    assert _harder(("door-closed", 4), d) == [], d["stage"]


def test_stopped_again_during_the_rest_the_plan_asks_no_more_than_either_stop() -> None:
    """Stopped on a long walk (local walks, level 4), then stopped again during
    the rest at a shorter outing (the upkeep's first level): the plan held from
    the first stop (local walks, level 2) asked more time than the second stop
    had. Found by the after-a-stop property with a random seed."""
    walk = session("local-walks", 4, T0, observation=HISSING, checks=SAFE_CHECKS)
    again = session("maintenance", 1, T0 + 90 * timedelta(minutes=1), observation=HISSING,
                    checks=SAFE_CHECKS)  # fmt: skip
    calm = [session("local-walks", 4, T0 - H, observation=CALM, checks=SAFE_CHECKS)]
    d = decide(request([*calm, walk, again], now=T0 + 2 * H))
    assert d["decision"] == "stop"
    assert _harder(("maintenance", 1), d) == [], d["stage"]
    assert _harder(("local-walks", 4), d) == [], d["stage"]
