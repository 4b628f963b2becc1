"""Today's plan and pauses of a cat."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from fastapi.responses import JSONResponse

from catpack.domain.contract import CoachDecision, Instant, Location, Sun
from catpack.services import plans
from catpack.services.views import PauseIn, PauseView, PlanIn, ResumeIn
from catpack.web.api.deps import ActorDep, DbDep, Id, SettingsDep, api_router

router = api_router(prefix="/cats/{cat_id}", tags=["plans"])


@router.get("/today", response_model=CoachDecision)
def today(
    cat_id: Id,
    db: DbDep,
    actor: ActorDep,
    settings: SettingsDep,
    location: Location | None = None,
    sun: Sun | None = None,
    temp_c: Annotated[float | None, Query(ge=-60, le=60)] = None,
    humidity_pct: Annotated[float | None, Query(ge=0, le=100)] = None,
    wind_ms: Annotated[float | None, Query(ge=0, le=75)] = None,
    minutes: Annotated[float | None, Query(ge=0, le=1440)] = None,
    now: Instant | None = None,
) -> Any:
    """The coach's decision for the next session, over the stored log and pauses;
    the query gives the planned outing's place and weather."""
    given = {
        "location": location,
        "sun": sun,
        "temp_c": temp_c,
        "humidity_pct": humidity_pct,
        "wind_ms": wind_ms,
        "minutes": minutes,
    }
    planned = {k: v for k, v in given.items() if v is not None} or None
    decision = plans.today_plan(
        db, actor, cat_id, planned=planned, now=now, default_zone=settings.timezone
    )
    # The engine's output already follows the contract (its own tests check
    # that): send it as it is instead of validating it a second time.
    return JSONResponse(decision)


@router.post("/plan", response_model=CoachDecision)
def plan(
    cat_id: Id, body: PlanIn, db: DbDep, actor: ActorDep, settings: SettingsDep
) -> dict[str, Any]:
    """Like GET /today, with the planned outing (checks included) as a JSON body."""
    return plans.today_plan(
        db, actor, cat_id, planned=body.planned, now=body.now, default_zone=settings.timezone
    )


@router.get("/pauses", response_model=list[PauseView])
def list_pauses(cat_id: Id, db: DbDep, actor: ActorDep) -> list[PauseView]:
    return plans.list_pauses(db, actor, cat_id)


@router.post("/pauses", status_code=201, response_model=PauseView)
def pause(cat_id: Id, body: PauseIn, db: DbDep, actor: ActorDep) -> PauseView:
    """Pause training (a holiday, an illness): the time does not count as a lapse."""
    return plans.pause(db, actor, cat_id, start=body.start, end=body.end, reason=body.reason)


@router.post("/resume", response_model=PauseView)
def resume(cat_id: Id, body: ResumeIn, db: DbDep, actor: ActorDep) -> PauseView:
    """End the running pause (409 if the cat is not paused)."""
    return plans.resume(db, actor, cat_id, at=body.at)
