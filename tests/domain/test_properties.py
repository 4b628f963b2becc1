"""Properties of decide over arbitrary histories (hypothesis)."""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catpack import decide, protocol
from catpack.domain.contract import json_schemas

STAGES = [(s["id"], s["levels"]) for s in protocol()["stages"]]
DECISION_SCHEMA = json_schemas()["coach_decision"]
VALIDATOR = jsonschema.Draft202012Validator(DECISION_SCHEMA)
ZONES = [
    UTC,
    timezone(timedelta(hours=1)),
    timezone(timedelta(hours=-8)),
    timezone(timedelta(hours=13)),
]
BASE = datetime(2026, 6, 1, tzinfo=UTC)


@st.composite
def observations(draw: st.DrawFn) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "tail": draw(
            st.sampled_from(["upright", "relaxed", "low", "tucked", "puffed", "lashing", "unseen"])
        ),
        "ears": draw(st.sampled_from(["forward", "neutral", "sideways", "flat", "back", "unseen"])),
        "eyes": draw(st.sampled_from(["slow_blink", "normal", "dilated", "unseen"])),
        "body": draw(
            st.sampled_from(["relaxed", "alert", "tense", "crouched", "trembling", "unseen"])
        ),
        "signs": draw(
            st.lists(
                st.sampled_from(
                    [
                        "panting",
                        "excessive_grooming",
                        "escape_attempt",
                        "aggression",
                        "freezing",
                        "hiding",
                        "toileting",
                    ]
                ),
                max_size=2,
                unique=True,
            )
        ),
    }
    if draw(st.booleans()):
        obs["vocal"] = draw(
            st.sampled_from(
                [
                    "silent",
                    "purring",
                    "meowing",
                    "meowing_excessive",
                    "hissing",
                    "growling",
                    "yowling",
                ]
            )
        )
    for key in ("took_treats", "entered_voluntarily"):
        value = draw(st.sampled_from([True, False, None]))
        if value is not None:
            obs[key] = value
    return obs


@st.composite
def sessions(draw: st.DrawFn) -> dict[str, Any]:
    stage, levels = draw(st.sampled_from(STAGES))
    at = BASE + timedelta(minutes=draw(st.integers(0, 60 * 24 * 60)))
    s: dict[str, Any] = {
        "at": at.astimezone(draw(st.sampled_from(ZONES))).isoformat(),
        "stage": stage,
        "level": draw(st.integers(1, levels)),
        "observation": draw(observations()),
    }
    if draw(st.booleans()):
        reps = draw(st.integers(0, 10))
        s["reps"], s["calm_reps"] = reps, draw(st.integers(0, reps))
    if draw(st.booleans()):
        s["checks"] = {
            "harness_on": draw(st.booleans()),
            "tether": draw(st.sampled_from(["harness", "collar", "none"])),
            "openings_closed": draw(st.booleans()),
        }
    if draw(st.booleans()):
        s["context"] = {
            "in_backpack": draw(st.booleans()),
            "after_exertion": draw(st.booleans()),
            "sun": draw(st.sampled_from(["indoor", "shade", "partial", "full"])),
            "temp_c": draw(st.floats(-5, 40)),
        }
    return s


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    log = draw(st.lists(sessions(), max_size=25))
    latest = max((datetime.fromisoformat(s["at"]) for s in log), default=BASE)
    now = latest + timedelta(minutes=draw(st.integers(0, 60 * 24 * 40)))
    req: dict[str, Any] = {
        "version": 1,
        "now": now.astimezone(draw(st.sampled_from(ZONES))).isoformat(),
        "cat": {
            "name": "Prop",
            "harness_trained": draw(st.sampled_from([True, False, None])),
            "motivation": draw(
                st.lists(st.sampled_from(["food", "play", "comfort"]), unique=True, max_size=3)
            )
            or None,
        },
        "sessions": log,
    }
    if draw(st.booleans()):
        req["planned"] = {
            "temp_c": draw(st.floats(-5, 40)),
            "humidity_pct": draw(st.floats(0, 100)),
            "sun": draw(st.sampled_from(["indoor", "shade", "partial", "full"])),
        }
    return req


PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(requests())
def test_deterministic(req: dict[str, Any]) -> None:
    assert decide(req) == decide(copy.deepcopy(req))


@PROPS
@given(requests(), st.randoms(use_true_random=False))
def test_independent_of_session_order(req: dict[str, Any], rnd: random.Random) -> None:
    shuffled = copy.deepcopy(req)
    rnd.shuffle(shuffled["sessions"])
    assert decide(shuffled) == decide(req)


@PROPS
@given(requests())
def test_output_is_valid_against_the_schema(req: dict[str, Any]) -> None:
    VALIDATOR.validate(decide(req))


@PROPS
@given(requests())
def test_a_stop_never_allows_a_session_before_the_next_day(req: dict[str, Any]) -> None:
    out = decide(req)
    if out["decision"] != "stop":
        return
    now = datetime.fromisoformat(req["now"])
    last = max(datetime.fromisoformat(s["at"]) for s in req["sessions"])
    not_before = datetime.fromisoformat(out["next_session"]["not_before"])
    assert not_before.astimezone(now.tzinfo).date() > last.astimezone(now.tzinfo).date()
    assert not_before - last >= timedelta(hours=12)


@PROPS
@given(requests())
def test_no_step_5_or_later_for_a_cat_without_harness_training(req: dict[str, Any]) -> None:
    req["cat"]["harness_trained"] = False
    req["sessions"] = [s for s in req["sessions"] if s["stage"] != "harness-leash"]
    out = decide(req)
    assert out["step"] < 5, out
