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
    head = _scripts().get_current_head()
    assert head is not None
    return head


def _scripts() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def known_revision(revision: str) -> bool:
    """Whether this catpack's migrations include ``revision``."""
    return any(script.revision == revision for script in _scripts().walk_revisions())


def _reason(exc: BaseException) -> str:
    """The first line of the driver's message (psycopg's run over several lines)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


def cannot_open(db: Database, exc: BaseException) -> ConfigError:
    """A one-line ConfigError for a database that cannot be reached or opened."""
    reason = _reason(exc)
    hint = (
        "check CATPACK_DATA_DIR or CATPACK_DATABASE_URL"
        if db.is_sqlite
        else "is the PostgreSQL server running and CATPACK_DATABASE_URL right?"
    )
    return ConfigError(f"cannot open the database {db.describe()} ({reason}): {hint}")


def current_revision(db: Database) -> str | None:
    """The revision the database is at, or None for an empty database."""
    try:
        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise cannot_open(db, exc) from None


def _refuse_newer(db: Database, current: str | None) -> None:
    if current is not None and not known_revision(current):
        from catpack import __version__

        raise ConfigError(
            f"the database {db.describe()} is at revision {current}, newer than this "
            f"catpack {__version__} knows (its newest is {head_revision()}): install the "
            "newer catpack that wrote it, or point CATPACK_DATA_DIR or CATPACK_DATABASE_URL "
            "at another database"
        )


def upgrade(db: Database, revision: str = "head") -> str:
    """Bring the database up to ``revision``; returns the revision it is at."""
    _refuse_newer(db, current_revision(db))
    try:
        command.upgrade(_config(db), revision)
    except SQLAlchemyError as exc:
        raise ConfigError(f"migration failed on {db.describe()} ({_reason(exc)})") from None
    return current_revision(db) or "base"


def check_migrated(db: Database) -> None:
    """Raise ConfigError, with what to do, unless the database is at this catpack's head."""
    current, head = current_revision(db), head_revision()
    if current == head:
        return
    _refuse_newer(db, current)
    state = "empty" if current is None else f"at revision {current}"
    raise ConfigError(
        f"the database {db.describe()} is {state}, not at {head}: run `catpack db upgrade` first"
    )
