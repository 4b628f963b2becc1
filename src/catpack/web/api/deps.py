"""Dependencies of the API routes: the caller (bearer token), paging, ids.

The database, settings and clock come from :mod:`catpack.web.deps`, shared
with the pages.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from catpack.domain.errors import CoachInputError
from catpack.services.views import Actor
from catpack.web.bearer import PREFIX, api_router, bearer, current_actor, refused_caller
from catpack.web.deps import ClockDep, DbDep, SettingsDep

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


async def named_query(request: Request) -> None:
    """A query parameter without a name (``?=x``) is malformed: 422 naming
    ``query``. One given twice (``?rename=a&rename=b``) is 422 naming it: every
    parameter of the API takes one value, and silently using the last one hid
    the mistake. (``async``: no I/O, so no hop to the thread pool.)"""
    keys = [key for key, _ in request.query_params.multi_items()]
    if any(key == "" for key in keys):
        raise CoachInputError("query", "a parameter has no name (expected name=value)")
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise CoachInputError(twice[0], "is given more than once (give it once)")


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
