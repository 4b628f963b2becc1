"""Issue #8 tried again, second round: histories → decisions through ``decide``.

Rows marked *wrong before* failed before the change that came with them:

* at home, heat blocked every session, even with the pack open or on the
  harness track ("no backpack outing now" for a cat free to walk off to a
  cool spot); rule 7 gates the cat shut in a pack, which at home still
  blocks, in words about home, not an outing;
* after a lapse in training at a long level, the first session back was that
  long (a 2-hour outing 60 days after a 4-hour one), while a trained cat gets
  10-minute refresher sessions: now the first session back is no longer than
  the refresher's first, and calm tries build the time up by doubling;
* reasons said more than was logged: "warm weather" at 20 °C outdoors with
  the sun not recorded (only the full-sun assumption made it warm), the
  stress label "Fearful, stiff" (a posture) for a relaxed cat that was only
  panting, and "hiding" (or a low tail, flat ears) never named;
* panting in warm weather with a low tail or flat ears named only the
  panting; a session where only an accident was logged said "nothing about
  the cat was recorded" beside the accident's own reason;
* a parked car at -10 °C gave no cold warning (cold counted only outdoors,
  though 9 CFR 3.16(e)'s bound is about the air in a vehicle);
* after a lapse the reasons still said "1 of 2 calm outings at this level:
  keep going" beside "those before the break no longer count";
* panting with the cat logged out of the pack: "take it out of the pack" and
  "open the pack and let the cat out";
* a planned length far over the level (90 minutes planned at a 20-minute
  level) was ignored in silence: now the warning ``longer_than_level`` and a
  reason naming both lengths.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from catpack import decide, protocol
from tests.factories import CALM, HISSING, SAFE_CHECKS, T0, cat, graduation, request, session

H = timedelta(hours=1)
D = timedelta(days=1)
STAGES = protocol()["stages"]
LEVELS = {s["id"]: s["level_details"] for s in STAGES}
ALL_LEVELS = [
    (s["id"], lv)
    for s in STAGES
    if s["role"] == "training"
    for lv in range(1, len(s["level_details"]) + 1)
]


def _zipped(stage: str, level: int) -> bool:
    closed = LEVELS[stage][level - 1]["closed_s"]
    return closed is None or closed > 0


def _at_home(stage: str, level: int) -> bool:
    return bool(LEVELS[stage][level - 1]["location"] == "home")


# ------------------------------------------------------------ heat at home

HOME_LEVELS = [(s, lv) for s, lv in ALL_LEVELS if _at_home(s, lv)]


@pytest.mark.parametrize(
    ("stage", "level"), HOME_LEVELS, ids=[f"{s}-{lv}" for s, lv in HOME_LEVELS]
)
@pytest.mark.parametrize("temp_c", [31, 36])
def test_heat_at_home_blocks_only_a_cat_shut_in(stage: str, level: int, temp_c: float) -> None:
    """31 °C / 36 °C in the room: a zipped pack blocks (the cat cannot leave
    the heat), an open pack or the harness is a warning (wrong before: every
    home session was 'no backpack outing now')."""
    last = session(stage, level, T0, checks=SAFE_CHECKS, calm=3, reps=5)  # stick: same level
    d = decide(request([last], planned={"location": "home", "temp_c": temp_c, "humidity_pct": 50}))
    assert (d["stage"]["id"], d["stage"]["level"]) == (stage, level), d["reasons"]
    text = " ".join(d["reasons"])
    assert "outing" not in text, d["reasons"]
    if _zipped(stage, level):
        assert d["decision"] == "blocked", d["reasons"]
        assert {"heat_high", "heat_extreme"} & set(d["safety"]["blocking"])
        assert "zip" in text and "indoors" in text
    else:
        assert d["decision"] == "stick", d["reasons"]
        assert d["safety"]["blocking"] == []
        assert "hot_indoors" in d["safety"]["warnings"]
        assert "cool" in text and "water" in text


@pytest.mark.parametrize("where", ["doorway", "car", "quiet_outdoors"])
def test_heat_away_from_home_still_blocks(where: str) -> None:
    stage = {"doorway": "doorway", "car": "car", "quiet_outdoors": "first-walk"}[where]
    last = session(stage, 1, T0, checks=SAFE_CHECKS, calm=3, reps=5)
    d = decide(
        request(
            [last], planned={"location": where, "temp_c": 31, "humidity_pct": 50, "sun": "shade"}
        )
    )
    assert d["decision"] == "blocked" and "heat_extreme" in d["safety"]["blocking"], d["reasons"]
    assert "hot_indoors" not in d["safety"]["warnings"]


# ------------------------------------------------------ lapses, any step

REFRESHER_FIRST = LEVELS["refresher"][0]["max_minutes"]
LADDER = [(s, lv) for s, lv in ALL_LEVELS if s != "harness-leash"]


def out(stage: str, level: int, at: Any, minutes: float | None = None) -> dict[str, Any]:
    if minutes is None:
        minutes = LEVELS[stage][level - 1]["max_minutes"]
    return session(stage, level, at, checks=SAFE_CHECKS, minutes=minutes)


@pytest.mark.parametrize(("stage", "level"), LADDER[1:], ids=[f"{s}-{lv}" for s, lv in LADDER[1:]])
def test_after_a_lapse_in_training_the_first_session_is_as_short_as_a_refresher(
    stage: str, level: int
) -> None:
    """Wrong before from step 9 on: 60 days after a 4-hour outing the coach
    gave a 2-hour one; a trained cat after the same break gets the
    refresher's 10 minutes."""
    i = LADDER.index((stage, level))
    log = [out(*LADDER[i - 1], T0 - D), out(stage, level, T0)]
    d = decide(request(log, now=T0 + 60 * D, cat=cat(car_training=True)))
    assert d["decision"] in ("drop", "stick", "refresh"), d["reasons"]  # refresh: graduated
    assert d["next_session"]["max_minutes"] <= REFRESHER_FIRST, d["next_session"]
    assert any("60 days" in r for r in d["reasons"]), d["reasons"]


