"""The gear and reminder forms → service input, and their problems → form fields.

Like :mod:`catpack.web.pages.forms` (whose :class:`Reader` and
:func:`field_errors` these reuse): each input becomes the service's value
(sizes from the owner's inches or cm to cm, weights to kg) and the service's
one check names every problem; the page only reports text that is not a
number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from catpack.domain.errors import Problem
from catpack.web.pages.forms import Form, Input, Reader, field_errors, read_observation
from catpack.web.pages.units import Units

_YES_NO = ("bubble_window", "inner_tether", "tether_low", "zip_clips", "soft_sided")


def _inputs(*items: Input) -> dict[str, Input]:
    return {i.path: i for i in items}


PACK = _inputs(
    Input("name", "Name", "backpack.name", missing="please give the pack a name"),
    Input("length", "Inside length", "backpack.length_cm", "length"),
    Input("width", "Inside width", "backpack.width_cm", "length"),
    Input("height", "Inside height", "backpack.height_cm", "length"),
    Input("weight", "Weight of the empty pack", "backpack.weight_kg", "weight"),
    Input("max_cat", "Weight rating", "backpack.max_cat_kg", "weight"),
    Input("openings", "Openings", "backpack.openings"),
    Input("mesh_sides", "Sides with mesh", "backpack.mesh_sides"),
    Input("bubble_window", "Bubble window", "backpack.bubble_window"),
    Input("inner_tether", "Inner tether", "backpack.inner_tether"),
    Input("tether_low", "Tether sits low", "backpack.tether_low"),
    Input("zip_clips", "Zip clips", "backpack.zip_clips"),
    Input("soft_sided", "Soft-sided bag", "backpack.soft_sided"),
    Input("notes", "Notes", "backpack.notes"),
)
#: The cat's measurements (the block the cat's edit page includes): its size.
SIZE = _inputs(
    Input("length", "Length, nose to the base of the tail", "cat.length_cm", "length"),
    Input("height", "Height, standing", "cat.height_cm", "length"),
)
#: The size page also takes the cat's weight.
SIZE_AND_WEIGHT = {**SIZE, **_inputs(Input("weight", "Weight", "cat.weight_kg", "weight"))}
REMINDERS = _inputs(
    Input("remind_at", "Usual session time", "settings.remind_at"),
    Input("quiet_from", "Quiet from", "settings.quiet_from"),
    Input("quiet_until", "Quiet until", "settings.quiet_until"),
    Input("push_enabled", "Push reminders", "settings.push_enabled"),
)
_SEEN = ("tail", "ears", "eyes", "body", "vocal", "signs", "took_treats", "entered_voluntarily")
_SEEN_WORDS = ("Tail", "Ears", "Eyes", "Body", "Voice", "Signs", "Took the reward", "Went in")
OUTCOME = _inputs(
    *(Input(k, w, f"observation.{k}") for k, w in zip(_SEEN, _SEEN_WORDS, strict=True)),
    *(Input(k, w, f"session.observation.{k}") for k, w in zip(_SEEN, _SEEN_WORDS, strict=True)),
    Input("minutes", "Minutes in the pack", "minutes", "min"),
    Input("minutes", "Minutes in the pack", "session.minutes", "min"),
    Input("at", "When", "session.at"),
    Input("note", "Note", "session.note"),
)
ROUTINE = _inputs(Input("per_week", "Short outings a week", "per_week"))


def read_pack(form: Form, units: Units) -> tuple[dict[str, Any], dict[str, str]]:
    """The backpack form → the service's profile (cm, kg; blank: not recorded)."""
    r = Reader(form, units, PACK)
    pack: dict[str, Any] = {"name": r.text("name"), "notes": r.text("notes")}
    for key in ("length", "width", "height"):
        r.number(pack, f"{key}_cm", key)
    r.number(pack, "weight_kg", "weight")
    r.number(pack, "max_cat_kg", "max_cat")
    r.many(pack, "openings", "openings")
    r.number(pack, "mesh_sides", "mesh_sides")
    for key in _YES_NO:
        r.yes_no(pack, key, key)
    pack["length_unit"] = units.length
    return pack, r.errors


def clear_unset(pack: dict[str, Any]) -> dict[str, Any]:
    """An edit: every field the form has and the owner left blank is cleared."""
    fields = [i.path.split(".", 1)[1] for i in PACK.values()]
    return {**{f: None for f in fields if f != "name"}, **pack}


def read_size(
    form: Form, units: Units, inputs: dict[str, Input] = SIZE
) -> tuple[dict[str, Any], dict[str, str]]:
    """The cat's measurements as changes to its profile (sizes in cm, weight in
    kg; a blank input is None, which removes the value), and the form's problems."""
    r = Reader(form, units, inputs)
    change: dict[str, Any] = {}
    for i in inputs.values():
        key = i.path.split(".", 1)[1]
        change[key] = None
        r.number(change, key, i.name)
    return change, r.errors


def read_reminders(form: Form) -> dict[str, Any]:
    """Usual time, quiet hours and the push switch, as the service takes them."""
    change: dict[str, Any] = {}
    for key in ("remind_at", "quiet_from", "quiet_until"):
        value = form.get(key)
        if isinstance(value, str):
            change[key] = value.strip()[:5]  # a browser may add seconds: HH:MM:SS
    change["push_enabled"] = form.get("push_enabled") == "on"
    return change


def read_outcome(form: Form, units: Units) -> tuple[dict[str, Any], dict[str, str]]:
    """How the trip went → the service's observation, minutes and note."""
    r = Reader(form, units, OUTCOME)
    out: dict[str, Any] = {"observation": read_observation(r), "note": r.text("note")}
    r.number(out, "minutes", "minutes")
    return out, r.errors


def read_when(form: Form, zone: Any) -> tuple[datetime | None, dict[str, str]]:
    """A ``datetime-local`` input (the household's clock) → an aware time."""
    raw = form.get("starts_at")
    if not isinstance(raw, str) or not raw.strip():
        return None, {}
    try:
        return datetime.fromisoformat(raw.strip()).replace(tzinfo=zone), {}
    except ValueError:
        return None, {"starts_at": f"When: '{raw[:40]}' is not a date and time."}


#: The inputs that take a time of day (HH:MM).
TIMES = frozenset({"remind_at", "quiet_from", "quiet_until"})


def problems_to_fields(
    problems: Sequence[Problem], inputs: dict[str, Input], units: Units
) -> dict[str, str]:
    """:func:`field_errors`, with a time of day's form said in words."""
    out = field_errors(problems, inputs, units)
    for problem in problems:
        field = inputs.get(problem.field)
        if field is not None and field.name in TIMES and problem.kind == "string_pattern_mismatch":
            out[field.name] = f"{field.label}: give a time like 18:00."
    return out
