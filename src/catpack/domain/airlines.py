"""In-cabin pet carrier limits of some airlines, as their sources gave them.

Every figure is copied from ``shared/data/gear-research.md`` §2 in the unit
the source used (no value estimated); where sources conflict, the smaller
(stricter) figure is kept and the conflict noted. These pages change: the
app always tells the owner to confirm with the airline before flying.
``None`` means the source publishes no figure (UNVERIFIED).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Airline:
    id: str
    name: str
    cabin_pets: bool
    unit: str  # "in" or "cm", as the source gave it
    soft_max: tuple[float, float, float] | None  # L x W x H
    max_total_kg: float | None  # pet + carrier
    max_total_lb: float | None
    note: str
    sources: str


AIRLINES: dict[str, Airline] = {
    a.id: a
    for a in (
        Airline(
            "delta",
            "Delta",
            True,
            "in",
            (18, 11, 11),
            None,
            None,
            "No fixed maximum: the carrier must fit under the seat, which varies by "
            "aircraft; 18 x 11 x 11 in is Delta's recommendation.",
            "[D1]-[D4], 2026-05-26",
        ),
        Airline(
            "united",
            "United",
            True,
            "in",
            (18, 11, 11),
            None,
            None,
            "Recommended soft-sided size; may be slightly larger if it collapses.",
            "[UA1], [UA2], [D1]",
        ),
        Airline(
            "american",
            "American",
            True,
            "in",
            (18, 11, 11),
            None,
            None,
            "Weight limit UNVERIFIED (an old page said 20 lb).",
            "[AA1], [D1]",
        ),
        Airline(
            "southwest",
            "Southwest",
            True,
            "in",
            (18.5, 13.5, 8.5),
            None,
            None,
            "One source says 9.5 in high (conflict): the lower 8.5 in is used.",
            "[WN1], [WN2] 2026-07-03",
        ),
        Airline(
            "alaska",
            "Alaska",
            True,
            "in",
            (17, 11, 9.5),
            None,
            None,
            "Sources differ on width (11 vs 12 in): 11 in is used.",
            "[D1], [AS1]",
        ),
        Airline(
            "jetblue",
            "JetBlue",
            True,
            "in",
            (17, 12.5, 8.5),
            None,
            20,
            "8.5 in height limit.",
            "[JB1], [JB2], [WN2]",
        ),
        Airline(
            "air_canada",
            "Air Canada",
            True,
            "cm",
            (55, 40, 27),
            10,
            None,
            "Per-aircraft limits may be smaller; hard carriers not allowed in the cabin "
            "since 1 Jun 2025.",
            "[D1], [AC1]",
        ),
        Airline(
            "lufthansa",
            "Lufthansa",
            True,
            "cm",
            (55, 40, 23),
            8,
            None,
            "Soft bags only.",
            "[LH1], [LH2], [D1]",
        ),
        Airline(
            "air_france",
            "Air France",
            True,
            "cm",
            (46, 28, 24),
            8,
            None,
            "Flexible bag recommended.",
            "[AF1], [D1] 2026-06-18",
        ),
        Airline(
            "klm",
            "KLM",
            True,
            "cm",
            (46, 28, 24),
            8,
            None,
            "Economy, and Business within Europe only.",
            "[KL1] 2025-12-11, [KL2]",
        ),
        Airline(
            "westjet",
            "WestJet",
            True,
            "in",
            (16, 8.5, 10),
            10,
            None,
            "Soft carriers required.",
            "[D1] 2026-05-26",
        ),
        Airline(
            "british_airways",
            "British Airways",
            False,
            "cm",
            None,
            None,
            None,
            "No pets in the cabin (recognised assistance dogs only).",
            "[BA1]-[BA3]",
        ),
        Airline(
            "qantas",
            "Qantas (domestic)",
            False,
            "cm",
            None,
            None,
            None,
            "No pets in the cabin (service dogs only).",
            "[QF1], [QF2]",
        ),
    )
}

CM_PER_IN = 2.54
KG_PER_LB = 0.45359237


def limits_cm(airline: Airline) -> tuple[float, float, float] | None:
    if airline.soft_max is None:
        return None
    factor = CM_PER_IN if airline.unit == "in" else 1.0
    return (
        airline.soft_max[0] * factor,
        airline.soft_max[1] * factor,
        airline.soft_max[2] * factor,
    )


def limit_kg(airline: Airline) -> float | None:
    if airline.max_total_kg is not None:
        return airline.max_total_kg
    if airline.max_total_lb is not None:
        return airline.max_total_lb * KG_PER_LB
    return None