def test_after_a_lapse_calm_short_tries_build_the_time_up() -> None:
    """From 10 minutes, each calm try doubles the next, and only a try at more
    than half the level counts as the level (the reasons say it is the break)."""
    log = [out("adventure", 2, T0 - D), out("adventure", 3, T0)]
    at = T0 + 60 * D
    lengths = []
    for _ in range(6):
        d = decide(request(log, now=at))
        lengths.append((d["stage"]["level"], d["next_session"]["max_minutes"]))
        if d["stage"]["level"] == 3:
            break
        log.append(out("adventure", 2, at, d["next_session"]["max_minutes"]))
        at += D
    assert lengths == [(2, 10), (2, 20), (2, 40), (2, 80), (3, 240)], lengths
    d = decide(request(log[:3], now=T0 + 60 * D + H))
    assert any("shorter try after the break" in r for r in d["reasons"]), d["reasons"]
    assert not any("uneasy" in r for r in d["reasons"]), d["reasons"]


def test_unease_in_a_short_try_after_a_break_never_lengthens_the_next() -> None:
    uneasy = {**session()["observation"], "tail": "low", "ears": "flat", "body": "tense"}
    log = [out("adventure", 2, T0 - D), out("adventure", 3, T0)]
    bad = session(
        "adventure", 2, T0 + 60 * D, checks=SAFE_CHECKS, minutes=10, observation=uneasy, calm=1
    )
    d = decide(request([*log, bad], now=T0 + 60 * D + H))
    assert (d["decision"], *_ladder_at(d)) == ("drop", "adventure", 1), d["reasons"]
    assert d["next_session"]["max_minutes"] <= 10, d["next_session"]  # not the hour below
    back = out("adventure", 1, T0 + 61 * D, 10)
    d2 = decide(request([*log, bad, back], now=T0 + 61 * D + H))
    assert _ladder_at(d2) == ("adventure", 1) and d2["next_session"]["max_minutes"] == 20, d2


