"""The backpack-training protocol as data (version 1): steps 0-6, at home.

``STAGES`` joins these with steps 7-10 and the upkeep stages of
:mod:`catpack.domain.protocol.outside`, in training order.

Source of the steps, their order, places and gates: the public guide in
``shared/seed/backpack-training-guide.txt`` (Holly Garcia, "How To Backpack
Train Your Cat", updated 2024-02-20), as summarised in ``shared/spec/protocol.md``.
All wording below is our own.

Numbers in the ladders. The guide gives ranges ("a few seconds", "a few
minutes", "a couple of minutes", "over a few weeks"); the concrete values are
our policy, chosen inside those ranges (docs/science.md lists each). Values
with an outside source name it. Session length at home: the guide keeps
sessions to "a few minutes at a time"; ~5 minutes, once or twice a day, is
the figure in ``shared/data/science-research.md`` §3 (low confidence, so the
values live here as editable defaults).

Each level raises one axis over the level before (``model.raised``); where a
new situation comes in, the others are relaxed. The ladder from one stage to
the next obeys the same rule.
"""

from __future__ import annotations

from catpack.domain.protocol.model import (
    CLOSED_AT_HOME_S,
    HEADING_OUT,
    NEVER_ALONE_IN_CAR,
    PACK_GATES,
    Level,
    Movement,
    Stage,
    lv,
)
from catpack.domain.protocol.outside import OUTSIDE_STAGES

#: Step 5's criterion names, by how the pack moves.
_MOTION: dict[Movement, str] = {
    "lifted": "lift",
    "held": "hold",
    "carried_steps": "carry_steps",
    "carried_room": "carry_room",
    "worn_front": "front_walk",
    "worn_back": "back_walk",
}


def _carry(does: str, movement: Movement) -> Level:
    """A step 5 level: at home, the pack closed as at the end of step 4."""
    return lv(does, closed_s=CLOSED_AT_HOME_S, movement=movement, motion=_MOTION[movement])


HOME_STAGES: tuple[Stage, ...] = (
    Stage(
        id="harness-leash",
        step=0,
        title="Harness and leash",
        about="harness",
        track="harness",
        levels=(
            lv("Leave the harness beside the food bowl.", harness="near_food", goes_in=False),
            lv(
                "Put the harness on for a few seconds, then off, with a reward.",
                harness="on_briefly",
                goes_in=False,
            ),
            lv(
                "Keep the harness on for a few minutes while you play or feed.",
                harness="on_minutes",
                goes_in=False,
            ),
            lv(
                "Clip the leash on indoors and let it trail while you reward.",
                harness="leash_indoors",
                goes_in=False,
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
        about="pack",
        levels=(
            lv(
                "Leave the pack, opening wide, in a favourite spot; let the cat sniff it.",
                interaction="sniff",
                goes_in=False,
            ),
            lv(
                "Let the cat put its head or front paws inside on its own.",
                interaction="enter_partly",
            ),
            lv(
                "Let the cat walk all the way in by itself and come out again.",
                interaction="enter_fully",
            ),
            lv("The cat rests or naps inside without being asked.", interaction="rest_inside"),
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
        about="pack",
        levels=(
            lv(
                "Reward every look, sniff or touch the cat gives the pack.",
                reward_for="any_interaction",
                goes_in=False,
            ),
            lv(
                "Put the cat's favourite lure just inside and reward when it goes in.",
                reward_for="lured_inside",
            ),
            lv(
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
        about="pack",
        levels=(
            # Policy values inside the guide's "a few seconds" .. "a few minutes".
            lv("Reward only once the cat is fully inside, after about 3 seconds.", inside_s=3),
            lv("Wait about 10 seconds inside before the reward.", inside_s=10),
            lv("Wait about 30 seconds inside before the reward.", inside_s=30),
            lv("Wait about a minute inside before the reward.", inside_s=60),
            lv("Wait about three minutes inside before the reward.", inside_s=180),
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
        about="closed",
        levels=(
            lv("Zip the door shut and open it again at once, then reward.", door_closed_s=0),
            # 1-2 s: Atkinson, Practical Feline Behaviour (2018), app. 12, step 4.
            lv(
                "Keep the door closed for about 2 seconds, then open and reward.",
                closed_s=2,
                door_closed_s=2,
            ),
            # 10 s: Petcademy carrier protocol (science-research.md §4).
            lv("Keep the door closed for about 10 seconds.", closed_s=10, door_closed_s=10),
            lv("Keep the door closed for about 30 seconds.", closed_s=30, door_closed_s=30),
            lv("Keep the door closed for about a minute.", closed_s=60, door_closed_s=60),
            # "a couple of minutes": the guide, step 7.
            lv("Keep the door closed for about two minutes.", closed_s=120, door_closed_s=120),
            lv(
                "Keep the door closed for about four minutes.",
                closed_s=CLOSED_AT_HOME_S,
                door_closed_s=CLOSED_AT_HOME_S,
            ),
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
        about="carried",
        gates=PACK_GATES,
        levels=(
            _carry("Lift the closed pack a little and set it down again, then reward.", "lifted"),
            _carry("Lift the pack and hold it still for a short while.", "held"),
            _carry("Carry it a few steps by the handle, the cat facing you.", "carried_steps"),
            _carry("Carry it by the handle across a room.", "carried_room"),
            _carry("Wear the pack on your front and walk around the home.", "worn_front"),
            _carry(
                "Wear the pack on your back and walk around the home, talking to the cat.",
                "worn_back",
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
        about="leaving_home",
        gates=PACK_GATES,
        levels=tuple(
            lv(does, "doorway", closed_s=CLOSED_AT_HOME_S, movement=HEADING_OUT, door=door)
            for does, door in (
                ("Carry the cat to the front door and back, then reward.", "walk_to"),
                ("At the door, open it and close it again, then go back in.", "open_close"),
                ("Step outside for a moment and come straight back in.", "step_out"),
            )
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
        about="car",
        branch="car",
        prepares=frozenset({"road_trip"}),
        gates=(*PACK_GATES, NEVER_ALONE_IN_CAR),
        levels=(
            lv(
                "Carry the cat to the car, open a door and shut it, then go back.",
                "car",
                closed_s=CLOSED_AT_HOME_S,
                movement=HEADING_OUT,
                car="open_shut",
            ),
            # Two calm sittings before the branch counts as done (policy for
            # the guide's "over and over until your cat is comfortable").
            lv(
                "Sit in the parked car with the cat for a few minutes, engine off.",
                "car",
                calm_sessions=2,
                closed_s=CLOSED_AT_HOME_S,
                movement=HEADING_OUT,
                car="sit_parked",
            ),
        ),
        instructions=(
            "A parked car heats up fast even on mild days: never leave the cat in it alone.",
        ),
    ),
)

STAGES: tuple[Stage, ...] = (*HOME_STAGES, *OUTSIDE_STAGES)
