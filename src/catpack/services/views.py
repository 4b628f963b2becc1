"""What services take and give besides contract JSON: plain pydantic models.

The REST API uses these as its request and response schemas, so the OpenAPI
document describes exactly what the services accept and return.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Annotated, Any, Generic, Literal, NotRequired, TypeAlias, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, SkipValidation

from catpack.domain.contract import (
    NO_NUL,
    CarrierHistory,
    Cat,
    Flag,
    Instant,
    Motivation,
    Number,
    OutdoorExperience,
    Planned,
    Session,
    Trip,
    Whole,
    zone_names,
)
from catpack.services.pack_views import ExportReading, ExportSensor

TempUnit: TypeAlias = Literal["C", "F"]
LengthUnit: TypeAlias = Literal["cm", "in"]
Opening: TypeAlias = Literal["front", "top", "side"]
WeightUnit: TypeAlias = Literal["kg", "lb"]
#: A household's units: metric (°C, kg, m/s) or imperial (°F, lb, mph).
UnitSystem: TypeAlias = Literal["metric", "imperial"]
T = TypeVar("T")


#: An e-mail address as accounts take it: one @ between non-blank parts (the
#: blanks spelt out: ``\s`` means other characters in Python than in JSON Schema).
EMAIL_PATTERN = r"^[^@ \t\n\r\f\v\x00]+@[^@ \t\n\r\f\v\x00]+$"


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class Actor(_View):
    """Who is acting: a user and the household whose data they may touch."""

    user_id: int
    household_id: int
    #: "owner" | "member" (logs sessions) | "trainer" (reads only).
    role: str = "owner"


class TokenView(_View):
    """One API token of the account (never the token itself)."""

    id: int
    created_at: datetime
    expires_at: datetime | None
    current: bool = Field(description="The token this request was made with.")


class UserView(_View):
    id: int
    email: str
    name: str
    household_id: int
    household_name: str
    role: str = "owner"


class LocalLogin(_View):
    """The local owner after ``catpack account set-login`` gave it a log-in."""

    user: UserView
    #: The e-mail it had before (its log-in e-mail may be a new one).
    previous_email: str
    #: Whether it had a password already (then this was a new password).
    had_password: bool
    #: The cats of its household, untouched.
    cats: int
    #: Its log-ins on the pages that ended with the new password.
    logins_ended: int
    #: Its API tokens that ended (``--end-tokens``; else none).
    tokens_ended: int = 0


class PasswordChanged(_View):
    """What a new password ended: the account's log-ins on the pages, and its
    API tokens when asked to (or always, when the server's operator reset it)."""

    logins_ended: int = Field(description="Log-ins on the pages that ended.")
    tokens_ended: int = Field(description="API tokens that ended (0 unless asked to).")


class SignedUp(_View):
    user: UserView
    token: str = Field(description="Bearer token for the Authorization header; shown once.")


class CatProfileIn(BaseModel):
    """A new cat: the contract's cat object plus catpack's own fields."""

    model_config = ConfigDict(extra="forbid")
    cat: Cat = Field(description="The coach contract's cat object (name, weight_kg, ...).")
    notes: str = Field(default="", max_length=10_000, pattern=NO_NUL)
    temp_unit: TempUnit = "C"
    weight_unit: WeightUnit = "kg"
    backpack_id: Whole | None = Field(default=None, ge=1, le=2_147_483_647)


class CatChanges(BaseModel):
    """Values of the contract's cat object to change; null removes one (not the name)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(default="", min_length=1, max_length=100, pattern=NO_NUL)
    motivation: list[Motivation] | None = None
    harness_trained: Flag | None = None
    outdoor_experience: OutdoorExperience | None = None
    carrier_history: CarrierHistory | None = None
    weight_kg: Number | None = Field(default=None, gt=0, le=30)
    car_training: Flag | None = None
    length_cm: Number | None = Field(
        default=None, gt=0, le=150, description="Nose to the base of the tail, cm."
    )
    height_cm: Number | None = Field(
        default=None, gt=0, le=100, description="Standing, floor to the top of the head, cm."
    )


class CatPatch(BaseModel):
    """Fields to change on a cat; absent fields stay as they are.

    ``cat`` keys are merged into the stored contract cat object; a key set to
    null removes that value.
    """

    model_config = ConfigDict(extra="forbid")
    cat: CatChanges | None = None
    notes: str | None = Field(default=None, max_length=10_000, pattern=NO_NUL)
    temp_unit: TempUnit | None = None
    weight_unit: WeightUnit | None = None
    backpack_id: Whole | None = Field(default=None, ge=1, le=2_147_483_647)


class CatView(_View):
    id: int
    name: str
    cat: dict[str, Any] = Field(description="The contract's cat object, as stored.")
    notes: str
    temp_unit: TempUnit
    weight_unit: WeightUnit
    backpack_id: int | None
    sessions: int = Field(description="Number of sessions in the live log.")
    paused: bool = Field(description="True while an open pause runs.")
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class CatBrief:
    """A cat as a household overview lists it (no counts: one query for all).

    A plain frozen dataclass, made from the household's rows on every page
    request (its fields come from the database as stored). The cat object is
    read from its stored JSON only when asked for (:attr:`cat`): a page shows
    every cat's name in the switcher, but reads the profile of one cat at most.
    """

    id: int
    name: str
    #: The contract's cat object, as stored (JSON text).
    profile: str = field(repr=False)
    temp_unit: TempUnit
    weight_unit: WeightUnit
    #: Inside size of the cat's backpack, in cm.
    backpack: dict[str, float] = field(default_factory=dict)

    @cached_property
    def cat(self) -> dict[str, Any]:
        """The contract's cat object, as stored."""
        value: dict[str, Any] = json.loads(self.profile)
        return value


#: A household's time zone as a request gives it (checked against the known
#: zones by the service, which names the field).
ZoneName = Annotated[
    str | None,
    Field(
        max_length=64,
        pattern=NO_NUL,
        description="IANA time zone (Europe/Berlin): the household's 'today'.",
        json_schema_extra=zone_names,
    ),
]


class HouseholdView(_View):
    """A household's settings: name, time zone (IANA; None: the server's) and units."""

    id: int
    name: str
    timezone: str | None
    units: UnitSystem


class HouseholdPatch(BaseModel):
    """Household settings to change; absent fields stay as they are."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=100, pattern=NO_NUL)
    timezone: ZoneName = None
    units: UnitSystem | None = None


class SessionView(_View):
    id: int
    cat_id: int
    session: dict[str, Any] = Field(description="The contract's session object, as logged.")
    note: str
    revision: int
    logged_by: int | None
    logged_at: datetime
    deleted_at: datetime | None = None
    client_id: UUID | None = Field(
        default=None, description="The id the client gave the session when it logged it."
    )


class AuditEntry(_View):
    revision: int
    action: Literal["create", "edit", "delete"]
    session: dict[str, Any]
    note: str
    by_user: int | None
    at: datetime


class Page(_View, Generic[T]):
    """One page of a list: ``items`` from ``offset``, out of ``total``."""

    items: list[T]
    total: int
    limit: int
    offset: int


class PauseView(_View):
    id: int
    cat_id: int
    starts_at: datetime
    ends_at: datetime | None
    reason: str


class _PackFields(BaseModel):
    """A backpack's profile: inside size in cm (height as it stands when worn),
    weights in kg, and how it is built. Absent or null: not recorded. Each
    opening is named once, and ``tether_low`` needs an inner tether (checked
    by the service, which names the field)."""

    model_config = ConfigDict(extra="forbid")
    length_cm: Number | None = Field(default=None, gt=0, le=200, description="Inside length, cm.")
    width_cm: Number | None = Field(default=None, gt=0, le=200, description="Inside width, cm.")
    height_cm: Number | None = Field(default=None, gt=0, le=200, description="Inside height, cm.")
    weight_kg: Number | None = Field(default=None, gt=0, le=30, description="The empty pack, kg.")
    max_cat_kg: Number | None = Field(
        default=None, gt=0, le=50, description="The maker's weight rating for the pet, kg."
    )
    openings: list[Opening] | None = Field(default=None, max_length=3)
    mesh_sides: Whole | None = Field(default=None, ge=0, le=6, description="Sides with mesh.")
    bubble_window: Flag | None = None
    inner_tether: Flag | None = None
    tether_low: Flag | None = Field(default=None, description="The tether is fixed low down.")
    zip_clips: Flag | None = None
    soft_sided: Flag | None = Field(default=None, description="A soft bag (airline rules).")
    length_unit: LengthUnit | None = Field(
        default=None, description="The unit the owner measures in (shown back); values stay cm."
    )
    notes: str | None = Field(default=None, max_length=10_000, pattern=NO_NUL)


class BackpackIn(_PackFields):
    name: str = Field(min_length=1, max_length=100, pattern=NO_NUL)


class BackpackPatch(_PackFields):
    """Fields to change; a field set to null clears it (not recorded)."""

    name: str | None = Field(default=None, min_length=1, max_length=100, pattern=NO_NUL)


class BackpackView(_View):
    id: int
    name: str
    length_cm: float | None
    width_cm: float | None
    height_cm: float | None
    weight_kg: float | None
    max_cat_kg: float | None = None
    openings: list[Opening] | None = None
    mesh_sides: int | None = None
    bubble_window: bool | None = None
    inner_tether: bool | None = None
    tether_low: bool | None = None
    zip_clips: bool | None = None
    soft_sided: bool | None = None
    length_unit: LengthUnit = "cm"
    notes: str


class FitView(_View):
    """A pack against a cat: the fit verdict and the pack's flags, in the cat's units."""

    cat_id: int
    backpack: BackpackView
    units: Literal["metric", "imperial"]
    fit: dict[str, Any] = Field(description="verdict (fits|tight|too_small|null), checks, ...")
    blocking: list[str] = Field(description="Flags that block sessions with this pack.")
    warnings: list[str]
    reasons: list[str]


class TripIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    trip: Trip = Field(description="The contract's trip object (kind, hours, ...).")
    starts_at: Instant | None = None
    notes: str = Field(default="", max_length=10_000, pattern=NO_NUL)


class TripView(_View):
    id: int
    cat_id: int
    trip: dict[str, Any]
    starts_at: datetime | None
    notes: str
    outcome_session_id: int | None = Field(
        default=None, description="The session that records how the cat did, once logged."
    )


class LogIn(BaseModel):
    """A session to log (or the new content of one), with an optional note.

    The session's schema is documented here but checked in one place, by the
    service (:func:`catpack.services.sessions.log_session`), which reports
    every problem of it at once (unknown keys included)."""

    model_config = ConfigDict(extra="forbid")
    session: SkipValidation[Session] = Field(description="The coach contract's session object.")
    note: str = Field(default="", max_length=10_000, pattern=NO_NUL)


class NewSessionIn(LogIn):
    """A session to log, optionally named by the client so a resend logs it once."""

    client_id: UUID | None = Field(
        default=None,
        description=(
            "A UUID the client makes for this session (a phone's offline outbox does). "
            "Sending it again with the same session and note returns the stored "
            "session (200) instead of a second one; with another session or note, 409."
        ),
    )


class PlanIn(BaseModel):
    """The coming session's conditions, for today's plan."""

    model_config = ConfigDict(extra="forbid")
    planned: Planned | None = None
    now: Instant | None = Field(default=None, description="Default: the server clock.")


class PauseIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    start: Instant | None = Field(default=None, alias="from", description="Default: now.")
    end: Instant | None = Field(default=None, alias="to", description="Open-ended if absent.")
    reason: str = Field(default="", max_length=1000, pattern=NO_NUL)


class ResumeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    at: Instant | None = Field(default=None, description="Default: now.")


class ExportUnits(BaseModel):
    temperature: TempUnit = "C"
    weight: WeightUnit = "kg"


class ExportCat(Cat):
    """The contract's cat plus catpack's notes and units."""

    notes: str = Field(default="", max_length=10_000, pattern=NO_NUL)
    units: ExportUnits | None = None


class ExportSession(Session):
    """The contract's session plus the owner's note, when there is one."""

    note: NotRequired[Annotated[str, Field(max_length=10_000, pattern=NO_NUL)]]


class ExportPause(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    start: Instant = Field(alias="from")
    end: Instant | None = Field(default=None, alias="to")
    reason: str = Field(default="", max_length=1000, pattern=NO_NUL)


class ExportTrip(BaseModel):
    trip: Trip
    starts_at: Instant | None = None
    notes: str = Field(default="", max_length=10_000, pattern=NO_NUL)


class _CatDocument(BaseModel):
    version: int
    cat: ExportCat
    sessions: list[ExportSession] = Field(default_factory=list)
    pauses: list[ExportPause] = Field(default_factory=list)
    trips: list[ExportTrip] = Field(default_factory=list)
    sensors: list[ExportSensor] = Field(
        default_factory=list, description="The thermometers the readings came from."
    )
    readings: list[ExportReading] = Field(
        default_factory=list, description="The pack thermometer's readings, oldest first."
    )


class CatExport(_CatDocument):
    """One cat with its log: a coach request without ``now`` (see services.transfer)."""

    version: Literal[2]


class CatImport(_CatDocument):
    """An export to import: version 2, or 1 (from before readings were exported)."""

    version: Literal[1, 2]


Role: TypeAlias = Literal["owner", "member", "trainer"]


class MemberView(_View):
    id: int
    name: str
    email: str | None = Field(
        description="None for a trainer asking about someone else (names only)."
    )
    role: str


class InviteView(_View):
    """An invite link to join the household (the link itself is shown only once)."""

    id: int
    role: str
    created_at: datetime
    expires_at: datetime
    used: bool
    token: str | None = Field(default=None, description="Only when just made.")


class ShareView(_View):
    """A read-only link to one cat (the link itself is shown only once)."""

    id: int
    cat_id: int
    cat_name: str
    label: str
    created_at: datetime
    expires_at: datetime
    token: str | None = Field(default=None, description="Only when just made.")
