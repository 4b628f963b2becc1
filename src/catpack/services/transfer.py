"""Export and import of a cat: JSON in the coach contract's shape, and readable CSV.

The JSON export of a cat is a coach request without ``now``::

    {"version": 2,
     "cat": {<the contract's cat>, "notes": "...", "units": {"temperature": "C", "weight": "kg"}},
     "sessions": [<the contract's sessions, oldest first; "note" when one was written>],
     "pauses": [{"from": ..., "to": ... | null, "reason": "..."}],
     "trips": [{"trip": <the contract's trip>, "starts_at": ... | null, "notes": "..."}],
     "sensors": [{"address": "A4:C1:38:8D:18:B2", "name": "..."}],
     "readings": [{"at": ..., "temp_c": 24.5, "humidity_pct": ... | null,
                   "battery_pct": ... | null, "packet_id": ... | null,
                   "sensor": "A4:C1:38:8D:18:B2", "session": 3 | null}]}

``readings`` are the pack thermometer's, oldest first; ``session`` is the
index in ``sessions`` of the session a reading belongs to (never a database
id), null while it belongs to none. ``sensors`` names the thermometers they
came from. Version 1 (before readings were exported) is still imported.

Add ``"now"`` and it is a valid ``catpack coach`` request (the contract ignores
the extra keys). Importing it and exporting again gives the same document.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import select

from catpack.domain.contract import Cat, Trip
from catpack.domain.errors import CoachInputError, Problem
from catpack.services._common import (
    checked_session,
    instant,
    loads,
    no_nul,
    owned_cat,
    utcnow,
    validate,
)
from catpack.services.cats import TEMP_UNITS, WEIGHT_UNITS
from catpack.services.import_store import ImportedCat, store_import
from catpack.services.pack_views import ExportReading, ExportSensor
from catpack.services.readings import FUTURE_SKEW
from catpack.services.views import Actor
from catpack.store import schema as t
from catpack.store.db import Database

M = TypeVar("M", bound=BaseModel)

EXPORT_VERSION = 2
#: Versions :func:`import_json` reads: 1 has no sensors and readings.
IMPORT_VERSIONS = (1, 2)
#: Most thermometers one import may name (a cat's pack has one at a time).
MAX_IMPORT_SENSORS = 100


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def export_json(db: Database, actor: Actor, cat_id: int) -> dict[str, Any]:
    """One cat with its live log, pauses and trips, as described in the module doc."""
    with db.read() as s:
        cat = owned_cat(s, actor, cat_id)
        sessions: list[dict[str, Any]] = []
        index: dict[int, int] = {}  # session id -> its place in the export
        for row in s.scalars(
            select(t.Session)
            .where(t.Session.cat_id == cat_id, t.Session.deleted_at.is_(None))
            .order_by(t.Session.at, t.Session.id)
        ):
            item = loads(row.doc)
            if row.note:
                item["note"] = row.note
            index[row.id] = len(sessions)
            sessions.append(item)
        pauses = [
            {"from": _iso(p.starts_at), "to": _iso(p.ends_at), "reason": p.reason}
            for p in s.scalars(
                select(t.Pause).where(t.Pause.cat_id == cat_id).order_by(t.Pause.starts_at)
            )
        ]
        trips = [
            {"trip": loads(r.doc), "starts_at": _iso(r.starts_at), "notes": r.notes}
            for r in s.scalars(select(t.Trip).where(t.Trip.cat_id == cat_id).order_by(t.Trip.id))
        ]
        sensors, readings = _export_readings(s, cat_id, index)
        profile = loads(cat.profile)
        profile["notes"] = cat.notes
        profile["units"] = {"temperature": cat.temp_unit, "weight": cat.weight_unit}
    return {
        "version": EXPORT_VERSION,
        "cat": profile,
        "sessions": sessions,
        "pauses": pauses,
        "trips": trips,
        "sensors": sensors,
        "readings": readings,
    }


def _export_readings(
    s: Any, cat_id: int, index: Mapping[int, int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The cat's readings (oldest first, columns, not ORM objects: there may be
    many), each naming its sensor by address and its session by ``index``
    (session id -> position in the export), and the sensors they came from."""
    sensors: dict[str, str] = {}
    readings = []
    for at, temp, humidity, battery, packet, session_id, address, name in s.execute(
        select(
            t.Reading.at,
            t.Reading.temp_c,
            t.Reading.humidity_pct,
            t.Reading.battery_pct,
            t.Reading.packet_id,
            t.Reading.session_id,
            t.Sensor.address,
            t.Sensor.name,
        )
        .join(t.Sensor, t.Sensor.id == t.Reading.sensor_id)
        .where(t.Reading.cat_id == cat_id)
        .order_by(t.Reading.at, t.Sensor.address)
    ):
        sensors.setdefault(address, name)
        readings.append(
            {
                "at": _iso(at),
                "temp_c": temp,
                "humidity_pct": humidity,
                "battery_pct": battery,
                "packet_id": packet,
                "sensor": address,
                "session": index.get(session_id) if session_id is not None else None,
            }
        )
    return [{"address": a, "name": n} for a, n in sorted(sensors.items())], readings


