"""Replay: a calm cat that follows every decision walks the whole ladder once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from catpack import decide, protocol
from tests.factories import HISSING, SAFE_CHECKS, T0, cat, request, session


def follow(
    c: dict[str, Any], limit: int = 200, hiss_at: tuple[str, int] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    log: list[dict[str, Any]] = []
    decisions = [decide(request(log, now=T0, cat=c))]
    hissed = False
    while decisions[-1]["decision"] not in ("maintain", "refer") and len(log) < limit:
        d = decisions[-1]
        at = max(
            datetime.fromisoformat(d["next_session"]["not_before"]),
            datetime.fromisoformat(log[-1]["at"]) if log else T0,
        ) + timedelta(minutes=30)
        pos = (d["stage"]["id"], d["stage"]["level"])
        obs = None
        if pos == hiss_at and not hissed:
            obs, hissed = HISSING, True
        log.append(session(*pos, at, checks=SAFE_CHECKS, observation=obs))
        decisions.append(decide(request(log, now=at + timedelta(minutes=5), cat=c)))
    return log, decisions


def test_calm_cat_climbs_every_level_once_and_graduates() -> None:
    """A relaxed cat with no step the guide expects to be hard for it (a garden
    cat, neutral about carriers) meets every new level at its full length."""
    log, decisions = follow(cat(outdoor_experience="garden"))
    assert decisions[-1]["decision"] == "maintain"
    expected = sum(
        s["levels"] * (3 if s["id"] == "local-walks" else 1)
        for s in protocol()["stages"]
        if s["track"] == "backpack"
        and not s["optional"]
        and s["id"] not in ("maintenance", "refresher")
    )
    assert len(log) == expected
    assert {d["decision"] for d in decisions} <= {"start", "push", "advance", "stick", "maintain"}


def test_cat_without_harness_does_the_harness_track_first() -> None:
    log, decisions = follow(cat(harness_trained=False))
    assert log[0]["stage"] == "harness-leash"
    harness = [i for i, s in enumerate(log) if s["stage"] == "harness-leash"]
    movement = [i for i, s in enumerate(log) if s["stage"] == "movement"]
    assert max(harness) < min(movement)
    assert decisions[-1]["decision"] == "maintain"


def test_one_stress_episode_costs_a_day_and_two_levels_not_the_journey() -> None:
    log, decisions = follow(cat(), hiss_at=("door-closed", 5))
    stop = next(i for i, d in enumerate(decisions) if d["decision"] == "stop")
    assert decisions[stop]["stage"] == {**decisions[stop]["stage"], "id": "door-closed", "level": 3}
    before, after = (
        datetime.fromisoformat(log[stop - 1]["at"]),
        datetime.fromisoformat(log[stop]["at"]),
    )
    assert after.date() > before.date()
    assert decisions[-1]["decision"] == "maintain"


def doubles(stage: str, level: int) -> bool:
    """The level raises only the length of the one below, at most twice it."""
    details = next(s for s in protocol()["stages"] if s["id"] == stage)["level_details"]
    if level == 1:
        return False
    new, old = details[level - 1], details[level - 2]
    same = all(new[k] == old[k] for k in ("location", "closed_s", "movement", "distance"))
    return same and old["max_minutes"] < new["max_minutes"] <= 2 * old["max_minutes"]


def test_indoor_cat_tastes_each_new_level_outside_the_home_first() -> None:
    """An indoor-only cat: each new level out of the home starts with a short first
    try (the guide expects going out to be its biggest step), except one that
    only doubles the length of the level below (its half is that level again);
    at home, relaxed, every level comes once at its full length."""
    log, decisions = follow(cat(outdoor_experience="none"))
    assert decisions[-1]["decision"] == "maintain"
    planned = [d["next_session"]["max_minutes"] for d in decisions[:-1]]
    full = {
        (s["id"], i): d["max_minutes"]
        for s in protocol()["stages"]
        for i, d in enumerate(s["level_details"], start=1)
    }
    home = {s["id"] for s in protocol()["stages"] if s["level_details"][0]["location"] == "home"}
    for s, minutes in zip(log, planned, strict=True):
        first = next(x for x in log if (x["stage"], x["level"]) == (s["stage"], s["level"]))
        if s["stage"] in home:
            assert minutes == full[(s["stage"], s["level"])]
        elif s is first and not doubles(s["stage"], s["level"]):
            assert minutes < full[(s["stage"], s["level"])], (s["stage"], s["level"])
