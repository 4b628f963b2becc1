"""The one place where catpack's exceptions become HTTP responses.

============================  ======  ==========================================
exception                     status  body
============================  ======  ==========================================
CoachInputError               422     ``{"detail": "<field>: <problem>"}``
request validation (FastAPI)  422     same one-line shape, field path from the body
NotFoundError                 404     ``{"detail": "..."}``
ConflictError                 409     ``{"detail": "..."}``
ConfigError                   503     ``{"detail": "..."}``
============================  ======  ==========================================

Services never raise HTTP errors; routes only raise HTTPException for HTTP
matters of their own (401 without a valid token).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from catpack.domain.contract import field_path, problem_text
from catpack.domain.errors import (
    CatpackError,
    CoachInputError,
    ConfigError,
    ConflictError,
    NotFoundError,
)

STATUS: dict[type[CatpackError], int] = {
    CoachInputError: 422,
    NotFoundError: 404,
    ConflictError: 409,
    ConfigError: 503,
}

#: OpenAPI description of the error body, for ``responses=`` on routes.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {
        "description": text,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"detail": {"type": "string"}},
                    "required": ["detail"],
                }
            }
        },
    }
    for code, text in (
        (401, "No valid API token (routes that need an account)"),
        (404, "Not found"),
        (409, "Conflicts with stored data"),
        (422, "Bad input: one line naming the field"),
    )
}


def status_of(error: CatpackError) -> int:
    for kind, code in STATUS.items():
        if isinstance(error, kind):
            return code
    return 500


def validation_message(errors: list[Any]) -> str:
    """FastAPI's error list as the contract's one line for its first error."""
    first = errors[0]
    loc = tuple(first.get("loc", ()))
    if loc and loc[0] in ("body", "query", "path"):
        loc = loc[1:]
    loc = tuple(p for p in loc if p != "function-after")
    return f"{field_path(loc) or 'request'}: {problem_text(first)}"


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(CatpackError)
    async def _domain(_: Request, exc: CatpackError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status_of(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": validation_message(list(exc.errors()))}, status_code=422)
