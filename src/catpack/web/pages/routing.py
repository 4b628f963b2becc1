"""How the pages' routes run: one router for every page, tried before the
API's (:class:`PagesRouter`), whose routes (:class:`PageRoute`) look the
log-in up in the handler's own thread-pool hop and, where FastAPI's
per-request dependency machinery has nothing to decide, run without it
(:func:`_direct_handler`). What a handler gets (:class:`~.deps.Page`) and
the checks a post passes: :mod:`catpack.web.pages.deps`."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import Any, get_type_hints

from fastapi import APIRouter
from fastapi import routing as fastapi_routing
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import Scope

from catpack.web.bearer import PREFIX as API_PREFIX
from catpack.web.pages.deps import Page


class PageRoute(APIRoute):
    """The pages' routes (:func:`page_router`).

    A handler taking a :class:`Page` gets it with its log-in looked up first,
    in the handler's own thread-pool hop, before any of the handler's code.
    On a route whose parameters cannot fail validation (text from the path
    or the query, the page, the form), nothing can answer before that
    look-up but a post's anti-forgery checks, so the log-in, and a post's
    role check with it, wait for that hop (:attr:`defers_login`): one hop
    per request instead of two. A route with a typed parameter (a number in
    its path), or a handler without a Page, looks the log-in up first, in a
    hop of its own, so a browser without a log-in is still sent to log in
    rather than told the number is wrong."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        wrapped = _with_page(endpoint)
        super().__init__(path, wrapped, **kwargs)
        if wrapped is endpoint:  # no Page: nothing looks the log-in up in the handler's hop
            self.defers_login = False
            return
        params, todo = [], [self.dependant]
        while todo:
            dependant = todo.pop()
            params += [*dependant.path_params, *dependant.query_params]
            params += [*dependant.header_params, *dependant.cookie_params, *dependant.body_params]
            todo.extend(dependant.dependencies)
        self.defers_login = all(p.field_info.annotation is str for p in params)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """FastAPI's handler, or the same work without its per-request
        dependency machinery where that machinery has nothing to do
        (:func:`_direct_handler`)."""
        standard = super().get_route_handler()
        route = _effective(self)
        if route is None:
            return standard
        return _direct_handler(route, standard) or standard


def _effective(route: APIRoute) -> Any:
    """What FastAPI builds ``route``'s handler for right now: the route itself,
    or its copy in a router that includes it (with that router's
    dependencies, and the app as the provider of overrides), which FastAPI
    names only in a private variable. ``None`` without that variable (another
    FastAPI): FastAPI's own handler then, which knows."""
    current = getattr(fastapi_routing, "_effective_route_context_var", None)
    if current is None:
        return None
    context = current.get()
    if context is not None and getattr(context, "original_route", None) is route:
        return context
    return route


def _request_only(dependant: Dependant) -> bool:
    """A dependency FastAPI would only call with the request and await: an
    ``async def`` taking the request alone, with nothing of its own to solve
    (the pages' :func:`page`, :func:`allowed`'s check, :func:`form_guards`)."""
    return (
        inspect.iscoroutinefunction(dependant.call)
        and dependant.request_param_name is not None
        and not (
            dependant.path_params
            or dependant.query_params
            or dependant.header_params
            or dependant.cookie_params
            or dependant.body_params
            or dependant.dependencies
            or dependant.websocket_param_name
            or dependant.http_connection_param_name
            or dependant.response_param_name
            or dependant.background_tasks_param_name
            or dependant.security_scopes_param_name
        )
    )


def _plain_text(param: Any) -> bool:
    """A path parameter FastAPI would pass on as the path gave it: text, under
    its own name, with no constraint to check."""
    info = param.field_info
    return bool(info.annotation is str and not info.metadata and param.alias == param.name)


