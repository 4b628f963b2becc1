"""Storage: SQLAlchemy 2 tables, the database handle and Alembic migrations.

Only :mod:`catpack.services` uses this package; the domain never does.
"""

from __future__ import annotations

from catpack.store.db import Database

__all__ = ["Database"]
