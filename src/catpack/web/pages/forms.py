"""Posted form fields → contract objects, and the services' problems → form fields.

The pages do not re-check what the owner entered: each input becomes the
contract's value (text to a number, the owner's units to the engine's) and the
object goes to the service, whose one check (the domain's) reports every
problem with its field path. :func:`field_errors` maps those paths back to the
form's inputs, worded for owners and in their units. The pages themselves
only report what the domain never sees: text that is not a number, and a
safety check the page did not offer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from starlette.datastructures import ImmutableMultiDict

from catpack.domain.errors import Problem
from catpack.web.pages import labels
from catpack.web.pages.units import Units

Form = ImmutableMultiDict[str, Any]
#: The largest id a row has (the database's integer columns).
MAX_ID = 2_147_483_647


def row_id(raw: object) -> int | None:
    """The id of a row named in a path or a form (ASCII digits, 1 to
    :data:`MAX_ID`), else None: ``str.isdigit`` alone takes ``²`` (which
    ``int`` refuses) and numbers beyond the database's integers (which its
    driver refuses), both server errors before."""
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_ID else None


@dataclass(frozen=True)
class Input:
    """A form input: its name, its label, the contract path it fills and the
    kind of quantity (``temp``, ``weight``, ``wind``, ``length`` convert;
    others are units shown as they are)."""

    name: str
    label: str
    path: str
    unit: str = ""
    missing: str = "please fill this in"


def _inputs(*items: Input) -> dict[str, Input]:
    return {i.path: i for i in items}


def _weather(prefix: str) -> list[Input]:
    return [
        Input("sun", "Sun", f"{prefix}.sun"),
        Input("temp", "Temperature", f"{prefix}.temp_c", "temp"),
        Input("humidity", "Humidity", f"{prefix}.humidity_pct", "%"),
        Input("wind", "Wind", f"{prefix}.wind_ms", "wind"),
    ]


def _sizes(prefix: str) -> list[Input]:
    return [
        Input(f"backpack_{k}_cm", f"Backpack {k}", f"{prefix}.{k}_cm", "length")
        for k in ("length", "width", "height")
    ]


SESSION = _inputs(
    Input("at", "When", "session.at"),
    Input("stage", "Stage", "session.stage"),
    Input("level", "Level", "session.level"),
    Input("minutes", "Minutes", "session.minutes", "min"),
    Input("reps", "Tries", "session.reps"),
    Input("calm_reps", "Calm tries", "session.calm_reps"),
    Input("tail", "Tail", "session.observation.tail"),
    Input("ears", "Ears", "session.observation.ears"),
    Input("eyes", "Eyes", "session.observation.eyes"),
    Input("body", "Body", "session.observation.body"),
    Input("vocal", "Voice", "session.observation.vocal"),
    Input("signs", "Signs", "session.observation.signs"),
    Input("took_treats", "Took treats", "session.observation.took_treats"),
    Input("entered_voluntarily", "Went in on its own", "session.observation.entered_voluntarily"),
    Input("location", "Where", "session.context.location"),
    Input("check", "Checks", "session.checks"),
    *_weather("session.context"),
)
PLANNED = _inputs(*_weather("planned"), Input("check", "Checks", "planned.checks"))
CAT = _inputs(
    Input("name", "Name", "cat.name", missing="please give the cat's name"),
    Input("weight", "Weight", "cat.weight_kg", "weight"),
    Input("motivation", "What motivates the cat", "cat.motivation"),
    Input("harness_trained", "Harness trained", "cat.harness_trained"),
    Input("outdoor_experience", "Time outdoors", "cat.outdoor_experience"),
    Input("carrier_history", "Carrier history", "cat.carrier_history"),
    Input("car_training", "Car rides", "cat.car_training"),
    *_sizes("backpack"),
)
TRIP = _inputs(
    Input("kind", "Kind of trip", "trip.kind", missing="please pick one"),
    Input("hours", "Hours", "trip.hours", " h", missing="how long will the trip take?"),
    Input("airline", "Airline", "trip.airline"),
    *_weather("trip"),
    *_sizes("trip.backpack"),
)

#: The page's safety checks (the decision's checklist ids) → the contract's checks.
CHECKS: dict[str, tuple[str, object]] = {
    "harness_on": ("harness_on", True),
    "tether_to_harness": ("tether", "harness"),
    "openings_closed": ("openings_closed", True),
    "zip_clips": ("zip_clips", True),
    "leash_on": ("leash_on", True),
}


class Reader:
    """Reads a form into contract values; keeps the form's own problems."""

    def __init__(self, form: Form, units: Units, inputs: dict[str, Input]) -> None:
        self.form = form
        self.units = units
        self.by_name = {i.name: i for i in inputs.values()}
        self.errors: dict[str, str] = {}

    def text(self, name: str) -> str:
        value = self.form.get(name)
        return value.strip() if isinstance(value, str) else ""

    def put(self, target: dict[str, Any], key: str, name: str) -> None:
        """A choice or text input, as given (the service checks it); blank: absent."""
        value = self.text(name)
        if value:
            target[key] = value

    def number(self, target: dict[str, Any], key: str, name: str) -> None:
        """A number in the owner's units → the engine's; blank: absent."""
        raw = self.text(name)
        if raw == "":
            return
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.errors[name] = f"{self.by_name[name].label}: '{raw}' is not a number."
            return
        unit = self.by_name[name].unit
        if unit in ("temp", "weight", "wind", "length"):
            to_engine, _ = self.units.converters(unit)
            target[key] = round(to_engine(value), 2)
        else:
            target[key] = int(value) if value.is_integer() else value

    def yes_no(self, target: dict[str, Any], key: str, name: str) -> None:
        """yes / no / not sure (absent); anything else goes on for the check to refuse."""
        raw = self.text(name)
        if raw and raw != "unsure":
            target[key] = {"yes": True, "no": False}.get(raw, raw)

    def many(self, target: dict[str, Any], key: str, name: str) -> None:
        picked = [v for v in self.form.getlist(name) if isinstance(v, str) and v]
        target[key] = list(dict.fromkeys(picked))

    def checks(self) -> dict[str, Any]:
        ticked = [v for v in self.form.getlist("check") if isinstance(v, str)]
        unknown = [c for c in ticked if c not in CHECKS and c not in labels.CHECK_WORDS]
        if unknown:
            self.errors["check"] = f"Checks: '{unknown[0]}' is not a known check."
        return dict(CHECKS[c] for c in ticked if c in CHECKS)


