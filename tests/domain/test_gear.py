"""Backpack fit (fits / tight / too small) and the pack's flags in decide and plan_trip."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catpack import decide, plan_trip
from catpack.domain import protocol as P
from catpack.domain.contract import Backpack, Cat
from catpack.domain.gear import fit, pack_flags
from tests.factories import SAFE_CHECKS, T0, cat, graduation, request, series

MOCHI = Cat(name="Mochi", length_cm=40, height_cm=28, weight_kg=4.0)
GOOD: dict[str, Any] = {
    "length_cm": 60,
    "width_cm": 40,
    "height_cm": 30,
    "weight_kg": 1.2,
    "max_cat_kg": 7,
    "openings": ["front", "top"],
    "mesh_sides": 3,
    "bubble_window": False,
    "inner_tether": True,
    "tether_low": True,
    "zip_clips": True,
    "soft_sided": True,
}


def pack(**overrides: Any) -> Backpack:
    return Backpack(**{**GOOD, **overrides})


@pytest.mark.parametrize(
    ("overrides", "verdict", "dimension"),
    [
        ({}, "fits", None),
        ({"length_cm": 45}, "tight", "length"),  # needs 60 (1.5 x 40); 45 >= 40
        ({"length_cm": 39, "width_cm": 30}, "too_small", "length"),  # 39 < 40 (width 30: tight)
        ({"width_cm": 30}, "tight", "width"),  # needs 40 (as wide as the cat is long)
        ({"width_cm": 25}, "too_small", "width"),  # 25 < 2/3 of 40
        ({"height_cm": 20}, "tight", "height"),  # needs 28; 20 >= 18.7
        ({"height_cm": 18}, "too_small", "height"),
        ({"length_cm": 40, "width_cm": 60}, "fits", None),  # the longer floor side is the length
    ],
)
def test_fit_rule(overrides: dict[str, Any], verdict: str, dimension: str | None) -> None:
    out = fit(pack(**overrides), MOCHI)
    assert out["verdict"] == verdict
    worst = [c["dimension"] for c in out["checks"] if c["verdict"] == verdict != "fits"]
    assert worst == ([dimension] if dimension else [])
    if dimension:
        assert any(r.startswith(f"Inside {dimension}") for r in out["reasons"])
    assert "1.5 times" in out["rule"]


def test_fit_in_inches_for_an_imperial_owner() -> None:
    out = fit(pack(length_cm=45), MOCHI, "imperial")
    assert out["checks"][0] == {
        "dimension": "length",
        "pack": "17.7 in",
        "needs": "23.6 in",
        "verdict": "tight",
        "reason": "Inside length 17.7 in is a little short: about 1.5 times Mochi's length "
        "(23.6 in) is advised.",
    }


def test_fit_says_what_is_missing() -> None:
    out = fit(Backpack(max_cat_kg=5), Cat(name="Mochi"))
    assert out["verdict"] is None and out["checks"] == []
    assert len(out["missing"]) == 3
    assert fit(pack(openings=["top"]), MOCHI)["reasons"][-1].startswith("A front or side")


@pytest.mark.parametrize(
    ("weight", "rating", "blocking", "warning"),
    [
        (4.0, 7, [], []),
        (4.0, 4.5, [], ["near_weight_rating"]),
        (5.0, 4.5, ["over_weight_rating"], []),
    ],
)
def test_weight_rating(
    weight: float, rating: float, blocking: list[str], warning: list[str]
) -> None:
    the_cat = MOCHI.model_copy(update={"weight_kg": weight})
    flags = pack_flags(pack(max_cat_kg=rating), the_cat, P.BY_ID["introduce"], is_sunny=False)
    assert flags.blocking == blocking
    assert flags.warnings == warning
    harness = pack_flags(pack(max_cat_kg=rating), the_cat, P.HARNESS_STAGE, is_sunny=False)
    assert harness.blocking == []  # harness training does not use the pack


@pytest.mark.parametrize("stage", P.STAGES, ids=lambda s: s.id)
def test_no_inner_tether_blocks_exactly_the_stages_that_move_the_pack(stage: P.Stage) -> None:
    flags = pack_flags(pack(inner_tether=False), MOCHI, stage, is_sunny=False)
    assert ("no_inner_tether" in flags.blocking) is stage.moves_pack
    high = pack_flags(pack(tether_low=False, zip_clips=False), MOCHI, stage, is_sunny=False)
    expected = ["tether_high", "no_zip_clips"] if stage.moves_pack else []
    assert high.warnings == expected


def test_no_inner_tether_is_blocking_from_step_5() -> None:
    assert any(s.moves_pack for s in P.STAGES if s.step >= 5)
    assert not any(s.moves_pack for s in P.STAGES if s.step < 5)


@pytest.mark.parametrize(
    ("sun", "location", "warned"),
    [
        ("full", "quiet_outdoors", True),
        ("partial", "quiet_outdoors", True),
        ("shade", "quiet_outdoors", False),
        (None, "quiet_outdoors", True),
        (None, "home", False),
    ],
)
def test_heat_warnings_on_sunny_outings(sun: str | None, location: str, warned: bool) -> None:
    from catpack.domain.gear import sunny

    is_sunny = sunny(sun, location)  # type: ignore[arg-type]
    bubble = pack_flags(pack(bubble_window=True), MOCHI, P.MAINTENANCE, is_sunny=is_sunny)
    sealed = pack_flags(pack(mesh_sides=0), MOCHI, P.MAINTENANCE, is_sunny=is_sunny)
    assert ("bubble_window_heat" in bubble.warnings) is warned
    assert ("no_mesh_heat" in sealed.warnings) is warned
    assert bool(bubble.reasons) is warned


# ------------------------------------------------------------- in the engine

DOOR_DONE = series([("door-closed", lv) for lv in range(1, 8)], checks=SAFE_CHECKS)


def test_decide_blocks_the_first_movement_session_without_a_tether() -> None:
    late = T0 + timedelta(days=1)
    ok = decide(request(DOOR_DONE, now=late, backpack=GOOD))
    assert ok["decision"] == "advance" and ok["stage"]["id"] == "movement"
    out = decide(request(DOOR_DONE, now=late, backpack={**GOOD, "inner_tether": False}))
    assert out["decision"] == "blocked" and out["stage"]["id"] == "movement"
    assert "no_inner_tether" in out["safety"]["blocking"]
    assert any("no inner tether" in r for r in out["reasons"])
    earlier = decide(request(DOOR_DONE[:3], now=late, backpack={**GOOD, "inner_tether": False}))
    assert earlier["decision"] == "push"


def test_decide_blocks_an_overweight_cat_and_warns_of_a_bubble_in_the_sun() -> None:
    heavy = request([], cat=cat(weight_kg=6.0), backpack={**GOOD, "max_cat_kg": 5})
    out = decide(heavy)
    assert out["decision"] == "blocked"
    assert out["safety"]["blocking"] == ["over_weight_rating"]
    walk = request(
        [graduation()],
        now=T0 + timedelta(days=1),
        backpack={**GOOD, "bubble_window": True},
        planned={"location": "quiet_outdoors", "sun": "full", "temp_c": 18, "humidity_pct": 50},
    )
    sunny_out = decide(walk)
    assert sunny_out["decision"] == "maintain"
    assert "bubble_window_heat" in sunny_out["safety"]["warnings"]
    shade = decide({**walk, "planned": {**walk["planned"], "sun": "shade"}})
    assert "bubble_window_heat" not in shade["safety"]["warnings"]


def test_plan_trip_reports_fit_and_pack_flags() -> None:
    req = {
        "version": 1,
        "now": (T0 + timedelta(hours=1)).isoformat(),
        "cat": cat(length_cm=40, height_cm=28),
        "sessions": [graduation()],
        "trip": {
            "kind": "hike",
            "hours": 3,
            "sun": "full",
            "temp_c": 15,
            "backpack": {**GOOD, "length_cm": 45, "bubble_window": True},
        },
        "units": "imperial",
    }
    out = plan_trip(req)
    assert out["ready"] is True and out["fit"]["verdict"] == "tight"
    assert "bubble_window_heat" in out["safety"]["warnings"]
    req["trip"]["backpack"]["inner_tether"] = False
    blocked = plan_trip(req)
    assert blocked["ready"] is False and "no_inner_tether" in blocked["safety"]["blocking"]


_FIT_RANK = {"fits": 0, "tight": 1, "too_small": 2}
CM = st.floats(min_value=5, max_value=120, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(dims=st.tuples(CM, CM, CM), shrink=st.floats(0, 30), length=CM, height=CM)
def test_fit_is_monotonic(
    dims: tuple[float, float, float], shrink: float, length: float, height: float
) -> None:
    the_cat = Cat(name="Mochi", length_cm=min(length, 150), height_cm=min(height, 100))
    big = fit(Backpack(length_cm=dims[0], width_cm=dims[1], height_cm=dims[2]), the_cat)
    small = fit(
        Backpack(length_cm=max(1, dims[0] - shrink), width_cm=dims[1], height_cm=dims[2]),
        the_cat,
    )
    assert _FIT_RANK[small["verdict"]] >= _FIT_RANK[big["verdict"]]
    imperial = fit(
        Backpack(length_cm=dims[0], width_cm=dims[1], height_cm=dims[2]), the_cat, "imperial"
    )
    assert imperial["verdict"] == big["verdict"]


def test_every_pack_flag_has_words() -> None:
    from catpack.words import SAFETY_WORDS

    every = pack_flags(
        pack(max_cat_kg=3, inner_tether=False, zip_clips=False, bubble_window=True, mesh_sides=0),
        MOCHI,
        P.BY_ID["movement"],
        is_sunny=True,
    )
    near = pack_flags(pack(max_cat_kg=4.5, tether_low=False), MOCHI, P.MAINTENANCE, is_sunny=False)
    ids = {*every.blocking, *every.warnings, *near.warnings}
    assert ids == {
        "over_weight_rating",
        "no_inner_tether",
        "no_zip_clips",
        "bubble_window_heat",
        "no_mesh_heat",
        "near_weight_rating",
        "tether_high",
    }
    assert ids <= set(SAFETY_WORDS)