def _ladder_at(d: dict[str, Any]) -> tuple[str, int]:
    return d["stage"]["id"], d["stage"]["level"]


def test_a_trained_cat_and_a_cat_in_training_start_equally_short_after_a_break() -> None:
    trained = decide(request([graduation(T0)], now=T0 + 60 * D))
    assert trained["decision"] == "refresh"
    assert trained["next_session"]["max_minutes"] == REFRESHER_FIRST


# ------------------------------------------------ reasons name what was logged

PANTING = {**CALM, "signs": ["panting"]}


def _walk_stop(obs: dict[str, Any], **ctx: Any) -> dict[str, Any]:
    context = {"location": "quiet_outdoors", "in_backpack": True, "humidity_pct": 50, **ctx}
    log = [
        out("first-walk", 2, T0 - D),
        session("first-walk", 3, T0, checks=SAFE_CHECKS, observation=obs, context=context),
    ]
    return decide(request(log, now=T0 + H))


# (id, context, words in the reasons, words not in them)
SUN_WORDS: list[tuple[str, dict[str, Any], list[str], list[str]]] = [
    (
        "20 °C, sun not recorded: warm only by the full-sun assumption (wrong before)",
        {"temp_c": 20},
        ["sun not recorded", "taken as full sun"],
        ["warm weather"],
    ),
    (
        "20 °C in full sun, as logged",
        {"temp_c": 20, "sun": "full"},
        ["warm weather"],
        ["not recorded"],
    ),
    ("31 °C, sun not recorded: warm anyway", {"temp_c": 31}, ["warm weather"], ["not recorded"]),
]


@pytest.mark.parametrize(
    ("ctx", "words", "not_words"), [c[1:] for c in SUN_WORDS], ids=[c[0] for c in SUN_WORDS]
)
def test_panting_reasons_name_the_sun_only_as_logged(
    ctx: dict[str, Any], words: list[str], not_words: list[str]
) -> None:
    d = _walk_stop(PANTING, **ctx)
    text = " ".join(d["reasons"])
    assert d["decision"] == "stop"
    for word in words:
        assert word in text, (word, d["reasons"])
    for word in not_words:
        assert word not in text, (word, d["reasons"])


# (id, observation, label)
LABEL_ROWS: list[tuple[str, dict[str, Any], str]] = [
    ("relaxed and only panting: no posture claimed (wrong before)", PANTING, "Stressed"),
    (
        "relaxed, hissing: no posture claimed (wrong before)",
        {**CALM, "vocal": "hissing"},
        "Very stressed",
    ),
    ("relaxed, hiding: unease, no posture (wrong before)", {**CALM, "signs": ["hiding"]}, "Uneasy"),
    ("tail tucked: the CSS's own posture name", {**CALM, "tail": "tucked"}, "Fearful, stiff"),
    ("crouched: the CSS's own name", {**CALM, "body": "crouched"}, "Very fearful"),
    ("low tail: the CSS's own name", {**CALM, "tail": "low"}, "Very tense"),
]


@pytest.mark.parametrize(
    ("obs", "label"), [c[1:] for c in LABEL_ROWS], ids=[c[0] for c in LABEL_ROWS]
)
def test_the_stress_label_claims_no_posture_that_was_not_logged(
    obs: dict[str, Any], label: str
) -> None:
    d = decide(
        request([session("door-closed", 2, T0 - D), session("door-closed", 3, T0, observation=obs)])
    )
    assert d["stress"]["label"] == label, d["stress"]
    assert label.lower() in " ".join(d["reasons"]) or d["decision"] != "stop", d["reasons"]


