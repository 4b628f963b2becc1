"""catpack's one exception tree.

::

    CatpackError                      base of everything catpack raises on purpose
    ├── CoachInputError (ValueError)  a coach/trip request breaks the contract;
    │                                 .problems lists every offending value
    │                                 (field path + message); str() is one
    │                                 line: "<field>: <problem>; ..."
    ├── NotFoundError                 a stored thing (cat, session, ...) is absent
    ├── ConflictError                 the change clashes with what is stored
    └── ConfigError                   a setting or the database is not usable

Interfaces map these in exactly one place each: the CLI to exit codes
(`catpack.cli.errors`), the web service to HTTP statuses (`catpack.web`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


class CatpackError(Exception):
    """Base class of every error catpack raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One bad value: where it is, what is wrong, and what kind of wrong.

    ``field`` is the dotted path (``session.observation.ears``); ``message``
    says what is wrong in plain words; ``kind`` is a stable name interfaces
    may word differently (pydantic's error types such as ``literal_error`` or
    ``less_than_equal``, or catpack's own: ``unknown_stage``, ``level_above``,
    ``counts``, ``out_of_range``, ``nul``); ``limit`` is the bound a range
    error broke and ``given`` the value that was given (never set for secrets).
    """

    field: str
    message: str
    kind: str = "invalid"
    limit: float | None = None
    given: object = None

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class CoachInputError(CatpackError, ValueError):
    """A request does not follow the coach contract.

    ``problems`` lists every offending value found (a check collects them all,
    so the caller can fix everything in one go); ``field`` and ``problem``
    are the first one's. ``str(error)`` is the one-line message the CLI prints
    and the API returns: the problems joined by ``"; "``.
    """

    def __init__(self, field: str, problem: str, *, problems: Sequence[Problem] = ()) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems) or (Problem(field, problem),)
        self.field = self.problems[0].field
        self.problem = self.problems[0].message
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def of(cls, problems: Sequence[Problem]) -> CoachInputError:
        """An error carrying every one of ``problems`` (at least one)."""
        if not problems:
            raise ValueError("CoachInputError.of needs at least one problem")
        return cls(problems[0].field, problems[0].message, problems=problems)

    def renamed(self, rename: Callable[[str], str]) -> CoachInputError:
        """The same problems with each field path passed through ``rename``
        (an interface naming its own fields: a form input, a CLI option)."""
        return CoachInputError.of(
            [Problem(rename(p.field), p.message, p.kind, p.limit, p.given) for p in self.problems]
        )


class NotFoundError(CatpackError):
    """A stored object that the caller named does not exist."""


class ConflictError(CatpackError):
    """The requested change conflicts with stored data."""


class ForbiddenError(CatpackError):
    """The acting account's role does not allow this (a trainer writing, a
    member managing the household's invites)."""


class TooManyAttempts(CatpackError):
    """Too many failed log-ins: try again after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ConfigError(CatpackError):
    """A setting, or the database it points at, cannot be used."""
