"""Heat risk thresholds (NWS heat index via thermofeel) and the safety gates."""

from __future__ import annotations

import pytest

from catpack.domain.safety import (
    EXTREME_FROM_C,
    FULL_SUN_ADD_C,
    HIGH_FROM_C,
    MODERATE_FROM_C,
    heat_index_c,
    heat_risk,
)


def test_heat_index_matches_the_nws_table() -> None:
    # NWS heat index chart: 90 °F at 60 % RH reads 100 °F; 80 °F at 40 % reads 80 °F.
    assert heat_index_c(32.22, 60) == pytest.approx((100 - 32) * 5 / 9, abs=0.6)
    assert heat_index_c(26.67, 40) == pytest.approx((80 - 32) * 5 / 9, abs=0.6)


def test_thresholds_are_the_cited_fahrenheit_marks() -> None:
    assert pytest.approx(26.67, abs=0.01) == MODERATE_FROM_C  # 80 °F
    assert pytest.approx(29.44, abs=0.01) == HIGH_FROM_C  # 85 °F, 9 CFR 3.16(e)
    assert pytest.approx(32.22, abs=0.01) == EXTREME_FROM_C  # 90 °F
    assert pytest.approx(8.33, abs=0.01) == FULL_SUN_ADD_C  # NWS: up to 15 °F in full sun


@pytest.mark.parametrize(
    ("temp", "rh", "sun", "risk"),
    [
        (18, 50, "shade", "low"),
        (18, 50, "full", "low"),
        (25, 50, "shade", "low"),
        (28, 50, "shade", "moderate"),
        (30, 50, "shade", "high"),
        (31, 60, "full", "extreme"),
        (24, 50, "full", "high"),  # a pack in full sun on a mild day
        (26, 50, "full", "extreme"),
        (24, 50, "partial", "moderate"),
        (22, 50, None, "high"),  # sun unknown: assumed full
        (35, 10, "indoor", "high"),  # dry heat reads lower
        (35, 40, "indoor", "extreme"),
    ],
)
def test_heat_risk_table(temp: float, rh: float, sun: str | None, risk: str) -> None:
    reading = heat_risk(temp, rh, sun)  # type: ignore[arg-type]
    assert reading is not None and reading.risk == risk


def test_no_temperature_no_reading() -> None:
    assert heat_risk(None, 50, "full") is None


def test_missing_humidity_is_assumed_and_flagged() -> None:
    reading = heat_risk(28, None, "shade")
    assert reading is not None and reading.humidity_assumed
