"""plan_trip: readiness per trip kind, packing, heat, airline fit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jsonschema
import pytest

from catpack import plan_trip
from catpack.domain.contract import json_schemas
from tests.factories import HISSING, SAFE_CHECKS, T0, cat, session

H = timedelta(hours=1)
AT_STEP = {
    "step 6": [session("doorway", 3, checks=SAFE_CHECKS, calm=1)],
    "step 8": [session("outdoors", 7, checks=SAFE_CHECKS, minutes=5)],
    "step 10": [
        session("local-walks", 4, T0 + i * H, checks=SAFE_CHECKS, minutes=60) for i in range(3)
    ],
    "trained": [session("adventure", 4, checks=SAFE_CHECKS, minutes=480)],
}


def trip(log: str, now_delta: timedelta = 3 * H, **trip_fields: Any) -> dict[str, Any]:
    fields = {"kind": "walk", "hours": 1, **trip_fields}
    req = {
        "version": 1,
        "now": (T0 + now_delta).isoformat(),
        "cat": cat(),
        "sessions": AT_STEP[log],
        "trip": fields,
    }
    out = plan_trip(req)
    jsonschema.validate(out, json_schemas()["trip_plan"])
    return out


@pytest.mark.parametrize(
    ("log", "kind", "hours", "ready"),
    [
        ("step 6", "walk", 0.1, False),
        ("step 8", "walk", 0.1, True),
        ("step 8", "walk", 1, False),  # five calm minutes do not make an hour
        ("step 8", "hike", 0.1, False),
        ("step 10", "hike", 1, True),
        ("step 10", "hotel", 1, True),
        ("step 10", "road_trip", 1, False),  # the car branch was never done
        ("trained", "flight", 1, False),  # no airline chosen: it asks for one
    ],
)
def test_readiness_follows_training(log: str, kind: str, hours: float, ready: bool) -> None:
    out = trip(log, kind=kind, hours=hours)
    assert out["ready"] is ready, out["reasons"]
    assert out["reasons"]


def test_not_ready_after_stress() -> None:
    req = {
        "version": 1,
        "now": (T0 + H).isoformat(),
        "cat": cat(),
        "sessions": [
            *AT_STEP["trained"],
            session("maintenance", 1, T0 + H / 2, observation=HISSING),
        ],
        "trip": {"kind": "walk", "hours": 1},
    }
    assert plan_trip(req)["ready"] is False


def test_heat_makes_a_trip_not_ready() -> None:
    out = trip("trained", kind="hike", hours=6, temp_c=30, humidity_pct=50, sun="full")
    assert out["ready"] is False and out["safety"]["blocking"] == ["heat_extreme"]


def test_lapse_asks_for_a_refresher_before_a_big_trip() -> None:
    out = trip("trained", now_delta=timedelta(days=40), kind="hike", hours=6)
    assert out["ready"] is False
    assert any("refresher" in r for r in out["reasons"])


def test_stops_every_few_minutes_early_on() -> None:
    assert trip("step 8")["stops_every_min"] < trip("trained")["stops_every_min"]


def test_a_flight_without_an_airline_asks_for_one() -> None:
    out = trip("trained", kind="flight", hours=3)
    assert out["ready"] is False
    assert any("Which airline?" in r for r in out["reasons"])
    assert not any(r.startswith("Ready") for r in out["reasons"])
    chosen = trip("trained", kind="flight", hours=3, airline="klm")
    assert chosen["ready"] is True, chosen["reasons"]


@pytest.mark.parametrize(
    ("airline", "dims", "weight", "fits"),
    [
        ("lufthansa", (43, 30, 20), 1.0, True),
        ("lufthansa", (43, 30, 25), 1.0, False),  # 25 cm > 23 cm
        ("lufthansa", (43, 30, 20), 4.0, False),  # 4.6 + 4.0 kg > 8 kg, carrier included
        ("delta", (45, 28, 28), None, None),  # a recommendation only: never "over"
        ("delta", (60, 40, 40), None, None),
        ("british_airways", (40, 25, 20), 1.0, False),  # no pets in the cabin
        ("klm", None, None, None),  # no size given: unknown, not a guess
    ],
)
def test_airline_fit(
    airline: str, dims: tuple[float, float, float] | None, weight: float | None, fits: bool | None
) -> None:
    backpack: dict[str, Any] = {"soft_sided": True}
    if dims:
        backpack.update(length_cm=dims[0], width_cm=dims[1], height_cm=dims[2])
    if weight:
        backpack["weight_kg"] = weight
    out = trip("trained", kind="flight", hours=3, airline=airline, backpack=backpack)
    assert out["airline"]["fits"] is fits
    assert "confirm" in out["airline"]["note"]
    assert any("confirm with" in r for r in out["reasons"])
    if fits is False:
        assert out["ready"] is False
    if airline == "delta":
        assert out["ready"] is True
        assert not any("over Delta's limit" in r for r in out["reasons"])
