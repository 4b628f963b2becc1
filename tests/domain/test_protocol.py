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


def test_the_listing_is_in_the_engines_order_through_graduation() -> None:
    """`catpack protocol` lists the stages "in training order" (coach-contract.md),
    the order the engine moves through them: each main-line stage's top level
    raises to the next listed stage's first, graduation leads into the upkeep,
    and there the refresher's levels chain below the routine trip (a level down
    from the routine trip is the refresher's top; calm at its top, back to the
    routine). Wrong before: the refresher was listed after the routine trip."""
    from itertools import pairwise

    from catpack.domain import protocol as P
    from catpack.domain.moves import Position, down, up

    listed = [P.BY_ID[s["id"]] for s in protocol()["stages"]]
    main = [s for s in listed if s.track == "backpack" and not s.optional]
    ladder = [s for s in P.TRAINING_LADDER if not s.optional]
    assert main[: len(ladder)] == ladder
    for before, after in pairwise(main):
        top = Position(before, len(before.levels))
        if not before.upkeep and not after.upkeep:
            assert up(top, False, False) == Position(after, 1), (before.id, after.id)
        elif before.upkeep:  # after graduation
            assert up(top, False, True) == Position(after, 1), (before.id, after.id)
            assert down(Position(after, 1), False) == top, (before.id, after.id)
    upkeep = [s.id for s in main if s.upkeep]
    assert upkeep == ["refresher", "maintenance"], upkeep
