"""Pydantic models of the coach contract, version 1 (``shared/spec/coach-contract.md``).

The models are the single definition of the JSON the engine takes and gives;
the JSON Schema that ``catpack schema`` prints is generated from them. Field
names and listed values are public API: add fields, never rename or drop one.

Extra fields in a request are ignored (clients may send more than we read);
every value we do read is checked, and every problem found goes into one
:class:`~catpack.domain.errors.CoachInputError`, each naming its path.
"""

from __future__ import annotations

import re
import reprlib
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal, NotRequired, TypeAlias
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from catpack.domain.errors import CoachInputError, Problem

CONTRACT_VERSION = 1

Motivation: TypeAlias = Literal["food", "play", "comfort"]
OutdoorExperience: TypeAlias = Literal["none", "garden", "outdoor_cat"]
CarrierHistory: TypeAlias = Literal["none", "neutral", "negative"]
Tail: TypeAlias = Literal["upright", "relaxed", "low", "tucked", "puffed", "lashing", "unseen"]
Ears: TypeAlias = Literal["forward", "neutral", "sideways", "flat", "back", "unseen"]
Eyes: TypeAlias = Literal["slow_blink", "normal", "dilated", "unseen"]
Body: TypeAlias = Literal["relaxed", "alert", "tense", "crouched", "trembling", "unseen"]
Vocal: TypeAlias = Literal[
    "silent", "purring", "meowing", "meowing_excessive", "hissing", "growling", "yowling"
]
Sign: TypeAlias = Literal[
    "panting",
    "excessive_grooming",
    "escape_attempt",
    "aggression",
    "freezing",
    "hiding",
    "toileting",
]
Location: TypeAlias = Literal["home", "doorway", "car", "quiet_outdoors", "busy_outdoors"]
Sun: TypeAlias = Literal["indoor", "shade", "partial", "full"]
Tether: TypeAlias = Literal["harness", "collar", "none"]
Decision: TypeAlias = Literal[
    "start", "push", "stick", "drop", "advance", "stop", "blocked", "refer", "maintain", "refresh"
]
HeatRisk: TypeAlias = Literal["low", "moderate", "high", "extreme"]
ColdRisk: TypeAlias = Literal["cool", "cold", "freezing"]
TripKind: TypeAlias = Literal["walk", "hike", "hotel", "road_trip", "flight"]
Opening: TypeAlias = Literal["front", "top", "side"]
Units: TypeAlias = Literal["metric", "imperial"]
PackingItem: TypeAlias = Literal[
    "harness",
    "leash",
    "tether_check",
    "treats",
    "water",
    "collapsible_bowl",
    "pee_pads",
    "food",
    "spare_harness",
    "spare_leash",
    "blanket",
    "waste_bags",
    "first_aid",
    "id_tag",
    "vaccination_record",
    "carrier_fit_check",
]


#: Text holds no NUL character: PostgreSQL cannot store one, so it is refused
#: everywhere (a 422 naming the field) rather than failing in the database.
NO_NUL = r"^[^\x00]*$"

# ------------------------------------------------------------------ instants

