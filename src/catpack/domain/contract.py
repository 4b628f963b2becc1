"""Pydantic models of the coach contract, version 1 (``shared/spec/coach-contract.md``).

The models are the single definition of the JSON the engine takes and gives;
the JSON Schema that ``catpack schema`` prints is generated from them. Field
names and listed values are public API: add fields, never rename or drop one.

Extra fields in a request are ignored (clients may send more than we read);
every value we do read is checked, and the first problem becomes one
:class:`~catpack.domain.errors.CoachInputError` naming its path.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, NotRequired, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from typing_extensions import TypedDict

from catpack.domain.errors import CoachInputError

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


class _In(BaseModel):
    """Base of request models: unknown keys ignored, values never coerced loosely."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------- input


class Cat(_In):
    name: str = Field(min_length=1, max_length=100)
    motivation: list[Motivation] | None = None
    harness_trained: bool | None = None
    outdoor_experience: OutdoorExperience | None = None
    carrier_history: CarrierHistory | None = None
    weight_kg: float | None = Field(default=None, gt=0, le=30)
    car_training: bool | None = Field(
        default=None,
        description="Owner wants the optional car branch of step 6 (default: no).",
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
    took_treats: bool | None
    entered_voluntarily: bool | None


class Context(TypedDict, total=False):
    location: Location | None
    in_backpack: bool | None
    after_exertion: bool | None
    sun: Sun | None
    temp_c: Annotated[float, Field(ge=-60, le=60)] | None
    humidity_pct: Annotated[float, Field(ge=0, le=100)] | None
    wind_ms: Annotated[float, Field(ge=0, le=75)] | None
    #: The hottest air a thermometer in the pack measured during the session
    #: (and the humidity with it): heat in the pack counts like heat outside.
    pack_temp_c: Annotated[float, Field(ge=-60, le=80)] | None
    pack_humidity_pct: Annotated[float, Field(ge=0, le=100)] | None


class Checks(TypedDict, total=False):
    harness_on: bool | None
    tether: Tether | None
    openings_closed: bool | None
    zip_clips: bool | None
    leash_on: bool | None


class Session(TypedDict):
    """One logged training session (``calm_reps`` <= ``reps``, checked in decide)."""

    at: AwareDatetime
    stage: Annotated[str, Field(min_length=1, max_length=64)]
    level: Annotated[int, Field(ge=1, le=50)]
    minutes: NotRequired[Annotated[float, Field(ge=0, le=24 * 60)] | None]
    reps: NotRequired[Annotated[int, Field(ge=0, le=1000)] | None]
    calm_reps: NotRequired[Annotated[int, Field(ge=0, le=1000)] | None]
    observation: Observation
    context: NotRequired[Context | None]
    checks: NotRequired[Checks | None]


class Planned(_In):
    location: Location | None = None
    sun: Sun | None = None
    temp_c: float | None = Field(default=None, ge=-60, le=60)
    humidity_pct: float | None = Field(default=None, ge=0, le=100)
    wind_ms: float | None = Field(default=None, ge=0, le=75)
    minutes: float | None = Field(default=None, ge=0, le=24 * 60)
    checks: Checks | None = Field(
        default=None, description="Safety checks confirmed for the coming session."
    )


class Pause(_In):
    """A period (holiday, illness) that must not count as a lapse in practice."""

    start: AwareDatetime = Field(alias="from")
    end: AwareDatetime = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Pause:
        if self.end < self.start:
            raise ValueError("'to' is before 'from'")
        return self


def _known_zone(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not a known IANA time zone (e.g. Europe/Berlin)") from None
    return name


TimeZone = Annotated[
    str | None,
    Field(
        default=None,
        max_length=64,
        description="The household's IANA time zone (e.g. Europe/Berlin): calendar days "
        "and rests are counted in it, daylight saving included. Default: the offset of `now`.",
    ),
    AfterValidator(_known_zone),
]


class CoachRequest(_In):
    version: Literal[1]
    now: AwareDatetime
    cat: Cat
    sessions: list[Session]
    planned: Planned | None = None
    pauses: list[Pause] = Field(default_factory=list)
    timezone: TimeZone = None


class Backpack(_In):
    length_cm: float | None = Field(default=None, gt=0, le=200)
    width_cm: float | None = Field(default=None, gt=0, le=200)
    height_cm: float | None = Field(default=None, gt=0, le=200)
    weight_kg: float | None = Field(default=None, gt=0, le=30)


class Trip(_In):
    kind: TripKind
    hours: float = Field(gt=0, le=24 * 60)
    sun: Sun | None = None
    temp_c: float | None = Field(default=None, ge=-60, le=60)
    humidity_pct: float | None = Field(default=None, ge=0, le=100)
    wind_ms: float | None = Field(default=None, ge=0, le=75)
    airline: str | None = Field(default=None, max_length=64)
    backpack: Backpack | None = None


class TripRequest(_In):
    version: Literal[1]
    now: AwareDatetime
    cat: Cat
    sessions: list[Session]
    trip: Trip
    pauses: list[Pause] = Field(default_factory=list)
    timezone: TimeZone = None


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


# ------------------------------------------------------------------ helpers


def field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def problem_text(error: Any) -> str:
    kind = error["type"]
    given = error.get("input")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{given!r} is not one of {expected}"
    if kind == "missing":
        return "is required"
    if kind == "timezone_aware":
        return f"{given!r} has no time zone (add one, e.g. +01:00 or Z)"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return f"{error['msg']} (got {given!r})" if given is not None else str(error["msg"])


def input_error(exc: ValidationError) -> CoachInputError:
    """Turn pydantic's error list into one CoachInputError naming the first field."""
    first = exc.errors(include_url=False)[0]
    loc = tuple(p for p in first["loc"] if p not in ("function-after",))
    return CoachInputError(field_path(loc) or "request", problem_text(first))


_SESSION: TypeAdapter[Session] = TypeAdapter(Session)


def parse_session(data: object, field: str = "session") -> Session:
    """Validate one session on its own (for services that log one at a time)."""
    if not isinstance(data, dict):
        raise CoachInputError(field, f"expected a JSON object, got {type(data).__name__}")
    try:
        session = _SESSION.validate_python(data)
    except ValidationError as exc:
        error = input_error(exc)
        raise CoachInputError(f"{field}.{error.field}", error.problem) from None
    check_counts(session, field)
    return session


def session_json(session: Session) -> dict[str, Any]:
    """A validated session as JSON-ready data (times as ISO 8601 strings)."""
    out: dict[str, Any] = _SESSION.dump_python(session, mode="json")
    return out


def check_counts(session: Session, field: str) -> None:
    reps, calm = session.get("reps"), session.get("calm_reps")
    if reps is not None and calm is not None and calm > reps:
        raise CoachInputError(field, f"calm_reps ({calm}) cannot exceed reps ({reps})")


def parse_coach_request(request: object) -> CoachRequest:
    if not isinstance(request, dict):
        raise CoachInputError("request", f"expected a JSON object, got {type(request).__name__}")
    try:
        return CoachRequest.model_validate(request)
    except ValidationError as exc:
        raise input_error(exc) from None


def parse_trip_request(request: object) -> TripRequest:
    if not isinstance(request, dict):
        raise CoachInputError("request", f"expected a JSON object, got {type(request).__name__}")
    try:
        return TripRequest.model_validate(request)
    except ValidationError as exc:
        raise input_error(exc) from None


def json_schemas() -> dict[str, Any]:
    """JSON Schemas of every request and response of the contract."""
    return {
        "coach_request": CoachRequest.model_json_schema(by_alias=True),
        "coach_decision": CoachDecision.model_json_schema(mode="serialization"),
        "trip_request": TripRequest.model_json_schema(by_alias=True),
        "trip_plan": TripPlan.model_json_schema(mode="serialization"),
    }
