"""Plain words (and a small icon) for every value the pages show or ask for.

The contract speaks in ids (``puffed``, ``tether_to_harness``); owners read
words. One table per field, in the order the choices are offered, so the
log form, the history and the decision card all say the same thing.
"""

from __future__ import annotations

from typing import Final

from catpack import words as shared_words

Choice = tuple[str, str, str]  # (value, words, icon)

# The words of a decision (checks, safety, heat, ...) are shared with the CLI.
CHECK_WORDS: Final = shared_words.CHECK_WORDS
DECISION_WORDS: Final = shared_words.DECISION_WORDS
HEAT_WORDS: Final = shared_words.HEAT_WORDS
PACKING_WORDS: Final = shared_words.PACKING_WORDS
REWARD_WORDS: Final = shared_words.REWARD_WORDS
SAFETY_WORDS: Final = shared_words.SAFETY_WORDS

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
