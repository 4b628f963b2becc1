"""Today's plan and pauses of a cat."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from catpack.domain.contract import CoachDecision, Instant, Location, Sun
from catpack.services import plans
from catpack.services.views import PauseIn, PauseView, PlanIn, ResumeIn
from catpack.web.api.deps import ActorDep, DbDep, Id, SettingsDep, api_router
from catpack.web.api.query import QueryModel
from catpack.web.deps import app_database, app_settings

router = api_router(prefix="/cats/{cat_id}", tags=["plans"])


class TodayQuery(BaseModel):
    """GET /today's query: the planned outing's place and weather, and ``now``.
    (One model, read and validated at once by :class:`QueryModel`.)"""

    location: Location | None = None
    sun: Sun | None = None
    temp_c: float | None = Field(default=None, ge=-60, le=60)
    humidity_pct: float | None = Field(default=None, ge=0, le=100)
    wind_ms: float | None = Field(default=None, ge=0, le=75)
    minutes: float | None = Field(default=None, ge=0, le=1440)
    now: Instant | None = None


#: GET /today's query (its parameters in the OpenAPI document come from the model).
today_query = QueryModel(TodayQuery)


@router.get("/today", response_model=CoachDecision, openapi_extra=today_query.openapi_extra)
def today(
    cat_id: Id,
    request: Request,
    actor: ActorDep,
    query: Annotated[TodayQuery, Depends(today_query)],
) -> Any:
    """The coach's decision for the next session, over the stored log and pauses;
    the query gives the planned outing's place and weather."""
    # The app's database and settings read here, not through dependencies: a
    # hot route, and FastAPI spends about 40 calls on each dependency.
    db, settings = app_database(request), app_settings(request)
    planned = query.model_dump(exclude_none=True, exclude={"now"}) or None
    decision = plans.today_plan(
        db, actor, cat_id, planned=planned, now=query.now, default_zone=settings.timezone
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
    """Pause training (a holiday, an illness): the time does not count as a lapse
    (409 if an open-ended pause, one without ``end``, is running already)."""
    return plans.pause(db, actor, cat_id, start=body.start, end=body.end, reason=body.reason)


@router.post("/resume", response_model=PauseView)
def resume(cat_id: Id, body: ResumeIn, db: DbDep, actor: ActorDep) -> PauseView:
    """End the running pause (409 if the cat is not paused)."""
    return plans.resume(db, actor, cat_id, at=body.at)
