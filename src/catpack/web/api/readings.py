"""The pack thermometer: a cat's paired sensor, its readings in, the pack's air now."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Response

from catpack.domain.contract import Instant
from catpack.domain.errors import NotFoundError
from catpack.services import readings
from catpack.services.pack_views import PackNow, PairIn, ReadingsIn, ReadingsPosted, SensorView
from catpack.web.api.deps import ActorDep, DbDep, Id, api_router

router = api_router(prefix="/cats/{cat_id}", tags=["pack thermometer"])


@router.post("/readings", response_model=ReadingsPosted)
def post_readings(cat_id: Id, body: ReadingsIn, db: DbDep, actor: ActorDep) -> ReadingsPosted:
    """Store a batch of in-pack readings (at most 500) from one sensor.

    Idempotent: a reading is unique per cat, sensor and instant, so a batch sent
    again after a lost answer adds nothing (``duplicates`` counts them).
    The answer carries the pack's air now, with its alert level."""
    return readings.post_readings(db, actor, cat_id, body)


@router.get("/pack", response_model=PackNow)
def pack_now(
    cat_id: Id,
    db: DbDep,
    actor: ActorDep,
    now: Annotated[Instant | None, Query(description="Default: the server clock.")] = None,
) -> PackNow:
    """The running session's in-pack air (null when none runs) and its readings."""
    return readings.pack_now(db, actor, cat_id, now)


@router.get("/sensor", response_model=SensorView, responses={404: {"description": "Not paired"}})
def get_sensor(cat_id: Id, db: DbDep, actor: ActorDep) -> SensorView:
    """The sensor paired with this cat's pack (404 when there is none)."""
    found = readings.cat_sensor(db, actor, cat_id)
    if found is None:
        raise NotFoundError(f"cat {cat_id} has no paired sensor")
    return found


@router.put("/sensor", response_model=SensorView)
def pair_sensor(cat_id: Id, body: PairIn, db: DbDep, actor: ActorDep) -> SensorView:
    """Pair a sensor with this cat's pack (a sensor paired before is unpaired)."""
    return readings.pair_sensor(db, actor, cat_id, body)


@router.delete("/sensor", status_code=204)
def unpair_sensor(cat_id: Id, db: DbDep, actor: ActorDep) -> Response:
    readings.unpair_sensor(db, actor, cat_id)
    return Response(status_code=204)