def _direct_handler(
    route: Any, standard: Callable[[Request], Coroutine[Any, Any, Response]]
) -> Callable[[Request], Coroutine[Any, Any, Response]] | None:
    """A page route's handler that does what FastAPI's does, in the same order,
    without its general machinery, for a route where that machinery has
    nothing to decide: a plain ``def`` handler taking a :class:`Page`
    (:func:`_with_page`) whose parameters are text from the path (which the
    path's own pattern has already checked) and request-only dependencies
    (:func:`_request_only`), with no response model. Each request awaits
    those dependencies in FastAPI's order (the route's own list first), then
    runs the handler in the thread pool with the path's text and the
    dependencies' values; what they raise (a 403, a redirect to log in) goes
    the same way as before. FastAPI spends about a tenth of a page request's
    CPU resolving them for each request (``solve_dependencies``; bench/calls.py).

    While an app overrides any dependency (a test acting for someone else),
    its requests go through FastAPI's own handler (``standard``), which
    applies the override. ``None`` for any other route: FastAPI's handler."""
    dependant: Dependant | None = getattr(route, "dependant", None)
    if (
        dependant is None
        or not getattr(dependant.call, "takes_page", False)
        or route.response_field is not None
        or route.status_code is not None
        or route.body_field is not None
        or dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
        or dependant.body_params
        or dependant.request_param_name
        or dependant.websocket_param_name
        or dependant.http_connection_param_name
        or dependant.response_param_name
        or dependant.background_tasks_param_name
        or dependant.security_scopes_param_name
        or not all(_plain_text(p) for p in dependant.path_params)
        or not all(_request_only(d) for d in dependant.dependencies)
    ):
        return None
    calls = [(d.name, d.call) for d in dependant.dependencies]
    if len({id(call) for _, call in calls}) != len(calls):
        return None  # FastAPI calls a repeated dependency once: keep its handler
    path_names = [p.name for p in dependant.path_params]
    endpoint = dependant.call
    assert endpoint is not None  # it takes a Page (checked above)
    provider = route.dependency_overrides_provider

    async def handle(request: Request) -> Response:
        if getattr(provider, "dependency_overrides", None):
            return await standard(request)
        values: dict[str, Any] = {}
        for name, call in calls:
            value = await call(request)  # type: ignore[misc]
            if name is not None:
                values[name] = value
        path = request.path_params
        for name in path_names:
            values[name] = path[name]
        response = await run_in_threadpool(endpoint, **values)
        if not isinstance(response, Response):
            raise TypeError(f"{request.url.path}: a page handler answers with a Response")
        return response

    return handle


def _with_page(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint``, looking up the log-in of each :class:`Page` it takes
    before it runs (FastAPI reads the signature through ``__wrapped__``)."""
    hints = get_type_hints(endpoint, include_extras=True)
    if not any(getattr(hint, "__origin__", hint) is Page for hint in hints.values()):
        return endpoint
    if inspect.iscoroutinefunction(endpoint):
        raise TypeError(f"{endpoint.__name__}: page handlers taking a Page are plain def")

    @functools.wraps(endpoint)
    def with_page(*args: Any, **kwargs: Any) -> Any:
        for value in kwargs.values():
            if isinstance(value, Page):
                value.actor  # noqa: B018 (the log-in, looked up now)
        return endpoint(*args, **kwargs)

    with_page.takes_page = True  # type: ignore[attr-defined]
    return with_page


class PagesRouter(APIRouter):
    """Every page's route (:func:`catpack.web.pages.register`), tried before
    the API's routers: it answers "no match" at once for a path holding the
    API's prefix, so an API request asks it once and goes on. No page's path
    holds it (a path parameter is one segment, without a ``/``), root path
    or not: the API's routers' own test (``PrefixedRouter``), the other way."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if API_PREFIX in scope.get("path", ""):
            return Match.NONE, {}
        return super().matches(scope)


def page_router() -> APIRouter:
    """A router of pages: not in the API's schema, its routes :class:`PageRoute`."""
    return APIRouter(include_in_schema=False, route_class=PageRoute)
