"""The coach contract over HTTP: POST /coach, POST /trip, GET /protocol (no storage)."""

from __future__ import annotations

from typing import Any

from catpack import protocol as get_protocol
from catpack.domain.contract import CoachDecision, CoachRequest, TripPlan, TripRequest
from catpack.domain.decide import decide_parsed
from catpack.domain.errors import CoachInputError
from catpack.domain.trips import plan_parsed
from catpack.settings import Settings
from catpack.web.api.deps import api_router
from catpack.web.deps import SettingsDep

router = api_router(tags=["coach contract"])


def _few_enough(sessions: list[Any], settings: Settings) -> None:
    cap = settings.max_sessions_per_request
    if len(sessions) > cap:
        raise CoachInputError("sessions", f"{len(sessions)} sessions: at most {cap} per request")


@router.post("/coach", response_model=CoachDecision)
def coach(request: CoachRequest, settings: SettingsDep) -> dict[str, Any]:
    """Decide the next training step from a cat, its session log and ``now``
    (at most CATPACK_MAX_SESSIONS_PER_REQUEST sessions)."""
    _few_enough(request.sessions, settings)
    return decide_parsed(request)


@router.post("/trip", response_model=TripPlan)
def trip(request: TripRequest, settings: SettingsDep) -> dict[str, Any]:
    """Readiness, packing list, heat and airline fit for a planned trip (at most
    CATPACK_MAX_SESSIONS_PER_REQUEST sessions)."""
    _few_enough(request.sessions, settings)
    return plan_parsed(request)


@router.get("/protocol")
def protocol() -> dict[str, Any]:
    """The whole training protocol, stage by stage, in training order."""
    return get_protocol()


@router.get("/health", tags=["service"])
def health() -> dict[str, str]:
    """Liveness: the service answers."""
    return {"status": "ok"}
