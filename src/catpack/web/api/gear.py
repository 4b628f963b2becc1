"""Backpacks (gear profiles) and their fit, airlines, a cat's saved trips with
their plans and outcomes, and the routine after graduation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Response
from pydantic import BaseModel, ConfigDict, Field, SkipValidation

from catpack.domain.airlines import dataset
from catpack.domain.contract import NO_NUL, Checks, Instant, Number, Observation, TripPlan, Whole
from catpack.services import gear, outings, plans
from catpack.services.views import (
    BackpackIn,
    BackpackPatch,
    BackpackView,
    FitView,
    SessionView,
    TripIn,
    TripView,
)
from catpack.web.api.deps import ActorDep, DbDep, Id, SettingsDep, api_router

router = api_router(tags=["gear and trips"])


@router.get("/backpacks", response_model=list[BackpackView])
def list_backpacks(db: DbDep, actor: ActorDep) -> list[BackpackView]:
    return gear.list_backpacks(db, actor)


@router.post("/backpacks", status_code=201, response_model=BackpackView)
def add_backpack(body: BackpackIn, db: DbDep, actor: ActorDep) -> BackpackView:
    return gear.add_backpack(db, actor, body)


@router.get("/backpacks/{backpack_id}", response_model=BackpackView)
def get_backpack(backpack_id: Id, db: DbDep, actor: ActorDep) -> BackpackView:
    return gear.get_backpack(db, actor, backpack_id)


@router.patch("/backpacks/{backpack_id}", response_model=BackpackView)
def edit_backpack(backpack_id: Id, body: BackpackPatch, db: DbDep, actor: ActorDep) -> BackpackView:
    """Change a backpack; a field given as null is cleared (not recorded)."""
    return gear.edit_backpack(db, actor, backpack_id, body)


@router.get("/cats/{cat_id}/fit", response_model=FitView)
def cat_fit(
    cat_id: Id,
    db: DbDep,
    actor: ActorDep,
    backpack_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> FitView:
    """How a pack (default: the cat's own) fits the cat, and the pack's safety flags,
    in the owner's units."""
    return gear.cat_fit(db, actor, cat_id, backpack_id)


@router.get("/airlines")
def airlines() -> dict[str, Any]:
    """The airline dataset: each airline's cabin rules as claims with their sources,
    and each source with the date it was read. Confirm with the airline before booking."""
    return dataset().model_dump(mode="json")


@router.delete("/backpacks/{backpack_id}", status_code=204)
def delete_backpack(backpack_id: Id, db: DbDep, actor: ActorDep) -> Response:
    gear.delete_backpack(db, actor, backpack_id)
    return Response(status_code=204)


@router.get("/cats/{cat_id}/trips", response_model=list[TripView])
def list_trips(cat_id: Id, db: DbDep, actor: ActorDep) -> list[TripView]:
    return gear.list_trips(db, actor, cat_id)


@router.post("/cats/{cat_id}/trips", status_code=201, response_model=TripView)
def add_trip(cat_id: Id, body: TripIn, db: DbDep, actor: ActorDep) -> TripView:
    return gear.add_trip(db, actor, cat_id, body.trip, starts_at=body.starts_at, notes=body.notes)


@router.delete("/cats/{cat_id}/trips/{trip_id}", status_code=204)
def delete_trip(cat_id: Id, trip_id: Id, db: DbDep, actor: ActorDep) -> Response:
    gear.delete_trip(db, actor, cat_id, trip_id)
    return Response(status_code=204)


@router.get("/cats/{cat_id}/trips/{trip_id}/plan", response_model=TripPlan)
def trip_plan(cat_id: Id, trip_id: Id, db: DbDep, actor: ActorDep) -> dict[str, Any]:
    """Readiness and packing list for the saved trip, over the cat's stored log."""
    return plans.stored_trip_plan(db, actor, cat_id, trip_id)


class OutcomeIn(BaseModel):
    """How the cat did on a trip: logged as a session the coach reads.

    ``observation`` and ``checks`` are documented here and checked by the
    service, as a logged session's are (every problem named at once)."""

    model_config = ConfigDict(extra="forbid")
    observation: SkipValidation[Observation] = Field(
        description="The contract's observation: what the owner saw on the trip."
    )
    at: Instant | None = Field(
        default=None, description="When the trip ended (default: now); not after now."
    )
    minutes: Number | None = Field(default=None, ge=0, le=1440, description="Default: the trip's.")
    checks: SkipValidation[Checks] | None = None
    note: str = Field(default="", max_length=10_000, pattern=NO_NUL)


@router.post("/cats/{cat_id}/trips/{trip_id}/outcome", status_code=201, response_model=SessionView)
def trip_outcome(
    cat_id: Id, trip_id: Id, body: OutcomeIn, db: DbDep, actor: ActorDep, settings: SettingsDep
) -> SessionView:
    """Log how the cat did on a saved trip (409 if logged already, or if the cat is
    still training at home)."""
    return outings.record_trip_outcome(
        db,
        actor,
        cat_id,
        trip_id,
        body.observation,
        at=body.at,
        minutes=body.minutes,
        checks=body.checks,
        note=body.note,
        default_zone=settings.timezone,
    )


class RoutineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    per_week: Whole = Field(ge=1, le=7, description="Short outings a week after graduation.")


@router.get("/cats/{cat_id}/habit")
def habit(
    cat_id: Id, db: DbDep, actor: ActorDep, settings: SettingsDep, now: Instant | None = None
) -> dict[str, Any]:
    """After graduation: the weekly target, outings this week, the streak (a pause
    does not break it), whether a refresher is due, and nudges. Graduated as
    GET /today reads the log; a ``now`` before a logged session is refused as
    there (422)."""
    return outings.habit(db, actor, cat_id, now=now, default_zone=settings.timezone)


@router.put("/cats/{cat_id}/routine", response_model=RoutineIn)
def set_routine(cat_id: Id, body: RoutineIn, db: DbDep, actor: ActorDep) -> RoutineIn:
    """Set the cat's routine target (short outings a week after graduation)."""
    return RoutineIn(per_week=outings.set_routine(db, actor, cat_id, body.per_week))
