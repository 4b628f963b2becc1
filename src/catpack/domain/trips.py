"""Trip planning: readiness against training progress, packing, weather, fit.

Readiness is read from the log (:mod:`catpack.domain.readiness`). Packing
(protocol.md rule 11) follows the trip's length *and* kind:

* over one to two hours out (the guide, step 9; we take the cautious end,
  over 1 hour): treats, water, a collapsible bowl, pee pads, waste bags;
* a big trip of any kind (hike, hotel, road trip, flight: the guide's step
  10 kit) *or* half a day out or more, of any kind (``FULL_KIT_FROM_H``,
  policy: such an outing spans a meal): food, a spare harness, a spare leash;
* heat risk high or extreme, or too long an outing for the cold: not ready.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from catpack.domain import gear
from catpack.domain import protocol as P
from catpack.domain.airlines import AIRLINES, Pack, check_airline
from catpack.domain.contract import Trip, TripRequest, parse_trip_request
from catpack.domain.errors import CoachInputError
from catpack.domain.history import State, fold
from catpack.domain.readiness import BIG_TRIPS, OUTINGS, big_trip, readiness
from catpack.domain.safety import weather_check
from catpack.domain.validation import checked_sessions

#: The guide: "over an hour or two" → supplies. We take the cautious end.
SUPPLIES_AFTER_H = 1.0


def plan_trip(request: dict[str, Any]) -> dict[str, Any]:
    """The coach contract's ``plan_trip``; raises CoachInputError on bad input."""
    return plan_parsed(parse_trip_request(request))


def _stops_every(state: State) -> int:
    """How often to stop on a trip, from the furthest stage reached (protocol data)."""
    if state.graduated:
        return P.LAST_TRAINING_STAGE.trip_stops_min
    return P.TRAINING_LADDER[max(state.furthest, 0)].trip_stops_min


def plan_parsed(req: TripRequest) -> dict[str, Any]:
    trip = req.trip
    sessions = checked_sessions(req.sessions, req.now)
    zone = ZoneInfo(req.timezone) if req.timezone else req.now.tzinfo
    state = fold(req.cat, sessions, zone, req.pauses)
    ready, reasons = readiness(req, state)
    # Cold limits count for outings in the pack; other kinds get the warning only.
    minutes = trip.hours * 60 if trip.kind in OUTINGS else 0.0
    weather = weather_check(
        trip.temp_c, trip.humidity_pct, trip.sun, outdoors=True, minutes=minutes
    )
    blocking, warnings = weather.blocking, weather.warnings
    reasons += weather.reasons
    if blocking:
        ready = False
    if trip.kind == "road_trip":
        warnings.append("car_heat")

    packing = packing_list(trip)
    airline, grounded = _airline(req, reasons)
    fit, flags = _gear(req, reasons)
    blocking += flags.blocking
    warnings += flags.warnings
    if grounded or flags.blocking:
        ready = False
    if ready:
        reasons.append("Ready: the training covers this trip. Go slowly on the first long ones.")
    return {
        "version": 1,
        "ready": ready,
        "reasons": reasons,
        "packing": packing,
        "safety": {
            "blocking": blocking,
            "warnings": warnings,
            "heat": weather.heat,
            "cold": weather.cold,
        },
        "stops_every_min": _stops_every(state),
        "airline": airline,
        "fit": fit,
    }


def packing_list(trip: Trip) -> list[dict[str, str]]:
    """What to pack for ``trip``: from the trip alone (its kind and length),
    never from the cat's log, so a list of trips needs no plan of each."""
    items: list[tuple[str, str]] = [
        ("harness", "The cat wears it from home: the pack's tether clips to it."),
        ("leash", "Outdoors the cat is always on a leash when out of the pack."),
        ("tether_check", "Clip the inner tether low, to the harness, never to a collar."),
        ("id_tag", "In case the cat slips away."),
        ("blanket", "A familiar blanket in the bottom of the pack calms and absorbs accidents."),
    ]
    if trip.hours > SUPPLIES_AFTER_H or trip.kind in BIG_TRIPS:
        items += [
            ("treats", "Over an hour out: rewards and a snack."),
            ("water", "Over an hour out: cats need water, more so when warm."),
            ("collapsible_bowl", "To offer that water."),
            ("pee_pads", "In the bottom of the pack for toilet needs."),
            ("waste_bags", "To take used pads and mess home."),
        ]
    else:
        items.append(("treats", "To reward calm moments."))
    if big_trip(trip):
        items += [
            ("food", "A long day out spans a meal or more."),
            ("spare_harness", "A spare if one breaks or gets wet, far from home."),
            ("spare_leash", "A spare leash for a long day out."),
        ]
    if trip.kind == "hike":
        items.append(("first_aid", "Far from help on a hike."))
    if trip.kind in ("flight", "hotel", "road_trip"):
        items.append(("vaccination_record", "Hotels, borders and airlines may ask for it."))
    if trip.kind == "flight":
        items.append(("carrier_fit_check", "Measure the pack against the airline's limits."))
    return [{"item": item, "why": why} for item, why in items]


#: What a flight without an airline says (the trip is not ready until one is chosen).
ASK_AIRLINE = (
    "Which airline? Choose it to check whether the cat may fly in the cabin and "
    "whether the pack is within its limits."
)


def _airline(req: TripRequest, reasons: list[str]) -> tuple[dict[str, Any] | None, bool]:
    """The airline check (when an airline is given, or the trip is a flight).

    Returns the check and whether it keeps the trip from being ready: no pets
    in the cabin, a pack over a limit, or a flight without an airline.
    """
    trip = req.trip
    if trip.airline is None:
        if trip.kind != "flight":
            return None, False
        reasons.append(ASK_AIRLINE)
        return None, True
    if trip.airline not in AIRLINES:
        raise CoachInputError("trip.airline", f"{trip.airline!r} is not one of {sorted(AIRLINES)}")
    bp = trip.backpack
    pack = (
        Pack(bp.length_cm, bp.width_cm, bp.height_cm, bp.weight_kg, bp.soft_sided, bp.mesh_sides)
        if bp is not None
        else None
    )
    result = check_airline(
        trip.airline, pack, req.cat.weight_kg, on=req.now.date(), units=req.units
    )
    reasons.extend(result["problems"])
    if result["fits"] is None and result["cabin_pets"] is not False:
        reasons.extend(c for c in result["cautions"] if c not in reasons)
    reasons.append(result["note"])
    return result, result["fits"] is False


def _gear(req: TripRequest, reasons: list[str]) -> tuple[dict[str, Any] | None, gear.Flags]:
    """The pack's fit for the cat and its flags on this trip (it carries the pack)."""
    trip = req.trip
    if trip.backpack is None:
        return None, gear.Flags()
    is_sunny = gear.sunny(trip.sun, None if trip.kind == "flight" else "quiet_outdoors")
    flags = gear.pack_flags(trip.backpack, req.cat, None, is_sunny=is_sunny, units=req.units)
    reasons.extend(flags.reasons)
    return gear.fit(trip.backpack, req.cat, req.units), flags
