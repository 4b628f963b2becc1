"""``catpack backup PATH`` and ``catpack restore PATH``: the whole database, both kinds.

The work is in :mod:`catpack.services.backup`; problems are one line, exit 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from catpack.cli.output import JsonOpt, emit

app = typer.Typer()

PathArg = Annotated[Path, typer.Argument(help="The backup file.", show_default=False)]


def _held(users: int, cats: int, sessions: int) -> str:
    return f"{users} accounts, {cats} cats, {sessions} sessions"


@app.command()
def backup(path: PathArg, as_json: JsonOpt = False) -> None:
    """Copy the whole database to a new file PATH (safe while catpack serve runs)."""
    from catpack.services.backup import backup as make_backup
    from catpack.settings import load_settings

    facts = make_backup(load_settings(), path)
    emit(
        as_json,
        facts.as_dict(),
        f"backed up {facts.database} to {facts.path}: "
        f"{_held(facts.users, facts.cats, facts.sessions)} (revision {facts.revision})",
    )


@app.command()
def restore(
    path: PathArg,
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace a database that already holds data.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Put the backup PATH back as the database (stop catpack serve first)."""
    from catpack.services.backup import restore as put_back
    from catpack.settings import load_settings

    facts = put_back(load_settings(), path, replace=yes)
    then = "" if facts.up_to_date else "; run `catpack db upgrade` to bring it up to date"
    emit(
        as_json,
        facts.as_dict(),
        f"restored {facts.path} into {facts.database}: "
        f"{_held(facts.users, facts.cats, facts.sessions)} (revision {facts.revision}){then}",
    )
