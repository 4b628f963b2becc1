"""The REST API's caller: a bearer token, looked up in the route's own
thread-pool hop.

:func:`current_actor` (a dependency with no I/O) takes the credential from the
request; :class:`ApiRoute` looks it up in the thread that runs the endpoint,
so a request makes one hop to the thread pool instead of two (the look-up,
then the work). :func:`refused_caller` keeps 401/403 ahead of 422 for the
error handlers.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_type_hints

from fastapi import HTTPException, Request, params
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param

from catpack.domain.errors import CoachInputError, ForbiddenError
from catpack.services import access, users
from catpack.services.access import Act
from catpack.services.setup import Database
from catpack.services.views import Actor
from catpack.web.deps import app_database

__all__ = [
    "PREFIX",
    "ApiRoute",
    "Caller",
    "CallerBearer",
    "bearer",
    "current_actor",
    "refused_caller",
]

PREFIX = "/api/v1"

_TOKEN_FROM = "Token from POST /api/v1/users or /tokens."
#: The bearer credential alone (routes that use the token itself: log-out).
bearer = HTTPBearer(auto_error=False, description=_TOKEN_FROM)


#: The account's own tokens and password: any role may make and revoke them,
#: and change it.
_OWN = re.compile(r"/api/v1/(tokens(/.*)?|me/password)")
#: A plan for a planned outing: computed, nothing stored (access act "plan").
_PLANS = re.compile(r"/api/v1/cats/\d+/plan")
_READS = ("GET", "HEAD", "OPTIONS")


def _act(method: str, path: str) -> Act | None:
    """What a request does (:mod:`catpack.services.access`): ``None`` for the
    account's own tokens. What only the owner may do (``manage``) is checked
    by the services themselves."""
    if method in _READS:
        return "read"
    if _OWN.fullmatch(path):
        return None
    return "plan" if _PLANS.fullmatch(path) else "change"


@dataclass(frozen=True, slots=True)
class Caller:
    """A request's bearer credential, not yet looked up: what
    :func:`current_actor` hands to the route, which looks it up
    (:meth:`resolve`) in the same thread-pool hop as its own work."""

    db: Database
    token: str
    method: str
    path: str

    def resolve(self) -> Actor:
        """The account the token belongs to (blocking: one indexed query); 401
        for an unknown, revoked or expired token, 403 for a role that may not
        do what the request does (a trainer's changing anything except its own
        tokens and password; asking for a plan is open to every role)."""
        actor = users.actor_for_token(self.db, self.token)
        if actor is None:
            raise _unauthorized()
        act = _act(self.method, self.path)
        if act is not None:
            access.require(actor, act)
        return actor


def _unauthorized() -> HTTPException:
    return HTTPException(
        status_code=401,
        detail="a valid API token is required (Authorization: Bearer <token>)",
        headers={"WWW-Authenticate": "Bearer"},
    )


def check_query_names(request: Request) -> None:
    """A query parameter without a name (``?=x``) is malformed: 422 naming
    ``query``. One given twice (``?rename=a&rename=b``) is 422 naming it: every
    parameter of the API takes one value, and silently using the last one hid
    the mistake."""
    if not request.scope.get("query_string"):
        return
    keys = [key for key, _ in request.query_params.multi_items()]
    if any(key == "" for key in keys):
        raise CoachInputError("query", "a parameter has no name (expected name=value)")
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise CoachInputError(twice[0], "is given more than once (give it once)")


class CallerBearer(HTTPBearer):
    """The bearer security scheme whose dependency gives the caller (see
    :data:`current_actor`): one dependency where there were two (the scheme,
    then the function reading it), documented as the same ``HTTPBearer``."""

    async def __call__(self, request: Request) -> Caller:  # type: ignore[override]
        """The caller, from ``Authorization: Bearer <token>``; 401 at once without one.

        It checks the query's names first (:func:`check_query_names`), as the API
        routers' own dependency does on the routes that take no caller: one
        dependency fewer on every request that takes one (:class:`ApiRoute`
        leaves that dependency out there), and the same answers in the same order.

        The token is looked up in the database on every request, so a revoked or
        expired one is refused at once on every server process. The look-up is
        blocking I/O, so it is not done here, on the event loop, but by the route
        (:class:`ApiRoute`) in the thread-pool hop of its own work: one hop per
        request instead of two. A request with a token and a bad body or query
        still gets 401/403 before 422: :func:`refused_caller` answers first.
        (The database is the app's own, not the ``get_db`` dependency: one
        dependency fewer on every request.)"""
        check_query_names(request)
        credentials = await super().__call__(request)
        if credentials is None:
            raise _unauthorized()
        return Caller(
            app_database(request), credentials.credentials, request.method, request.url.path
        )


#: The dependency giving a route's caller (``ActorDep``); the API's security
#: scheme in the OpenAPI document.
current_actor = CallerBearer(auto_error=False, scheme_name="HTTPBearer", description=_TOKEN_FROM)


async def refused_caller(request: Request) -> Exception | None:
    """For the error handlers of 422s: a request to a route that takes the
    caller, with a bearer token that :meth:`Caller.resolve` refuses, gets that
    refusal instead (401 or 403 come before complaints about the body or the
    query, as when the token was looked up before they were read); no token
    at all is 401 too (only a body that could not be read gets here without
    one: FastAPI reads it before :func:`current_actor` runs). None when the
    token is good or the route takes no caller."""
    if not getattr(request.scope.get("endpoint"), _TAKES_CALLER, False):
        return None
    # Read as HTTPBearer reads it for current_actor.
    scheme, token = get_authorization_scheme_param(request.headers.get("authorization"))
    if scheme.lower() != "bearer" or not token:
        return _unauthorized()
    caller = Caller(app_database(request), token, request.method, request.url.path)
    try:
        await run_in_threadpool(caller.resolve)
    except (HTTPException, ForbiddenError) as refused:
        return refused
    return None


#: Set on an endpoint that :class:`ApiRoute` made look its caller up.
_TAKES_CALLER = "_catpack_takes_caller"


def _with_actors(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` taking the accounts its ``ActorDep`` parameters name,
    looked up from the :class:`Caller` that :func:`current_actor` gave, in
    the thread that runs the endpoint (FastAPI reads the signature through
    ``__wrapped__``, so the parameters and the API schema are unchanged)."""
    hints = get_type_hints(endpoint, include_extras=True)
    names = [
        name
        for name, hint in hints.items()
        if any(
            isinstance(extra, params.Depends) and extra.dependency is current_actor
            for extra in getattr(hint, "__metadata__", ())
        )
    ]
    if not names or getattr(endpoint, _TAKES_CALLER, False):
        return endpoint
    if inspect.iscoroutinefunction(endpoint):
        raise TypeError(f"{endpoint.__name__}: API routes taking ActorDep are plain def")

    @functools.wraps(endpoint)
    def with_actors(*args: Any, **kwargs: Any) -> Any:
        for name in names:
            given = kwargs[name]
            # A test may override current_actor with an Actor: take it as it is.
            kwargs[name] = given.resolve() if isinstance(given, Caller) else given
        return endpoint(*args, **kwargs)

    setattr(with_actors, _TAKES_CALLER, True)
    return with_actors


class ApiRoute(APIRoute):
    """The API's routes: an endpoint taking ``ActorDep`` looks its caller up
    in its own thread-pool hop (see :func:`current_actor`)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        wrapped = _with_actors(endpoint)
        if getattr(wrapped, _TAKES_CALLER, False):
            # current_actor checks the query's names itself (one dependency fewer).
            kwargs["dependencies"] = [
                d for d in kwargs.get("dependencies") or () if d.dependency is not named_query
            ]
        super().__init__(path, wrapped, **kwargs)


async def named_query(request: Request) -> None:
    """The query's names checked (:func:`check_query_names`), on the API's
    routes that take no caller (``async``: no I/O, so no hop to the thread
    pool)."""
    check_query_names(request)