#: Years an instant may have, as written (policy): 2000-01-01 to 2099-12-31.
#: No cat was backpack-trained with catpack before 2000 and a date past 2099 is
#: a typo; the bounds also keep every shift between UTC offsets (at most a day)
#: far inside Python's datetime range (years 1 to 9999): a date near year 1 or
#: 9999 with an offset used to overflow into a server error.
FIRST_YEAR, LAST_YEAR = 2000, 2099
#: An instant as JSON text: RFC 3339 with seconds and an offset (or Z), in range.
INSTANT_PATTERN = (
    r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
    r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
_INSTANT = re.compile(INSTANT_PATTERN)
_NO_ZONE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
INSTANT_HINT = "a date and time with its offset, like 2026-11-26T09:30:00+01:00"


def _instant_text(value: object) -> object:
    """Only text in the documented form (or a datetime) is an instant: numbers
    are not read as seconds since 1970, and the year must be in range."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        if _INSTANT.fullmatch(value):
            return value
        if _NO_ZONE.fullmatch(value):
            raise ValueError(f"{value!r} has no time zone (add one, e.g. +01:00 or Z)")
        shown = value if len(value) <= 40 else value[:37] + "..."
        year = re.match(r"^([+-]?\d{4,})-\d", value)
        if year and not FIRST_YEAR <= int(year.group(1)) <= LAST_YEAR:
            return _out_of_range(shown)
        raise ValueError(f"{shown!r} is not {INSTANT_HINT}")
    raise ValueError(f"expected text: {INSTANT_HINT}")


def _out_of_range(shown: str) -> object:
    raise ValueError(f"{shown!r} is not between the years {FIRST_YEAR} and {LAST_YEAR}")


def _in_range(value: datetime) -> datetime:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        _out_of_range(value.isoformat())
    return value


#: An aware date and time, as text in the documented form, within the years
#: FIRST_YEAR..LAST_YEAR: every instant catpack reads (sessions, now, pauses,
#: trips, filters) is one of these.
Instant = Annotated[
    AwareDatetime,
    BeforeValidator(_instant_text),
    AfterValidator(_in_range),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": INSTANT_PATTERN,
            "examples": ["2026-11-26T09:30:00+01:00"],
        }
    ),
]


def _number(value: object) -> object:
    """A JSON number only: text ("5") and true/false are not numbers here, as
    the schema says (pydantic would convert them)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("float_type", "expected a number")
    return value


def _flag(value: object) -> object:
    """true or false only: not "yes", 1 or "true" (pydantic would convert them)."""
    if not isinstance(value, bool):
        raise PydanticCustomError("bool_type", "expected true or false")
    return value


#: Numbers and flags of requests: JSON numbers and booleans as the schema says
#: (an integral 7.0 is a whole number, as in JSON Schema; 7.5 is not).
Number = Annotated[float, BeforeValidator(_number)]
Whole = Annotated[int, BeforeValidator(_number)]
Flag = Annotated[bool, BeforeValidator(_flag)]


class _In(BaseModel):
    """Base of request models: unknown keys ignored, values never coerced loosely."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------- input


class Cat(_In):
    name: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    motivation: list[Motivation] | None = None
    harness_trained: Flag | None = None
    outdoor_experience: OutdoorExperience | None = None
    carrier_history: CarrierHistory | None = None
    weight_kg: Number | None = Field(default=None, gt=0, le=30)
    car_training: Flag | None = Field(
        default=None,
        description="Owner wants the optional car branch of step 6 (default: no).",
    )
    length_cm: Number | None = Field(
        default=None, gt=0, le=150, description="Length from the nose to the base of the tail, cm."
    )
    height_cm: Number | None = Field(
        default=None, gt=0, le=100, description="Standing height, floor to the top of the head, cm."
    )


# Sessions are the bulk of every request (thousands in a long log), so they
# and their parts are TypedDicts: pydantic validates them about 2.5x faster
# than model instances, and the engine reads plain dicts. Absent keys mean
# "not recorded"; readers use .get() with the defaults documented here.


class Observation(TypedDict, total=False):
    """What the owner saw. Absent or "unseen" means not recorded."""

    tail: Tail
    ears: Ears
    eyes: Eyes
    body: Body
    vocal: Vocal | None
    signs: list[Sign]
    took_treats: Flag | None
    entered_voluntarily: Flag | None


class Context(TypedDict, total=False):
    location: Location | None
    in_backpack: Flag | None
    after_exertion: Flag | None
    sun: Sun | None
    temp_c: Annotated[Number, Field(ge=-60, le=60)] | None
    humidity_pct: Annotated[Number, Field(ge=0, le=100)] | None
    wind_ms: Annotated[Number, Field(ge=0, le=75)] | None
    #: The hottest air a thermometer in the pack measured during the session
    #: (and the humidity with it): heat in the pack counts like heat outside.
    pack_temp_c: Annotated[Number, Field(ge=-60, le=80)] | None
    pack_humidity_pct: Annotated[Number, Field(ge=0, le=100)] | None


class Checks(TypedDict, total=False):
    harness_on: Flag | None
    tether: Tether | None
    openings_closed: Flag | None
    zip_clips: Flag | None
    leash_on: Flag | None


def string_enum(schema: dict[str, Any], values: list[str]) -> None:
    """List ``values`` as the only strings a field's JSON Schema allows (in its
    string option when it may also be null)."""
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "string":
            option["enum"] = values


def _stage_ids(schema: dict[str, Any]) -> None:
    """The JSON Schema lists the protocol's stage ids (read when a schema is
    made: the protocol module imports this one)."""
    from catpack.domain.protocol import BY_ID

    string_enum(schema, list(BY_ID))


def _airline_ids(schema: dict[str, Any]) -> None:
    """The JSON Schema lists the airlines catpack knows (read when a schema is made)."""
    from catpack.domain.airlines import AIRLINES

    string_enum(schema, sorted(AIRLINES))


class Session(TypedDict):
    """One logged training session (``calm_reps`` <= ``reps``, checked in decide)."""

    at: Annotated[
        Instant,
        Field(
            description="When it took place: not after `now` (the request's, or the "
            "server's clock when a session is logged), beyond a few minutes of clock skew."
        ),
    ]
    stage: Annotated[
        str,
        Field(
            min_length=1,
            max_length=64,
            pattern=NO_NUL,
            description="A stage id of the protocol; level is at most that stage's levels.",
            json_schema_extra=_stage_ids,
        ),
    ]
    level: Annotated[Whole, Field(ge=1, le=50)]
    minutes: NotRequired[Annotated[Number, Field(ge=0, le=24 * 60)] | None]
    reps: NotRequired[Annotated[Whole, Field(ge=0, le=1000)] | None]
    calm_reps: NotRequired[
        Annotated[Whole, Field(ge=0, le=1000, description="Calm repetitions: at most reps.")] | None
    ]
    observation: Observation
    context: NotRequired[Context | None]
    checks: NotRequired[Checks | None]


class Planned(_In):
    location: Location | None = None
    sun: Sun | None = None
    temp_c: Number | None = Field(default=None, ge=-60, le=60)
    humidity_pct: Number | None = Field(default=None, ge=0, le=100)
    wind_ms: Number | None = Field(default=None, ge=0, le=75)
    minutes: Number | None = Field(default=None, ge=0, le=24 * 60)
    checks: Checks | None = Field(
        default=None, description="Safety checks confirmed for the coming session."
    )


class Pause(_In):
    """A period (holiday, illness) that must not count as a lapse in practice
    (``to`` is not before ``from``)."""

    start: Instant = Field(alias="from")
    end: Instant = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Pause:
        if self.end < self.start:
            raise ValueError("'to' is before 'from'")
        return self


#: Keys of the machine's zoneinfo folder that are no place's zone: ``localtime``
#: is whatever this server's clock is set to (it differs between machines and
#: changes with them), ``Factory`` is the placeholder of an unset zone,
#: ``posixrules`` a file of the tz database's build.
NOT_A_PLACE = frozenset({"localtime", "Factory", "posixrules"})


@cache
def known_zones() -> frozenset[str]:
    """Every IANA zone name this machine knows (read once: it scans the tz
    database), without the keys that name no place (:data:`NOT_A_PLACE`)."""
    return frozenset(available_timezones()) - NOT_A_PLACE


def zone_names(schema: dict[str, Any]) -> None:
    """A time zone field's JSON Schema lists the IANA zones this machine knows."""
    string_enum(schema, sorted(known_zones()))


