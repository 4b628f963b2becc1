"""Plain words (and a small icon) for every value the pages show or ask for.

The contract speaks in ids (``puffed``, ``tether_to_harness``); owners read
words. The values a form offers are the contract's own (``typing.get_args``
of its types, in their order); this module only adds the words, so the log
form, the history and the decision card all say the same thing.
"""

from __future__ import annotations

from typing import Any, Final, get_args

from catpack import words as shared_words
from catpack.domain import observation
from catpack.domain import protocol as P
from catpack.domain.contract import (
    Body,
    CarrierHistory,
    Ears,
    Eyes,
    Location,
    Motivation,
    Opening,
    OutdoorExperience,
    Sign,
    Sun,
    Tail,
    Tether,
    TripKind,
    Vocal,
)

Choice = tuple[str, str, str]  # (value, words, icon)

#: The contract type whose values each form field offers (``typing.get_args``):
#: the values are the contract's own, never a copy kept here.
TYPES: Final[dict[str, Any]] = {
    "tail": Tail,
    "ears": Ears,
    "eyes": Eyes,
    "body": Body,
    "vocal": Vocal,
    "signs": Sign,
    "location": Location,
    "sun": Sun,
    "tether": Tether,
    "motivation": Motivation,
    "outdoor_experience": OutdoorExperience,
    "carrier_history": CarrierHistory,
    "kind": TripKind,
    "openings": Opening,
}

#: Words (and an icon) for each value; a test checks every contract value has some.
WORDS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "tail": {
        "upright": ("Upright", "⬆"),
        "relaxed": ("Relaxed", "∼"),
        "low": ("Low", "⬇"),
        "tucked": ("Tucked", "↩"),
        "puffed": ("Puffed up", "✺"),
        "lashing": ("Lashing", "⚡"),
        "unseen": ("Didn't see", "?"),
    },
    "ears": {
        "forward": ("Forward", "⬆"),
        "neutral": ("Neutral", "•"),
        "sideways": ("Sideways", "↔"),
        "flat": ("Flat", "▁"),
        "back": ("Pinned back", "⬅"),
        "unseen": ("Didn't see", "?"),
    },
    "eyes": {
        "slow_blink": ("Slow blinks", "◡"),
        "normal": ("Normal", "◉"),
        "dilated": ("Wide pupils", "●"),
        "unseen": ("Didn't see", "?"),
    },
    "body": {
        "relaxed": ("Relaxed", "☺"),
        "alert": ("Alert", "!"),
        "tense": ("Tense", "≡"),
        "crouched": ("Crouched", "▂"),
        "trembling": ("Trembling", "≈"),
        "unseen": ("Didn't see", "?"),
    },
    "vocal": {
        "silent": ("Quiet", "…"),
        "purring": ("Purring", "♪"),
        "meowing": ("Meowing", "♫"),
        "meowing_excessive": ("Meowing a lot", "‼"),
        "hissing": ("Hissing", "✖"),
        "growling": ("Growling", "✖"),
        "yowling": ("Yowling", "✖"),
    },
    "signs": {
        "panting": ("Panting", ""),
        "excessive_grooming": ("Grooming a lot", ""),
        "escape_attempt": ("Tried to escape", ""),
        "aggression": ("Swiped or bit", ""),
        "freezing": ("Froze still", ""),
        "hiding": ("Hid", ""),
        "toileting": ("Peed or pooped", ""),
    },
    "location": {
        "home": ("At home", ""),
        "doorway": ("At the door", ""),
        "car": ("In the car", ""),
        "quiet_outdoors": ("Quiet outdoors", ""),
        "busy_outdoors": ("Busy outdoors", ""),
    },
    "sun": {
        "indoor": ("Indoors", ""),
        "shade": ("Shade", ""),
        "partial": ("Some sun", ""),
        "full": ("Full sun", ""),
    },
    "tether": {
        "harness": ("Clipped to harness", ""),
        "collar": ("Clipped to collar", ""),
        "none": ("Not clipped", ""),
    },
    "motivation": {
        "food": ("Food and treats", ""),
        "play": ("Play and toys", ""),
        "comfort": ("Comfort and cuddles", ""),
    },
    "outdoor_experience": {
        "none": ("Never outside", ""),
        "garden": ("Garden or balcony", ""),
        "outdoor_cat": ("Goes out on its own", ""),
    },
    "carrier_history": {
        "none": ("Never been in one", ""),
        "neutral": ("Puts up with it", ""),
        "negative": ("Hates it", ""),
    },
    "kind": {
        "walk": ("A walk", ""),
        "hike": ("A hike", ""),
        "hotel": ("A hotel stay", ""),
        "road_trip": ("A road trip", ""),
        "flight": ("A flight", ""),
    },
    "openings": {
        "front": ("Front", ""),
        "top": ("Top", ""),
        "side": ("Side", ""),
    },
}