def _weather_values(r: Reader, target: dict[str, Any]) -> None:
    r.put(target, "sun", "sun")
    r.number(target, "temp_c", "temp")
    r.number(target, "humidity_pct", "humidity")
    r.number(target, "wind_ms", "wind")


def _sizes_values(r: Reader) -> dict[str, Any]:
    sizes: dict[str, Any] = {}
    for key in ("length_cm", "width_cm", "height_cm"):
        r.number(sizes, key, f"backpack_{key}")
    return sizes


def read_cat(form: Form, units: Units) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """The add-a-cat (or change-a-cat) form → (the contract's cat, the
    backpack's size, the form's problems)."""
    r = Reader(form, units, CAT)
    profile: dict[str, Any] = {"name": r.text("name")}
    r.number(profile, "weight_kg", "weight")
    r.many(profile, "motivation", "motivation")
    if not profile["motivation"]:
        del profile["motivation"]
    r.yes_no(profile, "harness_trained", "harness_trained")
    r.put(profile, "outdoor_experience", "outdoor_experience")
    r.put(profile, "carrier_history", "carrier_history")
    r.yes_no(profile, "car_training", "car_training")
    return profile, _sizes_values(r), r.errors


def read_planned(form: Form, units: Units) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """Today's weather and ticked checks → the contract's ``planned`` (None if empty)."""
    r = Reader(form, units, PLANNED)
    planned: dict[str, Any] = {}
    _weather_values(r, planned)
    checks = r.checks()
    if checks:
        planned["checks"] = checks
    return planned or None, r.errors


def read_weather(form: Form, units: Units) -> tuple[dict[str, Any], dict[str, str]]:
    """Sun, temperature, humidity and wind → the contract's names, °C and m/s."""
    r = Reader(form, units, TRIP)
    weather: dict[str, Any] = {}
    _weather_values(r, weather)
    return weather, r.errors


NOT_SEEN = labels.NOT_SEEN
#: ``datetime-local`` text (minutes, or seconds when a browser adds them).
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


def local_input(at: datetime, zone: tzinfo) -> str:
    """An instant as a ``datetime-local`` input shows it, on the household's clock."""
    return at.astimezone(zone).strftime(LOCAL_MINUTE)


def read_at(r: Reader, now: datetime, zone: tzinfo) -> datetime:
    """The form's "when" on the household's clock (blank: ``now``); text that is
    no date and time is the form's own problem (``now`` stands in meanwhile)."""
    raw = r.text("at")
    if not raw:
        return now
    try:
        local = datetime.fromisoformat(raw)
    except ValueError:
        r.errors["at"] = f"When: '{raw[:40]}' is not a date and time."
        return now
    return local.replace(tzinfo=zone) if local.tzinfo is None else local


