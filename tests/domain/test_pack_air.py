"""In-pack air → caution / alert / cool now, with the rate, cold and silence (tables)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from catpack.domain.pack_air import (
    COLD_HOLD_H,
    HOT_HOLD_MIN,
    SILENT_AFTER_MIN,
    Reading,
    assess,
    peak,
    rate_c_per_min,
)

T0 = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


def trace(*temps: float, every_s: float = 30, humidity: float | None = 50) -> list[Reading]:
    """Readings every ``every_s`` seconds ending at T0."""
    n = len(temps)
    return [
        Reading(T0 - timedelta(seconds=every_s * (n - 1 - i)), t, humidity)
        for i, t in enumerate(temps)
    ]


@pytest.mark.parametrize(
    ("name", "readings", "level", "why"),
    [
        ("mild and steady", trace(22, 22, 22.1, 22), "ok", ()),
        ("one reading only", trace(22), "ok", ()),
        # heat index 27.7 °C at 26.7 °C / 60 %: NWS Caution band
        ("warm humid air", trace(26.7, 26.7, humidity=60), "caution", ("heat_caution",)),
        # same air, dry: heat index 26.5 °C stays under the band
        ("warm dry air", trace(26.7, 26.7, humidity=40), "ok", ()),
        # 29.5 °C air is the ventilation line even when dry (heat index 28.3)
        ("air at 85 °F, dry", trace(29.5, 29.5, humidity=30), "alert", ("heat_alert",)),
        # 27 °C at 90 %: heat index 31.1 → alert on humidity alone
        ("humid 27 °C", trace(27, 27, humidity=90), "alert", ("heat_alert",)),
        ("heat index 32.6", trace(31, 31, humidity=50), "cool_now", ("heat_cool_now",)),
        ("no humidity: 60 % assumed", trace(27, 27, humidity=None), "caution", ("heat_caution",)),
        # 20 → 22 °C in 5 min: 0.4 °C/min, faster than a parked car's average
        (
            "cool but heating like a car",
            trace(20, 20.2, 20.4, 20.6, 20.8, 21, 21.2, 21.4, 21.6, 21.8, 22),
            "caution",
            ("rising_fast",),
        ),
        # 24 °C rising 0.5 °C/min: 29 °C in 10 min → heat ahead, one step up now
        (
            "rising into the caution band",
            trace(21.5, 22, 22.5, 23, 23.5, 24, every_s=60),
            "caution",
            ("rising_to_alert",),
        ),
        # in caution and rising toward extreme: only one step, to alert
        (
            "caution rising fast",
            trace(24.5, 25.5, 26.5, 27.5, every_s=60, humidity=60),
            "alert",
            ("heat_caution", "rising_to_cool_now"),
        ),
        # falling air never escalates
        ("cooling down", trace(28, 27.5, 27, 26.5, 26, every_s=60, humidity=40), "ok", ()),
        ("cold air", trace(6, 6, 6), "caution", ("cold",)),
        ("freezing air", trace(-2, -2), "alert", ("freezing",)),
    ],
)
def test_levels(name: str, readings: list[Reading], level: str, why: tuple[str, ...]) -> None:
    verdict = assess(readings, T0)
    assert verdict is not None
    assert (verdict.level, verdict.why) == (level, why), name


def test_hot_air_held_too_long_means_cool_now() -> None:
    minutes = int(HOT_HOLD_MIN)
    hot = trace(*([30.0] * (minutes + 1)), every_s=60, humidity=30)  # heat index 28.7
    assert assess(hot, T0).level == "cool_now"  # type: ignore[union-attr]
    assert assess(hot, T0).why == ("heat_alert", "hot_too_long")  # type: ignore[union-attr]
    # one cooler reading inside the span restarts the count
    broken = hot[:]
    broken[-3] = Reading(broken[-3].at, 29.0, 30)
    assert assess(broken, T0).level == "alert"  # type: ignore[union-attr]


def test_cold_for_four_hours_is_an_alert() -> None:
    hours = int(COLD_HOLD_H)
    cold = trace(*([5.0] * (hours * 6 + 1)), every_s=600)
    verdict = assess(cold, T0)
    assert verdict is not None and (verdict.level, verdict.why) == ("alert", ("cold_too_long",))
    assert assess(cold[-10:], T0).level == "caution"  # type: ignore[union-attr]


def test_silence_is_an_alarm_that_keeps_the_last_level() -> None:
    readings = trace(31, 31)
    late = T0 + timedelta(minutes=SILENT_AFTER_MIN + 1)
    verdict = assess(readings, late)
    assert verdict is not None and verdict.silent and verdict.silent_min == SILENT_AFTER_MIN + 1
    assert verdict.level == "cool_now"
    fresh = assess(readings, T0 + timedelta(minutes=1))
    assert fresh is not None and not fresh.silent


def test_readings_in_any_order_and_none() -> None:
    readings = trace(20, 21, 22, 23, 24, 25, every_s=60)
    assert assess(readings[::-1], T0) == assess(readings, T0)
    assert assess([], T0) is None


def test_rate_needs_a_minute_of_readings() -> None:
    assert rate_c_per_min(trace(20, 30, every_s=10)) is None
    assert rate_c_per_min(trace(20, 21, 22, every_s=60)) == pytest.approx(1.0)
    # only the last 5 minutes count: an old rise does not
    old_rise = [Reading(T0 - timedelta(minutes=30), 10, 50), *trace(25, 25, 25, every_s=60)]
    assert rate_c_per_min(old_rise) == pytest.approx(0.0)


def test_peak_is_the_hottest_reading() -> None:
    readings = trace(24, 31.5, 27)
    top = peak(readings)
    assert top is not None and top.temp_c == 31.5
    assert peak([]) is None
