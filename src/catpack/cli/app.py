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

from catpack.cli.output import JsonOpt, print_json
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
# These commands print JSON unless --pretty; --json says so explicitly (and wins).
DataJsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (the default).")]


def _show_version(value: bool) -> None:
    if value:
        from catpack import __version__

        typer.echo(f"catpack {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print catpack's version and exit.",
            callback=_show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """catpack: a calm, step-by-step coach for backpack-training your cat."""


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


@app.command()
def coach(source: FileArg = "-", pretty: PrettyOpt = False, as_json: DataJsonOpt = False) -> None:
    """Decide the next training step from a coach request (JSON)."""
    from catpack import decide

    request = read_request(source)
    result = decide(request)
    if pretty and not as_json:
        from datetime import datetime

        from catpack.cli.render import render_decision

        # decide() accepted the request, so "now" is an ISO time with a zone.
        render_decision(result, now=datetime.fromisoformat(str(request["now"])))
    else:
        print_json(result)


@app.command()
def trip(source: FileArg = "-", pretty: PrettyOpt = False, as_json: DataJsonOpt = False) -> None:
    """Plan a trip: readiness, packing list, heat and airline fit."""
    from catpack import plan_trip

    request = read_request(source)
    result = plan_trip(request)
    if pretty and not as_json:
        from catpack.cli.render import render_trip

        render_trip(result, kind=str(request["trip"]["kind"]))
    else:
        print_json(result)


@app.command()
def protocol(pretty: PrettyOpt = False, as_json: DataJsonOpt = False) -> None:
    """Print the whole training protocol, in training order."""
    from catpack import protocol as get_protocol

    data = get_protocol()
    if pretty and not as_json:
        from catpack.cli.render import render_protocol

        render_protocol(data)
    else:
        print_json(data)


@app.command()
def schema(as_json: DataJsonOpt = False) -> None:
    """Print the JSON Schemas of the contract's requests and responses (always JSON)."""
    from catpack.domain.contract import json_schemas

    print_json(json_schemas())


@app.command("demo-tour")
def demo_tour(as_json: JsonOpt = False) -> None:
    """A short guided tour of the coach in the terminal."""
    from catpack.cli.tour import tour

    tour(as_json=as_json)


# Command groups and commands on the stored log (each in its own module).
from catpack.cli import (  # noqa: E402
    backup_cmd,
    cats,
    db_cmd,
    logbook,
    plan_cmd,
    sensor_cmd,
    serve,
    transfer,
    where,
)

app.add_typer(cats.app, name="cat")
app.add_typer(sensor_cmd.app, name="sensor")
app.add_typer(db_cmd.app, name="db")
for _module in (logbook, plan_cmd, transfer, serve, where, backup_cmd):
    app.add_typer(_module.app)

from catpack.cli import account_cmd, gear_cmd, remind_cmd  # noqa: E402

app.add_typer(account_cmd.app, name="account")

app.add_typer(gear_cmd.app, name="pack")
app.add_typer(remind_cmd.app, name="reminders")
app.add_typer(remind_cmd.trips, name="trips")
app.add_typer(gear_cmd.top)
app.add_typer(remind_cmd.top)

from catpack.cli.demo import app as demo_app  # noqa: E402

app.add_typer(demo_app)
