"""The one place where catpack's exceptions become exit codes and messages.

Exit codes: 0 ok · 1 unexpected failure · 2 bad input or a set-up to fix
first (usage, contract, settings, a data folder or database that cannot be
used, a port in use) · 3 not found · 4 conflict · 5 readings kept to send
later (``catpack sensor watch``).
Users never see a traceback; ``CATPACK_DEBUG=1`` shows one for developers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from catpack.domain.errors import (
    CatpackError,
    CoachInputError,
    ConfigError,
    ConflictError,
    NotFoundError,
)

EXIT_CODES: dict[type[CatpackError], int] = {
    CoachInputError: 2,
    NotFoundError: 3,
    ConflictError: 4,
    ConfigError: 2,
}


def option_name(path: str, options: Mapping[str, str]) -> str:
    """The command's option behind a field path (``session.observation.signs[1]``
    → ``--sign``), so a problem names what the user typed; else the path."""
    return options.get(path.split("[")[0], path)


def in_options(error: CoachInputError, options: Mapping[str, str]) -> CoachInputError:
    """``error`` with each problem named after the command's options."""
    return error.renamed(lambda path: option_name(path, options))


def exit_code(error: CatpackError) -> int:
    for kind, code in EXIT_CODES.items():
        if isinstance(error, kind):
            return code
    return 1


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``catpack`` script."""
    import typer

    from catpack.cli.app import app

    try:
        # Not standalone: click's usage errors come back here, to be one line.
        result = app(args=argv, prog_name="catpack", standalone_mode=False)
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except typer.Abort:
        print("catpack: stopped, nothing changed", file=sys.stderr)
        return 1
    except typer.TyperException as error:  # click's usage errors, as Typer raises them
        code = int(getattr(error, "exit_code", 2))
        ctx = getattr(error, "ctx", None)
        hint = f" (see {ctx.command_path} --help)" if code == 2 and ctx is not None else ""
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        if message.strip():  # (none when no command was given: the help was shown)
            print(f"catpack: {_one_line(message)}{hint}", file=sys.stderr)
        return code
    except CatpackError as error:
        lines = error.problems if isinstance(error, CoachInputError) else (error,)
        for line in lines:  # one line per problem, each naming its field
            print(f"catpack: {line}", file=sys.stderr)
        return exit_code(error)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # pragma: no cover - last line of defence
        if os.environ.get("CATPACK_DEBUG"):
            raise
        print(
            f"catpack: unexpected error: {error!r} (set CATPACK_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1
    return result if isinstance(result, int) else 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


def run() -> None:
    sys.exit(main())
