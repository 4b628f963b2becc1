"""``catpack where``: the data folder and database this catpack uses, and their state.

The server and the CLI see the same cats only when both run with the same
``CATPACK_DATA_DIR`` (or ``CATPACK_DATABASE_URL``); this is how to check.
"""

from __future__ import annotations

import typer

from catpack.cli.output import JsonOpt, print_json

app = typer.Typer()

SHARE = (
    "The server and the CLI see the same cats only when both run with the same "
    "CATPACK_DATA_DIR (or CATPACK_DATABASE_URL)."
)


@app.command()
def where(as_json: JsonOpt = False) -> None:
    """Say which data folder and database catpack uses here, and whether it is ready."""
    from catpack import __version__
    from catpack.services.setup import locate
    from catpack.settings import load_settings

    settings = load_settings()
    facts = {
        "version": __version__,
        **locate(settings),
        "server": f"http://{settings.host}:{settings.port}/",
        "cli_user": settings.cli_user,
        "cli_user_login": None,
    }
    if facts.get("up_to_date"):
        from catpack.services.local_login import login_email
        from catpack.services.setup import open_database

        db = open_database(settings)
        try:
            facts["cli_user_login"] = login_email(db, settings.cli_user)
        finally:
            db.dispose()
    if as_json:
        print_json(facts)
        return
    lines = [f"catpack {__version__}"]
    if facts["data_dir"] is not None:
        source = facts["data_dir_from"] or "the folder of CATPACK_DATABASE_URL"
        lines.append(f"data folder  {facts['data_dir']}  ({source})")
    revision = f" (revision {facts['revision']})" if facts["revision"] else ""
    lines.append(f"database     {facts['database']}")
    lines.append(f"  state      {facts['status']}{revision}")
    lines.append(f"server       {facts['server']}  (CATPACK_HOST and CATPACK_PORT)")
    lines.append(f"CLI acts as  {settings.cli_user}  (CATPACK_CLI_USER)")
    if facts["cli_user_login"]:
        lines.append(f"  log-in     {facts['cli_user_login']}  (for CATPACK_AUTH=accounts)")
    elif facts.get("up_to_date"):
        lines.append("  log-in     none yet: `catpack account set-login` gives one")
    lines.append(SHARE)
    typer.echo("\n".join(lines))