def _known_zone(name: str | None) -> str | None:
    if name is not None and name not in known_zones():
        shown = name if len(name) <= 64 else name[:61] + "..."
        raise ValueError(f"{shown!r} is not a known IANA time zone (e.g. Europe/Berlin)")
    return name


TimeZone = Annotated[
    str | None,
    Field(
        default=None,
        max_length=64,
        description="The household's IANA time zone (e.g. Europe/Berlin): calendar days "
        "and rests are counted in it, daylight saving included. Default: the offset of `now`.",
        json_schema_extra=zone_names,
    ),
    AfterValidator(_known_zone),
]


class Backpack(_In):
    """A pack's inside size (cm, height as it stands when worn), weight and build."""

    length_cm: Number | None = Field(default=None, gt=0, le=200)
    width_cm: Number | None = Field(default=None, gt=0, le=200)
    height_cm: Number | None = Field(default=None, gt=0, le=200)
    weight_kg: Number | None = Field(default=None, gt=0, le=30)
    max_cat_kg: Number | None = Field(
        default=None, gt=0, le=50, description="The maker's weight rating for the pet, kg."
    )
    openings: list[Opening] | None = Field(default=None, max_length=3)
    mesh_sides: Whole | None = Field(
        default=None, ge=0, le=6, description="Sides with mesh for airflow (0: none)."
    )
    bubble_window: Flag | None = None
    inner_tether: Flag | None = None
    tether_low: Flag | None = Field(
        default=None, description="The inner tether is fixed low, near the floor of the pack."
    )
    zip_clips: Flag | None = None
    soft_sided: Flag | None = Field(
        default=None, description="A soft bag (airlines' soft-sided rules); False: rigid, a shell."
    )


