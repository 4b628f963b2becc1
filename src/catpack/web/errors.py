"""The one place where catpack's exceptions become HTTP responses.

============================  ======  ==========================================
exception                     status  body
============================  ======  ==========================================
CoachInputError               422     ``{"detail": "<field>: <problem>; ...",
                                      "errors": [{"field", "message"}, ...]}``
request validation (FastAPI)  422     same shape, field paths from the request
a body that is not JSON       422     same shape, field ``body``
NotFoundError                 404     ``{"detail": "..."}``
ConflictError                 409     ``{"detail": "..."}``
ForbiddenError                403     ``{"detail": "..."}`` (the role may not)
TooManyAttempts               429     ``{"detail": "..."}`` and ``Retry-After``
ConfigError                   503     ``{"detail": "..."}``
============================  ======  ==========================================

``detail`` is always one line (every problem, joined by ``; ``); ``errors``
lists the problems one by one, each naming its field. Secrets (passwords,
tokens) are never repeated back in a message.

Services never raise HTTP errors; routes only raise HTTPException for HTTP
matters of their own (401 without a valid token).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from catpack.domain.contract import field_path, problem_text
from catpack.domain.errors import (
    CatpackError,
    CoachInputError,
    ConfigError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    Problem,
    TooManyAttempts,
)
from catpack.web.bearer import refused_caller

STATUS: dict[type[CatpackError], int] = {
    CoachInputError: 422,
    NotFoundError: 404,
    ConflictError: 409,
    ForbiddenError: 403,
    TooManyAttempts: 429,
    ConfigError: 503,
}

#: Field names whose values are never repeated in an error message.
SECRETS = frozenset({"password", "new_password", "current_password", "token"})

_DETAIL = {"detail": {"type": "string"}}
_ERRORS = {
    "errors": {
        "type": "array",
        "description": "Every problem found, each naming its field.",
        "items": {
            "type": "object",
            "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            "required": ["field", "message"],
        },
    }
}


def _error_schema(with_errors: bool) -> dict[str, Any]:
    return {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {**_DETAIL, **(_ERRORS if with_errors else {})},
                "required": ["detail"],
            }
        }
    }


#: OpenAPI description of the error bodies, for ``responses=`` on routes.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"description": text, "content": _error_schema(code == 422)}
    for code, text in (
        (401, "No valid API token (routes that need an account)"),
        (403, "The account's role does not allow this"),
        (404, "Not found"),
        (409, "Conflicts with stored data"),
        (413, "The request body is larger than the server accepts"),
        (422, "Bad input: every problem, each naming its field"),
    )
}


def status_of(error: CatpackError) -> int:
    for kind, code in STATUS.items():
        if isinstance(error, kind):
            return code
    return 500


def problem_body(problems: Sequence[Problem]) -> dict[str, Any]:
    """The 422 body: one line in ``detail``, one entry per problem in ``errors``."""
    return {
        "detail": "; ".join(str(p) for p in problems),
        "errors": [{"field": p.field, "message": p.message} for p in problems],
    }


def _is_secret(loc: Sequence[Any]) -> bool:
    return any(isinstance(part, str) and part in SECRETS for part in loc)


def validation_problems(errors: Sequence[Any], body: object = None) -> list[Problem]:
    """FastAPI's error list as problems naming each field (``body`` for the
    whole body); inputs are echoed unless the request carries a secret."""
    secret_body = isinstance(body, dict) and any(k in SECRETS for k in body)
    out = []
    for error in errors:
        loc = tuple(error.get("loc", ()))
        where = loc[0] if loc else "body"
        rest = tuple(p for p in loc[1:] if p not in ("function-after", "function-before"))
        if error.get("type") == "json_invalid":
            out.append(Problem("body", f"is not valid JSON ({error.get('ctx', {}).get('error')})"))
            continue
        echo = not (secret_body or _is_secret(loc))
        path = field_path(rest) if where in ("body", "query", "path", "header", "cookie") else ""
        out.append(
            Problem(path or str(where), problem_text(error, echo=echo), str(error.get("type")))
        )
    return out


def validation_message(errors: list[Any]) -> str:
    """FastAPI's error list as the one-line ``detail``."""
    return "; ".join(str(p) for p in validation_problems(errors))


def unparseable_body(exc: HTTPException) -> bool:
    """FastAPI's 400 for a body it could not decode (not UTF-8, say, or JSON
    nested deeper than Python's parser goes: a RecursionError)."""
    return exc.status_code == 400 and isinstance(exc.__cause__, (ValueError, RecursionError))


#: A page's form answer ("/account/invites", "/cats/3/sessions") opened again
#: with GET (a reload, a phone restoring its tab): the page the form is on.
_FORM_HOMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^/account/"), "/account"),
    (re.compile(r"^/reminders/"), "/reminders"),
    (re.compile(r"^/cats/(\d+)/trips(/|$)"), "/cats/{0}/trip"),
    (re.compile(r"^/cats/(\d+)/sessions/\d+"), "/cats/{0}/history"),
    (re.compile(r"^/cats/(\d+)/"), "/cats/{0}/today"),
)


def form_home(request: Request, exc: HTTPException) -> str | None:
    """Where a browser's GET of a form-only page path goes instead of a bare
    405 in JSON (None: not a browser page, or not a form's path)."""
    path = request.url.path
    if exc.status_code != 405 or request.method != "GET" or path.startswith("/api"):
        return None
    if "text/html" not in request.headers.get("accept", ""):
        return None
    for pattern, home in _FORM_HOMES:
        found = pattern.match(path)
        if found:
            return home.format(*found.groups())
    return "/"


async def http_error(request: Request, exc: HTTPException) -> Response:
    """HTTP errors: FastAPI's JSON answer, except a body that cannot be read
    at all, which is a 422 naming the body like any other bad input (or the
    caller's refusal, which comes first)."""
    if unparseable_body(exc):
        refused = await refused_caller(request)
        if refused is not None:
            return await _refusal(request, refused)
        said = (
            "is nested too deeply to read"
            if isinstance(exc.__cause__, RecursionError)
            else "is not valid JSON text (it must be UTF-8)"
        )
        problem = Problem("body", said, "json_invalid")
        return JSONResponse(problem_body([problem]), status_code=422)
    home = form_home(request, exc)
    if home is not None:
        return RedirectResponse(home, status_code=303)
    return await http_exception_handler(request, exc)


async def _refusal(request: Request, refused: Exception) -> Response:
    """The answer to a refused caller (401 or 403), as its own handler gives it."""
    if isinstance(refused, HTTPException):
        return await http_exception_handler(request, refused)
    assert isinstance(refused, CatpackError)
    return _domain_error(refused)


def _domain_error(exc: CatpackError) -> JSONResponse:
    if isinstance(exc, CoachInputError):
        return JSONResponse(problem_body(exc.problems), status_code=422)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyAttempts) else None
    return JSONResponse({"detail": str(exc)}, status_code=status_of(exc), headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(CatpackError)
    async def _domain(_: Request, exc: CatpackError) -> JSONResponse:
        return _domain_error(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        refused = await refused_caller(request)
        if refused is not None:
            return await _refusal(request, refused)
        problems = validation_problems(list(exc.errors()), exc.body)
        return JSONResponse(problem_body(problems), status_code=422)

    app.add_exception_handler(HTTPException, http_error)  # type: ignore[arg-type]
