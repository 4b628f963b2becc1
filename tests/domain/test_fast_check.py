"""The fast first pass over requests agrees with the full validation.

The fast pass (:mod:`catpack.domain.fast_check`) may only make valid
requests faster: on any request it accepts, the full validation accepts too
and builds the same model (same values, same types); on any it refuses, the
full validation decides, so errors are the full path's, word for word. The
requests here start valid and get a few values replaced by what clients
really send wrong (text numbers, 7.0, NaN, flags as 1, instants in near-miss
forms, missing keys).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from catpack import CoachInputError, decide
from catpack.domain.contract import (
    CoachRequest,
    TripRequest,
    input_error,
    parse_coach_request,
    parse_trip_request,
)
from catpack.domain.decide import decide_parsed
from catpack.domain.fast_check import _fields_validator, fast_parse, native, python_checks
from tests.factories import HISSING, SAFE_CHECKS, T0, UNEASY, request, session

PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NUMBERS: list[Any] = [
    0, 1, 4, 7, 7.0, 7.5, -1, -0.0, 60, 61, 100, 101, 1440, 1441, 2.5e-7,
    math.nan, math.inf, -math.inf, 10**400, True, False, "5", "7.0", None, [], {},
]  # fmt: skip
FLAGS: list[Any] = [True, False, 1, 0, "true", "yes", None, 1.0]
INSTANTS: list[Any] = [
    "2026-11-20T16:00:00+01:00",
    "2026-11-20T15:00:00Z",
    "2026-11-20T16:00:00.5+01:00",
    "2026-11-20T16:00:00.123456+01:00",
    "2026-11-20T16:00:00.1234567+01:00",
    "2026-11-20 16:00:00+01:00",
    "2026-11-20t16:00:00+01:00",
    "2026-11-20T16:00:00z",
    "2026-11-20T16:00+01:00",
    "2026-11-20T16:00:00",
    "2026-11-20T16:00:00+24:00",
    "2026-11-20T24:00:00Z",
    "2026-02-29T10:00:00Z",
    "2024-02-29T10:00:00Z",
    "1999-12-31T23:30:00-01:00",
    "2099-12-31T23:30:00-05:00",
    "2100-01-01T00:00:00Z",
    "2026-11-20T16:00:00+01:00\n",
    "２０２６-11-20T16:00:00+01:00",
    "yesterday",
    "",
    1763650800,
    datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
    datetime(2026, 11, 20, 16, 0, tzinfo=timezone(timedelta(hours=1))),
    datetime(2026, 11, 20, 16, 0),
    datetime(1999, 12, 31, 23, 0, tzinfo=UTC),
    None,
]
TEXTS: list[Any] = [
    "introduce",
    "walk",
    "",
    "x" * 65,
    "in\x00troduce",
    "Mia",
    5,
    None,
    b"introduce",
]
CHOICES: list[Any] = [
    "upright", "forward", "slow_blink", "relaxed", "purring", "low", "unseen",
    "shade", "full", "indoor", "harness", "collar", "home", "busy_outdoors",
    "food", "metric", "walk", "Relaxed", "", None, 3,
]  # fmt: skip
LISTS: list[Any] = [
    [],
    ["panting"],
    ["panting", "excessive_grooming"],
    ["toileting", "x"],
    "panting",
    None,
]
ANY = NUMBERS + FLAGS + INSTANTS + TEXTS + CHOICES + LISTS
MISSING = object()

SESSION_PATHS: dict[str, list[Any]] = {
    "at": INSTANTS,
    "stage": TEXTS,
    "level": NUMBERS,
    "minutes": NUMBERS,
    "reps": NUMBERS,
    "calm_reps": NUMBERS,
    "observation.tail": CHOICES,
    "observation.body": CHOICES,
    "observation.vocal": CHOICES,
    "observation.signs": LISTS,
    "observation.took_treats": FLAGS,
    "observation.entered_voluntarily": FLAGS,
    "context.temp_c": NUMBERS,
    "context.humidity_pct": NUMBERS,
    "context.wind_ms": NUMBERS,
    "context.pack_temp_c": NUMBERS,
    "context.sun": CHOICES,
    "context.in_backpack": FLAGS,
    "context.after_exertion": FLAGS,
    "checks.harness_on": FLAGS,
    "checks.tether": CHOICES,
    "checks.zip_clips": FLAGS,
}
TOP_PATHS: dict[str, list[Any]] = {
    "now": INSTANTS,
    "version": NUMBERS,
    "timezone": ["Europe/Berlin", "Mars/Olympus", "", None, 5],
    "cat.name": TEXTS,
    "cat.weight_kg": NUMBERS,
    "cat.harness_trained": FLAGS,
    "cat.motivation": [["food"], ["fish"], "food", None, []],
    "planned.temp_c": NUMBERS,
    "planned.minutes": NUMBERS,
    "planned.checks.leash_on": FLAGS,
    "pauses": [
        [{"from": "2026-11-01T00:00:00Z", "to": "2026-11-05T00:00:00Z"}],
        [{"from": "2026-11-05T00:00:00Z", "to": "2026-11-01T00:00:00Z"}],
        [{"from": "2026-11-01T00:00:00Z"}],
        None,
    ],
    "backpack.weight_kg": NUMBERS,
    "backpack.mesh_sides": NUMBERS,
    "backpack.inner_tether": FLAGS,
    "trip.hours": NUMBERS,
    "trip.kind": ["walk", "hike", "cruise", None],
    "trip.temp_c": NUMBERS,
}


def _base(trip: bool) -> dict[str, Any]:
    h = timedelta(hours=1)
    log = [
        session("introduce", 1, T0 - 30 * h),
        session("introduce", 2, T0 - 20 * h, observation=dict(UNEASY), calm=3),
        session(
            "introduce",
            3,
            T0 - 10 * h,
            context={"sun": "shade", "temp_c": 21.5, "humidity_pct": 40, "in_backpack": True},
            checks=dict(SAFE_CHECKS),
        ),
        session("introduce", 3, T0 - h, observation=dict(HISSING), calm=1),
    ]
    req = request(log, now=T0)
    req["planned"] = {"location": "home", "temp_c": 20, "checks": dict(SAFE_CHECKS)}
    req["backpack"] = {"weight_kg": 1.2, "mesh_sides": 2, "inner_tether": True}
    if trip:
        req["trip"] = {"kind": "walk", "hours": 1.5, "temp_c": 18}
    return req


def _put(req: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    target: Any = req
    for key in parents:
        target = target.setdefault(key, {}) if isinstance(target, dict) else target
    if not isinstance(target, dict):
        return
    if value is MISSING:
        target.pop(last, None)
    else:
        target[last] = value


@st.composite
def requests(draw: st.DrawFn, trip: bool = False) -> dict[str, Any]:
    """A valid request with zero to three values replaced (or removed)."""
    req = _base(trip)
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            i = draw(st.integers(0, len(req["sessions"]) - 1))
            path = draw(st.sampled_from(sorted(SESSION_PATHS)))
            pool = SESSION_PATHS[path]
            where = req["sessions"][i]
        else:
            path = draw(st.sampled_from(sorted(TOP_PATHS)))
            pool = TOP_PATHS[path]
            where = req
        pool = [*pool, MISSING] if draw(st.integers(0, 9)) else ANY
        _put(where, path, draw(st.sampled_from(pool)))
    return req


def typed(value: Any) -> Any:
    """A value with the type of every part in it (1 and 1.0 differ here)."""
    if isinstance(value, BaseModel):
        return (type(value).__name__, typed(value.__dict__), sorted(value.model_fields_set))
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [typed(v) for v in value]
    if isinstance(value, datetime):
        return ("datetime", value.isoformat(), value.utcoffset())
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def _full(model: type[BaseModel], req: dict[str, Any]) -> tuple[BaseModel | None, str | None]:
    try:
        return model.model_validate(req), None
    except ValidationError as exc:
        return None, str(input_error(exc))


def _agree(model: type[BaseModel], parse: Any, req: dict[str, Any]) -> None:
    full, error = _full(model, req)
    fast = fast_parse(model, req)
    if fast is not None:
        assert full is not None, "the fast pass accepted what the full validation refuses"
        assert typed(fast) == typed(full)
    try:
        parsed = parse(req)
    except CoachInputError as exc:
        assert error is not None, "refused a request the full validation accepts"
        assert str(exc) == error
        return
    assert error is None, "accepted a request the full validation refuses"
    assert typed(parsed) == typed(full)


@PROPS
@given(requests())
def test_coach_request_fast_and_full_paths_agree(req: dict[str, Any]) -> None:
    _agree(CoachRequest, parse_coach_request, req)


@PROPS
@given(requests(trip=True))
def test_trip_request_fast_and_full_paths_agree(req: dict[str, Any]) -> None:
    _agree(TripRequest, parse_trip_request, req)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_the_same_decision_either_way(req: dict[str, Any]) -> None:
    """The coach decides (or refuses) the same from either path's model."""
    full, _ = _full(CoachRequest, req)
    fast = fast_parse(CoachRequest, req)
    if fast is None or full is None:
        return
    outcomes = []
    for parsed in (fast, full):
        assert isinstance(parsed, CoachRequest)
        try:
            outcomes.append(decide_parsed(parsed))
        except CoachInputError as exc:
            outcomes.append(str(exc))
    assert outcomes[0] == outcomes[1]


