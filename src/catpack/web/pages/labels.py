"""Plain words (and a small icon) for every value the pages show or ask for.

The contract speaks in ids (``puffed``, ``tether_to_harness``); owners read
words. One table per field, in the order the choices are offered, so the
log form, the history and the decision card all say the same thing.
"""

from __future__ import annotations

from typing import Final

Choice = tuple[str, str, str]  # (value, words, icon)

TAIL: Final[list[Choice]] = [
    ("upright", "Upright", "⬆"),
    ("relaxed", "Relaxed", "∼"),
    ("low", "Low", "⬇"),
    ("tucked", "Tucked", "↩"),
    ("puffed", "Puffed up", "✺"),
    ("lashing", "Lashing", "⚡"),
    ("unseen", "Didn't see", "?"),
]
EARS: Final[list[Choice]] = [
    ("forward", "Forward", "⬆"),
    ("neutral", "Neutral", "•"),
    ("sideways", "Sideways", "↔"),
    ("flat", "Flat", "▁"),
    ("back", "Pinned back", "⬅"),
    ("unseen", "Didn't see", "?"),
]
EYES: Final[list[Choice]] = [
    ("slow_blink", "Slow blinks", "◡"),
    ("normal", "Normal", "◉"),
    ("dilated", "Wide pupils", "●"),
    ("unseen", "Didn't see", "?"),
]
BODY: Final[list[Choice]] = [
    ("relaxed", "Relaxed", "☺"),
    ("alert", "Alert", "!"),
    ("tense", "Tense", "≡"),
    ("crouched", "Crouched", "▂"),
    ("trembling", "Trembling", "≈"),
    ("unseen", "Didn't see", "?"),
]
VOCAL: Final[list[Choice]] = [
    ("silent", "Quiet", "…"),
    ("purring", "Purring", "♪"),
    ("meowing", "Meowing", "♫"),
    ("meowing_excessive", "Meowing a lot", "‼"),
    ("hissing", "Hissing", "✖"),
    ("growling", "Growling", "✖"),
    ("yowling", "Yowling", "✖"),
]
SIGNS: Final[list[Choice]] = [
    ("panting", "Panting", ""),
    ("excessive_grooming", "Grooming a lot", ""),
    ("escape_attempt", "Tried to escape", ""),
    ("aggression", "Swiped or bit", ""),
    ("freezing", "Froze still", ""),
    ("hiding", "Hid", ""),
    ("toileting", "Peed or pooped", ""),
]
LOCATION: Final[list[Choice]] = [
    ("home", "At home", ""),
    ("doorway", "At the door", ""),
    ("car", "In the car", ""),
    ("quiet_outdoors", "Quiet outdoors", ""),
    ("busy_outdoors", "Busy outdoors", ""),
]
SUN: Final[list[Choice]] = [
    ("indoor", "Indoors", ""),
    ("shade", "Shade", ""),
    ("partial", "Some sun", ""),
    ("full", "Full sun", ""),
]
TETHER: Final[list[Choice]] = [
    ("harness", "Clipped to harness", ""),
    ("collar", "Clipped to collar", ""),
    ("none", "Not clipped", ""),
]
MOTIVATION: Final[list[Choice]] = [
    ("food", "Food and treats", ""),
    ("play", "Play and toys", ""),
    ("comfort", "Comfort and cuddles", ""),
]
OUTDOOR: Final[list[Choice]] = [
    ("none", "Never outside", ""),
    ("garden", "Garden or balcony", ""),
    ("outdoor_cat", "Goes out on its own", ""),
]
CARRIER: Final[list[Choice]] = [
    ("none", "Never been in one", ""),
    ("neutral", "Puts up with it", ""),
    ("negative", "Hates it", ""),
]
TRIP_KIND: Final[list[Choice]] = [
    ("walk", "A walk", ""),
    ("hike", "A hike", ""),
    ("hotel", "A hotel stay", ""),
    ("road_trip", "A road trip", ""),
    ("flight", "A flight", ""),
]

