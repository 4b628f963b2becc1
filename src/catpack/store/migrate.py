"""Alembic, driven from code: ``catpack db upgrade`` and the "is it migrated?" check.

The migration scripts live in ``catpack/store/migrations``; the first one
creates every table. Nothing here reads alembic.ini: the connection comes from
the :class:`~catpack.store.db.Database`, so its settings (SQLite pragmas,
PostgreSQL schema) apply to migrations too.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import SQLAlchemyError

from catpack.domain.errors import ConfigError
from catpack.store.db import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["database"] = db
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config_without_db()).get_current_head()
    assert head is not None
    return head


def _config_without_db() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revision(db: Database) -> str | None:
    """The revision the database is at, or None for an empty database."""
    try:
        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise ConfigError(
            f"cannot open the database {db.describe()}: {getattr(exc, 'orig', None) or exc}"
        ) from None


def upgrade(db: Database, revision: str = "head") -> str:
    """Bring the database up to ``revision``; returns the revision it is at."""
    try:
        command.upgrade(_config(db), revision)
    except SQLAlchemyError as exc:
        raise ConfigError(
            f"migration failed on {db.describe()}: {getattr(exc, 'orig', None) or exc}"
        ) from None
    return current_revision(db) or "base"


def check_migrated(db: Database) -> None:
    """Raise ConfigError, with the command to run, unless the database is at head."""
    current, head = current_revision(db), head_revision()
    if current != head:
        state = "empty" if current is None else f"at revision {current}"
        raise ConfigError(
            f"the database {db.describe()} is {state}, not at {head}: "
            "run `catpack db upgrade` first"
        )