class CoachRequest(_In):
    version: Literal[1]
    now: Instant
    cat: Cat
    sessions: list[Session]
    planned: Planned | None = None
    pauses: list[Pause] = Field(default_factory=list)
    timezone: TimeZone = None
    backpack: Backpack | None = Field(
        default=None, description="The cat's pack: tether, weight rating and airflow gate sessions."
    )


class Trip(_In):
    kind: TripKind
    hours: Number = Field(gt=0, le=24 * 60)
    sun: Sun | None = None
    temp_c: Number | None = Field(default=None, ge=-60, le=60)
    humidity_pct: Number | None = Field(default=None, ge=0, le=100)
    wind_ms: Number | None = Field(default=None, ge=0, le=75)
    airline: str | None = Field(
        default=None,
        max_length=64,
        pattern=NO_NUL,
        description="An airline id of catpack's cabin rules.",
        json_schema_extra=_airline_ids,
    )
    backpack: Backpack | None = None


class TripRequest(_In):
    version: Literal[1]
    now: Instant
    cat: Cat
    sessions: list[Session]
    trip: Trip
    pauses: list[Pause] = Field(default_factory=list)
    timezone: TimeZone = None
    units: Units = Field(default="metric", description="Units of the sentences: cm/kg or in/lb.")


# -------------------------------------------------------------------- output


class StageOut(_Out):
    id: str
    title: str
    level: int
    levels: int
    criterion: dict[str, Any]


class NextSession(_Out):
    not_before: datetime
    location: Location
    max_minutes: float
    instructions: list[str]
    rewards: list[str]
    checklist: list[str]


class Stress(_Out):
    score: int = Field(ge=1, le=7)
    scale: str
    label: str
    signs: list[str]
    thermoregulation: bool


class Heat(_Out):
    risk: HeatRisk
    index: str
    value: float
    felt_c: float | None = None


class Cold(_Out):
    risk: ColdRisk
    temp_c: float
    max_minutes: float | None = Field(
        description="The longest outdoor outing allowed in this cold (null: no limit)."
    )


class Safety(_Out):
    blocking: list[str]
    warnings: list[str]
    heat: Heat | None
    cold: Cold | None = Field(
        default=None, description="Set when the air is cool or colder (outdoor outings only)."
    )


class CoachDecision(_Out):
    version: Literal[1]
    decision: Decision
    step: int
    stage: StageOut
    next_session: NextSession | None
    stress: Stress | None
    safety: Safety
    reasons: list[str]


class PackingEntry(_Out):
    item: PackingItem
    why: str


class TripPlan(_Out):
    version: Literal[1]
    ready: bool
    reasons: list[str]
    packing: list[PackingEntry]
    safety: Safety
    stops_every_min: int
    airline: dict[str, Any] | None = None
    fit: dict[str, Any] | None = Field(
        default=None, description="The pack against the cat's size and weight, when both are known."
    )


