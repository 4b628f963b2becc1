"""Typer application: the contract's commands (coach, trip, protocol, schema).

Other command groups (cats, sessions, database, web) register themselves in
their own modules and are added here, so this file stays a table of contents.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from catpack.domain.errors import CoachInputError

app = typer.Typer(
    name="catpack",
    help="catpack: a calm, step-by-step coach for backpack-training your cat.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FileArg = Annotated[
    str,
    typer.Argument(help="JSON request file, or '-' for standard input.", show_default=True),
]
PrettyOpt = Annotated[
    bool, typer.Option("--pretty", "-p", help="Readable rendering instead of JSON.")
]


def read_request(source: str) -> Any:
    """Read one JSON document from a file or stdin; bad JSON is a CoachInputError."""
    if source == "-":
        text = sys.stdin.read()
        where = "stdin"
    else:
        path = Path(source)
        if not path.is_file():
            raise CoachInputError("FILE", f"{source!r} is not a readable file")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CoachInputError("FILE", f"cannot read {source!r}: {error}") from None
        where = source
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CoachInputError(
            "request",
            f"{where} is not JSON (line {error.lineno}, column {error.colno}: {error.msg})",
        ) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@app.command()
def coach(source: FileArg = "-", pretty: PrettyOpt = False) -> None:
    """Decide the next training step from a coach request (JSON)."""
    from catpack import decide

    result = decide(read_request(source))
    if pretty:
        from catpack.cli.render import render_decision

        render_decision(result)
    else:
        print_json(result)


@app.command()
def trip(source: FileArg = "-", pretty: PrettyOpt = False) -> None:
    """Plan a trip: readiness, packing list, heat and airline fit."""
    from catpack import plan_trip

    result = plan_trip(read_request(source))
    if pretty:
        from catpack.cli.render import render_trip

        render_trip(result)
    else:
        print_json(result)


@app.command()
def protocol(pretty: PrettyOpt = False) -> None:
    """Print the whole training protocol, in training order."""
    from catpack import protocol as get_protocol

    data = get_protocol()
    if pretty:
        from catpack.cli.render import render_protocol

        render_protocol(data)
    else:
        print_json(data)


@app.command()
def schema() -> None:
    """Print the JSON Schemas of the contract's requests and responses."""
    from catpack.domain.contract import json_schemas

    print_json(json_schemas())


@app.command("demo-tour")
def demo_tour() -> None:
    """A short guided tour of the coach in the terminal."""
    from catpack.cli.tour import tour

    tour()


# Command groups and commands on the stored log (each in its own module).
from catpack.cli import cats, db_cmd, logbook, plan_cmd, sensor_cmd, serve, transfer  # noqa: E402

app.add_typer(cats.app, name="cat")
app.add_typer(sensor_cmd.app, name="sensor")
app.add_typer(db_cmd.app, name="db")
for _module in (logbook, plan_cmd, transfer, serve):
    app.add_typer(_module.app)

from catpack.cli.demo import app as demo_app  # noqa: E402

app.add_typer(demo_app)
