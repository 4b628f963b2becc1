"""The backpack-training protocol as data (version 1).

Source of the steps, their order, places and gates: the public guide in
``shared/seed/backpack-training-guide.txt`` (Holly Garcia, "How To Backpack
Train Your Cat", updated 2024-02-20), as summarised in ``shared/spec/protocol.md``.
All wording below is our own.

Shape: training order is a list of :class:`Stage`; each stage belongs to one of
the guide's steps (0-10) and has a short ladder of :class:`Level` s, each
raising exactly one criterion over the level before it (Pryor's 2nd law of
shaping, "one criterion at a time"). A cat's position is never stored: the
engine folds over the session log to find it.

Numbers in the ladders. The guide gives ranges ("a few seconds", "a few
minutes", "a couple of minutes"); the concrete values are our policy, chosen
inside those ranges and flagged ``policy`` in each criterion's note. Values
with an outside source name it. Session length: the guide keeps indoor
sessions to "a few minutes at a time"; ~5 minutes, once or twice a day, is the
figure in ``shared/data/science-research.md`` §3 (low confidence, so the
values live here as editable defaults).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catpack.domain.contract import Location

PROTOCOL_VERSION = 1

# Gate ids (also used as checklist ids). Rule 8 of protocol.md.
HARNESS_ON = "harness_on"
TETHER_TO_HARNESS = "tether_to_harness"
OPENINGS_CLOSED = "openings_closed"
ZIP_CLIPS = "zip_clips"
LEASH_ON = "leash_on"
NEVER_ALONE_IN_CAR = "never_alone_in_car"
BLANKET_IN_PACK = "blanket_in_pack"
SUPPLIES_PACKED = "supplies_packed"

PACK_GATES = (HARNESS_ON, TETHER_TO_HARNESS, OPENINGS_CLOSED, ZIP_CLIPS)
OUTDOOR_GATES = (*PACK_GATES, LEASH_ON)


@dataclass(frozen=True, slots=True)
class Level:
    """One rung: what is asked of the cat, where, and for how long at most."""

    criterion: dict[str, Any]
    does: str
    location: Location = "home"
    max_minutes: float = 5
    # Calm sessions needed at this level before raising (1 unless the guide
    # asks for repetition over days, as for step 9's "over a few weeks").
    calm_sessions: int = 1


@dataclass(frozen=True, slots=True)
class Stage:
    id: str
    step: int
    title: str
    levels: tuple[Level, ...]
    instructions: tuple[str, ...]
    gates: tuple[str, ...] = ()
    track: str = "backpack"  # "harness" for step 0, which may run beside steps 1-4
    optional: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def moves_pack(self) -> bool:
        """From step 5 the pack is lifted or carried: the pack gates apply (rule 8)."""
        return HARNESS_ON in self.gates


def _lv(
    does: str,
    location: Location = "home",
    max_minutes: float = 5,
    calm_sessions: int = 1,
    **criterion: Any,
) -> Level:
    return Level(
        criterion=criterion,
        does=does,
        location=location,
        max_minutes=max_minutes,
        calm_sessions=calm_sessions,
    )


STAGES: tuple[Stage, ...] = (
    Stage(
        id="harness-leash",
        step=0,
        title="Harness and leash",
        track="harness",
        levels=(
            _lv("Leave the harness beside the food bowl.", harness="near_food"),
            _lv(
                "Put the harness on for a few seconds, then off, with a reward.",
                harness="on_briefly",
            ),
            _lv(
                "Keep the harness on for a few minutes while you play or feed.",
                harness="on_minutes",
            ),
            _lv(
                "Clip the leash on indoors and let it trail while you reward.",
                harness="leash_indoors",
            ),
        ),
        instructions=(
            "The harness comes first: a cat is never carried in the pack without one.",
            "Work at the cat's pace; this track can run beside the first backpack steps.",
        ),
        notes=("The guide asks for a harness-trained cat before any carrying (steps 5+).",),
    ),
    Stage(
        id="introduce",
        step=1,
        title="Introduce the backpack",
        levels=(
            _lv(
                "Leave the pack, opening wide, in a favourite spot; let the cat sniff it.",
                interaction="sniff",
            ),
            _lv(
                "Let the cat put its head or front paws inside on its own.",
                interaction="enter_partly",
            ),
            _lv(
                "Let the cat walk all the way in by itself and come out again.",
                interaction="enter_fully",
            ),
            _lv("The cat rests or naps inside without being asked.", interaction="rest_inside"),
        ),
        instructions=(
            "Place the pack where the cat already likes to be, front or side opening left open.",
            "Do nothing to the cat: no lifting it in, no closing anything.",
        ),
    ),
    Stage(
        id="associations",
        step=2,
        title="Positive associations",
        levels=(
            _lv(
                "Reward every look, sniff or touch the cat gives the pack.",
                reward_for="any_interaction",
            ),
            _lv(
                "Put the cat's favourite lure just inside and reward when it goes in.",
                reward_for="lured_inside",
            ),
            _lv(
                "Reward the cat for going in readily, with the lure out of sight.",
                reward_for="enters_readily",
            ),
        ),
        instructions=(
            "Pick the lure by what the cat loves most: a treat, a toy, or a blanket or worn shirt.",
        ),
    ),
    Stage(
        id="time-inside",
        step=3,
        title="Time inside, door open",
        levels=(
            # Policy values inside the guide's "a few seconds" .. "a few minutes".
            _lv("Reward only once the cat is fully inside, after about 3 seconds.", inside_s=3),
            _lv("Wait about 10 seconds inside before the reward.", inside_s=10),
            _lv("Wait about 30 seconds inside before the reward.", inside_s=30),
            _lv("Wait about a minute inside before the reward.", inside_s=60),
            _lv("Wait about three minutes inside before the reward.", inside_s=180),
        ),
        instructions=(
            "No more luring: wait for the cat to go all the way in by itself, then reward.",
            "The door stays open; the cat may leave whenever it likes.",
        ),
    ),
    Stage(
        id="door-closed",
        step=4,
        title="Door closed",
        levels=(
            _lv("Zip the door shut and open it again at once, then reward.", door_closed_s=0),
            # 1-2 s: Atkinson, Practical Feline Behaviour (2018), app. 12, step 4.
            _lv("Keep the door closed for about 2 seconds, then open and reward.", door_closed_s=2),
            # 10 s: Petcademy carrier protocol (science-research.md §4).
            _lv("Keep the door closed for about 10 seconds.", door_closed_s=10),
            _lv("Keep the door closed for about 30 seconds.", door_closed_s=30),
            _lv("Keep the door closed for about a minute.", door_closed_s=60),
            # "a couple of minutes": the guide, step 7.
            _lv("Keep the door closed for about two minutes.", door_closed_s=120),
            _lv("Keep the door closed for about five minutes.", max_minutes=8, door_closed_s=300),
        ),
        instructions=(
            "Open the door before the cat shows any unease, not after.",
            "Treats can be passed through the mesh while the door is shut.",
        ),
    ),
    Stage(
        id="movement",
        step=5,
        title="Movement",
        gates=PACK_GATES,
        levels=(
            _lv("Lift the closed pack a little and set it down again, then reward.", motion="lift"),
            _lv("Lift the pack and hold it still for a short while.", motion="hold"),
            _lv("Carry it a few steps by the handle, the cat facing you.", motion="carry_steps"),
            _lv("Carry it by the handle across a room.", motion="carry_room"),
            _lv("Wear the pack on your front and walk around the home.", motion="front_walk"),
            _lv(
                "Wear the pack on your back and walk around the home, talking to the cat.",
                motion="back_walk",
            ),
        ),
        instructions=(
            "Harness on, the pack's inner tether clipped low to the harness, every opening zipped.",
            "Carry the pack supported and level; no swinging.",
        ),
    ),
    Stage(
        id="doorway",
        step=6,
        title="Heading outside",
        gates=PACK_GATES,
        levels=(
            _lv(
                "Carry the cat to the front door and back, then reward.",
                location="doorway",
                door="walk_to",
            ),
            _lv(
                "At the door, open it and close it again, then go back in.",
                location="doorway",
                door="open_close",
            ),
            _lv(
                "Step outside for a moment and come straight back in.",
                location="doorway",
                door="step_out",
            ),
        ),
        instructions=(
            "Go slowly towards the door; finish each try back inside with a reward.",
            "An indoor-only cat may need several days here; "
            "a cat used to a garden is often quicker.",
        ),
    ),
    Stage(
        id="car",
        step=6,
        title="To the car (optional)",
        optional=True,
        gates=(*PACK_GATES, NEVER_ALONE_IN_CAR),
        levels=(
            _lv(
                "Carry the cat to the car, open a door and shut it, then go back.",
                location="car",
                car="open_shut",
            ),
            _lv(
                "Sit in the parked car with the cat for a few minutes, engine off.",
                location="car",
                car="sit_parked",
            ),
        ),
        instructions=(
            "A parked car heats up fast even on mild days: never leave the cat in it alone.",
        ),
    ),
    Stage(
        id="outdoors",
        step=7,
        title="Acclimatise outside",
        gates=(*OUTDOOR_GATES, BLANKET_IN_PACK),
        levels=(
            _lv(
                "In a quiet spot, set the pack down and let the cat sit out beside it.",
                location="quiet_outdoors",
                max_minutes=10,
                outside="beside_pack",
            ),
            _lv(
                "Wait for the cat to climb back in by itself, then reward.",
                location="quiet_outdoors",
                max_minutes=10,
                outside="re_enters",
            ),
            # "a couple of minutes": the guide, step 7.
            _lv(
                "Zip the pack for about two minutes, then open and reward.",
                location="quiet_outdoors",
                max_minutes=10,
                outside="zipped_2min",
            ),
            _lv(
                "Lift the pack and set it down again.",
                location="quiet_outdoors",
                max_minutes=10,
                outside="lift",
            ),
            _lv(
                "Hold the pack for a few minutes.",
                location="quiet_outdoors",
                max_minutes=10,
                outside="hold_minutes",
            ),
            _lv(
                "Walk for a minute or two with the pack on your front.",
                location="quiet_outdoors",
                max_minutes=10,
                outside="walk_front",
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
        gates=OUTDOOR_GATES,
        levels=(
            _lv(
                "A short walk nearby; stop every few minutes to reassure the cat.",
                location="quiet_outdoors",
                max_minutes=10,
                walk_min=10,
            ),
            _lv(
                "A slightly longer walk, letting the cat in and out of the pack as needed.",
                location="quiet_outdoors",
                max_minutes=20,
                walk_min=20,
            ),
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
        gates=OUTDOOR_GATES,
        levels=(
            _lv(
                "Regular walks in quiet places, a bit further each time.",
                location="quiet_outdoors",
                max_minutes=30,
                calm_sessions=3,
                environment="quiet",
            ),
            _lv(
                "Vary the time of day and the place; still fairly quiet.",
                location="quiet_outdoors",
                max_minutes=45,
                calm_sessions=3,
                environment="moderate",
            ),
            _lv(
                "Add a livelier place, such as a café terrace; leave if the cat is overwhelmed.",
                location="busy_outdoors",
                max_minutes=60,
                calm_sessions=3,
                environment="busy",
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
        gates=(*OUTDOOR_GATES, SUPPLIES_PACKED),
        levels=(
            _lv(
                "A first long outing (half a day), unhurried, with many breaks.",
                location="quiet_outdoors",
                max_minutes=240,
                outing="half_day",
            ),
            _lv(
                "A full-day hike or trip, still unhurried.",
                location="quiet_outdoors",
                max_minutes=480,
                outing="full_day",
            ),
        ),
        instructions=(
            "Pack the full kit, spares included; plan shade and water stops.",
            "Keep the first long trips slow; stop and reassure at any sign of trouble.",
        ),
    ),
    Stage(
        id="maintenance",
        step=10,
        title="Keep it going",
        gates=OUTDOOR_GATES,
        levels=(
            _lv(
                "A short routine trip out in the pack.",
                location="quiet_outdoors",
                max_minutes=30,
                routine="short_trip",
            ),
        ),
        instructions=(
            "Leave the pack out at home so it stays a familiar resting place.",
            "Short trips very often keep the habit alive; the guide's cat goes almost daily.",
        ),
    ),
    Stage(
        id="refresher",
        step=10,
        title="Refresher after a break",
        gates=OUTDOOR_GATES,
        levels=(
            _lv(
                "At home: door closed a few minutes, then a short carry around the home.",
                routine="home_refresher",
            ),
            _lv(
                "A short, quiet walk before any big trip.",
                location="quiet_outdoors",
                max_minutes=15,
                routine="short_walk",
            ),
        ),
        instructions=("After a long break, take a couple of easy sessions before a big trip.",),
    ),
)

BY_ID: dict[str, Stage] = {s.id: s for s in STAGES}
INDEX: dict[str, int] = {s.id: i for i, s in enumerate(STAGES)}
HARNESS_STAGE = BY_ID["harness-leash"]
FIRST_BACKPACK_STAGE = BY_ID["introduce"]
LAST_TRAINING_STAGE = BY_ID["adventure"]
MAINTENANCE = BY_ID["maintenance"]
REFRESHER = BY_ID["refresher"]
# Stages of the main backpack ladder, in training order (graduation at the end).
TRAINING_LADDER: tuple[Stage, ...] = tuple(
    s for s in STAGES if s.track == "backpack" and s.id not in ("maintenance", "refresher")
)
LADDER_INDEX: dict[str, int] = {s.id: i for i, s in enumerate(TRAINING_LADDER)}


def as_dict() -> dict[str, Any]:
    """The protocol in the contract's JSON shape (``catpack protocol``)."""
    return {
        "version": PROTOCOL_VERSION,
        "source": "Holly Garcia, How To Backpack Train Your Cat (2024); our wording",
        "stages": [
            {
                "id": s.id,
                "step": s.step,
                "title": s.title,
                "track": s.track,
                "optional": s.optional,
                "levels": len(s.levels),
                "criteria": [dict(lv.criterion) for lv in s.levels],
                "level_details": [
                    {
                        "does": lv.does,
                        "location": lv.location,
                        "max_minutes": lv.max_minutes,
                        "calm_sessions": lv.calm_sessions,
                    }
                    for lv in s.levels
                ],
                "gates": list(s.gates),
                "instructions": list(s.instructions),
            }
            for s in STAGES
        ],
    }
