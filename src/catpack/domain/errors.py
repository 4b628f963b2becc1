"""catpack's one exception tree.

::

    CatpackError                      base of everything catpack raises on purpose
    ├── CoachInputError (ValueError)  a coach/trip request breaks the contract;
    │                                 .field names the offending path, str() is
    │                                 one line: "<field>: <problem>"
    ├── NotFoundError                 a stored thing (cat, session, ...) is absent
    ├── ConflictError                 the change clashes with what is stored
    └── ConfigError                   a setting or the database is not usable

Interfaces map these in exactly one place each: the CLI to exit codes
(`catpack.cli.errors`), the web service to HTTP statuses (`catpack.web`).
"""

from __future__ import annotations


class CatpackError(Exception):
    """Base class of every error catpack raises on purpose."""


class CoachInputError(CatpackError, ValueError):
    """A request does not follow the coach contract.

    ``field`` is the dotted path of the first offending value
    (``sessions[3].observation.ears``); ``problem`` says what is wrong with it.
    ``str(error)`` is the one-line message the CLI prints and the API returns.
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class NotFoundError(CatpackError):
    """A stored object that the caller named does not exist."""


class ConflictError(CatpackError):
    """The requested change conflicts with stored data."""


class ConfigError(CatpackError):
    """A setting, or the database it points at, cannot be used."""