# (id, observation, calm reps, words in the reasons)
NAMED: list[tuple[str, dict[str, Any], int, list[str]]] = [
    (
        "hiding, otherwise calm: held, hiding named (wrong before)",
        {**CALM, "signs": ["hiding"]},
        5,
        ["hiding"],
    ),
    (
        "hiding, 2 of 5 calm: easier, hiding named (wrong before)",
        {**CALM, "signs": ["hiding"]},
        2,
        ["hiding"],
    ),
    (
        "hissing and hiding: both named (wrong before)",
        {**HISSING, "signs": ["hiding"]},
        0,
        ["hissing", "hiding"],
    ),
    (
        "ears flat and a low tail: named (wrong before)",
        {**CALM, "ears": "flat", "tail": "low"},
        5,
        ["ears flat", "tail low"],
    ),
    (
        "a low tail with dilated pupils: both named, read together (wrong before)",
        {**CALM, "tail": "low", "eyes": "dilated"},
        5,
        ["tail low", "pupils dilated"],
    ),
]


@pytest.mark.parametrize(
    ("obs", "calm", "words"), [c[1:] for c in NAMED], ids=[c[0] for c in NAMED]
)
def test_the_reasons_name_every_sign_of_unease_logged(
    obs: dict[str, Any], calm: int, words: list[str]
) -> None:
    log = [
        session("door-closed", 2, T0 - D),
        session("door-closed", 3, T0, observation=obs, calm=calm),
    ]
    d = decide(request(log))
    text = " ".join(d["reasons"])
    for word in words:
        assert word in text, (word, d["reasons"])


# ------------------------------------------------ a planned length over the level

WEATHER = {"location": "quiet_outdoors", "temp_c": 15, "sun": "shade", "humidity_pct": 50}
STEP9 = [out("local-walks", 1, T0 - D), out("local-walks", 1, T0)]

# (id, log, now, planned minutes, warned?)
PLANNED_LENGTH: list[tuple[str, list[dict[str, Any]], Any, float, bool]] = [
    ("90 planned at a 20-minute level (wrong before)", STEP9, T0 + H, 90, True),
    ("21 planned at a 20-minute level (wrong before)", STEP9, T0 + H, 21, True),
    ("20 planned at a 20-minute level", STEP9, T0 + H, 20, False),
    ("10 planned at a 20-minute level", STEP9, T0 + H, 10, False),
    ("60 planned 60 days after a break: 10 at most (wrong before)", STEP9, T0 + 60 * D, 60, True),
    ("a trained cat's hour out: within what it trained for", [graduation(T0)], T0 + H, 60, False),
    (
        "a trained cat's 10 hours: beyond any outing trained (wrong before)",
        [graduation(T0)],
        T0 + H,
        600,
        True,
    ),
]


@pytest.mark.parametrize(
    ("log", "now", "minutes", "warned"),
    [c[1:] for c in PLANNED_LENGTH],
    ids=[c[0] for c in PLANNED_LENGTH],
)
def test_a_planned_length_over_the_level_is_said(
    log: list[dict[str, Any]], now: Any, minutes: float, warned: bool
) -> None:
    d = decide(request(log, now=now, planned={**WEATHER, "minutes": minutes}))
    assert ("longer_than_level" in d["safety"]["warnings"]) is warned, d
    text = " ".join(d["reasons"])
    assert (f"You planned {minutes:g} minutes" in text) is warned, d["reasons"]
    if warned:
        assert f"{d['next_session']['max_minutes']:g} minutes at most" in text


# ------------------------------------------------ more of the same families


def test_heat_panting_names_the_unease_logged_with_it() -> None:
    """Wrong before: 'The cat was panting in warm weather' and no more."""
    obs = {**CALM, "tail": "low", "ears": "flat", "signs": ["panting"]}
    d = _walk_stop(obs, temp_c=31, sun="shade")
    assert d["decision"] == "stop"
    assert "warm weather (also tail low, ears flat)" in d["reasons"][0], d["reasons"]


