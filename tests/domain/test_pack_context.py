"""A session's in-pack peak (``context.pack_temp_c``) counts as heat like the weather does."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from catpack import CoachInputError, decide
from catpack.domain.safety import session_heat
from tests.factories import CALM, T0, request, session

PANTING = {**CALM, "signs": ["panting"]}
HEAT_REASON = "warm weather"  # a day later, told as the past: "the cat was panting in warm weather"


def _panting(at_hours: int, **context: Any) -> dict[str, Any]:
    return session(
        "introduce",
        2,
        T0 + timedelta(days=at_hours),
        observation=PANTING,
        context={"location": "home", "sun": "indoor", "temp_c": 18, **context},
    )


@pytest.mark.parametrize(
    ("context", "risk"),
    [
        ({"temp_c": 18, "sun": "indoor"}, "low"),
        ({"temp_c": 18, "sun": "indoor", "pack_temp_c": 33, "pack_humidity_pct": 40}, "extreme"),
        ({"pack_temp_c": 27, "pack_humidity_pct": 50}, "moderate"),
        # the weather is worse than the pack: the weather counts
        ({"temp_c": 31, "sun": "full", "pack_temp_c": 24}, "extreme"),
        ({}, None),
    ],
)
def test_session_heat_takes_the_worse_of_outside_and_pack(
    context: dict[str, Any], risk: str | None
) -> None:
    reading = session_heat(context)  # type: ignore[arg-type]
    assert (reading.risk if reading else None) == risk


def test_a_hot_pack_makes_panting_heat_not_fear() -> None:
    cool = decide(request([_panting(0)], now=T0 + timedelta(days=1)))
    hot = decide(request([_panting(0, pack_temp_c=33.0)], now=T0 + timedelta(days=1)))
    assert cool["decision"] == hot["decision"] == "stop"
    assert not any(HEAT_REASON in r for r in cool["reasons"])
    assert any(HEAT_REASON in r for r in hot["reasons"])


def test_panting_in_a_hot_pack_does_not_count_toward_referral() -> None:
    later = T0 + timedelta(days=10)
    cool = decide(request([_panting(d) for d in range(3)], now=later))
    hot = decide(request([_panting(d, pack_temp_c=34.0) for d in range(3)], now=later))
    assert cool["decision"] == "refer"
    assert hot["decision"] == "stop"


def test_pack_values_are_checked() -> None:
    bad = _panting(0, pack_temp_c=120)
    with pytest.raises(CoachInputError, match=r"sessions\[0\]\.context\.pack_temp_c"):
        decide(request([bad]))
