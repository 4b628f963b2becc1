"""The air inside the pack, from a thermometer in it: how safe, and how fast it changes.

Pure: readings and ``now`` in, a verdict out (no clock, no I/O). The sensor
sits in the air the cat breathes, so the sun is already in its reading: the
in-pack heat index is taken without the sun correction the weather needs.

Levels, on the latest reading (every threshold is **policy**, leaning on the
sources named; there is no validated heat limit for a cat in a pack,
science-research.md §5):

* ``caution`` — in-pack heat index from 26.7 °C (80 °F, the start of the
  US National Weather Service "Caution" band, the engine's ``moderate``);
  or the air rising at ``FAST_RISE_C_PER_MIN`` or faster (McLaren, Null &
  Quinn 2005, *Pediatrics* 116:e109: closed cars in the sun warmed about
  1.8 °C per 5 min on average; a pack warming that fast is heating like a
  parked car); or the air below 7.2 °C (45 °F, see cold below).
* ``alert`` — air at 29.5 °C (85 °F) or above, or heat index from 29.4 °C.
  9 CFR 3.16(e) (USDA rules for carrying dogs and cats in a vehicle) makes
  a carrier ventilate the animal cargo space once its *air* reaches 85 °F
  and not let it stay above 85 °F for more than 4 hours. It is about the
  air of a vehicle's animal space, not about a pack or a cat's body; catpack
  uses its 85 °F only as a reference point for "this air needs moving now".
* ``cool_now`` — stop and cool the cat: heat index from 32.2 °C (90 °F, NWS
  "Extreme Caution", the engine's ``extreme``), or the air at or above
  29.5 °C for ``HOT_HOLD_MIN`` minutes in a row. A pack has no fan: where
  the regulation allows 4 hours in a ventilated hold, catpack allows a few
  minutes to open the pack and reach shade.

Looking ahead: when the rise over the last ``RATE_WINDOW_MIN`` minutes would
reach a higher level within ``LOOKAHEAD_MIN`` minutes, the level goes one
step up now, so the warning comes before the heat. Only one step: "stop
now" is kept for heat that is there, so it is believed when it shows.

Cold: the same rule's lower bound (not below 45 °F / 7.2 °C for more than
4 hours) gives ``caution`` below 7.2 °C and ``alert`` after 4 hours below
it; air at or below 0 °C in a pack with a cat inside is an ``alert`` at once
(policy: freezing air means the pack is not keeping the cat warm).

Silence: no reading for ``SILENT_AFTER_MIN`` minutes is an alarm of its own
(``silent``): a sensor that stopped talking is not a cool pack. The last
level is kept beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, TypeAlias

from catpack.domain.safety import (
    ASSUMED_HUMIDITY_PCT,
    EXTREME_FROM_C,
    HIGH_FROM_C,
    MODERATE_FROM_C,
    heat_index_c,
)

Level: TypeAlias = Literal["ok", "caution", "alert", "cool_now"]
LEVELS: tuple[Level, ...] = ("ok", "caution", "alert", "cool_now")

#: 9 CFR 3.16(e): auxiliary ventilation from 85 °F in a vehicle's animal space.
VENTILATE_AIR_C = 29.5
#: 9 CFR 3.16(e) lower bound: not below 45 °F for more than 4 hours.
COLD_AIR_C = 7.2
COLD_HOLD_H = 4.0
FREEZING_AIR_C = 0.0
#: Policy: minutes of air at or above 29.5 °C before "stop and cool the cat now".
HOT_HOLD_MIN = 10.0
#: Policy: a rise as fast as a closed car's in the sun (McLaren 2005: ~1.8 °C / 5 min).
FAST_RISE_C_PER_MIN = 1.8 / 5
#: Policy: the rate is the least-squares slope over this many minutes of readings.
RATE_WINDOW_MIN = 5.0
#: Policy: a rate needs readings spanning at least this long (sensor noise is ~0.1 °C).
RATE_MIN_SPAN_MIN = 1.0
#: Policy: escalate one level when the rise reaches the next one within this many minutes.
LOOKAHEAD_MIN = 10.0
#: Policy: no reading for this long is an alarm (sensors send every few seconds;
#: the watcher posts at least every 30 s).
SILENT_AFTER_MIN = 3.0


@dataclass(frozen=True, slots=True)
class Reading:
    at: datetime
    temp_c: float
    humidity_pct: float | None = None


@dataclass(frozen=True, slots=True)
class PackAir:
    """The verdict on the pack's air. ``why`` holds one id per rule that fired."""

    level: Level
    temp_c: float
    humidity_pct: float | None
    heat_index_c: float
    rate_c_per_min: float | None
    at: datetime
    silent_min: float | None = None  # minutes without a reading, when over the limit
    why: tuple[str, ...] = field(default=())

    @property
    def silent(self) -> bool:
        return self.silent_min is not None


