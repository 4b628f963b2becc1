"""Opening the database for an interface (CLI, web): settings → checked Database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from catpack.domain.errors import ConfigError
from catpack.settings import Settings
from catpack.store import migrate
from catpack.store.db import Database

#: Interfaces (CLI, web) take the database handle from here, not from the store.
__all__ = ["Database", "locate", "open_database", "upgrade_database"]


def open_database(settings: Settings, *, require_migrated: bool = True) -> Database:
    """A Database for ``settings``; by default refuses (ConfigError) an unmigrated one."""
    db = Database.from_settings(settings)
    if require_migrated:
        try:
            migrate.check_migrated(db)
        except BaseException:
            db.dispose()
            raise
    return db


def upgrade_database(settings: Settings) -> tuple[str, str]:
    """Run the migrations; returns (database description, revision reached)."""
    db = Database.from_settings(settings)
    try:
        if db.schema and not db.is_sqlite:
            from sqlalchemy import text
            from sqlalchemy.exc import SQLAlchemyError

            try:
                with db.engine.begin() as conn:
                    conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{db.schema}"'))
            except SQLAlchemyError as exc:
                raise migrate.cannot_open(db, exc) from None
        reached = db.describe(), migrate.upgrade(db)
        # The one local owner is made with the database: reserved before any
        # server runs, so no sign-up can take its e-mail.
        from catpack.services.users import local_actor

        local_actor(db, settings.cli_user, settings.timezone)
        return reached
    finally:
        db.dispose()


def locate(settings: Settings) -> dict[str, Any]:
    """Where this catpack keeps its data and in what state the database is.

    Creates nothing: a SQLite file that does not exist yet is reported as such.
    Problems (unreachable, unmigrated, newer) are reported in ``status``.
    """
    url = make_url(settings.resolved_database_url())
    facts: dict[str, Any] = {
        "database": url.render_as_string(hide_password=True),
        "database_from": "CATPACK_DATABASE_URL" if settings.database_url else "data folder",
        "data_dir": None,
        "data_dir_from": None,
        "revision": None,
        "up_to_date": False,
    }
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(str(url.database)).expanduser()
        facts["data_dir"] = str(path.parent)
        if not settings.database_url:
            facts["data_dir_from"] = (
                "CATPACK_DATA_DIR" if settings.data_dir else "the default for this user"
            )
        if not path.exists():
            facts["status"] = "not created yet: `catpack db upgrade` creates it"
            return facts
    try:
        db = open_database(settings)
    except ConfigError as problem:
        facts["status"] = str(problem)
        return facts
    try:
        facts.update(revision=migrate.current_revision(db), up_to_date=True, status="up to date")
    finally:
        db.dispose()
    return facts
