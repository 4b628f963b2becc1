"""One named test (at least) per rule of shared/spec/protocol.md."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from catpack import decide, plan_trip, protocol
from tests.factories import CALM, HISSING, SAFE_CHECKS, T0, UNEASY, cat, request, session

H = timedelta(hours=1)
D = timedelta(days=1)


def test_rule_1_never_rush_one_criterion_at_a_time_and_short_sessions() -> None:
    for stage in protocol()["stages"]:
        criteria = stage["criteria"]
        assert len(criteria) == stage["levels"] >= 1
        for before, after in itertools.pairwise(criteria):
            changed = [k for k in after if after.get(k) != before.get(k)]
            assert len(changed) == 1, (stage["id"], before, after)
    indoor = [
        lv["max_minutes"]
        for s in protocol()["stages"]
        for lv in s["level_details"]
        if lv["location"] == "home"
    ]
    assert max(indoor) <= 10  # "a session lasts a few minutes"
    out = decide(request([session("door-closed", 2)]))
    assert out["stage"]["level"] == 3  # one level, never more, per session


def test_rule_2_pace_follows_the_cat_several_levels_in_a_day() -> None:
    day = [
        session("outdoors", lv, T0 + lv * timedelta(minutes=20), checks=SAFE_CHECKS)
        for lv in range(1, 8)
    ]
    out = decide(request(day, now=T0 + 3 * H))
    assert out["decision"] == "advance" and out["stage"]["id"] == "first-walk"
    nb = datetime.fromisoformat(out["next_session"]["not_before"])
    assert nb.date() == T0.date()  # no calendar wait after calm progress


def test_rule_3_calm_raises() -> None:
    out = decide(request([session("time-inside", 3, calm=5)]))
    assert out["decision"] == "push" and out["stage"]["level"] == 4
    assert out["stress"]["score"] <= 2


def test_rule_4_mild_unease_holds_or_lowers() -> None:
    held = decide(request([session("time-inside", 3, observation=UNEASY, calm=5)]))
    lowered = decide(request([session("time-inside", 3, observation=UNEASY, calm=1)]))
    assert held["decision"] == "stick" and held["stage"]["level"] == 3
    assert lowered["decision"] == "drop" and lowered["stage"]["level"] == 2
    assert held["stress"]["score"] == 4


def test_rule_5_real_stress_stops_rests_to_the_next_day_and_resumes_easier() -> None:
    late = T0.replace(hour=23, minute=30)
    out = decide(request([session("door-closed", 5, late, observation=HISSING)], now=late))
    assert out["decision"] == "stop"
    assert out["stage"]["level"] == 3  # two levels easier: back further after real stress
    nb = datetime.fromisoformat(out["next_session"]["not_before"])
    assert nb.date() > late.date()
    assert nb - late >= timedelta(hours=12)
    for sign in ("escape_attempt", "aggression", "excessive_grooming", "panting"):
        s = session("door-closed", 5, observation={**CALM, "signs": [sign]})
        assert decide(request([s]))["decision"] == "stop", sign
    for vocal in ("hissing", "growling", "meowing_excessive"):
        s = session("door-closed", 5, observation={**CALM, "vocal": vocal})
        assert decide(request([s]))["decision"] == "stop", vocal
    refused = session("door-closed", 5, observation={**CALM, "took_treats": False})
    assert decide(request([refused]))["decision"] == "stop"
    toy_cat = cat(motivation=["play"])  # treats do not matter to this cat
    assert decide(request([refused], cat=toy_cat))["decision"] == "push"


def test_rule_6_persistent_stress_refers_to_vet_or_behaviourist() -> None:
    log = [
        session("door-closed", 4, T0, observation=HISSING),
        session("door-closed", 3, T0 + 2 * D, observation=HISSING),
        session("door-closed", 2, T0 + 4 * D),
        session("door-closed", 3, T0 + 5 * D, observation=HISSING),
    ]
    out = decide(request(log, now=T0 + 5 * D + H))
    assert out["decision"] == "refer"
    assert any("behaviourist" in r for r in out["reasons"])
    assert out["next_session"] is None
    two = decide(request(log[:2], now=T0 + 2 * D + H))
    assert two["decision"] == "stop"


def test_rule_6_stress_on_new_ground_is_not_recurrence() -> None:
    log = [
        session("door-closed", 7, T0, observation=HISSING),
        session("door-closed", 7, T0 + 2 * D),
        session("movement", 6, T0 + 3 * D, observation=HISSING, checks=SAFE_CHECKS),
        session("movement", 6, T0 + 5 * D, checks=SAFE_CHECKS),
        session("doorway", 3, T0 + 6 * D, observation=HISSING, checks=SAFE_CHECKS),
    ]
    assert decide(request(log, now=T0 + 6 * D + H))["decision"] == "stop"


def _pant(**ctx: Any) -> dict[str, Any]:
    base = {
        "location": "quiet_outdoors",
        "in_backpack": False,
        "after_exertion": True,
        "sun": "shade",
        "temp_c": 24,
        "humidity_pct": 50,
    }
    base.update(ctx)
    return session(
        "first-walk",
        1,
        observation={**CALM, "signs": ["panting", "excessive_grooming"]},
        context=base,
        checks=SAFE_CHECKS,
    )


def test_rule_7_panting_inside_the_pack_stops() -> None:
    out = decide(request([_pant(in_backpack=True)]))
    assert out["decision"] == "stop"
    assert out["stress"]["thermoregulation"] is False


def test_rule_7_cooling_in_shade_after_exertion_is_not_stress() -> None:
    out = decide(request([_pant()]))
    assert out["decision"] != "stop"
    assert out["stress"]["thermoregulation"] is True
    assert any("water" in r for r in out["reasons"])
    assert out["stress"]["score"] < 5
    other_sign = session(
        "first-walk",
        1,
        observation={**CALM, "signs": ["panting", "hiding"]},
        context={"in_backpack": False, "after_exertion": True, "sun": "shade"},
    )
    assert decide(request([other_sign]))["stress"]["thermoregulation"] is False


def test_rule_7_heat_blocks_outdoor_sessions() -> None:
    log = [session("outdoors", 2, checks=SAFE_CHECKS)]
    hot = decide(
        request(
            log,
            planned={
                "location": "quiet_outdoors",
                "sun": "full",
                "temp_c": 31,
                "humidity_pct": 60,
                "wind_ms": 1.5,
            },
        )
    )
    assert hot["decision"] == "blocked"
    assert hot["safety"]["blocking"] == ["heat_extreme"]
    assert hot["stage"] == {**hot["stage"], "id": "outdoors", "level": 3}  # progress kept
    mild = decide(
        request(
            log,
            planned={
                "location": "quiet_outdoors",
                "sun": "shade",
                "temp_c": 18,
                "humidity_pct": 50,
            },
        )
    )
    assert mild["decision"] == "push" and mild["safety"]["heat"]["risk"] == "low"


def test_rule_8_safety_gates_from_step_5() -> None:
    ok = decide(request([session("movement", 1, checks=SAFE_CHECKS)]))
    assert ok["decision"] == "push"
    assert {"harness_on", "tether_to_harness", "openings_closed"} <= set(
        ok["next_session"]["checklist"]
    )
    cases = {
        "harness_off": {**SAFE_CHECKS, "harness_on": False},
        "tether_not_on_harness": {**SAFE_CHECKS, "tether": "none"},
        "openings_open": {**SAFE_CHECKS, "openings_closed": False},
    }
    for gate, checks in cases.items():
        out = decide(request([session("movement", 1, checks=checks)]))
        assert out["decision"] == "blocked" and gate in out["safety"]["blocking"], gate
        assert out["stage"]["level"] == 2  # a block never erases progress
    collar = decide(request([session("movement", 1, checks={**SAFE_CHECKS, "tether": "collar"})]))
    assert "tether_on_collar" in collar["safety"]["warnings"]
    fixed = decide(
        request(
            [session("movement", 1, checks={**SAFE_CHECKS, "tether": "none"})],
            planned={"checks": SAFE_CHECKS},
        )
    )
    assert fixed["decision"] == "push"  # checks confirmed for the coming session
    outdoors = decide(request([session("outdoors", 1, checks={**SAFE_CHECKS, "leash_on": False})]))
    assert "leash_off" in outdoors["safety"]["blocking"]
    home = decide(request([session("door-closed", 1)]))
    assert home["next_session"]["checklist"] == []  # no gates before the pack moves


def test_rule_9_distractions_train_in_quiet_places() -> None:
    log = [session("outdoors", 2, checks=SAFE_CHECKS)]
    out = decide(request(log, planned={"location": "busy_outdoors"}))
    assert "too_busy_for_level" in out["safety"]["warnings"]
    assert out["next_session"]["location"] == "quiet_outdoors"
    busy = [
        s
        for s in protocol()["stages"]
        if any(lv["location"] == "busy_outdoors" for lv in s["level_details"])
    ]
    assert [s["step"] for s in busy] == [9]  # busy places only at the very end


def test_rule_10_maintain_then_refresh_after_a_lapse() -> None:
    done = [session("adventure", 4, checks=SAFE_CHECKS)]
    assert decide(request(done, now=T0 + 2 * D))["decision"] == "maintain"
    lapsed = decide(request(done, now=T0 + 40 * D))
    assert lapsed["decision"] == "refresh" and lapsed["step"] == 10
    maintenance = next(s for s in protocol()["stages"] if s["id"] == "maintenance")
    assert any("pack out" in i for i in maintenance["instructions"])


def test_rule_11_supplies_for_trips_over_an_hour() -> None:
    trained = [session("adventure", 4, checks=SAFE_CHECKS)]
    base = {"version": 1, "now": (T0 + H).isoformat(), "cat": cat(), "sessions": trained}
    short = plan_trip({**base, "trip": {"kind": "walk", "hours": 0.5}})
    long = plan_trip({**base, "trip": {"kind": "walk", "hours": 3}})
    hike = plan_trip({**base, "trip": {"kind": "hike", "hours": 8}})
    items = lambda t: {p["item"] for p in t["packing"]}  # noqa: E731
    supplies = {"treats", "collapsible_bowl", "water", "pee_pads"}
    assert supplies <= items(long) and not {"water", "pee_pads"} & items(short)
    assert supplies | {"food", "spare_harness", "spare_leash"} <= items(hike)
    out = decide(request([session("adventure", 1, checks=SAFE_CHECKS)]))
    assert any("pee pads" in i for i in out["next_session"]["instructions"])
