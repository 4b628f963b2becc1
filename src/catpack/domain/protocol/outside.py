"""Steps 7-10 and the upkeep after training: the protocol outside the home.

Outside, the guide starts "with a very short amount of time for each of these
steps, and then slowly increase[s] that": each new place, closure or distance
comes in at a length already trained, and only then does the length grow.
See :mod:`catpack.domain.protocol.stages` for sources and policy values.
"""

from __future__ import annotations

from typing import Any

from catpack.domain.contract import Location, TripKind
from catpack.domain.protocol.model import (
    BLANKET_IN_PACK,
    CARRIED_OUT_S,
    HEADING_OUT,
    OUTDOOR_GATES,
    SUPPLIES_PACKED,
    THROUGHOUT,
    Distance,
    Level,
    Stage,
    lv,
)

_BIG_TRIPS: frozenset[TripKind] = frozenset({"hike", "hotel", "road_trip", "flight"})


def _at_spot(does: str, outside: str) -> Level:
    """A step 7 level at a quiet outdoor spot the cat is carried out to."""
    return lv(
        does,
        "quiet_outdoors",
        closed_s=CARRIED_OUT_S,
        movement=HEADING_OUT,
        outside=outside,
    )


def _outing(
    does: str,
    minutes: float,
    distance: Distance,
    place: Location = "quiet_outdoors",
    calm_sessions: int = 1,
    **criterion: Any,
) -> Level:
    """An outing in the pack: zipped in throughout, worn on the front."""
    return lv(
        does,
        place,
        minutes,
        calm_sessions=calm_sessions,
        closed_s=THROUGHOUT,
        movement="worn_front",
        distance=distance,
        **criterion,
    )


OUTSIDE_STAGES: tuple[Stage, ...] = (
    Stage(
        id="outdoors",
        step=7,
        title="Acclimatise outside",
        about="outdoors",
        prepares=frozenset({"walk"}),
        gates=(*OUTDOOR_GATES, BLANKET_IN_PACK),
        levels=(
            # A new place, the session as short as at home. Each level at the
            # spot includes the carry there and back in the zipped pack, worn
            # in front (model.CARRIED_OUT_S, HEADING_OUT): what changes from
            # one to the next is what happens at the spot, in the criterion.
            _at_spot(
                "In a quiet spot, set the pack down and let the cat sit out beside it.",
                outside="beside_pack",
            ),
            _at_spot(
                "Wait for the cat to climb back in by itself, then reward.", outside="re_enters"
            ),
            # "a couple of minutes": the guide, step 7.
            _at_spot(
                "Zip the pack for about two minutes, then open and reward.", outside="zipped_2min"
            ),
            _at_spot("Lift the zipped pack and set it down again.", outside="lift"),
            _at_spot("Hold the zipped pack for a couple of minutes.", outside="hold_minutes"),
            _at_spot("Walk for a minute or two with the pack on your front.", outside="walk_front"),
            lv(
                "Keep the cat zipped in for the whole short session, walking about the spot.",
                "quiet_outdoors",
                closed_s=THROUGHOUT,
                movement="worn_front",
                outside="zipped_throughout",
            ),
        ),
        instructions=(
            "Choose a lawn or quiet park corner, away from dogs, people and traffic.",
            "Harness and leash on; the cat's own blanket in the bottom of the pack.",
        ),
    ),
    Stage(
        id="first-walk",
        step=8,
        title="Taking a walk",
        about="walks",
        gates=OUTDOOR_GATES,
        levels=tuple(
            _outing(does, minutes, "nearby", walk_min=minutes)
            for does, minutes in (
                ("A first very short walk near home; stop every few minutes to reassure.", 5),
                ("A walk of about ten minutes near home, stopping to reassure.", 10),
                ("A walk of about twenty minutes, the cat in and out of the pack as needed.", 20),
            )
        ),
        instructions=(
            "Stop every few minutes, set the pack down and talk to the cat.",
            "Treats only when needed: reassurance does most of the work here.",
        ),
    ),
    Stage(
        id="local-walks",
        step=9,
        title="Short local walks",
        about="walks",
        prepares=_BIG_TRIPS,
        trip_stops_min=20,
        gates=OUTDOOR_GATES,
        levels=(
            _outing(
                "Walks of about 20 minutes in quiet places further from home.",
                20,
                "local",
                calm_sessions=3,
                environment="quiet",
            ),
            _outing(
                "Walks of up to 40 minutes, at varied times, still quiet.",
                40,
                "local",
                calm_sessions=3,
                environment="varied",
            ),
            # A busier place comes in short (the guide starts every new
            # situation with "a very short amount of time").
            _outing(
                "A short first visit to a livelier place, such as a café terrace; "
                "leave if the cat is overwhelmed.",
                20,
                "local",
                place="busy_outdoors",
                calm_sessions=3,
                environment="busy",
            ),
            _outing(
                "Quiet walks of up to an hour, in different places.",
                60,
                "local",
                calm_sessions=3,
                environment="long_quiet",
            ),
        ),
        instructions=(
            "Go out often and a little further; let the cat out on the leash when it wants.",
            "Over one to two hours out, bring treats, water, a collapsible bowl and pee pads.",
        ),
        notes=(
            "The guide spreads this step over a few weeks; each level asks for 3 calm outings.",
        ),
    ),
    Stage(
        id="adventure",
        step=10,
        title="Hiking and adventure",
        about="long",
        trip_stops_min=20,
        gates=(*OUTDOOR_GATES, SUPPLIES_PACKED),
        levels=tuple(
            _outing(does, minutes, "away", outing=outing)
            for does, minutes, outing in (
                ("A first outing away from home, about an hour, many breaks.", 60, "first_away"),
                ("An outing of about two hours, unhurried.", 120, "two_hours"),
                ("A first long outing (half a day), unhurried, with many breaks.", 240, "half_day"),
                ("A full-day hike or trip, still unhurried.", 480, "full_day"),
            )
        ),
        instructions=(
            "Pack the full kit, spares included; plan shade and water stops.",
            "Keep the first long trips slow; stop and reassure at any sign of trouble.",
        ),
    ),
    # The upkeep stages in the engine's order, easy to hard: the refresher's
    # levels chain below the routine trip (moves.up/down), so it comes first.
    Stage(
        id="refresher",
        step=10,
        title="Easy refresher sessions",
        about="upkeep",
        role="refresher",
        trip_stops_min=20,
        gates=OUTDOOR_GATES,
        levels=(
            _outing(
                "At home: zip the cat in and wear the pack around the home for about ten minutes.",
                10,
                "none",
                place="home",
                routine="home_refresher",
            ),
            _outing(
                "About ten minutes at a quiet outdoor spot, the pack zipped, walking a little.",
                10,
                "none",
                routine="quiet_spot",
            ),
            _outing(
                "A short, quiet walk of about ten minutes before any big trip.",
                10,
                "local",
                routine="short_walk",
            ),
        ),
        instructions=(
            "Short, easy sessions bring the routine back; a big trip waits until they are done.",
        ),
    ),
    Stage(
        id="maintenance",
        step=10,
        title="Keep it going",
        about="upkeep",
        role="maintenance",
        trip_stops_min=20,
        gates=OUTDOOR_GATES,
        levels=(
            _outing("A short routine trip out in the pack.", 30, "local", routine="short_trip"),
        ),
        instructions=(
            "Leave the pack out at home so it stays a familiar resting place.",
            "Short trips very often keep the habit alive; almost daily is not too often.",
        ),
    ),
)
