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
Thresholds on the sun-adjusted heat index, with their sources:

* below 26.7 °C (80 °F): ``low`` — under the NWS "Caution" band.
* 26.7 °C to 29.5 °C: ``moderate`` — NWS "Caution"; warn, shorten, shade.
* 29.4 °C (85 °F) to 32.2 °C: ``high`` — 9 CFR 3.16(e) (USDA, transport of
  dogs and cats) requires auxiliary ventilation once an animal's space
  reaches 85 °F; blocks every backpack session.
* 32.2 °C (90 °F) and above: ``extreme`` — NWS "Extreme Caution" begins.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import thermofeel

from catpack.domain.contract import Checks, Context, HeatRisk, Sun
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
MODERATE_FROM_C = (80.0 - 32.0) * 5.0 / 9.0  # 26.7 °C, NWS Caution
HIGH_FROM_C = (85.0 - 32.0) * 5.0 / 9.0  # 29.4 °C, 9 CFR 3.16(e)
EXTREME_FROM_C = (90.0 - 32.0) * 5.0 / 9.0  # 32.2 °C, NWS Extreme Caution
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
    elif value >= HIGH_FROM_C:
        risk = "high"
    elif value >= MODERATE_FROM_C:
        risk = "moderate"
    else:
        risk = "low"
    return HeatReading(
        risk=risk, value=round(value, 1), felt_c=round(felt, 1), humidity_assumed=assumed
    )


def session_heat(ctx: Context) -> HeatReading | None:
    """Heat risk of a logged session: the outside air's or the pack's own, whichever is worse.

    The pack's air (``pack_temp_c``, from a thermometer inside it) already
    holds the sun's heat, so it gets no sun correction.
    """
    outside = heat_risk(ctx.get("temp_c"), ctx.get("humidity_pct"), ctx.get("sun"))
    inside = heat_risk(ctx.get("pack_temp_c"), ctx.get("pack_humidity_pct"), "indoor")
    if outside is None or (inside is not None and inside.value > outside.value):
        return inside
    return outside


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
