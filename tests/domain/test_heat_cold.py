"""Heat-aware cooling (protocol rule 7) and cold limits, as tables of histories → decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from catpack import decide
from catpack.domain.safety import COLD_BELOW_C, heat_risk
from tests.factories import CALM, SAFE_CHECKS, T0, request, session

H = timedelta(hours=1)
BOTH = ["panting", "excessive_grooming"]


def after_walk(
    signs: list[str], observation: dict[str, Any] | None = None, **ctx: Any
) -> dict[str, Any]:
    """A calm walk after which the cat, out of the pack, pants and/or grooms."""
    context = {
        "location": "quiet_outdoors",
        "in_backpack": False,
        "after_exertion": True,
        "sun": "shade",
        "temp_c": 20,
        "humidity_pct": 50,
        **ctx,
    }
    return session(
        "local-walks",
        1,
        observation={**(observation or CALM), "signs": signs},
        context=context,
        checks=SAFE_CHECKS,
        minutes=20,
    )


# (id, last session, decision, cooling flag, words in the reasons, words that must not appear)
COOLING: list[tuple[str, dict[str, Any], str, bool, list[str], list[str]]] = [
    (
        "panting + heavy grooming, shade, after exertion, 20 °C: cooling",
        after_walk(BOTH),
        "push",
        True,
        ["cooling itself", "water"],
        ["overheating"],
    ),
    (
        "the issue's case: 35 °C / 55 % in shade is the NWS danger band",
        after_walk(BOTH, temp_c=35, humidity_pct=55),
        "stop",
        False,
        ["Panting and heavy grooming in warm weather", "shade", "cool it down"],
        ["cooling itself", "Real stress", "fearful"],
    ),
    (
        "caution band (27 °C / 60 %): never cooling",
        after_walk(BOTH, temp_c=27, humidity_pct=60),
        "stop",
        False,
        ["in warm weather"],
        ["cooling itself", "Real stress"],
    ),
    (
        "panting alone, cool day: never cooling",
        after_walk(["panting"]),
        "stop",
        False,
        ["Panting here can mean", "Real stress showed (panting:"],
        ["grooming", "cooling itself"],
    ),
    (
        "panting alone in the heat: cool the cat, name only panting",
        after_walk(["panting"], temp_c=30),
        "stop",
        False,
        ["Panting in warm weather"],
        ["grooming"],
    ),
    (
        "heavy grooming alone: stress, not cooling",
        after_walk(["excessive_grooming"]),
        "stop",
        False,
        ["heavy grooming"],
        ["panting", "cooling itself"],
    ),
    (
        "in the pack: never cooling",
        after_walk(BOTH, in_backpack=True),
        "stop",
        False,
        ["overheating"],
        ["cooling itself"],
    ),
    (
        "in the sun: never cooling",
        after_walk(BOTH, sun="full"),
        "stop",
        False,
        [],
        ["cooling itself"],
    ),
    (
        "not after exertion: never cooling",
        after_walk(BOTH, after_exertion=False),
        "stop",
        False,
        [],
        ["cooling itself"],
    ),
    (
        "no temperature logged: not assumed mild",
        after_walk(BOTH, temp_c=None),
        "stop",
        False,
        [],
        ["cooling itself"],
    ),
    (
        "another sign with it: not cooling",
        after_walk([*BOTH, "hiding"]),
        "stop",
        False,
        [],
        ["cooling itself"],
    ),
    (
        "hissing with it: not cooling",
        after_walk(BOTH, {**CALM, "vocal": "hissing"}),
        "stop",
        False,
        ["hissing"],
        ["cooling itself"],
    ),
]


@pytest.mark.parametrize(
    ("last", "decision", "cooling", "words", "absent"),
    [c[1:] for c in COOLING],
    ids=[c[0] for c in COOLING],
)
def test_heat_aware_cooling(
    last: dict[str, Any], decision: str, cooling: bool, words: list[str], absent: list[str]
) -> None:
    # Two calm outings at this level (it needs three): a calm third raises it.
    log = [after_walk([]) | {"at": (T0 - (i + 1) * H).isoformat()} for i in range(2)]
    out = decide(request([*log, last], now=T0 + H))
    text = " ".join(out["reasons"])
    assert out["decision"] == decision, out["reasons"]
    assert out["stress"]["thermoregulation"] is cooling
    if cooling:  # not a stress event: the calm outing counts
        assert (out["stage"]["id"], out["stage"]["level"]) == ("local-walks", 2)
    else:  # stop and cool: never the next level up
        assert out["stage"]["id"] != "local-walks" or out["stage"]["level"] == 1
        assert out["stress"]["score"] >= 5
    for word in words:
        assert word in text, (word, out["reasons"])
    for word in absent:
        assert word.lower() not in text.lower(), (word, out["reasons"])


def test_the_issue_case_is_in_the_danger_band() -> None:
    reading = heat_risk(35, 55, "shade")
    assert reading is not None and reading.risk == "extreme" and reading.value > 40


def test_heat_stops_do_not_count_towards_a_referral() -> None:
    hot = [after_walk(BOTH, temp_c=33) | {"at": (T0 + i * 26 * H).isoformat()} for i in range(4)]
    out = decide(request(hot, now=T0 + 4 * 26 * H))
    assert out["decision"] == "stop"
    cool_panting = [
        after_walk(["panting"]) | {"at": (T0 + i * 26 * H).isoformat()} for i in range(4)
    ]
    assert decide(request(cool_panting, now=T0 + 4 * 26 * H))["decision"] == "refer"


def _outing(level: int = 4) -> list[dict[str, Any]]:
    """A trained cat at step 10: the next outing is the level after ``level - 1``."""
    return [session("adventure", level - 1, T0, checks=SAFE_CHECKS, minutes=240)]


def _planned(temp_c: float | None, minutes: float | None = None) -> dict[str, Any]:
    return {"location": "quiet_outdoors", "sun": "shade", "temp_c": temp_c, "minutes": minutes}


# (id, log, planned, decision, blocking, warnings that must be there, cold risk)
COLD: list[
    tuple[str, list[dict[str, Any]], dict[str, Any], str, list[str], list[str], str | None]
] = [
    ("12 °C: no cold", _outing(), _planned(12), "push", [], [], None),
    (
        "8 °C: cool, a warning (9 CFR 3.3(a): 50 °F)",
        _outing(),
        _planned(8),
        "push",
        [],
        ["cool_weather"],
        "cool",
    ),
    (
        "5 °C, the full day next: blocked (45 °F for over 4 h)",
        _outing(),
        _planned(5),
        "blocked",
        ["cold_long_outing"],
        ["cold_weather"],
        "cold",
    ),
    (
        "5 °C, a 3-hour outing planned: allowed, warned",
        _outing(),
        _planned(5, 180),
        "push",
        [],
        ["cold_weather"],
        "cold",
    ),
    (
        "-10 °C, the full day next: blocked",
        _outing(),
        _planned(-10),
        "blocked",
        ["freezing_long_outing"],
        ["freezing_weather"],
        "freezing",
    ),
    (
        "-10 °C, 20 minutes planned: allowed, warned",
        _outing(),
        _planned(-10, 20),
        "push",
        [],
        ["freezing_weather"],
        "freezing",
    ),
    (
        "-10 °C at home: no cold limit indoors",
        [session("door-closed", 2)],
        {"temp_c": -10},
        "push",
        [],
        [],
        None,
    ),
]


@pytest.mark.parametrize(
    ("log", "planned", "decision", "blocking", "warnings", "cold"),
    [c[1:] for c in COLD],
    ids=[c[0] for c in COLD],
)
def test_cold_warns_and_blocks_long_outdoor_outings(
    log: list[dict[str, Any]],
    planned: dict[str, Any],
    decision: str,
    blocking: list[str],
    warnings: list[str],
    cold: str | None,
) -> None:
    out = decide(request(log, now=T0 + H, planned=planned))
    assert out["decision"] == decision, out["reasons"]
    assert out["safety"]["blocking"] == blocking
    assert set(warnings) <= set(out["safety"]["warnings"])
    assert (out["safety"]["cold"] or {}).get("risk") == cold
    if cold:
        assert any("blanket" in i for i in out["next_session"]["instructions"])


def test_cold_threshold_is_45_f() -> None:
    assert round(COLD_BELOW_C, 1) == 7.2
