"""Opening the database for an interface (CLI, web): settings → checked Database."""

from __future__ import annotations

from catpack.settings import Settings
from catpack.store import migrate
from catpack.store.db import Database

#: Interfaces (CLI, web) take the database handle from here, not from the store.
__all__ = ["Database", "open_database", "upgrade_database"]


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

            with db.engine.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{db.schema}"'))
        return db.describe(), migrate.upgrade(db)
    finally:
        db.dispose()
