"""What every command shares for its output: ``--json`` for scripts, words for people."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (for scripts) instead of words.")]


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def emit(as_json: bool, data: Any, words: str) -> None:
    """``data`` as JSON with ``--json``, else ``words``."""
    if as_json:
        print_json(data)
    else:
        typer.echo(words)
