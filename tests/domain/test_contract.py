"""Bad input names the field, in one line; outputs validate against the schema."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from catpack import CoachInputError, decide, plan_trip
from catpack.domain.contract import json_schemas
from tests.factories import CALM, SAFE_CHECKS, request, session


def _with(path: list[Any], value: Any) -> dict[str, Any]:
    req = request(
        [
            session("introduce", 1),
            session("introduce", 2),
            session("introduce", 3),
            session("introduce", 4),
        ]
    )
    target: Any = req
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return req


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ["sessions", 3, "observation", "ears"],
            "sideway",
            "sessions[3].observation.ears: 'sideway' is not one of 'forward', 'neutral'",
        ),
        (["now"], "2026-11-26T09:30:00", "now: '2026-11-26T09:30:00' has no time zone"),
        (["sessions", 1, "at"], "yesterday", "sessions[1].at: "),
        (["sessions", 0, "minutes"], -3, "sessions[0].minutes: "),
        (["sessions", 2, "stage"], "flying", "sessions[2].stage: 'flying' is not one of"),
        (["sessions", 2, "level"], 9, "sessions[2].level: 9 is above the 4 levels"),
        (["sessions", 0, "calm_reps"], 9, "sessions[0].calm_reps: 9 cannot exceed reps (5)"),
        (["cat", "motivation"], ["fish"], "cat.motivation[0]: 'fish' is not one of"),
        (["version"], 2, "version: 2 is not one of 1"),
        (["cat", "name"], "", "cat.name: "),
    ],
)
def test_bad_input_names_the_field(path: list[Any], value: Any, message: str) -> None:
    with pytest.raises(CoachInputError) as caught:
        decide(_with(path, value))
    text = str(caught.value)
    assert text.startswith(message), text
    assert "\n" not in text
    assert caught.value.field == text.split(": ")[0]


@pytest.mark.parametrize("missing", ["version", "now", "cat", "sessions"])
def test_missing_required_field(missing: str) -> None:
    req = request()
    del req[missing]
    with pytest.raises(CoachInputError, match=f"^{missing}: is required"):
        decide(req)


def test_not_an_object() -> None:
    with pytest.raises(CoachInputError, match="expected a JSON object"):
        decide([])  # type: ignore[arg-type]


def test_unknown_airline_names_the_field() -> None:
    req = {
        **request([session("adventure", 4, checks=SAFE_CHECKS)]),
        "trip": {"kind": "flight", "hours": 2, "airline": "catair"},
    }
    with pytest.raises(CoachInputError, match=r"^trip\.airline: 'catair' is not one of"):
        plan_trip(req)


def test_extra_fields_are_ignored_not_rejected() -> None:
    req = request([session("introduce", 1, observation={**CALM, "whiskers": "forward"})])
    req["client"] = "someone else's app"
    assert decide(req)["decision"] == "push"


def test_schema_lists_every_entry_point() -> None:
    schemas = json_schemas()
    assert set(schemas) == {"coach_request", "coach_decision", "trip_request", "trip_plan"}
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    # The zones a request may name are listed (as the check takes them).
    zone = schemas["coach_request"]["properties"]["timezone"]["anyOf"][0]
    assert "Europe/Berlin" in zone["enum"] and "Mars/Base" not in zone["enum"]


def _bound_names(schema: object) -> set[str]:
    """The keys of every number's schema in ``schema`` that name a bound."""
    found: set[str] = set()
    if isinstance(schema, dict):
        if schema.get("type") in ("number", "integer"):
            found |= set(schema) & {"ge", "le", "gt", "lt", "minimum", "maximum"}
        for value in schema.values():
            found |= _bound_names(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= _bound_names(value)
    return found


def test_schema_states_the_bounds_of_numbers_under_json_schema_names() -> None:
    """pydantic wrote a bound after the strict-number check as "ge"/"le",
    which JSON Schema ignores: the published schema stated no bound at all."""
    schemas = json_schemas()
    assert _bound_names(schemas) == {"minimum", "maximum"}
    request_schema = schemas["coach_request"]
    example = request([session("introduce", 1, context={"temp_c": 20.0})])
    jsonschema.validate(example, request_schema)
    for bad in (
        request([session("introduce", 51)]),
        request([session("introduce", 1, context={"temp_c": 61.0})]),
        {**request(), "cat": {"name": "Meister", "weight_kg": 0}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, request_schema)


def test_example_request_from_the_contract_validates_and_decides() -> None:
    example = {
        "version": 1,
        "now": "2026-11-26T09:30:00+01:00",
        "cat": {
            "name": "Meister",
            "motivation": ["food", "play", "comfort"],
            "harness_trained": True,
            "outdoor_experience": "none",
            "carrier_history": "none",
            "weight_kg": 4.6,
        },
        "sessions": [
            {
                "at": "2026-11-25T18:00:00+01:00",
                "stage": "door-closed",
                "level": 2,
                "minutes": 4,
                "reps": 5,
                "calm_reps": 5,
                "observation": {
                    "tail": "upright",
                    "ears": "forward",
                    "eyes": "slow_blink",
                    "body": "relaxed",
                    "vocal": "purring",
                    "signs": [],
                    "took_treats": True,
                    "entered_voluntarily": True,
                },
                "context": {
                    "location": "home",
                    "in_backpack": True,
                    "after_exertion": False,
                    "sun": "indoor",
                    "temp_c": 21.0,
                    "humidity_pct": 45,
                    "wind_ms": 1.0,
                },
                "checks": {
                    "harness_on": True,
                    "tether": "harness",
                    "openings_closed": True,
                    "zip_clips": True,
                },
            }
        ],
        "planned": {
            "location": "quiet_outdoors",
            "sun": "full",
            "temp_c": 31,
            "humidity_pct": 60,
            "wind_ms": 1.5,
            "minutes": 30,
        },
    }
    jsonschema.validate(example, json_schemas()["coach_request"])
    out = decide(example)
    jsonschema.validate(out, json_schemas()["coach_decision"])
    assert out["decision"] == "blocked" and "heat_extreme" in out["safety"]["blocking"]
    assert out["stage"]["id"] == "door-closed" and out["stage"]["level"] == 3


def test_validate_session_for_services() -> None:
    from catpack.domain.contract import session_json
    from catpack.domain.decide import validate_session

    raw = session("door-closed", 2)
    s = validate_session(raw)
    assert session_json(s)["at"] == raw["at"]
    assert decide(request([session_json(s)]))["stage"]["level"] == 3
    with pytest.raises(CoachInputError, match=r"^session\.level: 9 is above the 7 levels"):
        validate_session({**raw, "level": 9})
    with pytest.raises(CoachInputError, match=r"^session\.observation\.tail: 'wag' is not one"):
        validate_session({**raw, "observation": {"tail": "wag"}})
    with pytest.raises(CoachInputError, match=r"^session\.calm_reps: 6 cannot exceed reps"):
        validate_session({**raw, "calm_reps": 6})


def test_validate_session_reports_every_problem_at_once() -> None:
    """The one session check returns every problem, each naming its field
    (schema, stage, level and counts together), not just the first."""
    from catpack.domain.decide import validate_session

    raw = session("door-closed", 2)
    bad = {
        **raw,
        "level": 9,
        "reps": 3,
        "calm_reps": 4,
        "minutes": -1,
        "observation": {"tail": "wag", "ears": "sideway", "signs": ["panting", "sulking"]},
    }
    with pytest.raises(CoachInputError) as caught:
        validate_session(bad)
    fields = [p.field for p in caught.value.problems]
    assert sorted(fields) == [
        "session.calm_reps",
        "session.level",
        "session.minutes",
        "session.observation.ears",
        "session.observation.signs[1]",
        "session.observation.tail",
    ]
    assert "\n" not in str(caught.value) and str(caught.value).count("; ") == 5
    kinds = {p.field: p.kind for p in caught.value.problems}
    assert kinds["session.level"] == "level_above" and kinds["session.calm_reps"] == "counts"
    with pytest.raises(CoachInputError) as caught:
        validate_session({**raw, "stage": "moonwalk", "mood": "fine"}, strict=True)
    assert [p.field for p in caught.value.problems] == ["session.mood", "session.stage"]
