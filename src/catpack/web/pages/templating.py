"""The Jinja2 environment of the pages: autoescaped, with the label and unit helpers."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import datetime, tzinfo
from functools import cache
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any, TypeVar

import markupsafe
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr
from jinja2.runtime import Context, Macro
from jinja2.utils import internalcode
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from catpack import words
from catpack.domain.observation import stop_readings, works_for_food
from catpack.web.pages import csrf, labels
from catpack.web.pages.deps import request_state
from catpack.web.pages.units import Units

WEB_DIR = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
ResponseT = TypeVar("ResponseT", bound=Response)


@pass_context
def when(context: Context, value: datetime | str | None) -> str:
    """A time as owners read it, on the household's clock: 'Fri 27 Nov, 00:00'.

    Pages put the household's zone in their context (``zone``); every time
    shown goes through here, so none is shown in another zone."""
    if value is None:
        return "—"
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    zone = context.get("zone")
    if isinstance(zone, tzinfo) and moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    return moment.strftime("%a %d %b, %H:%M")


@pass_context
def day_or_when(context: Context, value: datetime | str | None) -> str:
    """When the next session may be: the day alone where that is the start of a
    day on the household's clock ('Fri 27 Nov', not 'Fri 27 Nov, 00:00'), else
    as :func:`when` says it."""
    shown = when(context, value)
    return shown.removesuffix(", 00:00")


@pass_context
def clock(context: Context, value: datetime, seconds: bool = False) -> str:
    """The time of day on the household's clock: '14:05' (or '14:05:30'), for
    times within one session."""
    zone = context.get("zone")
    if isinstance(zone, tzinfo) and value.tzinfo is not None:
        value = value.astimezone(zone)
    return value.strftime("%H:%M:%S" if seconds else "%H:%M")


def minutes(value: float) -> str:
    return f"{value:g} min"


#: markupsafe's own escaping of a str, giving a str (in C where its speedups
#: are built; its public ``escape`` on another markupsafe).
_escape_inner: Callable[[str], str] = getattr(markupsafe, "_escape_inner", None) or (
    lambda s: str(escape(s))
)


def html_text(value: object) -> str:
    """``escape(value)`` as the text of a page: the same characters, without
    making each value a ``Markup`` first (two Python calls per value shown,
    about 100 per Today page; one here, none inside markupsafe for a str).
    A ``Markup`` is safe as it is; an int or float is digits, dots, signs
    and letters (``inf``, ``1e-05``), nothing to escape; anything else
    (``__html__``, Undefined, other types) goes through ``escape`` itself."""
    if type(value) is str:
        return _escape_inner(value)
    if type(value) is Markup:
        return value
    if type(value) is int or type(value) is float:
        return str(value)
    return escape(value)


class PageCodeGenerator(CodeGenerator):
    """Jinja2's code generator, writing each autoescaped ``{{ value }}`` of the
    pages as ``environment.html_text(value)`` (:func:`html_text`) instead of
    ``escape(value)``. Only where escaping is known when the template is
    compiled (every page: autoescaped by file name); elsewhere as Jinja2 does."""

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.html_text(")
        if finalize.src is not None:
            self.write(finalize.src)


#: Callables that take no context unless marked (``jinja_pass_arg``): functions,
#: bound methods (the mark is their function's) and built-ins (never marked).
PLAIN_CALLS = frozenset({FunctionType, MethodType, BuiltinFunctionType})


class PageContext(Context):
    """Jinja2's template context, calling a macro or a plain function (the
    label helpers) at once: Jinja2 first asks each callable twice whether it
    wants the context passed (:func:`~jinja2.pass_context` and its kin), and
    neither does unless marked so. Everything else (filters taking the context, callable
    objects) goes Jinja2's own way."""

    @internalcode
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is Macro:
            # A macro takes the caller's evaluation context (whether to escape
            # what it returns), as Jinja2 passes it (``pass_eval_context``).
            args = (__self.eval_ctx, *args)
        elif kind not in PLAIN_CALLS or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


#: The attributes of a plain dict (its type's: a dict has no others).
DICT_ATTRIBUTES = frozenset(dir(dict))


