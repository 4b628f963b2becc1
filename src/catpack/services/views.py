"""What services take and give besides contract JSON: plain pydantic models.

The REST API uses these as its request and response schemas, so the OpenAPI
document describes exactly what the services accept and return.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Generic, Literal, NotRequired, TypeAlias, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from catpack.domain.contract import Cat, Planned, Session, Trip

TempUnit: TypeAlias = Literal["C", "F"]
LengthUnit: TypeAlias = Literal["cm", "in"]
Opening: TypeAlias = Literal["front", "top", "side"]
WeightUnit: TypeAlias = Literal["kg", "lb"]
T = TypeVar("T")


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class Actor(_View):
    """Who is acting: a user and the household whose data they may touch."""

    user_id: int
    household_id: int


class UserView(_View):
    id: int
    email: str
    name: str
    household_id: int
    household_name: str


class SignedUp(_View):
    user: UserView
    token: str = Field(description="Bearer token for the Authorization header; shown once.")


class CatProfileIn(BaseModel):
    """A new cat: the contract's cat object plus catpack's own fields."""

    model_config = ConfigDict(extra="forbid")
    cat: Cat = Field(description="The coach contract's cat object (name, weight_kg, ...).")
    notes: str = Field(default="", max_length=10_000)
    temp_unit: TempUnit = "C"
    weight_unit: WeightUnit = "kg"
    backpack_id: int | None = Field(default=None, ge=1, le=2_147_483_647)


class CatPatch(BaseModel):
    """Fields to change on a cat; absent fields stay as they are.

    ``cat`` keys are merged into the stored contract cat object; a key set to
    null removes that value.
    """

    model_config = ConfigDict(extra="forbid")
    cat: dict[str, Any] | None = None
    notes: str | None = Field(default=None, max_length=10_000)
    temp_unit: TempUnit | None = None
    weight_unit: WeightUnit | None = None
    backpack_id: int | None = Field(default=None, ge=1, le=2_147_483_647)


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


class SessionView(_View):
    id: int
    cat_id: int
    session: dict[str, Any] = Field(description="The contract's session object, as logged.")
    note: str
    revision: int
    logged_by: int | None
    logged_at: datetime
    deleted_at: datetime | None = None


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
    weights in kg, and how it is built. Absent or null: not recorded."""

    model_config = ConfigDict(extra="forbid")
    length_cm: float | None = Field(default=None, gt=0, le=200, description="Inside length, cm.")
    width_cm: float | None = Field(default=None, gt=0, le=200, description="Inside width, cm.")
    height_cm: float | None = Field(default=None, gt=0, le=200, description="Inside height, cm.")
    weight_kg: float | None = Field(default=None, gt=0, le=30, description="The empty pack, kg.")
    max_cat_kg: float | None = Field(
        default=None, gt=0, le=50, description="The maker's weight rating for the pet, kg."
    )
    openings: list[Opening] | None = Field(default=None, max_length=3)
    mesh_sides: int | None = Field(default=None, ge=0, le=6, description="Sides with mesh.")
    bubble_window: bool | None = None
    inner_tether: bool | None = None
    tether_low: bool | None = Field(default=None, description="The tether is fixed low down.")
    zip_clips: bool | None = None
    soft_sided: bool | None = Field(default=None, description="A soft bag (airline rules).")
    length_unit: LengthUnit | None = Field(
        default=None, description="The unit the owner measures in (shown back); values stay cm."
    )
    notes: str | None = Field(default=None, max_length=10_000)

    @model_validator(mode="after")
    def _consistent(self) -> _PackFields:
        if self.openings is not None and len(set(self.openings)) != len(self.openings):
            raise ValueError("openings: each opening once")
        if self.tether_low is True and self.inner_tether is False:
            raise ValueError("tether_low: a pack without an inner tether has no tether to sit low")
        return self


class BackpackIn(_PackFields):
    name: str = Field(min_length=1, max_length=100)


class BackpackPatch(_PackFields):
    """Fields to change; a field set to null clears it (not recorded)."""

    name: str | None = Field(default=None, min_length=1, max_length=100)


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
    starts_at: AwareDatetime | None = None
    notes: str = Field(default="", max_length=10_000)


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
    """A session to log (or the new content of one), with an optional note."""

    model_config = ConfigDict(extra="forbid")
    session: Session = Field(description="The coach contract's session object.")
    note: str = Field(default="", max_length=10_000)


class PlanIn(BaseModel):
    """The coming session's conditions, for today's plan."""

    model_config = ConfigDict(extra="forbid")
    planned: Planned | None = None
    now: AwareDatetime | None = Field(default=None, description="Default: the server clock.")


class PauseIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    start: AwareDatetime | None = Field(default=None, alias="from", description="Default: now.")
    end: AwareDatetime | None = Field(default=None, alias="to", description="Open-ended if absent.")
    reason: str = Field(default="", max_length=1000)


class ResumeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    at: AwareDatetime | None = Field(default=None, description="Default: now.")


class ExportUnits(BaseModel):
    temperature: TempUnit = "C"
    weight: WeightUnit = "kg"


class ExportCat(Cat):
    """The contract's cat plus catpack's notes and units."""

    notes: str = Field(default="", max_length=10_000)
    units: ExportUnits | None = None


class ExportSession(Session):
    """The contract's session plus the owner's note, when there is one."""

    note: NotRequired[Annotated[str, Field(max_length=10_000)]]


class ExportPause(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    start: AwareDatetime = Field(alias="from")
    end: AwareDatetime | None = Field(default=None, alias="to")
    reason: str = Field(default="", max_length=1000)


class ExportTrip(BaseModel):
    trip: Trip
    starts_at: AwareDatetime | None = None
    notes: str = Field(default="", max_length=10_000)


class CatExport(BaseModel):
    """One cat with its log: a coach request without ``now`` (see services.transfer)."""

    version: Literal[1]
    cat: ExportCat
    sessions: list[ExportSession] = Field(default_factory=list)
    pauses: list[ExportPause] = Field(default_factory=list)
    trips: list[ExportTrip] = Field(default_factory=list)
