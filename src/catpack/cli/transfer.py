"""``catpack export`` and ``catpack import``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from catpack.cli.context import open_ctx
from catpack.cli.output import JsonOpt, emit
from catpack.domain.errors import CoachInputError
from catpack.services import transfer

app = typer.Typer()


@app.command("export")
def export(
    cat: Annotated[str, typer.Argument(help="Name or id of the cat.")],
    format: Annotated[str, typer.Option(help="json (exact) or csv (readable).")] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Same as --format json; with -o, the summary is printed as JSON."
        ),
    ] = False,
) -> None:
    """Export a cat with its log."""
    if as_json and output is None:
        format = "json"
    if format not in ("json", "csv"):
        raise CoachInputError("--format", f"{format!r} is not one of 'json', 'csv'")
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        if format == "csv":
            text = transfer.export_csv(ctx.db, ctx.actor, view.id)
        else:
            data = transfer.export_json(ctx.db, ctx.actor, view.id)
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            problem = f"cannot write {str(output)!r}: {error.strerror}"
            raise CoachInputError("--output", problem) from None
        emit(
            as_json,
            {"cat": view.id, "name": view.name, "format": format, "file": str(output)},
            f"wrote {view.name}'s {format.upper()} export to {output}",
        )


@app.command("import")
def import_(
    source: Annotated[str, typer.Argument(help="JSON file from `catpack export`, or '-'.")],
    rename: Annotated[str | None, typer.Option(help="Import under another name.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import a cat from an export (all or nothing)."""
    from catpack.cli.app import read_request

    data = read_request(source)
    with open_ctx() as ctx:
        cat_id = transfer.import_json(
            ctx.db,
            ctx.actor,
            data,
            rename=rename,
            max_sessions=ctx.settings.max_import_sessions,
            max_readings=ctx.settings.max_import_readings,
            chunk=ctx.settings.import_chunk,
        )
        view = ctx.cat(str(cat_id)) if rename is None else ctx.cat(rename)
    readings = data.get("readings") if isinstance(data, dict) else None
    carried = f" and {len(readings)} pack readings" if readings else ""
    emit(
        as_json,
        view.model_dump(mode="json"),
        f"imported {view.name} (id {view.id}) with {view.sessions} sessions{carried}",
    )
