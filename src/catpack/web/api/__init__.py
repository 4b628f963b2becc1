"""The REST API under ``/api/v1``: one router per resource, gathered here."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.routing import Match
from starlette.types import Scope

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
from catpack.web.api.deps import PREFIX, named_query
from catpack.web.errors import ERROR_RESPONSES


class PrefixedRouter(APIRouter):
    """An APIRouter that says "no match" at once for a path without its prefix.

    FastAPI tries a request's path against every route of an included router,
    prefix or not: about 0.2 ms for each page request against the API's routes
    (measured in-process). A path that does not contain the prefix cannot match
    any route under it (root_path or not), so that answer is always right."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if self.prefix not in scope.get("path", ""):
            return Match.NONE, {}
        return super().matches(scope)


router = PrefixedRouter(
    prefix=PREFIX, responses=ERROR_RESPONSES, dependencies=[Depends(named_query)]
)
# FastAPI tries the routes in this order: the most used (logging a session,
# today's plan) first. No path of theirs can match a path of the modules they
# now precede, so the order changes nothing else.
for module in (
    sessions,
    plans,
    contract,
    accounts,
    members,
    cats,
    gear,
    reminders,
    transfer,
    readings,
):
    router.include_router(module.router)

__all__ = ["PREFIX", "router"]