def test_an_accident_alone_is_not_called_nothing_recorded() -> None:
    log = [
        session("door-closed", 2, T0 - D),
        session("door-closed", 3, T0, observation={"signs": ["toileting"]}),
    ]
    d = decide(request(log))
    text = " ".join(d["reasons"])
    assert d["decision"] == "stick"
    assert "Nothing about the cat was recorded" not in text, d["reasons"]
    assert "accident" in text and "body language" in text


# (id, planned place, temperature, cold warning expected)
COLD_ROWS: list[tuple[str, str, float, str | None]] = [
    ("parked car at -10 °C (wrong before)", "car", -10, "freezing_weather"),
    ("parked car at 5 °C (wrong before)", "car", 5, "cold_weather"),
    ("quiet spot at -10 °C", "quiet_outdoors", -10, "freezing_weather"),
    ("home at -10 °C outside: indoors", "home", -10, None),
]


@pytest.mark.parametrize(
    ("where", "temp_c", "warning"), [c[1:] for c in COLD_ROWS], ids=[c[0] for c in COLD_ROWS]
)
def test_cold_reaches_the_cat_outdoors_and_in_a_parked_car(
    where: str, temp_c: float, warning: str | None
) -> None:
    stage = {"car": "car", "quiet_outdoors": "outdoors", "home": "movement"}[where]
    last = session(stage, 1, T0, checks=SAFE_CHECKS, calm=3, reps=5)
    d = decide(request([last], planned={"location": where, "temp_c": temp_c, "humidity_pct": 50}))
    cold = {"cool_weather", "cold_weather", "freezing_weather"} & set(d["safety"]["warnings"])
    assert cold == ({warning} if warning else set()), d["safety"]
    if where == "car":
        # The car's own warning holds in this weather too: it said only "a
        # parked car heats up fast" at -10 °C.
        from catpack.words import SAFETY_WORDS

        assert "car_heat" in d["safety"]["warnings"]
        assert "cold" in SAFETY_WORDS["car_heat"]


@pytest.mark.parametrize(("stage", "level"), [("car", 2), ("local-walks", 2), ("local-walks", 4)])
def test_after_a_lapse_no_reason_counts_the_outings_before_it(stage: str, level: int) -> None:
    """Wrong before: '1 of 2 calm outings at this level: keep going before
    raising' beside 'those before the break no longer count'."""
    log = [out(stage, level - 1, T0 - D), out(stage, level, T0)]
    d = decide(request(log, now=T0 + 30 * D, cat=cat(car_training=True)))
    text = " ".join(d["reasons"])
    assert "no longer count" in text, d["reasons"]
    assert "keep going before raising" not in text, d["reasons"]


@pytest.mark.parametrize("temp_c", [20, 30])
@pytest.mark.parametrize("where", ["quiet_outdoors", "home"])
def test_panting_out_of_the_pack_is_not_told_to_take_it_out(temp_c: float, where: str) -> None:
    """Wrong before: a cat logged out of the pack, panting, was to be 'taken
    out of the pack' and the first step said 'open the pack and let the cat out'."""
    stage = "first-walk" if where != "home" else "movement"
    ctx = {
        "location": where,
        "in_backpack": False,
        "temp_c": temp_c,
        "humidity_pct": 50,
        "sun": "shade",
    }
    log = [
        out(stage, 1, T0 - D),
        session(stage, 2, T0, checks=SAFE_CHECKS, observation=PANTING, context=ctx),
    ]
    d = decide(request(log, now=T0 + H))
    assert d["decision"] == "stop"
    text = " ".join([*d["reasons"], d["next_session"]["instructions"][0]])
    assert "take it out of the pack" not in text and "open the pack" not in text, text
    assert "out of the pack" in text and "water" in text, text