def _when(value: object, field: str, *, required: bool) -> datetime | None:
    if value is None and not required:
        return None
    return instant(value, field)


def _text(value: object, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CoachInputError(field, "expected text")
    no_nul(field, value)
    return value


def import_json(
    db: Database,
    actor: Actor,
    data: object,
    *,
    rename: str | None = None,
    max_sessions: int = 20_000,
    max_readings: int = 200_000,
    chunk: int = 500,
    after_chunk: Callable[[int], None] | None = None,
) -> int:
    """Create a cat from an :func:`export_json` document; returns its id.

    Everything is checked before anything is stored: bad values raise one
    CoachInputError naming each (``sessions[3].observation.ears: ...``,
    ``readings[3].temp_c: ...``), more than ``max_sessions`` sessions or
    ``max_readings`` readings too. ConflictError if the household has a cat
    of that name (pass ``rename``). The sessions, then the readings, are
    written ``chunk`` at a time (see
    :func:`catpack.services.import_store.store_import`).
    """
    if not isinstance(data, Mapping):
        raise CoachInputError("import", "expected a JSON object")
    version = data.get("version")
    if isinstance(version, bool) or version not in IMPORT_VERSIONS:
        listed = ", ".join(str(v) for v in IMPORT_VERSIONS)
        raise CoachInputError("version", f"{version!r} is not one of {listed}")
    raw_cat = data.get("cat")
    if not isinstance(raw_cat, Mapping):
        raise CoachInputError("cat", "is required")
    raw_cat = dict(raw_cat)
    notes = _text(raw_cat.pop("notes", ""), "cat.notes")
    units = raw_cat.pop("units", None) or {}
    temp_unit = units.get("temperature", "C") if isinstance(units, Mapping) else "C"
    weight_unit = units.get("weight", "kg") if isinstance(units, Mapping) else "kg"
    for key, value, allowed in (
        ("temperature", temp_unit, TEMP_UNITS),
        ("weight", weight_unit, WEIGHT_UNITS),
    ):
        if value not in allowed:
            listed = ", ".join(repr(v) for v in allowed)
            raise CoachInputError(f"cat.units.{key}", f"{value!r} is not one of {listed}")
    if rename:
        raw_cat["name"] = rename
    profile = validate(Cat, raw_cat, "cat")

    sessions = data.get("sessions", [])
    if not isinstance(sessions, list):
        raise CoachInputError("sessions", "expected a list")
    if len(sessions) > max_sessions:
        raise CoachInputError(
            "sessions", f"{len(sessions)} sessions: at most {max_sessions} per import"
        )
    rows = []
    seen = set()
    problems: list[Problem] = []
    for i, item in enumerate(sessions):
        try:
            parsed = checked_session(item, f"sessions[{i}]", strict=False)
        except CoachInputError as exc:
            problems += exc.problems
            continue
        if parsed["at"] in seen:
            problems.append(Problem(f"sessions[{i}].at", "another session has the same time"))
        seen.add(parsed["at"])
        note = _text(item.get("note"), f"sessions[{i}].note") if isinstance(item, Mapping) else ""
        rows.append((parsed, note))
    if problems:
        raise CoachInputError.of(problems)
    pauses = []
    for i, p in enumerate(data.get("pauses") or []):
        if not isinstance(p, Mapping):
            raise CoachInputError(f"pauses[{i}]", "expected an object")
        start = _when(p.get("from"), f"pauses[{i}].from", required=True)
        end = _when(p.get("to"), f"pauses[{i}].to", required=False)
        assert start is not None
        if end is not None and end <= start:
            raise CoachInputError(f"pauses[{i}].to", "must be after 'from'")
        pauses.append((start, end, _text(p.get("reason"), f"pauses[{i}].reason")))
    trips = []
    for i, tr in enumerate(data.get("trips") or []):
        if not isinstance(tr, Mapping):
            raise CoachInputError(f"trips[{i}]", "expected an object")
        trips.append(
            (
                validate(Trip, tr.get("trip"), f"trips[{i}].trip"),
                _when(tr.get("starts_at"), f"trips[{i}].starts_at", required=False),
                _text(tr.get("notes"), f"trips[{i}].notes"),
            )
        )

    sensors, readings = _checked_readings(data, len(rows), max_readings)

    return store_import(
        db,
        actor,
        ImportedCat(profile, notes, temp_unit, weight_unit, rows, pauses, trips, sensors, readings),
        chunk=chunk,
        after_chunk=after_chunk,
    )


def _listed(data: Mapping[str, Any], key: str, most: int, what: str) -> list[Any]:
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise CoachInputError(key, "expected a list")
    if len(items) > most:
        raise CoachInputError(key, f"{len(items)} {what}: at most {most} per import")
    return items


def _each(
    model: type[M], items: list[Any], key: str, problems: list[Problem]
) -> Iterator[tuple[int, M]]:
    """Each of ``items`` that is a valid ``model``, with its index; the others'
    problems (named ``key[i]...``) go to ``problems``."""
    for i, item in enumerate(items):
        try:
            yield i, validate(model, item, f"{key}[{i}]")
        except CoachInputError as exc:
            problems += exc.problems


def _checked_readings(
    data: Mapping[str, Any], sessions: int, max_readings: int, now: datetime | None = None
) -> tuple[dict[str, str], list[ExportReading]]:
    """The export's sensors (address -> name) and readings, checked as the readings
    service checks a batch (ranges, instants, none in the future), each session
    given by its index among the ``sessions`` imported: CoachInputError naming
    every problem (``readings[3].temp_c: ...``)."""
    problems: list[Problem] = []
    sensors: dict[str, str] = {}
    listed = _listed(data, "sensors", MAX_IMPORT_SENSORS, "sensors")
    for i, sensor in _each(ExportSensor, listed, "sensors", problems):
        if sensor.address in sensors:
            problems.append(Problem(f"sensors[{i}].address", "another sensor has this address"))
        sensors[sensor.address] = sensor.name
    latest = (now or utcnow()) + FUTURE_SKEW
    readings: list[ExportReading] = []
    seen: set[tuple[str, datetime]] = set()
    listed = _listed(data, "readings", max_readings, "readings")
    for i, reading in _each(ExportReading, listed, "readings", problems):
        if reading.at > latest:
            problems.append(
                Problem(f"readings[{i}].at", f"{reading.at.isoformat()} is in the future", "future")
            )
        if (reading.sensor, reading.at) in seen:
            problems.append(
                Problem(f"readings[{i}].at", "another reading of its sensor has the same time")
            )
        seen.add((reading.sensor, reading.at))
        if reading.session is not None and reading.session >= sessions:
            problems.append(
                Problem(
                    f"readings[{i}].session",
                    f"{reading.session} is not a session of this export "
                    f"(it has {sessions}, numbered from 0)",
                )
            )
        sensors.setdefault(reading.sensor, "")
        readings.append(reading)
    if problems:
        raise CoachInputError.of(problems)
    return sensors, readings


CSV_COLUMNS = (
    ("at", "when (with UTC offset)"),
    ("stage", "stage"),
    ("level", "level"),
    ("minutes", "minutes"),
    ("reps", "repetitions"),
    ("calm_reps", "calm repetitions"),
)


def _f(temp_c: float | None, unit: str) -> str:
    if temp_c is None:
        return ""
    return f"{temp_c * 9 / 5 + 32:.1f}" if unit == "F" else f"{temp_c:g}"


#: A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula (OWASP's rule
    against CSV injection: a cell starting with = + - @, tab or carriage
    return gets a leading single quote; the csv module quotes the rest)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)  # our own number: never a formula
    if isinstance(value, list):
        return neutral("; ".join(str(v) for v in value))
    return neutral(str(value))


