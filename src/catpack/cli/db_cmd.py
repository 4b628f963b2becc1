"""``catpack db``: create or upgrade the database schema."""

from __future__ import annotations

import typer

app = typer.Typer(help="The database: create or upgrade its schema.", no_args_is_help=True)


@app.command()
def upgrade() -> None:
    """Create the tables, or bring an older database up to date."""
    from catpack.services.setup import upgrade_database
    from catpack.settings import load_settings

    where, revision = upgrade_database(load_settings())
    typer.echo(f"database {where} is at revision {revision}")


@app.command()
def status() -> None:
    """Say where the database is and whether it is up to date."""
    from catpack.services.setup import open_database
    from catpack.settings import load_settings

    db = open_database(load_settings())
    typer.echo(f"database {db.describe()} is up to date")
    db.dispose()
