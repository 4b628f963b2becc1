"""Alembic environment: runs on the connection of catpack's Database handle."""

from __future__ import annotations

from alembic import context

from catpack.store.db import Database
from catpack.store.schema import Base

database = context.config.attributes["database"]
assert isinstance(database, Database)

with database.engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=database.is_sqlite,
    )
    with context.begin_transaction():
        context.run_migrations()