# ------------------------------------------------------------------ helpers


def field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def join_path(prefix: str, path: str) -> str:
    """``prefix`` + ``path`` as one dotted path (``session`` + ``[0].at``)."""
    if not prefix:
        return path
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


#: Pydantic error types whose context holds the bound that was broken.
_LIMITS = {
    "greater_than": "gt",
    "greater_than_equal": "ge",
    "less_than": "lt",
    "less_than_equal": "le",
    "too_short": "min_length",
    "too_long": "max_length",
    "string_too_short": "min_length",
    "string_too_long": "max_length",
}


#: How a refused value is shown in an error: cut short (a 422 repeated the
#: whole value, a few MB for a few MB sent; its start is enough to find it).
_SHOWN = reprlib.Repr()  # its limits as attributes: Python 3.11 takes no arguments
_SHOWN.maxstring = 120  # text just over the 100 characters of a name is shown whole
_SHOWN.maxother = 60
_SHOWN.maxlist = _SHOWN.maxtuple = _SHOWN.maxdict = 4
_SHOWN.maxlevel = 2


def shown(value: object) -> str:
    """``repr(value)``, cut short for a long one (``'xxxx...xxxx'``, ``[0, 1, 2, 3, ...]``)."""
    return _SHOWN.repr(value)


def problem_text(error: Any, *, echo: bool = True) -> str:
    """Pydantic's error as catpack's words; ``echo=False`` never repeats the
    input, else it is shown cut short (:func:`shown`)."""
    kind = error["type"]
    given = error.get("input") if echo else None
    ctx = error.get("ctx") or {}
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return f"{shown(given)} is not one of {expected}" if echo else f"is not one of {expected}"
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind == "timezone_aware":
        return f"{shown(given)} has no time zone (add one, e.g. +01:00 or Z)"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NO_NUL:
        return "must not contain NUL characters"
    return f"{error['msg']} (got {shown(given)})" if given is not None else str(error["msg"])


def problems_of(exc: ValidationError, prefix: str = "", *, echo: bool = True) -> list[Problem]:
    """Every error of a pydantic validation, as problems under ``prefix``."""
    out = []
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if p not in ("function-after", "function-before"))
        limit = (error.get("ctx") or {}).get(_LIMITS.get(error["type"], ""))
        given = error.get("input") if echo and error["type"] != "missing" else None
        out.append(
            Problem(
                join_path(prefix, field_path(loc)) or "request",
                problem_text(error, echo=echo),
                error["type"],
                float(limit) if isinstance(limit, int | float) else None,
                given,
            )
        )
    return out


def input_error(exc: ValidationError, prefix: str = "") -> CoachInputError:
    """Pydantic's error list as one CoachInputError naming every bad field."""
    return CoachInputError.of(problems_of(exc, prefix))


_SESSION: TypeAdapter[Session] = TypeAdapter(Session)


_SESSION_KEYS = frozenset(Session.__annotations__)


def session_schema_problems(
    data: object, field: str = "session", *, strict: bool = False
) -> tuple[Session | None, list[Problem]]:
    """The session checked against the contract's Session schema: the parsed
    session (None if it has problems) and every problem, under ``field``.

    ``strict`` (logging a session) also refuses keys the session does not have
    (a misspelt ``calm_rep`` would otherwise be lost without a word); keys
    inside ``observation``, ``context`` and ``checks`` are ignored as in any
    coach request."""
    if not isinstance(data, dict):
        kind = type(data).__name__
        return None, [Problem(field, f"expected a JSON object, got {kind}", "dict_type")]
    unknown = [
        Problem(join_path(field, str(key)), "is not a known field", "extra_forbidden")
        for key in data
        if strict and key not in _SESSION_KEYS
    ]
    try:
        session = _SESSION.validate_python(data)
    except ValidationError as exc:
        return None, [_under(p, field) for p in problems_of(exc)] + unknown
    return (None if unknown else session), unknown


