"""The protocol as data: complete, ordered, with gates where the guide puts them."""

from __future__ import annotations

from catpack import protocol


def test_every_step_0_to_10_and_maintenance_in_training_order() -> None:
    stages = protocol()["stages"]
    steps = [s["step"] for s in stages]
    assert steps == sorted(steps)
    assert set(steps) == set(range(11))
    assert {"maintenance", "refresher"} <= {s["id"] for s in stages}
    assert stages[0]["id"] == "harness-leash" and stages[0]["step"] == 0


def test_stage_shape_matches_the_contract() -> None:
    for s in protocol()["stages"]:
        assert {"id", "step", "title", "levels", "criteria", "gates"} <= set(s)
        assert len(s["criteria"]) == s["levels"]


def test_pack_gates_from_step_5_and_leash_outdoors() -> None:
    for s in protocol()["stages"]:
        if 5 <= s["step"] <= 10:
            assert {"harness_on", "tether_to_harness", "openings_closed"} <= set(s["gates"]), s[
                "id"
            ]
        if s["step"] < 5:
            assert s["gates"] == []
        if any(lv["location"].endswith("outdoors") for lv in s["level_details"]):
            assert "leash_on" in s["gates"], s["id"]


def test_car_branch_is_optional_and_never_alone() -> None:
    car = next(s for s in protocol()["stages"] if s["id"] == "car")
    assert car["optional"] and car["step"] == 6
    assert "never_alone_in_car" in car["gates"]
