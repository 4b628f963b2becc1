"""Shared fixtures: a migrated database on SQLite *and* on the real PostgreSQL.

``db_settings`` is parametrized over both backends. PostgreSQL runs when
``CATPACK_TEST_POSTGRES_URL`` names a server (``.ci/run`` sets it); otherwise
those cases skip with that reason. Each test run migrates its own PostgreSQL
schema (``catpack_test_<random>``), empties the tables between tests and drops
the schema at the end, so runs never collide. SQLite tests get a copy of a
file migrated once per run.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from catpack.services import users
from catpack.services.views import Actor
from catpack.settings import LOOPBACK_NAMES, Settings
from catpack.store import migrate
from catpack.store.db import Database
from catpack.store.schema import Base

PG_ENV = "CATPACK_TEST_POSTGRES_URL"
pytest_plugins = ["pytester", "tests.skip_summary"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "catpack.db"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[tuple[str, str]]:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL cases skipped")
    schema = f"catpack_test_{secrets.token_hex(4)}"
    admin = Database(url)
    with admin.engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        db = Database(url, schema=schema)
        migrate.upgrade(db)
        db.dispose()
        yield url, schema
    finally:
        with admin.engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _empty_postgres(url: str, schema: str) -> None:
    db = Database(url, schema=schema)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings pointing at a freshly migrated, empty database of each backend."""
    hosts = [*LOOPBACK_NAMES, "testserver"]  # TestClient's Host is "testserver"
    if request.param == "sqlite":
        path = tmp_path / "catpack.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return Settings(database_url=f"sqlite:///{path}", data_dir=tmp_path, allowed_hosts=hosts)
    url, schema = request.getfixturevalue("postgres_schema")
    _empty_postgres(url, schema)
    return Settings(
        database_url=url, database_schema=schema, data_dir=tmp_path, allowed_hosts=hosts
    )


@pytest.fixture
def db(db_settings: Settings) -> Iterator[Database]:
    database = Database.from_settings(db_settings)
    yield database
    database.dispose()


@pytest.fixture
def actor(db: Database) -> Actor:
    made = users.create_user(db, "ada@example.org", "Ada", "correct horse")
    return Actor(user_id=made.user.id, household_id=made.user.household_id)
