"""Dependencies of the API routes: the caller (bearer token), paging, ids.

The database, settings and clock come from :mod:`catpack.web.deps`, shared
with the pages.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from starlette.routing import Match
from starlette.types import Scope

from catpack.domain.errors import CoachInputError
from catpack.services.views import Actor
from catpack.web.bearer import (
    PREFIX,
    ApiRoute,
    bearer,
    current_actor,
    named_query,
    refused_caller,
)
from catpack.web.deps import ClockDep, DbDep, SettingsDep
from catpack.web.errors import ERROR_RESPONSES

__all__ = [
    "PREFIX",
    "ActorDep",
    "ClockDep",
    "DbDep",
    "Id",
    "PagingDep",
    "SettingsDep",
    "api_router",
    "bearer",
    "current_actor",
    "refused_caller",
]

ActorDep = Annotated[Actor, Depends(current_actor)]


class Paging:
    """``limit`` (1..max_page_size, default 50) and ``offset`` query parameters."""

    def __init__(
        self,
        settings: SettingsDep,
        limit: Annotated[int, Query(ge=1, description="Items per page.")] = 50,
        offset: Annotated[int, Query(ge=0, le=2_000_000_000, description="Items to skip.")] = 0,
    ) -> None:
        if limit > settings.max_page_size:
            raise CoachInputError("limit", f"must be at most {settings.max_page_size}")
        self.limit = limit
        self.offset = offset


PagingDep = Annotated[Paging, Depends()]


#: Ids in paths: positive and within the 32-bit integer columns of the schema.
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


class PrefixedRouter(APIRouter):
    """An API router that says "no match" at once for a path without the API's
    prefix.

    FastAPI tries a request's path against every route of an included router,
    prefix or not: about 0.2 ms for each page request against the API's routes
    (measured in-process). A path that does not contain the prefix cannot match
    any route under it (root_path or not), so that answer is always right."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if PREFIX not in scope.get("path", ""):
            return Match.NONE, {}
        return super().matches(scope)


def api_router(prefix: str = "", **kwargs: Any) -> APIRouter:
    """A router of the REST API, included straight into the app (no router
    in between: each level of nesting costs FastAPI's routing calls on every
    request): under ``/api/v1``, its routes :class:`ApiRoute`, the error
    responses documented and every query's names checked."""
    return PrefixedRouter(
        prefix=PREFIX + prefix,
        route_class=ApiRoute,
        responses=ERROR_RESPONSES,
        dependencies=[Depends(named_query)],
        **kwargs,
    )