def read_observation(r: Reader) -> dict[str, Any]:
    """The groups about the cat → the contract's observation: only what was
    answered; an unanswered group or "didn't see" records nothing."""
    observation: dict[str, Any] = {}
    for key in ("tail", "ears", "eyes", "body"):
        observation[key] = r.text(key) or "unseen"
    if r.text("vocal") != NOT_SEEN:
        r.put(observation, "vocal", "vocal")
    r.many(observation, "signs", "signs")
    observation["signs"] = [v for v in observation["signs"] if v != NOT_SEEN]
    r.yes_no(observation, "took_treats", "took_treats")
    r.yes_no(observation, "entered_voluntarily", "entered_voluntarily")
    return observation


def read_session(
    form: Form, units: Units, now: datetime, zone: tzinfo
) -> tuple[dict[str, Any], dict[str, str]]:
    """The log form → a contract session (when: the form's, on the household's
    clock in ``zone``; blank: ``now``), and the form's problems. Only what the
    owner answered is recorded: an unanswered group is not seen."""
    r = Reader(form, units, SESSION)
    at = read_at(r, now, zone)
    session: dict[str, Any] = {"at": at.isoformat(), "stage": r.text("stage")}
    r.number(session, "level", "level")
    for key in ("minutes", "reps", "calm_reps"):
        r.number(session, key, key)
    session["observation"] = read_observation(r)
    context: dict[str, Any] = {}
    _weather_values(r, context)
    r.put(context, "location", "location")
    if context:
        session["context"] = context
    checks = r.checks()
    if checks:
        session["checks"] = checks
    return session, r.errors


def read_trip(form: Form, units: Units) -> tuple[dict[str, Any], dict[str, str]]:
    """The trip planner form → the contract's ``trip`` object, and the form's problems."""
    r = Reader(form, units, TRIP)
    trip: dict[str, Any] = {}
    r.put(trip, "kind", "kind")
    r.number(trip, "hours", "hours")
    _weather_values(r, trip)
    r.put(trip, "airline", "airline")
    backpack = _sizes_values(r)
    if backpack:
        trip["backpack"] = backpack
    return trip, r.errors


# ----------------------------------------------------------- problems → words

_BOUNDS = {
    "less_than_equal": "at most",
    "less_than": "less than",
    "greater_than_equal": "at least",
    "greater_than": "more than",
}


def _input_for(path: str, inputs: dict[str, Input]) -> Input | None:
    """The input whose contract path is ``path`` or holds it (``signs[1]`` → signs)."""
    bare = path.split("[")[0]
    while bare:
        if bare in inputs:
            return inputs[bare]
        bare = bare.rpartition(".")[0]
    return None


def say(problem: Problem, field: Input, units: Units) -> str:
    """One problem in plain words for owners, limits in their units."""
    label, kind = field.label, problem.kind
    given = problem.given
    if kind in ("literal_error", "enum"):
        return f"{label}: '{given}' is not one of the choices."
    if kind in ("int_parsing", "int_from_float"):
        return f"{label}: '{given}' is not a whole number."
    if kind in ("bool_parsing", "bool_type"):
        return f"{label}: answer yes, no or not sure."
    if kind in ("unknown_stage", "level_above"):
        return f"{label}: this form is out of date; open Today and log again."
    if kind == "future":
        return f"{label}: that is still to come; log a session once it has happened."
    if kind == "calm_unseen":
        return (
            f"{label}: nothing about the cat is ticked, so no try can count as calm. "
            "Tick what its tail, ears, eyes, body or voice did, or leave calm tries empty."
        )
    if kind == "counts" and problem.limit is not None:
        return f"{label} ({given}) cannot be more than tries ({problem.limit:g})."
    if kind == "missing" or (kind == "string_too_short" and problem.limit == 1):
        # A question ("how long will the trip take?") takes no full stop after it.
        return f"{label}: {field.missing}" + ("" if field.missing.endswith("?") else ".")
    if kind == "nul":
        return f"{label}: it holds a character that cannot be stored; type it again."
    if kind == "string_too_long" and problem.limit is not None:
        return f"{label}: at most {problem.limit:g} characters."
    if kind in _BOUNDS and problem.limit is not None:
        _, shown = units.converters(field.unit)
        unit = units.label(field.unit)
        space = "" if unit in ("%", "") or unit.startswith(" ") else " "
        return f"{label} must be {_BOUNDS[kind]} {round(shown(problem.limit), 1):g}{space}{unit}."
    return f"{label}: {problem.message}."


def field_errors(
    problems: Sequence[Problem], inputs: dict[str, Input], units: Units
) -> dict[str, str]:
    """The services' problems as ``{input name: message}`` (the first per input);
    a problem no input holds goes under ``form``."""
    out: dict[str, str] = {}
    for problem in problems:
        field = _input_for(problem.field, inputs)
        name = field.name if field is not None else "form"
        if name not in out:
            out[name] = say(problem, field, units) if field is not None else str(problem)
    return out