#: Words for the ids a decision's checklist, blocking and warning lists use.
CHECK_WORDS: Final[dict[str, str]] = {
    "harness_on": "Harness on and snug",
    "tether_to_harness": "Inner tether clipped to the harness, not the collar",
    "openings_closed": "Every opening zipped shut",
    "zip_clips": "Zip clips fastened",
    "leash_on": "Leash clipped on for outdoors",
    "never_alone_in_car": "Someone stays with the cat in the car",
    "blanket_in_pack": "Familiar blanket in the bottom of the pack",
    "supplies_packed": "Water, bowl and pads packed",
}
SAFETY_WORDS: Final[dict[str, str]] = {
    "harness_off": "The harness is not on",
    "harness_not_trained": "Harness training comes first",
    "tether_not_on_harness": "The tether is not clipped to the harness",
    "openings_open": "An opening is not closed",
    "zip_clips_unused": "The zip clips are not fastened",
    "checks_not_recorded": "The safety checks were not ticked",
    "humidity_assumed": "Humidity not given: a damp day was assumed",
    "heat_not_checked": "No temperature given: check the heat before you go",
    "too_busy_for_level": "That place is busier than this level calls for",
    "leash_off": "No leash for outdoors",
    "heat_high": "It is too hot for this outing",
    "heat_extreme": "It is far too hot for this outing",
    "heat_moderate": "It is warm: keep to shade and bring water",
    "tether_on_collar": "The tether is on the collar: move it to the harness",
    "car_heat": "A parked car heats up fast: never leave the cat in it",
    "cool_weather": "It is cool: bring the cat's blanket",
    "cold_weather": "It is cold: blanket in the pack, keep it short",
    "freezing_weather": "It is freezing: only a short outing",
    "cold_long_outing": "Too cold for an outing this long",
    "freezing_long_outing": "Below freezing: too long an outing",
}
DECISION_WORDS: Final[dict[str, str]] = {
    "start": "Let's begin",
    "push": "Step up one level",
    "stick": "Same level again",
    "drop": "Go one level easier",
    "advance": "On to the next stage",
    "stop": "Stop now",
    "blocked": "Not yet: fix the safety checks",
    "refer": "Pause the plan and get advice",
    "maintain": "Trained: keep it going",
    "refresh": "A short refresher first",
}
HEAT_WORDS: Final[dict[str, str]] = {
    "low": "Low heat risk",
    "moderate": "Moderate heat risk",
    "high": "High heat risk",
    "extreme": "Extreme heat risk",
}
REWARD_WORDS: Final[dict[str, str]] = {
    "treats": "Treats",
    "toy": "A favourite toy",
    "blanket or worn clothing": "A blanket or your worn clothing",
}

PACKING_WORDS: Final[dict[str, str]] = {
    "id_tag": "ID tag",
    "tether_check": "Tether check",
    "collapsible_bowl": "Collapsible bowl",
    "pee_pads": "Pee pads",
    "carrier_fit_check": "Carrier fit check",
    "vaccination_record": "Vaccination record",
}

_TABLES: Final[dict[str, list[Choice]]] = {
    "tail": TAIL,
    "ears": EARS,
    "eyes": EYES,
    "body": BODY,
    "vocal": VOCAL,
    "signs": SIGNS,
    "location": LOCATION,
    "sun": SUN,
    "tether": TETHER,
    "motivation": MOTIVATION,
    "outdoor_experience": OUTDOOR,
    "carrier_history": CARRIER,
    "kind": TRIP_KIND,
}


def choices(field: str) -> list[Choice]:
    """The offered choices of a form field, in display order."""
    return _TABLES[field]


def pairs(field: str) -> list[tuple[str, str]]:
    """(value, words) for a drop-down list."""
    return [(value, words) for value, words, _ in _TABLES[field]]


def values(field: str) -> list[str]:
    return [value for value, _, _ in _TABLES[field]]


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
        return PACKING_WORDS.get(text, text.replace("_", " ").capitalize())
    if field == "reward":
        return REWARD_WORDS.get(text, text)
    for choice_value, words, _ in _TABLES.get(field, []):
        if choice_value == text:
            return words
    return text.replace("_", " ")
