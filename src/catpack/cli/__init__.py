"""catpack's command line (Typer + Rich). Thin: it reads input, calls the
domain or the services, and prints. Error → exit-code mapping lives only in
:mod:`catpack.cli.errors`.
"""

from __future__ import annotations

from catpack.cli.app import app
from catpack.cli.errors import main

__all__ = ["app", "main"]
