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
#: argon2 memory of the tests' accounts, in KiB (the setting's lowest allowed value).
TEST_ARGON2_KIB = 1024
pytest_plugins = ["pytester", "tests.skip_summary"]

#: The longest test files (child servers, the browser, the wheel; measured with
#: --durations), longest first. They run before the rest so that `make test`'s
#: two processes (pytest-xdist, whole files each) both end on short files
#: instead of one waiting for the other's long file. Only the order changes.
SLOW_FIRST = (
    "tests/sensor/test_watch.py",
    "tests/cli/test_serve_startup.py",
    "tests/test_wheel.py",
    "tests/browser/",
    "tests/cli/test_backup.py",
    "tests/web/test_durability.py",
    "tests/web/test_schemathesis.py",
    "tests/web/test_access_matrix.py",
    "tests/web/test_workers.py",
    "tests/web/test_two_processes.py",
)


def _slow_rank(item: pytest.Item) -> int:
    path = item.nodeid.split("::", 1)[0]
    ranks = [i for i, prefix in enumerate(SLOW_FIRST) if path.startswith(prefix)]
    return ranks[0] if ranks else len(SLOW_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_slow_rank)  # stable: the rest keep their order


@pytest.fixture(autouse=True)
def _dispose_databases_made_by_the_test(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Close the pooled connections of every Database the test made, at its end.

    A test that reads ``app.state.db`` after its TestClient has shut the app
    down (its lifespan disposed the engine) opens a fresh pooled connection
    nobody closes; on PostgreSQL psycopg warned when it was garbage-collected,
    during whichever test ran then. Disposing leaves the engine usable."""
    made: list[Database] = []
    init = Database.__init__

    def recording(self: Database, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(Database, "__init__", recording)
    yield
    for database in made:
        database.dispose()


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


#: Empties every table (children first) and restarts every id sequence, as
#: ``TRUNCATE ... RESTART IDENTITY`` would, in one round trip. DELETE, not
#: TRUNCATE: on a test's handful of rows it takes a third of the time
#: (TRUNCATE makes new files for each table and index), once per test.
_EMPTY_POSTGRES = "; ".join(
    [f'DELETE FROM "{t.name}"' for t in reversed(Base.metadata.sorted_tables)]
    + [
        "SELECT setval(c.oid, 1, false) FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind = 'S' AND n.nspname = current_schema()"
    ]
)


def _empty_postgres(url: str, schema: str) -> None:
    db = Database(url, schema=schema)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(_EMPTY_POSTGRES)
    db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings pointing at a freshly migrated, empty database of each backend."""
    hosts = [*LOOPBACK_NAMES, "testserver"]  # TestClient's Host is "testserver"
    # Cheap password hashing (1 MiB instead of the default 64 MiB: a fifth of
    # a second of CPU per sign-up or log-in, hundreds of them in the suite).
    # The tests of the hashing cost itself set it explicitly.
    fast = {"data_dir": tmp_path, "allowed_hosts": hosts, "argon2_memory_kib": TEST_ARGON2_KIB}
    if request.param == "sqlite":
        path = tmp_path / "catpack.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return Settings(database_url=f"sqlite:///{path}", **fast)
    url, schema = request.getfixturevalue("postgres_schema")
    _empty_postgres(url, schema)
    return Settings(database_url=url, database_schema=schema, **fast)


@pytest.fixture
def db(db_settings: Settings) -> Iterator[Database]:
    database = Database.from_settings(db_settings)
    users.configure(database, db_settings)  # as the app does: the settings' hashing cost
    yield database
    database.dispose()


@pytest.fixture
def actor(db: Database) -> Actor:
    made = users.create_user(db, "ada@example.org", "Ada", "correct horse")
    return Actor(user_id=made.user.id, household_id=made.user.household_id)