def export_csv(db: Database, actor: Actor, cat_id: int) -> str:
    """The live log as CSV for people: one row per session, units in the headers,
    temperatures in the cat's preferred unit, the owner's note last. The pack
    thermometer's readings are not rows (a reading is not a session): each
    session's row has its hottest in-pack air; the readings are in the JSON."""
    data = export_json(db, actor, cat_id)
    unit = data["cat"]["units"]["temperature"]
    header = [label for _, label in CSV_COLUMNS] + [
        "tail",
        "ears",
        "eyes",
        "body",
        "voice",
        "signs",
        "took treats",
        "entered on its own",
        "location",
        "in backpack",
        "after exertion",
        "sun",
        f"temperature (°{unit})",
        "humidity (%)",
        "wind (m/s)",
        f"hottest in the pack (°{unit})",
        "harness on",
        "tether",
        "openings closed",
        "zip clips",
        "note",
    ]
    out = io.StringIO()
    # CRLF (RFC 4180): a note holding a lone CR or LF is then quoted, not split.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for item in data["sessions"]:
        obs = item.get("observation", {})
        ctx = item.get("context") or {}
        chk = item.get("checks") or {}
        writer.writerow(
            [_cell(item.get(key)) for key, _ in CSV_COLUMNS]
            + [
                _cell(obs.get(k))
                for k in (
                    "tail",
                    "ears",
                    "eyes",
                    "body",
                    "vocal",
                    "signs",
                    "took_treats",
                    "entered_voluntarily",
                )
            ]
            + [_cell(ctx.get(k)) for k in ("location", "in_backpack", "after_exertion", "sun")]
            + [
                _f(ctx.get("temp_c"), unit),
                _cell(ctx.get("humidity_pct")),
                _cell(ctx.get("wind_ms")),
                _f(ctx.get("pack_temp_c"), unit),
            ]
            + [_cell(chk.get(k)) for k in ("harness_on", "tether", "openings_closed", "zip_clips")]
            + [_cell(item.get("note", ""))]
        )
    return out.getvalue()
