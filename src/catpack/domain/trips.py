"""Trip planning: readiness against training progress, packing, heat, fit.

Rules from the guide (protocol.md rules 7, 10, 11):

* a trip needs the training step it builds on (``NEEDS``): walks come after
  acclimatising outside (step 7), hikes and big trips after the short local
  walks (step 9), a road trip also after the car branch of step 6;
* over one to two hours out: treats, water, a collapsible bowl, pee pads
  (we take the cautious end, over 1 hour); big trips add food, a spare
  harness and a spare leash;
* heat risk high or extreme: not ready;
* a trained cat after a long lapse gets a refresher before a big trip.
"""

from __future__ import annotations

from typing import Any

from catpack.domain import gear
from catpack.domain import protocol as P
from catpack.domain.airlines import AIRLINES, Pack, check_airline
from catpack.domain.contract import TripRequest, parse_trip_request
from catpack.domain.decide import LAPSE_DAYS, checked_sessions, idle_days
from catpack.domain.errors import CoachInputError
from catpack.domain.history import fold
from catpack.domain.safety import BLOCKING_RISKS, INDEX_NAME, heat_risk

#: The stage a trip kind needs completed (by ladder id).
NEEDS: dict[str, str] = {
    "walk": "outdoors",
    "hike": "local-walks",
    "hotel": "local-walks",
    "road_trip": "local-walks",
    "flight": "local-walks",
}
BIG_TRIPS = frozenset({"hike", "hotel", "road_trip", "flight"})
#: The guide: "over an hour or two" → supplies. We take the cautious end.
SUPPLIES_AFTER_H = 1.0
#: Stops: "every few minutes" on the first walks (the guide, step 8); 20 min
#: is our policy for a cat past step 8 (no source gives a figure).
STOPS_EARLY_MIN = 5
STOPS_TRAINED_MIN = 20


def plan_trip(request: dict[str, Any]) -> dict[str, Any]:
    """The coach contract's ``plan_trip``; raises CoachInputError on bad input."""
    return plan_parsed(parse_trip_request(request))


def _completed(state_furthest: int, graduated: bool, stage_id: str) -> bool:
    if graduated:
        return True
    return state_furthest > P.LADDER_INDEX[stage_id]


def plan_parsed(req: TripRequest) -> dict[str, Any]:
    trip = req.trip
    sessions = checked_sessions(req.sessions)
    state = fold(req.cat, sessions)
    reasons: list[str] = []
    ready = True
    need = P.BY_ID[NEEDS[trip.kind]]
    if not _completed(state.furthest, state.graduated, need.id):
        ready = False
        reasons.append(
            f"A {trip.kind.replace('_', ' ')} needs step {need.step} ({need.title}) done first."
        )
    if trip.kind == "road_trip" and not any(
        s["stage"] == "car" and s["level"] == 2 for s in sessions
    ):
        ready = False
        reasons.append("A road trip needs the car steps of step 6 done first.")
    if req.cat.harness_trained is not True and not state.harness_done:
        ready = False
        reasons.append("The cat is not harness-trained yet: no trip without a harness.")
    last = state.last
    if last is not None and last.outcome == "stop":
        ready = False
        reasons.append("The last session ended in real stress: rest and rebuild before a trip.")
    if state.stress_run >= 3:
        ready = False
        reasons.append("Stress keeps returning: talk to a vet or behaviourist before any trip.")
    if (
        state.graduated
        and last is not None
        and trip.kind in BIG_TRIPS
        and idle_days(last.session["at"], req.now, req.pauses) > LAPSE_DAYS
    ):
        ready = False
        reasons.append("It has been a while since the last outing: do a short refresher first.")

    heat = None
    blocking: list[str] = []
    warnings: list[str] = []
    reading = heat_risk(trip.temp_c, trip.humidity_pct, trip.sun)
    if reading is not None:
        heat = {
            "risk": reading.risk,
            "index": INDEX_NAME,
            "value": reading.value,
            "felt_c": reading.felt_c,
        }
        if reading.risk in BLOCKING_RISKS:
            ready = False
            blocking.append(f"heat_{reading.risk}")
            reasons.append(f"Heat risk is {reading.risk}: pick a cooler day or time.")
        elif reading.risk == "moderate":
            warnings.append("heat_moderate")
        if reading.humidity_assumed:
            warnings.append("humidity_assumed")
    else:
        warnings.append("heat_not_checked")
    if trip.kind == "road_trip":
        warnings.append("car_heat")

    packing = _packing(req)
    airline, grounded = _airline(req, reasons)
    fit, flags = _gear(req, reasons)
    blocking += flags.blocking
    warnings += flags.warnings
    if grounded or flags.blocking:
        ready = False
    if ready:
        reasons.append("Ready: the training covers this trip. Go slowly on the first long ones.")
    early = state.furthest <= P.LADDER_INDEX["first-walk"] and not state.graduated
    return {
        "version": 1,
        "ready": ready,
        "reasons": reasons,
        "packing": packing,
        "safety": {"blocking": blocking, "warnings": warnings, "heat": heat},
        "stops_every_min": STOPS_EARLY_MIN if early else STOPS_TRAINED_MIN,
        "airline": airline,
        "fit": fit,
    }


def _packing(req: TripRequest) -> list[dict[str, str]]:
    trip = req.trip
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
    if trip.kind in BIG_TRIPS:
        items += [
            ("food", "A big trip spans a meal or more."),
            ("spare_harness", "Big trips: a spare if one breaks or gets wet."),
            ("spare_leash", "Big trips: a spare leash."),
        ]
    if trip.kind == "hike":
        items.append(("first_aid", "Far from help on a hike."))
    if trip.kind in ("flight", "hotel", "road_trip"):
        items.append(("vaccination_record", "Hotels, borders and airlines may ask for it."))
    if trip.kind == "flight":
        items.append(("carrier_fit_check", "Measure the pack against the airline's limits."))
    return [{"item": item, "why": why} for item, why in items]


def _airline(req: TripRequest, reasons: list[str]) -> tuple[dict[str, Any] | None, bool]:
    """The airline check (when an airline is given, or the trip is a flight).

    Returns the check and whether it keeps the trip from being ready: no pets
    in the cabin, a pack over a limit, or a flight without an airline.
    """
    trip = req.trip
    if trip.airline is None:
        if trip.kind != "flight":
            return None, False
        reasons.append(
            "Which airline? Choose it to check whether the cat may fly in the cabin and "
            "whether the pack is within its limits."
        )
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
