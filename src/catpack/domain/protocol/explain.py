"""Each stage of the protocol explained to the owner, in plain words.

The plan page (``/cats/{id}/plan``) shows every stage with *what* it asks
(its title and the ``does`` of its levels), *how long* (from the levels'
minutes and calm sessions, plus the pace below) and the three things here:
*why* the stage is there, what *calm* looks like at it, and what to do *if it
isn't*. The facts are the guide's (``shared/seed/backpack-training-guide.txt``,
as ``stages`` cites); the sentences are our own. Keyed by stage id, which only
this package may name; a test fails when a stage has no explanation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Explained:
    why: str
    calm: str
    if_not: str
    pace: str


EXPLAINED: dict[str, Explained] = {
    "harness-leash": Explained(
        why=(
            "In the pack the cat is clipped in by its harness, and outside the leash is what "
            "keeps it with you. A cat that fights its harness cannot be carried safely."
        ),
        calm=(
            "The cat eats, walks and plays as usual with the harness on; it does not freeze, "
            "flop over or paw at it."
        ),
        if_not=(
            "Take the harness off, go back to leaving it by the food bowl, and make the next "
            "try shorter."
        ),
        pace="Runs beside steps 1 to 4; it must be done before the pack is ever lifted.",
    ),
    "introduce": Explained(
        why=(
            "The pack should become part of the furniture: a thing the cat finds and explores "
            "on its own, long before anything is asked of it."
        ),
        calm="Sniffs the pack, steps in and out, maybe naps in it; tail up, ears forward.",
        if_not=(
            "Move the pack a little further from where the cat likes to be and simply leave it "
            "there for a few days. Never put the cat in."
        ),
        pace="Some cats move in the same day; others need a week of the pack just being there.",
    ),
    "associations": Explained(
        why=(
            "Every good thing the cat gets at the pack teaches it that the pack is a safe, "
            "pleasant place: the place it will run to when something scares it outside."
        ),
        calm="Comes to the pack for its reward, goes in after the lure without hesitating.",
        if_not=(
            "Use a reward the cat loves more (a special treat, its favourite toy, your worn "
            "shirt) and put it where the cat reaches it without going all the way in."
        ),
        pace="Usually a few short sessions over a day or two.",
    ),
    "time-inside": Explained(
        why=(
            "Now the cat goes in by itself and learns that staying inside pays: the wait before "
            "the reward grows from seconds to minutes."
        ),
        calm="Settles inside, looks about or lies down; leaves and comes back at ease.",
        if_not="Go back to a shorter wait before the reward; the door always stays open here.",
        pace="A few days of short sessions is typical.",
    ),
    "door-closed": Explained(
        why=(
            "Being shut in is new and can feel like a trap; opening the door before the cat "
            "minds teaches it that the door always opens again."
        ),
        calm="Stays lying or sitting with the door shut, eyes soft, no pawing at the zip.",
        if_not=(
            "Open at once, then shorten the time shut to one the cat took calmly. Open before "
            "the cat shows unease, not after."
        ),
        pace="Often the slowest step at home: take it in tiny steps over days.",
    ),
    "movement": Explained(
        why=(
            "Being lifted and carried feels like the floor moving. Lift, hold, a few steps, a "
            "room, then wearing the pack: each a little more motion than the last."
        ),
        calm="Rides along quietly, looks around, takes its reward; no crouching or scrambling.",
        if_not=(
            "Set the pack down gently, open it, and go back to lifting it and setting it "
            "straight down again."
        ),
        pace="A few minutes at a time, a few times a day, for several days.",
    ),
    "doorway": Explained(
        why=(
            "Leaving home is the biggest change so far, above all for a cat that has never been "
            "outside: the door comes first, the world later."
        ),
        calm="Looks out with interest at the open door, ears forward, body loose.",
        if_not=(
            "Close the door, go back inside and reward. Next time stop short of the door and "
            "build up again."
        ),
        pace="An indoor-only cat may need several days here; a garden cat is often quicker.",
    ),
    "car": Explained(
        why=(
            "Only if you plan to travel by car: the car's smells and sounds are learnt while "
            "it stands still, with you there the whole time."
        ),
        calm="Sits or lies quietly in the pack while you sit in the parked car.",
        if_not="Get out and go back indoors; next time just open and shut the car door.",
        pace="Optional. A parked car heats up fast: never leave the cat in it alone.",
    ),
    "outdoors": Explained(
        why=(
            "A quiet spot outside is full of new sounds and smells. The pack is the safe "
            "place the cat already knows, so the outdoors starts right beside it."
        ),
        calm="Sits out by the pack, sniffs the grass, goes back in by itself.",
        if_not=(
            "Let the cat back into the pack, open, and go home. Next time pick a quieter "
            "spot or time."
        ),
        pace="Some cats do all of this in a day; others a level a day.",
    ),
    "first-walk": Explained(
        why=(
            "Walking adds movement to the new place. Stopping every few minutes lets the cat "
            "check in with you and settle."
        ),
        calm="Looks about from the pack, relaxed, ears forward; takes a treat at a stop.",
        if_not="Stop, set the pack down in a quiet corner, reassure the cat and head home.",
        pace="A few walks, each a little longer.",
    ),
    "local-walks": Explained(
        why=(
            "Going out often, a little further each time, at different times and places, makes "
            "the outdoors ordinary. Busier places come last, and only briefly at first."
        ),
        calm="Watches the world from the pack, asks to get out on the leash, goes back in.",
        if_not=(
            "Leave a place that overwhelms the cat at once, and go back to quiet places for a "
            "while."
        ),
        pace="Over a few weeks: three calm outings at each level before the next.",
    ),
    "adventure": Explained(
        why=(
            "Long days out: hikes, a cat-friendly hotel, a road trip or a flight. Go slowly "
            "on the first long outings and plan the stops."
        ),
        calm="Rests in the pack between stops, explores on the leash at breaks, eats and drinks.",
        if_not="Stop, find shade and quiet, reassure the cat, and cut the outing short.",
        pace="One long outing at a time, each a little longer than the last.",
    ),
    "maintenance": Explained(
        why=(
            "Training fades if the pack disappears into a cupboard. A pack that stays out, "
            "and short trips often, keep it a safe place rather than a sign of leaving."
        ),
        calm="The cat naps in the pack at home and gets in happily when you go out.",
        if_not="Go back to a few short, easy refresher sessions before the next trip.",
        pace="A short trip most weeks, ideally several.",
    ),
    "refresher": Explained(
        why=(
            "After a long break or a hard outing, a few easy sessions remind the cat before "
            "any big trip."
        ),
        calm="Gets in on its own and rides along quietly, as on its routine trips.",
        if_not="Go back further: more time with the pack open at home.",
        pace="A few short sessions.",
    ),
}