def test_valid_requests_take_the_fast_path() -> None:
    """Otherwise the speed-up is silently gone (as when pydantic reuses a
    model's own validator wherever its class appears)."""
    for trip in (False, True):
        req = _base(trip)
        model = TripRequest if trip else CoachRequest
        assert fast_parse(model, req) is not None
    assert fast_parse(CoachRequest, request([session()])) is not None


def test_near_misses_fall_back_to_the_full_check() -> None:
    """What the full check accepts in its own way (7.0 as a whole number, a
    datetime given by a Python caller) still works, through whichever path."""
    req = _base(False)
    req["sessions"][0]["level"] = 1.0
    assert fast_parse(CoachRequest, req) is None
    assert parse_coach_request(req).sessions[0]["level"] == 1
    assert decide(req)["decision"] == "stop"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("sessions.0.minutes", "4", "sessions[0].minutes: expected a number (got '4')"),
        ("sessions.0.minutes", math.nan, "sessions[0].minutes: Input should be greater than"),
        ("sessions.1.observation.took_treats", 1, "sessions[1].observation.took_treats: expected"),
        (
            "sessions.2.at",
            "2026-11-20 16:00:00+01:00",
            "sessions[2].at: '2026-11-20 16:00:00+01:00'",
        ),
        ("sessions.2.at", "1999-12-31T23:30:00Z", "sessions[2].at: '1999-12-31T23:30:00Z' is not"),
        ("now", "2026-11-20T16:00:00", "now: '2026-11-20T16:00:00' has no time zone"),
    ],
)
def test_errors_are_the_full_paths_words(path: str, value: Any, message: str) -> None:
    req = _base(False)
    *parents, last = path.split(".")
    target: Any = req
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[last] = value
    assert fast_parse(CoachRequest, req) is None
    with pytest.raises(CoachInputError) as caught:
        decide(req)
    assert str(caught.value).startswith(message), str(caught.value)


@pytest.mark.parametrize("model", [CoachRequest, TripRequest])
def test_the_fast_pass_calls_no_python_per_value(model: type[BaseModel]) -> None:
    """Only the once-per-instant year check (for datetime objects), the time
    zone and a pause's order remain in Python; none of the per-value checks."""
    validator = _fields_validator(model)
    assert validator is not None
    schema = model.__pydantic_core_schema__["schema"]
    left = set(python_checks(native(schema)))
    assert left <= {"_in_range", "_known_zone", "_ordered"}, left
    assert {"_number", "_flag", "_instant_text"} <= set(python_checks(schema))
