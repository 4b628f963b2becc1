"""Issue #8, Deliver 2-10, tried as an independent expert would: histories → decisions.

Each table row is a situation a trainer with the guide and protocol.md in
hand would check, and the call it expects (decision, stage and level, place
and length of the next session, key reasons). The rows cover what the other
tables in tests/domain do not already (test_heat_cold, test_trip_readiness,
test_rests_and_lapses, test_edges): unknown or muggy weather around cooling,
stress on an outing after a long one built up, big trips by length after a
break, stops on the longest outings and in the car, two stops in a row,
breaks after a completed level, and duplicates or clock skew written in
other offsets.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from catpack import CoachInputError, decide, plan_trip, protocol
from tests.domain.test_heat_cold import after_walk
from tests.factories import CALM, HISSING, SAFE_CHECKS, T0, UNEASY, cat, request, session

H = timedelta(hours=1)
D = timedelta(days=1)
M = timedelta(minutes=1)
LEVELS = {s["id"]: s["level_details"] for s in protocol()["stages"]}
PLACES = ["home", "doorway", "car", "quiet_outdoors", "busy_outdoors"]
ORDER = [
    (s["id"], lv)
    for s in protocol()["stages"]
    if s["track"] == "backpack" and s["role"] == "training"
    for lv in range(1, len(s["level_details"]) + 1)
]


def out(stage: str, level: int, at: datetime, minutes: float | None = None, **kw: Any) -> Any:
    """A session in the pack, checks done right, with the minutes the owner logged."""
    return session(stage, level, at, checks=SAFE_CHECKS, minutes=minutes, **kw)


def _last(log: list[dict[str, Any]]) -> datetime:
    return max(datetime.fromisoformat(s["at"]) for s in log)


# ------------------------------------------------------------ heat (rule 7)

BOTH = ["panting", "excessive_grooming"]

# (id, last session, cooling?, words in the reasons)
HEAT: list[tuple[str, dict[str, Any], bool, list[str]]] = [
    (
        "out of the pack not recorded: not assumed, so not cooling",
        after_walk(BOTH, in_backpack=None),
        False,
        ["panting", "heavy grooming"],
    ),
    (
        "refusing treats with it (a food-motivated cat): stress, not cooling",
        after_walk(BOTH, {**CALM, "took_treats": False}),
        False,
        ["refusing treats"],
    ),
    (
        "30 °C with no humidity logged: an assumed humidity puts it in the caution band",
        after_walk(BOTH, temp_c=30, humidity_pct=None),
        False,
        ["panting"],
    ),
    (
        "26 °C at 90 %: muggy enough for the caution band, so panting is heat",
        after_walk(BOTH, temp_c=26, humidity_pct=90),
        False,
        ["cool it down"],
    ),
    (
        "20 °C, humidity not logged: mild whatever the humidity, so cooling",
        after_walk(BOTH, humidity_pct=None),
        True,
        ["cooling itself", "water"],
    ),
]


@pytest.mark.parametrize(
    ("last", "cooling", "words"), [c[1:] for c in HEAT], ids=[c[0] for c in HEAT]
)
def test_heat_aware_cooling_edges(last: dict[str, Any], cooling: bool, words: list[str]) -> None:
    d = decide(request([last], now=T0 + H))
    text = " ".join(d["reasons"])
    assert d["stress"]["thermoregulation"] is cooling, d["reasons"]
    if cooling:  # no regression: the outing counts as calm (1 of the 3 step 9 needs)
        assert (d["decision"], d["stage"]["id"], d["stage"]["level"]) == (
            "stick",
            "local-walks",
            1,
        )
    else:  # stop, and never the same outing again next
        assert d["decision"] == "stop"
        assert (d["stage"]["id"], d["stage"]["level"]) != ("local-walks", 1)
    for word in words:
        assert word in text, (word, d["reasons"])


# ------------------------------------------------------- trips (Deliver 3)

FULL_DAY = [out("adventure", 4, T0, 480)]
CAR_TOP = [*FULL_DAY, out("car", 2, T0 + H, 5), out("car", 2, T0 + 2 * H, 5)]
STOP_ON_A_WALK = [
    *FULL_DAY,
    out("local-walks", 4, T0 + 2 * D, 60, observation=HISSING),
    out("local-walks", 2, T0 + 4 * D, 30),
]
REBUILT = [
    *STOP_ON_A_WALK,
    *[out("adventure", lv, T0 + (5 + lv) * D, m) for lv, m in ((1, 60), (2, 120), (3, 240))],
    out("adventure", 4, T0 + 10 * D, 400),
]
TRAINING = [out("adventure", 3, T0, 240)]

# (id, log, trip, days since the last session, ready, words in the reasons)
TRIPS: list[tuple[str, list[dict[str, Any]], dict[str, Any], float, bool, list[str]]] = [
    (
        "real stress on a 1-hour walk after a full day: the long build-up no longer counts",
        STOP_ON_A_WALK,
        {"kind": "hike", "hours": 8},
        1,
        False,
        ["longest calm outing so far is 30 minutes", "Next session:"],
    ),
    (
        "built up again to nearly the full day after that stress: ready",
        REBUILT,
        {"kind": "hike", "hours": 8},
        1,
        True,
        [],
    ),
    (
        "four months since a full day: an 8-hour walk is a big trip, refresher first",
        FULL_DAY,
        {"kind": "walk", "hours": 8},
        120,
        False,
        ["refresher"],
    ),
    (
        "four months since a full day: an hour's walk is not a big trip",
        FULL_DAY,
        {"kind": "walk", "hours": 1},
        120,
        True,
        [],
    ),
    (
        "a cat still in training, four months after a 4-hour hike: not ready for a 3-hour hike",
        TRAINING,
        {"kind": "hike", "hours": 3},
        120,
        False,
        ["a while since the last outing"],
    ),
    (
        "panting in the heat on a later walk: heat, not the cat's limit, so the length holds",
        [
            *FULL_DAY,
            after_walk(["panting"], temp_c=33, humidity_pct=50) | {"at": (T0 + 2 * D).isoformat()},
            out("local-walks", 1, T0 + 3 * D, 20),
        ],
        {"kind": "hike", "hours": 8},
        1,
        True,
        [],
    ),
    (
        "a stop at the first car level after calm top-level sittings: not ready",
        [*CAR_TOP, out("car", 1, T0 + 3 * H, 5, observation=HISSING), out("car", 1, T0 + D, 5)],
        {"kind": "road_trip", "hours": 6},
        1,
        False,
        ["calm sessions at the last level of"],
    ),
    (
        "calm only at the first car level: the top car level is what counts",
        [*FULL_DAY, out("car", 1, T0 + H, 5), out("car", 1, T0 + 2 * H, 5)],
        {"kind": "road_trip", "hours": 6},
        1,
        False,
        [
            "calm sessions at the last level of",
            "towards it: To the car (optional side step), level 2",
        ],
    ),
    (
        "an uneasy sitting at the top car level wipes the calm ones",
        [*CAR_TOP, out("car", 2, T0 + 3 * H, 5, observation=UNEASY, calm=1)],
        {"kind": "road_trip", "hours": 6},
        1,
        False,
        ["calm sessions at the last level of"],
    ),
]


def _plan(log: list[dict[str, Any]], trip: dict[str, Any], days: float) -> dict[str, Any]:
    now = _last(log) + days * D
    return plan_trip(
        {"version": 1, "now": now.isoformat(), "cat": cat(), "sessions": log, "trip": trip}
    )


@pytest.mark.parametrize(
    ("log", "trip", "days", "ready", "words"), [c[1:] for c in TRIPS], ids=[c[0] for c in TRIPS]
)
def test_trips_ready_only_from_the_log(
    log: list[dict[str, Any]], trip: dict[str, Any], days: float, ready: bool, words: list[str]
) -> None:
    plan = _plan(log, trip, days)
    text = " ".join(plan["reasons"])
    assert plan["ready"] is ready, plan["reasons"]
    for word in words:
        assert word in text, (word, plan["reasons"])


def test_freezing_weather_is_a_warning_on_a_hotel_trip() -> None:
    """A day at a hotel is not a day outdoors: the cold warns, it does not block."""
    plan = _plan(CAR_TOP, {"kind": "hotel", "hours": 8, "temp_c": -10}, 1)
    assert plan["ready"] is True, plan["reasons"]
    assert plan["safety"]["blocking"] == []
    assert "freezing_weather" in plan["safety"]["warnings"]


@pytest.mark.parametrize("kind", ["flight", "road_trip", "hotel"])
def test_a_short_big_trip_packs_food_and_spares(kind: str) -> None:
    items = {p["item"] for p in _plan(CAR_TOP, {"kind": kind, "hours": 2}, 1)["packing"]}
    assert {"food", "spare_harness", "spare_leash", "water"} <= items


# ---------------------------------------------------- rests (Deliver 4, 10)

# (id, log whose last session is the stop, the stopped session's minutes)
STOPS: list[tuple[str, list[dict[str, Any]], float]] = [
    (
        "a stop on the first hike (an hour, quiet)",
        [
            out("local-walks", 4, T0 - D, 60),
            out("adventure", 1, T0, 60, observation=HISSING),
        ],
        60,
    ),
    (
        "a stop four hours into a half-day hike",
        [
            out("adventure", 2, T0 - D, 120),
            out("adventure", 3, T0, 240, observation=HISSING),
        ],
        240,
    ),
    (
        "a stop sitting in the parked car",
        [out("doorway", 3, T0 - H, 5), out("car", 2, T0, 5, observation=HISSING)],
        5,
    ),
    (
        "a second stop inside the rest of the first: the rest runs from the second",
        [
            out("local-walks", 3, T0 - 3 * H, 20, observation=HISSING),
            out("local-walks", 1, T0, 20, observation=HISSING),
        ],
        20,
    ),
]


@pytest.mark.parametrize(("log", "minutes"), [c[1:] for c in STOPS], ids=[c[0] for c in STOPS])
def test_the_session_after_a_stop_is_easier_on_every_axis(
    log: list[dict[str, Any]], minutes: float
) -> None:
    stopped = log[-1]
    d = decide(request(log, now=T0 + H, cat=cat(car_training=True)))
    assert d["decision"] == "stop"
    nxt, stage = d["next_session"], d["stage"]
    # A level lower, a place no busier, a shorter time.
    assert ORDER.index((stage["id"], stage["level"])) < ORDER.index(
        (stopped["stage"], stopped["level"])
    )
    place = LEVELS[stopped["stage"]][stopped["level"] - 1]["location"]
    assert PLACES.index(nxt["location"]) <= PLACES.index(place)
    assert nxt["max_minutes"] < minutes
    # The rest runs from the last stop: the next calendar day and 12 hours at least.
    not_before = datetime.fromisoformat(nxt["not_before"])
    assert not_before.date() > T0.date()
    assert not_before - T0 >= 12 * H


def test_calm_sessions_inside_the_rest_do_not_shorten_it_or_raise() -> None:
    """Three calm sessions in the hours after a stop on a walk: still the rest,
    still the easier place and length, still not before the next day."""
    stop = out("local-walks", 4, T0, 60, observation=HISSING)
    calm = [out("local-walks", 1, T0 + k * 30 * M, 20) for k in (1, 2, 3)]
    d = decide(request([stop, *calm], now=T0 + 2 * H))
    assert d["decision"] == "stick"
    assert (d["stage"]["id"], d["stage"]["level"]) == ("local-walks", 1)
    assert any("during the rest" in r for r in d["reasons"]), d["reasons"]
    assert datetime.fromisoformat(d["next_session"]["not_before"]).date() > T0.date()


# (id, stop, now, zone, not before)
DST: list[tuple[str, str, str, str, str]] = [
    (
        "Sydney, clocks go forward in October: the next local midnight",
        "2026-10-04T01:30:00+10:00",
        "2026-10-04T09:00:00+11:00",
        "Australia/Sydney",
        "2026-10-05T00:00:00+11:00",
    ),
    (
        "Berlin, a stop in the first 02:30 of the repeated hour",
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T10:00:00+01:00",
        "Europe/Berlin",
        "2026-10-26T00:00:00+01:00",
    ),
    (
        "Berlin, a stop in the second 02:30: the same next local midnight",
        "2026-10-25T02:30:00+01:00",
        "2026-10-25T10:00:00+01:00",
        "Europe/Berlin",
        "2026-10-26T00:00:00+01:00",
    ),
]


@pytest.mark.parametrize(
    ("stop", "now", "zone", "not_before"), [c[1:] for c in DST], ids=[c[0] for c in DST]
)
def test_rests_across_daylight_saving_in_other_places(
    stop: str, now: str, zone: str, not_before: str
) -> None:
    log = [session("door-closed", 3, datetime.fromisoformat(stop), observation=HISSING)]
    d = decide({**request(log, now=now), "timezone": zone})
    assert d["decision"] == "stop"
    assert datetime.fromisoformat(d["next_session"]["not_before"]) == datetime.fromisoformat(
        not_before
    )


# ---------------------------------------------------------- lapses (Deliver 5)

# (id, log, days of break, stage and level of the last session, words in the reasons)
LAPSES: list[tuple[str, list[dict[str, Any]], float, list[str]]] = [
    (
        "four months after a calm half-day hike: not the half day again",
        [out("adventure", 2, T0 - D, 120), out("adventure", 3, T0, 240)],
        120,
        ["120 days without practice"],
    ),
    (
        "six weeks after a calm sitting in the car: below it",
        [out("doorway", 3, T0 - H, 5), out("car", 1, T0, 5)],
        42,
        ["42 days without practice"],
    ),
    (
        "four months after a stop: the break is said, not the old stop as if it were now",
        [session("door-closed", 4, T0 - D), session("door-closed", 5, T0, observation=HISSING)],
        120,
        ["120 days without practice"],
    ),
    (
        "a month after completing door closed: not straight back to the top of it",
        [session("door-closed", lv, T0 - (7 - lv) * H) for lv in range(1, 8)],
        30,
        ["30 days without practice"],
    ),
]


@pytest.mark.parametrize(
    ("log", "days", "words"), [c[1:] for c in LAPSES], ids=[c[0] for c in LAPSES]
)
def test_after_a_lapse_the_next_session_is_below_the_last_one(
    log: list[dict[str, Any]], days: float, words: list[str]
) -> None:
    last = log[-1]
    d = decide(request(log, now=_last(log) + days * D, cat=cat(car_training=True)))
    assert d["decision"] == "drop", d["reasons"]
    assert ORDER.index((d["stage"]["id"], d["stage"]["level"])) < ORDER.index(
        (last["stage"], last["level"])
    )
    length = LEVELS[last["stage"]][last["level"] - 1]["max_minutes"]
    assert d["next_session"]["max_minutes"] <= length
    text = " ".join(d["reasons"])
    for word in words:
        assert word in text, (word, d["reasons"])


# ------------------------------------------------------- edges (Deliver 10)


def test_one_outing_logged_in_three_offsets_counts_once() -> None:
    """A backup merged from a phone set to another zone: the same instant and
    content written with other offsets is the same session."""
    when = [T0, T0.astimezone(UTC), T0.astimezone(timezone(timedelta(hours=-5)))]
    log = [out("local-walks", 1, at, 20) for at in when]
    d = decide(request(log, now=T0 + H))
    assert (d["decision"], d["stage"]["level"]) == ("stick", 1)
    assert any("1 of 3 calm outings" in r for r in d["reasons"]), d["reasons"]


@pytest.mark.parametrize(
    ("ahead", "refused"),
    [(4 * M, False), (6 * M, True)],
    ids=["4 minutes ahead in another offset: clock skew", "6 minutes ahead: refused"],
)
def test_the_future_is_judged_on_the_instant_not_the_written_time(
    ahead: timedelta, refused: bool
) -> None:
    now = T0.astimezone(timezone(timedelta(hours=9)))  # written 9 hours "later"
    log = [session("introduce", 1, (T0 + ahead).astimezone(UTC))]
    if not refused:
        assert decide(request(log, now=now))["decision"] == "push"
        return
    with pytest.raises(CoachInputError) as err:
        decide(request(log, now=now))
    assert err.value.field == "sessions[0].at"