#: The guide's body-language card has an anchor for each group of the log
#: form (and the trip's "how did it go" form): ``/guide#tail`` and so on.
GUIDE_ANCHORS: Final[dict[str, str]] = {
    "tail": "tail",
    "ears": "ears",
    "eyes": "eyes",
    "body": "body",
    "vocal": "voice",
    "signs": "signs",
}

# The words of a decision (checks, safety, heat, ...) are shared with the CLI.
CHECK_WORDS: Final = shared_words.CHECK_WORDS
DECISION_WORDS: Final = shared_words.DECISION_WORDS
HEAT_WORDS: Final = shared_words.HEAT_WORDS
REWARD_WORDS: Final = shared_words.REWARD_WORDS
SAFETY_WORDS: Final = shared_words.SAFETY_WORDS
blocked_words = shared_words.blocked_words


def values(field: str) -> tuple[str, ...]:
    """The values a form field offers: the contract type's, in its order."""
    return tuple(get_args(TYPES[field]))


def choices(field: str) -> list[Choice]:
    """The offered choices of a form field, in the contract's order, with words."""
    words = WORDS[field]
    return [(v, *words.get(v, (v.replace("_", " ").capitalize(), ""))) for v in values(field)]


#: The "didn't see" answer of a log form group whose contract values have no
#: such word (voice, other signs): recorded as nothing, like no answer.
NOT_SEEN: Final = "not_seen"
_NOT_SEEN_WORDS: Final = {"vocal": ("Didn't hear", "?"), "signs": ("None that I saw", "?")}


def seen_choices(field: str) -> list[Choice]:
    """A log form group's choices, each ending in an explicit "didn't see"
    (the contract's ``unseen`` where it has one)."""
    if field in _NOT_SEEN_WORDS:
        return [*choices(field), (NOT_SEEN, *_NOT_SEEN_WORDS[field])]
    return choices(field)


def pairs(field: str) -> list[tuple[str, str]]:
    """(value, words) for a drop-down list."""
    return [(value, words) for value, words, _ in choices(field)]


def word(field: str, value: object) -> str:
    """The words for ``value`` of ``field``; an unknown id is shown as itself, tidied."""
    text = str(value)
    if field == "check":
        return CHECK_WORDS.get(text, text.replace("_", " "))
    if field == "safety":
        return SAFETY_WORDS.get(text, text.replace("_", " "))
    if field == "decision":
        return DECISION_WORDS.get(text, text)
    if field == "heat":
        return HEAT_WORDS.get(text, text)
    if field == "packing":
        return shared_words.packing_item(text)
    if field == "reward":
        return REWARD_WORDS.get(text, text)
    if text in WORDS.get(field, {}):
        return WORDS[field][text][0]
    return text.replace("_", " ")


def sign_word(sign: str) -> str:
    """A reading a session recorded, in the words Today's reasons use
    ("swiping or biting", not "aggression")."""
    return observation.WORDS.get(sign, sign.replace("_", " "))


def stage_label(stage_id: object) -> str:
    """What a stage is called beside its title, the same on every page: the
    harness track "Harness", a ladder step "Step 5", the optional car practice
    a side step (it shares step 6's place in the ladder: never a second
    "Step 6"), the stages after the ladder "Keeping it up"."""
    stage = P.BY_ID.get(str(stage_id))
    if stage is None:
        return ""
    if stage.track == "harness":
        return shared_words.STAGE_LABELS["harness"]
    if stage.optional:
        return shared_words.STAGE_LABELS["side"]
    if stage.upkeep:
        return shared_words.STAGE_LABELS["upkeep"]
    return shared_words.STAGE_LABELS["step"].format(step=stage.step)


def stage_named(stage_id: object, title: str) -> str:
    """A stage's label and title, the label left out where the title already
    says it ("Harness and leash", not "Harness · Harness and leash"; "Step 5 ·
    Movement")."""
    label = stage_label(stage_id)
    if not label or title.lower().startswith(label.lower()):
        return title
    return f"{label} · {title}"
