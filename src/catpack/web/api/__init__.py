"""The REST API under ``/api/v1``: one router per resource, gathered here."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from catpack.web.api import (
    accounts,
    cats,
    contract,
    gear,
    members,
    plans,
    readings,
    reminders,
    sessions,
    transfer,
)
from catpack.web.api.deps import named_query
from catpack.web.errors import ERROR_RESPONSES

PREFIX = "/api/v1"

router = APIRouter(prefix=PREFIX, responses=ERROR_RESPONSES, dependencies=[Depends(named_query)])
for module in (
    contract,
    accounts,
    members,
    cats,
    sessions,
    plans,
    gear,
    reminders,
    transfer,
    readings,
):
    router.include_router(module.router)

__all__ = ["PREFIX", "router"]