def _under(problem: Problem, field: str) -> Problem:
    path = "" if problem.field == "request" else problem.field
    return Problem(
        join_path(field, path), problem.message, problem.kind, problem.limit, problem.given
    )


def parse_session(data: object, field: str = "session") -> Session:
    """Validate one session's schema on its own (stage ids: see decide.validate_session)."""
    session, problems = session_schema_problems(data, field)
    problems = merge_problems(problems, count_problems(session or data, field))
    if problems:
        raise CoachInputError.of(problems)
    assert session is not None
    return session


def merge_problems(found: list[Problem], more: list[Problem]) -> list[Problem]:
    """``found`` plus those of ``more`` on a field that has no problem yet."""
    seen = {p.field for p in found}
    return found + [p for p in more if p.field not in seen]


def session_json(session: Session) -> dict[str, Any]:
    """A validated session as JSON-ready data (times as ISO 8601 strings)."""
    out: dict[str, Any] = _SESSION.dump_python(session, mode="json")
    return out


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def count_problems(session: object, field: str) -> list[Problem]:
    """``calm_reps`` above ``reps`` (both whole numbers), as a problem on ``calm_reps``."""
    if not isinstance(session, dict):
        return []
    reps, calm = _whole(session.get("reps")), _whole(session.get("calm_reps"))
    if reps is not None and calm is not None and calm > reps:
        return [
            Problem(
                f"{field}.calm_reps",
                f"{calm} cannot exceed reps ({reps})",
                "counts",
                float(reps),
                calm,
            )
        ]
    return []


def parse_coach_request(request: object) -> CoachRequest:
    if not isinstance(request, dict):
        raise CoachInputError("request", f"expected a JSON object, got {type(request).__name__}")
    from catpack.domain.fast_check import fast_parse

    # The common, valid request in one compiled pass; anything it refuses
    # gets the full check, whose every problem is reported in our words.
    fast = fast_parse(CoachRequest, request)
    if fast is not None:
        return fast
    try:
        return CoachRequest.model_validate(request)
    except ValidationError as exc:
        raise input_error(exc) from None


def parse_trip_request(request: object) -> TripRequest:
    if not isinstance(request, dict):
        raise CoachInputError("request", f"expected a JSON object, got {type(request).__name__}")
    from catpack.domain.fast_check import fast_parse

    # The common, valid request in one compiled pass; anything it refuses
    # gets the full check, whose every problem is reported in our words.
    fast = fast_parse(TripRequest, request)
    if fast is not None:
        return fast
    try:
        return TripRequest.model_validate(request)
    except ValidationError as exc:
        raise input_error(exc) from None


#: A bound that follows a validator (``Annotated[Number, Field(ge=0)]``: every
#: bounded Number and Whole) is written by pydantic (2.14) under its own name
#: ("ge") instead of JSON Schema's ("minimum"), which JSON Schema readers
#: ignore: the schema would state no bound at all.
_JSON_BOUNDS = {
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusiveMinimum",
    "lt": "exclusiveMaximum",
}


def json_bounds(schema: Any) -> Any:
    """``schema`` (a JSON Schema, or an OpenAPI document) with every bound of a
    number under JSON Schema's name; changed in place and returned."""
    if isinstance(schema, dict):
        if schema.get("type") in ("number", "integer"):
            for ours, standard in _JSON_BOUNDS.items():
                if ours in schema:
                    schema[standard] = schema.pop(ours)
        for value in schema.values():
            json_bounds(value)
    elif isinstance(schema, list):
        for value in schema:
            json_bounds(value)
    return schema


def json_schemas() -> dict[str, Any]:
    """JSON Schemas of every request and response of the contract."""
    schemas: dict[str, Any] = {
        "coach_request": CoachRequest.model_json_schema(by_alias=True),
        "coach_decision": CoachDecision.model_json_schema(mode="serialization"),
        "trip_request": TripRequest.model_json_schema(by_alias=True),
        "trip_plan": TripPlan.model_json_schema(mode="serialization"),
    }
    json_bounds(schemas)
    return schemas
