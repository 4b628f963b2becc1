"""From posted form fields to contract objects, with one plain message per bad field.

Every parser collects *all* problems of a form (so the owner fixes them in
one go) and raises :class:`FormProblems`; nothing is stored until a form
parses cleanly. Numbers arrive in the owner's units and leave in the
engine's (°C, kg, m/s).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.datastructures import ImmutableMultiDict

from catpack.domain import protocol as P
from catpack.web.pages import labels
from catpack.web.pages.units import Units

Form = ImmutableMultiDict[str, Any]


class FormProblems(Exception):
    """A form with bad fields: ``errors`` maps each field name to one message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class _Reader:
    def __init__(self, form: Form) -> None:
        self.form = form
        self.errors: dict[str, str] = {}

    def text(self, name: str) -> str:
        value = self.form.get(name)
        return value.strip() if isinstance(value, str) else ""

    def number(
        self,
        name: str,
        label: str,
        lo: float,
        hi: float,
        *,
        convert: Callable[[float], float] = float,
        shown: Callable[[float], float] = float,
        unit: str = "",
        whole: bool = False,
    ) -> float | None:
        """An optional number, converted to engine units; range checked after converting."""
        raw = self.text(name)
        if raw == "":
            return None
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            self.errors[name] = f"{label}: '{raw}' is not a number."
            return None
        if not math.isfinite(value) or (whole and not value.is_integer()):
            kind = "a whole number" if whole else "a number"
            self.errors[name] = f"{label}: '{raw}' is not {kind}."
            return None
        converted = convert(value)
        if not lo <= converted <= hi:
            low, high = shown(lo), shown(hi)
            self.errors[name] = f"{label} must be between {low:g} and {high:g}{unit}."
            return None
        return converted

    def choice(self, name: str, label: str, field: str | None = None) -> str | None:
        raw = self.text(name)
        if raw == "":
            return None
        allowed = labels.values(field or name)
        if raw not in allowed:
            self.errors[name] = f"{label}: '{raw}' is not one of the choices."
            return None
        return raw

    def many(self, name: str, label: str, field: str | None = None) -> list[str]:
        allowed = labels.values(field or name)
        picked = [v for v in self.form.getlist(name) if isinstance(v, str) and v]
        bad = [v for v in picked if v not in allowed]
        if bad:
            self.errors[name] = f"{label}: '{bad[0]}' is not one of the choices."
        return [v for v in dict.fromkeys(picked) if v in allowed]

    def yes_no(self, name: str, label: str) -> bool | None:
        raw = self.text(name)
        if raw in ("", "unsure"):
            return None
        if raw not in ("yes", "no"):
            self.errors[name] = f"{label}: answer yes, no or not sure."
            return None
        return raw == "yes"

    def done(self) -> None:
        if self.errors:
            raise FormProblems(self.errors)


def parse_cat(form: Form, units: Units) -> tuple[dict[str, Any], dict[str, Any]]:
    """The add-a-cat form → (the contract's cat object, the backpack's sizes)."""
    r = _Reader(form)
    name = r.text("name")
    if not name:
        r.errors["name"] = "Name: please give the cat's name."
    elif len(name) > 100:
        r.errors["name"] = "Name: at most 100 characters."
    weight = r.number(
        "weight",
        "Weight",
        0.1,
        30,
        convert=units.weight_in,
        shown=lambda kg: round(units.weight_out(kg), 1),
        unit=f" {units.weight}",
    )
    profile: dict[str, Any] = {"name": name}
    motivation = r.many("motivation", "What motivates the cat")
    if motivation:
        profile["motivation"] = motivation
    harness = r.yes_no("harness_trained", "Harness trained")
    if harness is not None:
        profile["harness_trained"] = harness
    for key, label in (
        ("outdoor_experience", "Time outdoors"),
        ("carrier_history", "Carrier history"),
    ):
        value = r.choice(key, label)
        if value is not None:
            profile[key] = value
    if weight is not None:
        profile["weight_kg"] = round(weight, 2)
    backpack = _backpack(r)
    r.done()
    return profile, backpack


def _backpack(r: _Reader) -> dict[str, Any]:
    """The backpack's inside size in cm (fields ``backpack_length_cm`` and so on)."""
    sizes: dict[str, Any] = {}
    for key, label in (("length_cm", "length"), ("width_cm", "width"), ("height_cm", "height")):
        size = r.number(f"backpack_{key}", f"Backpack {label}", 1, 200, unit=" cm")
        if size is not None:
            sizes[key] = size
    return sizes


