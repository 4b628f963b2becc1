"""``catpack db``: create or upgrade the database schema."""

from __future__ import annotations

import typer

from catpack.cli.output import JsonOpt, emit

app = typer.Typer(help="The database: create or upgrade its schema.", no_args_is_help=True)


@app.command()
def upgrade(as_json: JsonOpt = False) -> None:
    """Create the tables, or bring an older database up to date."""
    from catpack.services.setup import upgrade_database
    from catpack.settings import load_settings

    where, revision = upgrade_database(load_settings())
    emit(
        as_json,
        {"database": where, "revision": revision},
        f"database {where} is at revision {revision}",
    )


@app.command()
def status(as_json: JsonOpt = False) -> None:
    """Say where the database is and whether it is up to date (exit 2 if it is not)."""
    from catpack.services.setup import open_database
    from catpack.settings import load_settings

    db = open_database(load_settings())
    where = db.describe()
    db.dispose()
    emit(as_json, {"database": where, "up_to_date": True}, f"database {where} is up to date")
