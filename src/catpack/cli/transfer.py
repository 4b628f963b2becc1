"""``catpack export`` and ``catpack import``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from catpack.cli.context import open_ctx
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
) -> None:
    """Export a cat with its log."""
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
        typer.echo(f"wrote {output}")


@app.command("import")
def import_(
    source: Annotated[str, typer.Argument(help="JSON file from `catpack export`, or '-'.")],
    rename: Annotated[str | None, typer.Option(help="Import under another name.")] = None,
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
            chunk=ctx.settings.import_chunk,
        )
        view = ctx.cat(str(cat_id)) if rename is None else ctx.cat(rename)
    typer.echo(f"imported {view.name} (id {view.id}) with {view.sessions} sessions")
