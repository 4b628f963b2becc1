"""Issue #8 tried again, second round: histories → decisions through ``decide``.

Rows marked *wrong before* failed before the change that came with them:

* at home, heat blocked every session, even with the pack open or on the
  harness track ("no backpack outing now" for a cat free to walk off to a
  cool spot); rule 7 gates the cat shut in a pack, which at home still
  blocks, in words about home, not an outing.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from catpack import decide, protocol
from tests.factories import SAFE_CHECKS, T0, request, session

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
