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


def exit_code(error: CatpackError) -> int:
    for kind, code in EXIT_CODES.items():
        if isinstance(error, kind):
            return code
    return 1


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``catpack`` script."""
    from catpack.cli.app import app

    try:
        # Typer handles its own usage errors (exit 2, with usage) and --help;
        # anything of ours that escapes a command is mapped below.
        app(args=argv, prog_name="catpack")
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except CatpackError as error:
        print(f"catpack: {error}", file=sys.stderr)
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
    return 0


def run() -> None:
    sys.exit(main())