def _checks(r: _Reader) -> dict[str, Any]:
    checks: dict[str, Any] = {}
    ticked = set(r.form.getlist("check"))
    unknown = ticked - set(labels.CHECK_WORDS)
    if unknown:
        r.errors["check"] = f"Checks: '{sorted(unknown)[0]}' is not a known check."
    if "harness_on" in ticked:
        checks["harness_on"] = True
    if "tether_to_harness" in ticked:
        checks["tether"] = "harness"
    if "openings_closed" in ticked:
        checks["openings_closed"] = True
    if "zip_clips" in ticked:
        checks["zip_clips"] = True
    if "leash_on" in ticked:
        checks["leash_on"] = True
    return checks


def parse_weather(form: Form, units: Units) -> dict[str, Any]:
    """Sun, temperature, humidity and wind fields → the contract's names, °C and m/s."""
    r = _Reader(form)
    out = _weather(r, units)
    r.done()
    return out


def _weather(r: _Reader, units: Units) -> dict[str, Any]:
    out: dict[str, Any] = {}
    sun = r.choice("sun", "Sun")
    if sun is not None:
        out["sun"] = sun
    temp = r.number(
        "temp",
        "Temperature",
        -60,
        60,
        convert=units.temp_in,
        shown=lambda c: round(units.temp_out(c)),
        unit=f" {units.temp}",
    )
    if temp is not None:
        out["temp_c"] = round(temp, 2)
    humidity = r.number("humidity", "Humidity", 0, 100, unit=" %")
    if humidity is not None:
        out["humidity_pct"] = humidity
    wind = r.number(
        "wind",
        "Wind",
        0,
        75,
        convert=units.wind_in,
        shown=lambda ms: round(units.wind_out(ms)),
        unit=f" {units.wind}",
    )
    if wind is not None:
        out["wind_ms"] = round(wind, 2)
    return out


def parse_planned(form: Form, units: Units, location: str) -> dict[str, Any] | None:
    """Today's weather and ticked checks → the contract's ``planned``, or None if empty."""
    r = _Reader(form)
    planned = _weather(r, units)
    checks = _checks(r)
    r.done()
    if checks:
        planned["checks"] = checks
    if not planned:
        return None
    planned["location"] = location
    return planned


def parse_session(form: Form, units: Units, now: datetime) -> dict[str, Any]:
    """The one-thumb log form → a contract session at ``now``."""
    r = _Reader(form)
    stage_id = r.text("stage")
    stage = P.BY_ID.get(stage_id)
    if stage is None:
        r.errors["stage"] = "Stage: this form is out of date; open Today and log again."
    level = r.number("level", "Level", 1, 50, whole=True)
    if stage is not None and level is not None and level > len(stage.levels):
        r.errors["level"] = "Level: this form is out of date; open Today and log again."
    minutes = r.number("minutes", "Minutes", 0, 24 * 60, unit=" min")
    reps = r.number("reps", "Tries", 0, 1000, whole=True)
    calm = r.number("calm_reps", "Calm tries", 0, 1000, whole=True)
    if reps is not None and calm is not None and calm > reps:
        r.errors["calm_reps"] = f"Calm tries ({calm:g}) cannot be more than tries ({reps:g})."
    observation: dict[str, Any] = {}
    for key, label in (("tail", "Tail"), ("ears", "Ears"), ("eyes", "Eyes"), ("body", "Body")):
        observation[key] = r.choice(key, label) or "unseen"
    vocal = r.choice("vocal", "Voice")
    if vocal is not None:
        observation["vocal"] = vocal
    observation["signs"] = r.many("signs", "Signs")
    for key, label in (
        ("took_treats", "Took treats"),
        ("entered_voluntarily", "Went in on its own"),
    ):
        answer = r.yes_no(key, label)
        if answer is not None:
            observation[key] = answer
    context = _weather(r, units)
    location = r.choice("location", "Where")
    if location is not None:
        context["location"] = location
    checks = _checks(r)
    r.done()
    session: dict[str, Any] = {
        "at": now.isoformat(),
        "stage": stage_id,
        "level": int(level or 1),
        "observation": observation,
    }
    if minutes is not None:
        session["minutes"] = minutes
    if reps is not None:
        session["reps"] = int(reps)
    if calm is not None:
        session["calm_reps"] = int(calm)
    if context:
        session["context"] = context
    if checks:
        session["checks"] = checks
    return session


def parse_trip(form: Form, units: Units) -> dict[str, Any]:
    """The trip planner form → the contract's ``trip`` object."""
    r = _Reader(form)
    kind = r.choice("kind", "Kind of trip")
    if kind is None and "kind" not in r.errors:
        r.errors["kind"] = "Kind of trip: please pick one."
    hours = r.number("hours", "Hours", 0.25, 24 * 60, unit=" h")
    if hours is None and "hours" not in r.errors:
        r.errors["hours"] = "Hours: how long will the trip take?"
    trip: dict[str, Any] = {"kind": kind, "hours": hours, **_weather(r, units)}
    airline = r.text("airline")
    if airline:
        trip["airline"] = airline
    backpack = _backpack(r)
    if backpack:
        trip["backpack"] = backpack
    r.done()
    return trip
