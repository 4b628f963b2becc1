"""The protocol is all data: roles on the stages, one criterion at a time.

* No code outside the protocol package names a stage: the engine reads roles
  (car branch, upkeep, what a stage trains, trip needs) from the stages.
* Walking the protocol, no level raises more than one of place, duration,
  closure, movement and distance over the level before it (Pryor's 2nd law);
  the others hold or are relaxed (Pryor's 4th law, the guide's "start with a
  very short amount of time" in every new situation).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import get_args

import pytest

import catpack
from catpack.domain import protocol as P
from catpack.domain.contract import Location, TripKind
from catpack.domain.protocol.model import lv

SRC = Path(catpack.__file__).parent
PROTOCOL_PACKAGE = Path(P.__file__).parent
# The simulator is a model of the world, not the engine: its hidden demand
# table is keyed by stage id on purpose and checked against the live protocol
# (sim/demand.py), and its own words ("outdoors" as a kind of challenge) may
# coincide with stage ids.
WORLD_MODEL = SRC / "sim"
STAGE_IDS = frozenset(P.BY_ID)
# Stage ids that are also place names ("doorway", "car"): a literal is a stage
# id only where its line speaks of a stage.
SHARED_WITH_PLACES = STAGE_IDS & set(get_args(Location))


def _stage_literals(path: Path) -> Iterator[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if node.value not in STAGE_IDS or id(node) in docstrings:
            continue
        line = lines[node.lineno - 1]
        if node.value in SHARED_WITH_PLACES and "stage" not in line.lower():
            continue
        yield node.lineno, line.strip()


def test_no_stage_id_literal_outside_the_protocol_package() -> None:
    found = [
        f"{path.relative_to(SRC)}:{lineno}: {line}"
        for path in sorted(SRC.rglob("*.py"))
        if PROTOCOL_PACKAGE not in path.parents and WORLD_MODEL not in path.parents
        for lineno, line in _stage_literals(path)
    ]
    assert found == []


def test_the_literal_check_catches_a_stage_test(tmp_path: Path) -> None:
    code = tmp_path / "bad.py"
    code.write_text(
        'def f(stage, loc):\n    if stage.id == "car":\n        return loc == "car"\n'
        '    return stage.id in ("refresher", "adventure")\n',
        encoding="utf-8",
    )
    assert [n for n, _ in _stage_literals(code)] == [2, 4, 4]


def _ladder(with_car: bool) -> list[tuple[str, P.Level]]:
    return [
        (f"{s.id} {i}", level)
        for s in P.TRAINING_LADDER
        if with_car or not s.optional
        for i, level in enumerate(s.levels, 1)
    ]


def _walks() -> Iterator[tuple[str, list[tuple[str, P.Level]]]]:
    """Every sequence of levels the engine can move through, in order."""
    yield "ladder with the car", _ladder(with_car=True)
    yield "ladder without the car", _ladder(with_car=False)
    harness = P.HARNESS_STAGE
    yield "harness track", [(f"{harness.id} {i}", lv) for i, lv in enumerate(harness.levels, 1)]
    upkeep = [*P.REFRESHER.levels, *P.MAINTENANCE.levels]
    yield "refresher into maintenance", [(f"upkeep {i}", lv) for i, lv in enumerate(upkeep, 1)]
    yield "graduation", [("last", P.LAST_TRAINING_STAGE.top), ("maintenance", P.MAINTENANCE.top)]
    yield "lapse", [("maintenance", P.MAINTENANCE.top), ("refresher 1", P.REFRESHER.levels[0])]


@pytest.mark.parametrize(("name", "levels"), list(_walks()), ids=[n for n, _ in _walks()])
def test_one_criterion_at_a_time(name: str, levels: list[tuple[str, P.Level]]) -> None:
    too_many = [
        f"{a} -> {b}: raises {', '.join(up)}"
        for (a, before), (b, after) in pairwise(levels)
        if len(up := P.raised(before, after)) > 1
    ]
    assert too_many == []


def test_the_walk_would_catch_a_busier_and_longer_level() -> None:
    quiet = lv("quiet", "quiet_outdoors", 45)
    assert P.raised(quiet, lv("busy", "busy_outdoors", 60)) == ("place", "duration")
    assert P.raised(quiet, lv("busy, short", "busy_outdoors", 15)) == ("place",)
    assert P.raised(lv("a", closed_s=120), lv("b", closed_s=P.THROUGHOUT)) == ("closure",)


def test_a_new_place_starts_no_longer_than_the_level_before() -> None:
    for name, levels in _walks():
        for (a, before), (b, after) in pairwise(levels):
            if "place" in P.raised(before, after):
                assert after.max_minutes <= before.max_minutes, f"{name}: {a} -> {b}"


def test_axes_agree_with_the_criteria_that_state_them() -> None:
    for stage in P.STAGES:
        for level in stage.levels:
            c = level.criterion
            if "door_closed_s" in c:
                assert level.closed_s == c["door_closed_s"], stage.id
            if "walk_min" in c:
                assert level.max_minutes == c["walk_min"], stage.id
            if "inside_s" in c:
                assert c["inside_s"] <= level.max_minutes * 60 and level.closed_s == 0
            if level.closed_s != P.THROUGHOUT:
                assert level.closed_s <= level.max_minutes * 60, (stage.id, level.does)


def test_places_are_every_location_quiet_to_busy() -> None:
    assert set(P.PLACES) == set(get_args(Location))
    assert P.PLACES[0] == "home" and P.PLACES[-1] == "busy_outdoors"
    assert P.PLACES.index("quiet_outdoors") < P.PLACES.index("busy_outdoors")


def test_roles_are_on_the_stages() -> None:
    assert P.HARNESS_STAGE.track == "harness" and P.HARNESS_STAGE.step == 0
    assert P.FIRST_BACKPACK_STAGE.step == 1
    assert P.LAST_TRAINING_STAGE.role == "training" and P.LAST_TRAINING_STAGE.step == 10
    assert P.MAINTENANCE.role == "maintenance" and P.REFRESHER.role == "refresher"
    assert not any(s.upkeep for s in P.TRAINING_LADDER)
    (car,) = [s for s in P.STAGES if s.branch == "car"]
    assert car.optional and P.NEVER_ALONE_IN_CAR in car.gates
    assert all(lv.location == "car" for lv in car.levels)
    # Every trip kind is prepared by some stage; a road trip also by the car branch.
    for kind in get_args(TripKind):
        assert any(kind in s.prepares for s in P.STAGES), kind
    assert "road_trip" in car.prepares
    # Stops on a trip only get rarer along the ladder.
    stops = [s.trip_stops_min for s in P.TRAINING_LADDER]
    assert stops == sorted(stops)


def test_protocol_json_carries_the_axes_and_roles() -> None:
    stages = catpack.protocol()["stages"]
    for s in stages:
        assert {"role", "about", "branch", "prepares"} <= set(s)
        for detail in s["level_details"]:
            assert {"closed_s", "movement", "distance"} <= set(detail)
    walks = [s for s in stages if s["about"] == "long"]
    assert walks[0]["level_details"][-1]["closed_s"] is None  # closed the whole outing
