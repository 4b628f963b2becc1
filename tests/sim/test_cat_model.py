"""The virtual cat's hidden dynamics move in the documented directions."""

from __future__ import annotations

import dataclasses

import pytest

from catpack.domain.protocol import PLACES
from catpack.sim import ladder
from catpack.sim.cat import (
    EDGE,
    STRESS_MARGIN,
    Traits,
    VirtualCat,
    Weather,
    population,
    read,
)
from catpack.sim.demand import Rung

MILD = Weather(temp_c=18.0, humidity_pct=50, sun="shade", wind_ms=1.0)


def traits(**overrides: object) -> Traits:
    base = Traits(
        seed=11,
        tolerance={"enclosure": 3.0, "motion": 3.0, "outdoors": 3.0, "noise": 3.0},
        learn_rate=0.3,
        sensitivity=0.5,
        day_sd=0.0,  # no mood swings: the margin is the demand gap (+ tiny noise)
        heat_tolerance_c=35.0,
        ceiling=None,
        motivation=("food",),
        outdoor_experience="none",
        carrier_history="neutral",
        weight_kg=4.0,
    )
    return dataclasses.replace(base, **overrides)  # type: ignore[arg-type]


def rung(enclosure: float, location: str = "home") -> Rung:
    return Rung("door-closed", 1, 4, location, 5.0, {"enclosure": enclosure}, ())


def test_calm_exposure_near_the_edge_raises_tolerance() -> None:
    cat = VirtualCat(traits())
    exposure = cat.expose(rung(2.8), day=0, slot=0, w=MILD)  # just below 3.0
    assert not exposure.over_threshold
    assert cat.tolerance["enclosure"] > 3.0
    assert read(exposure.observation, 5, exposure.calm_reps) != "stressed"


def test_exposure_far_below_the_edge_teaches_nothing() -> None:
    cat = VirtualCat(traits())
    cat.expose(rung(3.0 - EDGE - 0.8), day=0, slot=0, w=MILD)
    assert cat.tolerance["enclosure"] == pytest.approx(3.0)


def test_gain_is_largest_right_at_the_edge() -> None:
    near, far = VirtualCat(traits()), VirtualCat(traits())
    near.expose(rung(2.75), day=0, slot=0, w=MILD)
    far.expose(rung(2.3), day=0, slot=0, w=MILD)
    assert near.tolerance["enclosure"] > far.tolerance["enclosure"] > 3.0


def test_over_threshold_exposure_lowers_tolerance_and_shows_real_stress() -> None:
    cat = VirtualCat(traits())
    exposure = cat.expose(rung(3.0 + STRESS_MARGIN + 0.6), day=0, slot=0, w=MILD)
    assert exposure.over_threshold
    assert cat.tolerance["enclosure"] < 3.0
    assert read(exposure.observation, 5, exposure.calm_reps) == "stressed"
    assert exposure.observation["signs"]  # at least one of the guide's stress signs


def test_mild_unease_neither_teaches_nor_sensitises() -> None:
    cat = VirtualCat(traits())
    exposure = cat.expose(rung(3.3), day=0, slot=0, w=MILD)
    assert not exposure.over_threshold
    assert cat.tolerance["enclosure"] == pytest.approx(3.0)


def test_tolerance_is_per_kind() -> None:
    cat = VirtualCat(traits())
    cat.expose(rung(2.8), day=0, slot=0, w=MILD)
    assert cat.tolerance["motion"] == pytest.approx(3.0)


def test_a_ceiling_stops_learning_past_it() -> None:
    cat = VirtualCat(traits(ceiling=("enclosure", 3.1)))
    for day in range(30):
        cat.expose(rung(3.0), day=day, slot=0, w=MILD)
    assert cat.tolerance["enclosure"] == pytest.approx(3.1)
    assert cat.traits.untrainable


def test_hot_pack_makes_the_cat_pant() -> None:
    cat = VirtualCat(traits(heat_tolerance_c=30.0))
    hot = Weather(temp_c=29.0, humidity_pct=60, sun="full", wind_ms=0.5)
    exposure = cat.expose(rung(1.0, location="quiet_outdoors"), day=0, slot=0, w=hot)
    assert exposure.hot
    assert "panting" in exposure.observation["signs"]
    indoors = VirtualCat(traits(heat_tolerance_c=30.0)).expose(rung(1.0), day=0, slot=0, w=hot)
    assert not indoors.hot


def test_population_has_untrainable_cats_and_spread() -> None:
    cats = population(5, 200)
    share = sum(c.untrainable for c in cats) / len(cats)
    assert 0.05 < share < 0.3
    rates = sorted(c.learn_rate for c in cats)
    assert rates[-1] > 2 * rates[0]


def test_every_protocol_stage_has_a_demand() -> None:
    steps = ladder()
    assert steps.rungs[0].stage == "introduce"
    assert steps.rungs[-1].stage == "adventure"
    assert all(r.demand for r in steps.rungs)
    # Within a stage, no kind gets easier from one level to the next, except
    # the bustle where the protocol goes back to a quieter place.
    places = PLACES
    for a, b in zip(steps.rungs, steps.rungs[1:], strict=False):
        if a.stage == b.stage:
            quieter = places.index(b.location) < places.index(a.location)
            eased = [k for k, v in a.demand.items() if b.demand.get(k, 0) < v]
            assert eased == [] or (quieter and eased == ["noise"]), (a, b)


def test_unknown_stage_is_refused() -> None:
    plan = {"stages": [{"id": "juggling", "levels": 1, "level_details": [{}]}]}
    with pytest.raises(ValueError, match="juggling"):
        ladder(plan)


def test_a_shorter_session_asks_part_way_to_the_level_below() -> None:
    # The guide starts each new situation short: half the level's length asks
    # half-way between the level below and the level itself, on every kind.
    steps = ladder()
    doorway = steps.rung("doorway", 1)
    assert doorway.below is steps.rung("movement", 6)
    cat = VirtualCat(traits(hard=(("doorway", 1.5),)))
    full = cat.demand(doorway)
    below = cat.demand(steps.rung("movement", 6))
    half = cat.demand(dataclasses.replace(doorway, max_minutes=doorway.length / 2))
    assert full["outdoors"] > half["outdoors"] > 0.0
    for kind, d in full.items():
        low = min(below.get(kind, 0.0), d)
        assert half[kind] == pytest.approx((d + low) / 2)
    # Full length (or longer) asks what the level asks; the first level of all has
    # nothing below it, so a shorter session there asks proportionally less.
    longer = dataclasses.replace(doorway, max_minutes=doorway.length * 2)
    assert cat.demand(longer) == full
    first = steps.rungs[0]
    assert first.below is None
    short = cat.demand(dataclasses.replace(first, max_minutes=first.length / 2))
    assert all(short[k] == pytest.approx(d / 2) for k, d in cat.demand(first).items())