def pack_heat_index(temp_c: float, humidity_pct: float | None) -> float:
    """NWS heat index of the pack's air (no sun correction: the sensor is in the sun's heat)."""
    rh = ASSUMED_HUMIDITY_PCT if humidity_pct is None else humidity_pct
    return heat_index_c(temp_c, rh)


def _heat_level(temp_c: float, index_c: float) -> Level:
    if index_c >= EXTREME_FROM_C:
        return "cool_now"
    if temp_c >= VENTILATE_AIR_C or index_c >= HIGH_FROM_C:
        return "alert"
    if index_c >= MODERATE_FROM_C:
        return "caution"
    return "ok"


def rate_c_per_min(readings: Sequence[Reading]) -> float | None:
    """Least-squares slope of the air temperature over the last RATE_WINDOW_MIN minutes."""
    if not readings:
        return None
    last = readings[-1].at
    window = [r for r in readings if (last - r.at).total_seconds() <= RATE_WINDOW_MIN * 60]
    xs = [(r.at - window[0].at).total_seconds() / 60 for r in window]
    if len(window) < 2 or xs[-1] - xs[0] < RATE_MIN_SPAN_MIN:
        return None
    ys = [r.temp_c for r in window]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def _held_minutes(readings: Sequence[Reading], test: float, above: bool) -> float:
    """Minutes the air has been on one side of ``test`` up to the last reading, unbroken."""
    last = readings[-1]
    start = last.at
    for r in reversed(readings):
        if (r.temp_c >= test) != above:
            break
        start = r.at
    return (last.at - start).total_seconds() / 60


def assess(readings: Sequence[Reading], now: datetime) -> PackAir | None:
    """The pack's air from its readings (any order), or None without any reading."""
    if not readings:
        return None
    ordered = sorted(readings, key=lambda r: r.at)
    last = ordered[-1]
    index = pack_heat_index(last.temp_c, last.humidity_pct)
    rate = rate_c_per_min(ordered)
    why: list[str] = []
    level = _heat_level(last.temp_c, index)
    if level != "ok":
        why.append(f"heat_{level}")
    if level == "alert" and last.temp_c >= VENTILATE_AIR_C:
        held = _held_minutes(ordered, VENTILATE_AIR_C, above=True)
        if held >= HOT_HOLD_MIN:
            level = "cool_now"
            why.append("hot_too_long")
    if rate is not None and rate > 0 and level != "cool_now":
        ahead = last.temp_c + rate * LOOKAHEAD_MIN
        coming = _heat_level(ahead, pack_heat_index(ahead, last.humidity_pct))
        if LEVELS.index(coming) > LEVELS.index(level):
            level = LEVELS[LEVELS.index(level) + 1]
            why.append("rising_to_" + coming)
        elif rate >= FAST_RISE_C_PER_MIN and level == "ok":
            level = "caution"
            why.append("rising_fast")
    level = _cold(ordered, last, level, why)
    silent = (now - last.at).total_seconds() / 60
    return PackAir(
        level=level,
        temp_c=last.temp_c,
        humidity_pct=last.humidity_pct,
        heat_index_c=round(index, 1),
        rate_c_per_min=None if rate is None else round(rate, 2),
        at=last.at,
        silent_min=round(silent, 1) if silent >= SILENT_AFTER_MIN else None,
        why=tuple(why),
    )


def _cold(ordered: Sequence[Reading], last: Reading, level: Level, why: list[str]) -> Level:
    if last.temp_c >= COLD_AIR_C:
        return level
    held_h = _held_minutes(ordered, COLD_AIR_C, above=False) / 60
    if last.temp_c <= FREEZING_AIR_C:
        why.append("freezing")
        return "alert"
    if held_h >= COLD_HOLD_H:
        why.append("cold_too_long")
        return "alert"
    why.append("cold")
    return "caution" if level == "ok" else level


def peak(readings: Sequence[Reading]) -> Reading | None:
    """The hottest reading (the one the session context carries), or None."""
    return max(readings, key=lambda r: (r.temp_c, r.at), default=None)
