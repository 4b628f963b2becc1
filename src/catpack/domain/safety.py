"""Safety gates (protocol rule 8) and heat risk (rule 7).

Heat index. We use the US National Weather Service Heat Index (Rothfusz 1990
regression with the NWS adjustments), computed by the maintained ``thermofeel``
library (ECMWF; ``calculate_heat_index_adjusted``), from air temperature and
relative humidity. The NWS notes that its values are for shade and light wind
and that "exposure to full sunshine can increase heat index values by up to
15 °F" (NWS, "What is the heat index?", weather.gov/ama/heatindex). We add
that full 15 °F (8.3 °C) in full sun, half of it in partial sun (our policy),
none in shade or indoors: a pack in the sun is the guide's first danger.

Wind is recorded and shown, but never lowers the risk: the heat index assumes
light wind already, and a cat zipped in a pack gets little of any breeze.

There is no validated heat-stress index for cats (science-research.md §5).
Thresholds, each with what its source is about:

* below 26.7 °C (80 °F) on the sun-adjusted index: ``low`` — under the NWS
  "Caution" band (NWS heat index bands, for people in shade).
* from 26.7 °C (80 °F): ``moderate`` — the NWS "Caution" band; warn, shorten,
  shade.
* from 29.4 °C (85 °F) on the index: ``high`` — **policy**: halfway into the
  NWS Caution band, because a cat zipped in a pack cannot move to shade or be
  ventilated and no cat index exists. Blocks every backpack session.
* also ``high`` whenever the *air temperature* reaches 29.4 °C (85 °F),
  whatever the humidity: 9 CFR 3.16(e) (USDA, surface transport of dogs and
  cats) requires auxiliary ventilation once the air in an animal's cargo
  space reaches 85 °F. That rule is about air temperature in an animal's
  space, not a heat index; a backpack has no auxiliary ventilation, so the
  same air temperature blocks (our reading, applied to the air around the
  pack, which is the least the air inside can be).
* from 32.2 °C (90 °F) on the index: ``extreme`` — where the NWS "Extreme
  Caution" band begins.

Cold, on air temperature (the sources speak of air temperature):

* below 10 °C (50 °F): ``cool`` — 9 CFR 3.3(a) (USDA, sheltered housing for
  dogs and cats): below 50 °F the air is too cold for cats not used to the
  cold, short-haired, young, old or sick ones without extra warmth. Warning.
* below 7.2 °C (45 °F): ``cold`` — 9 CFR 3.16(e) and 3.3(a): the air around a
  transported or housed dog or cat may not stay below 45 °F for more than 4
  hours. Outings longer than 4 hours are blocked; shorter ones warned.
* below 0 °C (32 °F): ``freezing`` — the AVMA's cold-weather advice: frostbite
  and hypothermia risk, and no pet outside for long periods below freezing.
  The AVMA gives no duration: outings over 30 minutes are blocked
  (**policy**, the length of a short routine trip).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import thermofeel

from catpack.domain.contract import Checks, ColdRisk, Context, HeatRisk, Sun
from catpack.domain.protocol import (
    HARNESS_ON,
    LEASH_ON,
    OPENINGS_CLOSED,
    TETHER_TO_HARNESS,
    ZIP_CLIPS,
    Stage,
)

INDEX_NAME = "NWS heat index (thermofeel), sun-adjusted"
FULL_SUN_ADD_C = 15.0 * 5.0 / 9.0  # NWS: full sun adds up to 15 °F
SUN_ADD_C: dict[str, float] = {
    "indoor": 0.0,
    "shade": 0.0,
    "partial": FULL_SUN_ADD_C / 2,  # policy: half of the NWS full-sun figure
    "full": FULL_SUN_ADD_C,
}
MODERATE_FROM_C = (80.0 - 32.0) * 5.0 / 9.0  # 26.7 °C, NWS Caution (heat index)
HIGH_FROM_C = (85.0 - 32.0) * 5.0 / 9.0  # 29.4 °C on the index: policy (see above)
#: 9 CFR 3.16(e): auxiliary ventilation once the *air* in an animal's space reaches 85 °F.
VENTILATION_AIR_C = (85.0 - 32.0) * 5.0 / 9.0
EXTREME_FROM_C = (90.0 - 32.0) * 5.0 / 9.0  # 32.2 °C, NWS Extreme Caution (heat index)
#: 9 CFR 3.3(a): below 50 °F, extra warmth for cats not used to cold (air temperature).
COOL_BELOW_C = 10.0
#: 9 CFR 3.16(e) / 3.3(a): not below 45 °F for more than 4 hours (air temperature).
COLD_BELOW_C = (45.0 - 32.0) * 5.0 / 9.0
COLD_MAX_MINUTES = 4 * 60
#: AVMA cold-weather advice: below freezing, no pet outside for long.
FREEZING_BELOW_C = 0.0
FREEZING_MAX_MINUTES = 30  # policy: the AVMA gives no duration
#: Humidity assumed when none is given (policy, cautious for a warm day);
#: the decision then carries the warning ``humidity_assumed``.
ASSUMED_HUMIDITY_PCT = 60.0
BLOCKING_RISKS: frozenset[str] = frozenset({"high", "extreme"})


@dataclass(frozen=True, slots=True)
class HeatReading:
    risk: HeatRisk
    value: float  # sun-adjusted heat index, °C
    felt_c: float  # heat index before the sun adjustment, °C
    humidity_assumed: bool


def heat_index_c(temp_c: float, humidity_pct: float) -> float:
    """NWS heat index in °C via thermofeel (expects kelvin and dew point)."""
    t_k = np.array([temp_c + 273.15])
    td_k = thermofeel.calculate_dew_point_from_relative_humidity(
        np.array([max(humidity_pct, 1.0)]), t_k
    )
    hi_k = thermofeel.calculate_heat_index_adjusted(t_k, td_k)
    return float(hi_k[0]) - 273.15


def heat_risk(
    temp_c: float | None, humidity_pct: float | None, sun: Sun | None
) -> HeatReading | None:
    """Heat risk for a session in those conditions, or None without a temperature."""
    if temp_c is None:
        return None
    assumed = humidity_pct is None
    felt = heat_index_c(temp_c, ASSUMED_HUMIDITY_PCT if humidity_pct is None else humidity_pct)
    # Unknown sun outdoors is taken as full sun (cautious).
    value = felt + SUN_ADD_C[sun or "full"]
    risk: HeatRisk
    if value >= EXTREME_FROM_C:
        risk = "extreme"
    elif value >= HIGH_FROM_C or temp_c >= VENTILATION_AIR_C:
        risk = "high"
    elif value >= MODERATE_FROM_C:
        risk = "moderate"
    else:
        risk = "low"
    return HeatReading(
        risk=risk, value=round(value, 1), felt_c=round(felt, 1), humidity_assumed=assumed
    )


def session_heat(ctx: Context, place: str | None = None) -> HeatReading | None:
    """Heat risk of a logged session: the outside air's or the pack's own, whichever is worse.

    The pack's air (``pack_temp_c``, from a thermometer inside it) already
    holds the sun's heat, so it gets no sun correction. A session at home
    (``place``: where it was, if the context does not say) with no sun
    recorded was indoors, as a planned session at home is; elsewhere unknown
    sun counts as full sun.
    """
    sun = ctx.get("sun") or ("indoor" if (ctx.get("location") or place) == "home" else None)
    outside = heat_risk(ctx.get("temp_c"), ctx.get("humidity_pct"), sun)
    inside = heat_risk(ctx.get("pack_temp_c"), ctx.get("pack_humidity_pct"), "indoor")
    if outside is None or (inside is not None and inside.value > outside.value):
        return inside
    return outside


@dataclass(frozen=True, slots=True)
class ColdReading:
    risk: ColdRisk
    temp_c: float
    max_minutes: float | None  # the longest outdoor outing allowed, None: no limit


def cold_risk(temp_c: float | None) -> ColdReading | None:
    """Cold risk from the air temperature, or None when it is not cold."""
    if temp_c is None or temp_c >= COOL_BELOW_C:
        return None
    if temp_c < FREEZING_BELOW_C:
        return ColdReading("freezing", temp_c, FREEZING_MAX_MINUTES)
    if temp_c < COLD_BELOW_C:
        return ColdReading("cold", temp_c, COLD_MAX_MINUTES)
    return ColdReading("cool", temp_c, None)


def cold_limits(reading: ColdReading | None, minutes: float) -> tuple[list[str], list[str]]:
    """(blocking, warnings) for an outdoor outing of ``minutes`` in that cold."""
    if reading is None:
        return [], []
    warnings = [f"{reading.risk}_weather"]
    if reading.max_minutes is not None and minutes > reading.max_minutes:
        return [f"{reading.risk}_long_outing"], warnings
    return [], warnings


def cold_json(reading: ColdReading) -> dict[str, object]:
    return {"risk": reading.risk, "temp_c": reading.temp_c, "max_minutes": reading.max_minutes}


def unmet_gates(stage: Stage, checks: Checks) -> tuple[list[str], list[str]]:
    """(blocking, warnings) for the checks recorded against a stage's gates.

    Only a recorded failure blocks; a check that was not recorded is a
    warning (``checks_not_recorded``) since the checklist is shown anyway.
    """
    blocking: list[str] = []
    warnings: list[str] = []
    gates = set(stage.gates)
    tether = checks.get("tether")
    if HARNESS_ON in gates and checks.get("harness_on") is False:
        blocking.append("harness_off")
    if TETHER_TO_HARNESS in gates and tether is not None and tether != "harness":
        blocking.append("tether_not_on_harness")
        if tether == "collar":
            warnings.append("tether_on_collar")
    if OPENINGS_CLOSED in gates and checks.get("openings_closed") is False:
        blocking.append("openings_open")
    if ZIP_CLIPS in gates and checks.get("zip_clips") is False:
        warnings.append("zip_clips_unused")
    if LEASH_ON in gates and checks.get("leash_on") is False:
        blocking.append("leash_off")
    recorded = (checks.get("harness_on"), tether, checks.get("openings_closed"))
    if stage.moves_pack and any(v is None for v in recorded):
        warnings.append("checks_not_recorded")
    return blocking, warnings


@dataclass(slots=True)
class WeatherCheck:
    """Heat and cold for one planned outing: JSON parts, gate ids and plain reasons."""

    heat: dict[str, object] | None
    cold: dict[str, object] | None
    blocking: list[str]
    warnings: list[str]
    reasons: list[str]


def weather_check(
    temp_c: float | None,
    humidity_pct: float | None,
    sun: Sun | None,
    *,
    outdoors: bool,
    minutes: float,
    at_home: bool = False,
    open_at_home: bool = False,
) -> WeatherCheck:
    """Heat risk (any place) and cold limits (outdoors) for an outing of ``minutes``.

    ``open_at_home``: a session at home with the pack open (or no pack: the
    harness track). Rule 7's heat gate is about the cat shut in a pack that
    heats up; a cat beside or in an open pack indoors can walk off to a cool
    spot, so high heat there is a warning (``hot_indoors``), not a block. A
    cat zipped in at home is shut in air it cannot leave: that still blocks.
    """
    check = WeatherCheck(None, None, [], [], [])
    reading = heat_risk(temp_c, humidity_pct, sun)
    if reading is None:
        check.warnings.append("heat_not_checked")
        return check
    check.heat = {
        "risk": reading.risk,
        "index": INDEX_NAME,
        "value": reading.value,
        "felt_c": reading.felt_c,
    }
    if reading.humidity_assumed:
        check.warnings.append("humidity_assumed")
    if reading.risk in BLOCKING_RISKS and open_at_home:
        check.warnings.append("hot_indoors")
        check.reasons.append(HOT_OPEN_PACK.format(risk=reading.risk, value=reading.value))
    elif reading.risk in BLOCKING_RISKS:
        check.blocking.append(f"heat_{reading.risk}")
        check.reasons.append(
            (HOT_CLOSED_AT_HOME if at_home else HOT_OUTING).format(
                risk=reading.risk, value=reading.value
            )
        )
    elif reading.risk == "moderate":
        check.warnings.append("heat_moderate")
    cold = cold_risk(temp_c) if outdoors else None
    if cold is not None:
        check.cold = cold_json(cold)
        blocking, warnings = cold_limits(cold, minutes)
        check.blocking += blocking
        check.warnings += warnings
        if blocking:
            check.reasons.append(_COLD_REASON[cold.risk].format(limit=_duration(cold.max_minutes)))
    return check


HOT_OUTING = (
    "Heat risk is {risk} (index {value} °C): no backpack outing now; a pack heats up fast, "
    "above all in the sun. Pick a cooler time or day."
)
HOT_CLOSED_AT_HOME = (
    "Heat risk is {risk} (index {value} °C), even indoors: do not zip the cat in the pack "
    "now, a closed pack holds the heat. Pick a cooler time or a cooler room; a session with "
    "the pack left open is fine."
)
HOT_OPEN_PACK = (
    "Heat risk is {risk} (index {value} °C), but the cat is not shut in at home: it can "
    "move off to a cooler spot. Keep the session short, in the coolest room, out of the sun, "
    "with water nearby, and until it is cooler keep the cat zipped in no longer than this "
    "level asks."
)

_COLD_REASON: dict[str, str] = {
    "cold": "Below 7 °C a cat should not be out for more than {limit}: plan a shorter "
    "outing or a warmer day.",
    "freezing": "Below freezing a cat chills fast and risks frostbite: keep any outing to "
    "{limit} at most.",
}


def _duration(minutes: float | None) -> str:
    if minutes is None:
        return ""
    return f"{minutes / 60:g} hours" if minutes >= 120 else f"{minutes:g} minutes"
