"""Backpacks (gear profiles) and a cat's saved trips with their plans."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from catpack.domain.contract import TripPlan
from catpack.services import gear, plans
from catpack.services.views import BackpackIn, BackpackView, TripIn, TripView
from catpack.web.api.deps import ActorDep, DbDep, Id

router = APIRouter(tags=["gear and trips"])


@router.get("/backpacks", response_model=list[BackpackView])
def list_backpacks(db: DbDep, actor: ActorDep) -> list[BackpackView]:
    return gear.list_backpacks(db, actor)


@router.post("/backpacks", status_code=201, response_model=BackpackView)
def add_backpack(body: BackpackIn, db: DbDep, actor: ActorDep) -> BackpackView:
    return gear.add_backpack(db, actor, body)


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
