"""The readings the pages publish as "real stress" agree with the engine's own verdict,
so the stop guidance a phone shows offline is the one the coach gives online."""

from __future__ import annotations

from typing import Any, get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catpack import decide
from catpack.domain.contract import Body, Ears, Eyes, Sign, Tail, Vocal, parse_session
from catpack.domain.observation import assess, stop_readings, works_for_food
from tests.factories import CALM, T0, cat

FIELDS: dict[str, tuple[Any, ...]] = {
    "tail": get_args(Tail),
    "ears": get_args(Ears),
    "eyes": get_args(Eyes),
    "body": get_args(Body),
    "vocal": get_args(Vocal),
}


def _listed(obs: dict[str, Any], food: bool) -> bool:
    """The check the page's script makes: is any reading of the session listed?"""
    stop = stop_readings(food)
    if any(obs.get(k) in stop[k] for k in FIELDS):
        return True
    if any(sign in stop["signs"] for sign in obs.get("signs", [])):
        return True
    return "took_treats" in obs and obs["took_treats"] in stop["took_treats"]


observations = st.fixed_dictionaries(
    {k: st.sampled_from(v) for k, v in FIELDS.items()},
    optional={
        "signs": st.lists(st.sampled_from(get_args(Sign)), unique=True),
        "took_treats": st.booleans(),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(obs=observations, food=st.booleans())
def test_listed_exactly_when_the_engine_reads_real_stress(obs: dict[str, Any], food: bool) -> None:
    session = parse_session(
        {"at": T0.isoformat(), "stage": "introduce", "level": 1, "observation": obs}
    )
    assert _listed(obs, food) == assess(session, food_motivated=food).real_stress


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(obs=observations)
def test_listed_exactly_when_the_coach_says_stop(obs: dict[str, Any]) -> None:
    profile = cat(motivation=["play"])
    session = {"at": T0.isoformat(), "stage": "introduce", "level": 1, "observation": obs}
    answer = decide({"version": 1, "now": T0.isoformat(), "cat": profile, "sessions": [session]})
    food = works_for_food(profile["motivation"])
    assert _listed(obs, food) == (answer["decision"] == "stop")


def test_each_reading_alone() -> None:
    """Every choice of every field, alone: listed exactly when it stops the coach."""
    for field, choices in [*FIELDS.items(), ("signs", tuple([s] for s in get_args(Sign)))]:
        for value in choices:
            for food in (True, False):
                obs = {field: value, "took_treats": True}
                session = parse_session(
                    {"at": T0.isoformat(), "stage": "introduce", "level": 1, "observation": obs}
                )
                assert _listed(obs, food) == assess(session, food_motivated=food).real_stress


def test_the_lists_hold_the_guides_stress_signs() -> None:
    stop = stop_readings(True)
    assert "hissing" in stop["vocal"] and "purring" not in stop["vocal"]
    assert "back" in stop["ears"] and "sideways" not in stop["ears"]
    assert "escape_attempt" in stop["signs"] and "toileting" not in stop["signs"]
    assert stop["took_treats"] == [False]
    assert stop_readings(False)["took_treats"] == []
    calm = parse_session(
        {"at": T0.isoformat(), "stage": "introduce", "level": 1, "observation": CALM}
    )
    assert not assess(calm).real_stress