class PageEnvironment(Environment):
    """The pages' Jinja2 environment: each template's globals are one plain dict.

    Jinja2 gives every template a ``collections.ChainMap`` of its own globals
    over the environment's, so that a change to the environment's globals
    after a template is loaded still shows (which its documentation of
    :meth:`~jinja2.Environment.make_globals` says to avoid). Every
    ``{% from ... import ... %}`` compares the two templates' globals through
    that map, and each comparison of a name is several Python calls: about
    400 calls per Today page, for its five imports. :func:`templates` sets
    every global before any template is loaded, so a snapshot in a plain dict
    holds the same names and values, and the comparison runs in C."""

    code_generator_class = PageCodeGenerator
    context_class = PageContext
    #: What :class:`PageCodeGenerator` calls (a plain function: no binding).
    html_text = staticmethod(html_text)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` in a template, as Jinja2 reads it (the attribute,
        else the item, else undefined), without raising and catching an
        AttributeError for each key of a plain dict (the engine's decision,
        the weather, the errors: most of a page's lookups). A dict's only
        attributes are its type's (:data:`DICT_ATTRIBUTES`)."""
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            if attribute in obj:
                return obj[attribute]
            return self.undefined(obj=obj, name=attribute)
        # Jinja2's own (Environment.getattr), here rather than one call more.
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


@cache
def templates() -> Jinja2Templates:
    # As Starlette makes its own environment (autoescaped by file name), in
    # ours. The templates are the installed package's files, changed only by
    # an upgrade, which restarts the server: no check of each file's time
    # each time a page loads it (a stat call per template, include and import),
    # and all of them (a few dozen) kept in a plain dict, not an LRU cache
    # whose every look-up is several Python calls.
    env = PageEnvironment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(),
        auto_reload=False,
        cache_size=-1,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    t = Jinja2Templates(env=env)
    env.globals["word"] = labels.word
    env.globals["stage_label"] = labels.stage_label
    env.globals["stage_named"] = labels.stage_named
    env.globals["choices"] = labels.choices
    env.globals["pairs"] = labels.pairs
    env.globals["guide_anchors"] = labels.GUIDE_ANCHORS
    env.globals["blocked_words"] = labels.blocked_words
    env.globals["seen_choices"] = labels.seen_choices
    env.globals["stop_readings"] = stop_for
    env.globals["look_only"] = words.look_only
    env.globals["trip_stops"] = words.trip_stops
    env.globals["tries_hint"] = words.LOG_TRIES_HINT
    env.globals["heat_sun"] = words.heat_sun
    env.globals["pack_relay_check"] = words.PACK_RELAY_CHECK
    env.globals["offline_not_saved"] = words.OFFLINE_NOT_SAVED
    env.globals["owner_only"] = words.owner_only
    env.globals["zone_note"] = lambda zone: words.LOG_ZONE_NOTE.format(zone=zone)
    env.globals["times_zone_note"] = lambda zone: words.TIMES_ZONE_NOTE.format(zone=zone)
    env.globals["time_zone_note"] = lambda zone: words.TIME_ZONE_NOTE.format(zone=zone)
    env.globals["stop_first_steps"] = words.STOP_FIRST_STEPS
    env.globals["outbox_words"] = {
        "waiting": words.OUTBOX_WAITING,
        "others": words.OUTBOX_OTHER_ACCOUNT,
    }
    env.filters["when"] = when
    env.filters["day_or_when"] = day_or_when
    env.filters["clock"] = clock
    env.filters["minutes"] = minutes
    env.filters["hours"] = words.hours
    env.filters["sign"] = labels.sign_word
    return t


def stop_for(cat: Any) -> dict[str, list[str | bool]]:
    """The readings that mean real stress for a cat (a :class:`CatBrief`; the
    domain's own lists), for the log page's offline stop guidance."""
    motivation = getattr(cat, "cat", {}).get("motivation") or None
    return stop_readings(works_for_food(motivation))


def render(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render a page; ``units`` defaults to metric, ``htmx`` says whether htmx asked."""
    context.setdefault("units", Units())
    context.setdefault("htmx", request.headers.get("HX-Request") == "true")
    response = templates().TemplateResponse(request, name, context, status_code=status_code)
    return with_csrf_cookie(request, response)


def with_csrf_cookie(request: Request, response: ResponseT) -> ResponseT:
    """``response``, setting the anti-forgery cookie when this browser had no valid one."""
    fresh = request_state(request).get("csrf_new")
    if fresh:
        # Secure like the log-in cookie behind a TLS proxy (CATPACK_BEHIND_TLS),
        # also when the proxy's X-Forwarded-Proto is not believed.
        settings = getattr(request.app.state, "settings", None)
        response.set_cookie(
            csrf.COOKIE,
            fresh,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https" or bool(getattr(settings, "behind_tls", False)),
            path="/",
        )
    return response
