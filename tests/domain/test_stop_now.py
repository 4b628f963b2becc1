"""What to do the minute a session ends in a stop fits where the cat was.

Every stop said "open the pack, let the cat out and leave it alone": at the
harness step there is no pack, and away from home (the doorway, the car, a
park) a scared cat let out of the pack can bolt and be lost. Away from home
the first instruction keeps the leash in hand and leaves, letting the cat out
only at a quiet, shaded spot or at home (protocol rules 7-9).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from catpack import decide
from tests.domain.test_rests_and_lapses import graduated
from tests.factories import HISSING, SAFE_CHECKS, T0, cat, request, session

H = timedelta(hours=1)
AWAY = "keep hold of the leash"


def _first(
    stage: str, level: int, history: list[dict[str, Any]] | None = None, **extra: Any
) -> str:
    stop = session(stage, level, T0, observation=HISSING, checks=SAFE_CHECKS, **extra)
    d = decide(request([*(history or []), stop], now=T0 + H, cat=cat(car_training=True)))
    assert d["decision"] == "stop"
    first: str = d["next_session"]["instructions"][0]
    return first


@pytest.mark.parametrize(
    ("stage", "level", "words"),
    [
        ("harness-leash", 2, "take the harness off"),
        ("introduce", 1, "open the pack, let the cat out"),
        ("movement", 3, "open the pack, let the cat out"),
        ("doorway", 1, AWAY),
        ("car", 2, AWAY),
        ("outdoors", 1, AWAY),
        ("local-walks", 3, AWAY),
    ],
)
def test_the_first_instruction_after_a_stop_fits_the_place(
    stage: str, level: int, words: str
) -> None:
    first = _first(stage, level)
    assert words in first
    if words == AWAY:
        assert "open the pack, let the cat out" not in first


def test_the_place_the_owner_logged_counts_over_the_levels() -> None:
    """A home level the owner did out in the garden: the away words."""
    away = {"context": {"location": "quiet_outdoors", "in_backpack": True}}
    assert AWAY in _first("movement", 3, **away)


def test_a_trained_cat_stopped_on_its_routine_outing_keeps_the_leash() -> None:
    assert AWAY in _first("maintenance", 1, graduated(T0 - timedelta(days=30)))


def test_panting_in_the_heat_away_from_home_goes_to_the_shade_first() -> None:
    hot = {"location": "quiet_outdoors", "in_backpack": True, "sun": "full", "temp_c": 31,
           "humidity_pct": 50}  # fmt: skip
    panting = {"tail": "upright", "ears": "forward", "eyes": "normal", "body": "relaxed",
               "vocal": "silent", "took_treats": True, "signs": ["panting"]}  # fmt: skip
    stop = session("outdoors", 2, T0, observation=panting, checks=SAFE_CHECKS, context=hot)
    d = decide(request([stop], now=T0 + H, cat=cat()))
    assert d["decision"] == "stop"
    first = d["next_session"]["instructions"][0]
    assert "shade at once" in first and "let the cat out on the leash" in first
