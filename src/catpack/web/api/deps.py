"""Dependencies of the API routes: the caller (bearer token), paging, ids.

The database, settings and clock come from :mod:`catpack.web.deps`, shared
with the pages.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from catpack.domain.errors import CoachInputError, ForbiddenError
from catpack.services import users
from catpack.services.views import Actor
from catpack.web.deps import ClockDep, DbDep, SettingsDep

__all__ = ["ActorDep", "ClockDep", "DbDep", "Id", "PagingDep", "SettingsDep", "current_actor"]

_bearer = HTTPBearer(auto_error=False, description="Token from POST /api/v1/users or /tokens.")


#: What a trainer (read-only) may still post: their own tokens, and a plan
#: for a planned outing (computed, nothing stored).
_TRAINER_MAY = re.compile(r"/api/v1/(tokens(/.*)?|cats/\d+/plan)")
_READS = ("GET", "HEAD", "OPTIONS")


async def current_actor(
    request: Request,
    db: DbDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The caller, from ``Authorization: Bearer <token>``; 401 otherwise.

    The token is looked up in the database on every request (in the thread
    pool: blocking I/O), so a revoked or expired one is refused at once on
    every server process. A trainer's account reads only: any other method
    is 403 (except on its own tokens, and asking for a plan)."""
    actor = None
    if credentials is not None:
        actor = await run_in_threadpool(users.actor_for_token, db, credentials.credentials)
    if actor is None:
        raise HTTPException(
            status_code=401,
            detail="a valid API token is required (Authorization: Bearer <token>)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if (
        actor.role == "trainer"
        and request.method not in _READS
        and not _TRAINER_MAY.fullmatch(request.url.path)
    ):
        raise ForbiddenError("a trainer's account can read but not change anything")
    return actor


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
