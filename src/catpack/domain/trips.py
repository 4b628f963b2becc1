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

from catpack.domain import protocol as P
from catpack.domain.airlines import AIRLINES, limit_kg, limits_cm
from catpack.domain.contract import TripRequest, parse_trip_request
from catpack.domain.decide import LAPSE_DAYS, checked_sessions, idle_days
from catpack.domain.errors import CoachInputError
from catpack.domain.history import REFER_AFTER, State, fold
from catpack.domain.safety import BLOCKING_RISKS, INDEX_NAME, heat_risk

BIG_TRIPS = frozenset({"hike", "hotel", "road_trip", "flight"})
#: The guide: "over an hour or two" → supplies. We take the cautious end.
SUPPLIES_AFTER_H = 1.0


def plan_trip(request: dict[str, Any]) -> dict[str, Any]:
    """The coach contract's ``plan_trip``; raises CoachInputError on bad input."""
    return plan_parsed(parse_trip_request(request))


def _done(stage: P.Stage, state: State) -> bool:
    """A branch (the car) is done when the log shows calm sessions at its top
    level; a ladder stage when the cat has moved past it."""
    if stage.optional:
        return state.calm_top.get(stage.id, 0) >= stage.top.calm_sessions
    return state.graduated or state.furthest > P.LADDER_INDEX[stage.id]


def _stops_every(state: State) -> int:
    """How often to stop on a trip, from the furthest stage reached (protocol data)."""
    if state.graduated:
        return P.LAST_TRAINING_STAGE.trip_stops_min
    return P.TRAINING_LADDER[max(state.furthest, 0)].trip_stops_min


def plan_parsed(req: TripRequest) -> dict[str, Any]:
    trip = req.trip
    sessions = checked_sessions(req.sessions)
    state = fold(req.cat, sessions)
    reasons: list[str] = []
    ready = True
    for need in (s for s in P.STAGES if trip.kind in s.prepares):
        if not _done(need, state):
            ready = False
            reasons.append(
                f"A {trip.kind.replace('_', ' ')} needs step {need.step} ({need.title}) done first."
            )
    if req.cat.harness_trained is not True and not state.harness_done:
        ready = False
        reasons.append("The cat is not harness-trained yet: no trip without a harness.")
    last = state.last
    if last is not None and last.outcome == "stop":
        ready = False
        reasons.append("The last session ended in real stress: rest and rebuild before a trip.")
    if state.stress_run >= REFER_AFTER:
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
    airline = _airline(req, reasons) if trip.airline else None
    if airline is not None and airline["fits"] is False:
        ready = False
    if ready:
        reasons.append("Ready: the training covers this trip. Go slowly on the first long ones.")
    return {
        "version": 1,
        "ready": ready,
        "reasons": reasons,
        "packing": packing,
        "safety": {"blocking": blocking, "warnings": warnings, "heat": heat},
        "stops_every_min": _stops_every(state),
        "airline": airline,
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


def _airline(req: TripRequest, reasons: list[str]) -> dict[str, Any]:
    trip = req.trip
    assert trip.airline is not None
    airline = AIRLINES.get(trip.airline)
    if airline is None:
        raise CoachInputError("trip.airline", f"{trip.airline!r} is not one of {sorted(AIRLINES)}")
    problems: list[str] = []
    fits: bool | None = None
    limits = limits_cm(airline)
    if not airline.cabin_pets:
        fits = False
        problems.append(f"{airline.name} takes no pets in the cabin.")
    elif limits is not None and trip.backpack is not None:
        bp = trip.backpack
        dims = (bp.length_cm, bp.width_cm, bp.height_cm)
        if all(d is not None for d in dims):
            have = sorted((d for d in dims if d is not None), reverse=True)
            allowed = sorted(limits, reverse=True)
            fits = all(h <= a for h, a in zip(have, allowed, strict=True))
            if not fits:
                size = " x ".join(f"{d:g}" for d in have)
                limit = " x ".join(f"{a:.0f}" for a in allowed)
                problems.append(f"The pack's size ({size} cm) exceeds the limit ({limit} cm).")
        max_kg, cat_kg, bag_kg = limit_kg(airline), req.cat.weight_kg, bp.weight_kg
        if max_kg is not None and cat_kg is not None and bag_kg is not None:
            if cat_kg + bag_kg > max_kg:
                fits = False
                problems.append(f"Cat and pack weigh {cat_kg + bag_kg:.1f} kg, over {max_kg:g} kg.")
    reasons.extend(problems)
    if fits is None and airline.cabin_pets:
        reasons.append(
            f"Give the pack's size and weight to check it against {airline.name}'s limits."
        )
    return {
        "id": airline.id,
        "name": airline.name,
        "cabin_pets": airline.cabin_pets,
        "fits": fits,
        "limits_cm": [round(x, 1) for x in limits] if limits else None,
        "limit_kg": limit_kg(airline),
        "problems": problems,
        "note": airline.note + " Always confirm with the airline before booking.",
        "sources": airline.sources,
    }
