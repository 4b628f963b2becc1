"""The first migration creates exactly the tables the models describe; the app
refuses an unmigrated database; SQLite runs with WAL and foreign keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from catpack.domain.errors import ConfigError
from catpack.services.setup import open_database, upgrade_database
from catpack.settings import Settings
from catpack.store import migrate
from catpack.store.db import Database
from catpack.store.schema import Base


def test_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    assert migrate.current_revision(db) == migrate.head_revision()


def test_unmigrated_database_is_refused_with_the_command_to_run(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'new.db'}")
    with pytest.raises(ConfigError, match=r"empty.*catpack db upgrade"):
        open_database(settings)
    where, revision = upgrade_database(settings)
    assert revision == migrate.head_revision()
    assert "new.db" in where
    open_database(settings).dispose()


def test_default_database_lives_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path / 'data' / 'catpack.db'}"
    upgrade_database(settings)
    assert (tmp_path / "data" / "catpack.db").is_file()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.db'}")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


@pytest.mark.parametrize(
    ("url", "message"),
    [("mysql://x@y/z", "not supported"), ("not a url", "not a database URL")],
)
def test_bad_database_url_is_a_config_error(url: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Database(url)


def test_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    from alembic import command

    db = Database(f"sqlite:///{tmp_path / 'd.db'}")
    migrate.upgrade(db)
    command.downgrade(migrate._config(db), "base")
    assert migrate.current_revision(db) is None
    with db.engine.connect() as conn:
        tables = conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).all()
    assert [t[0] for t in tables if not t[0].startswith("sqlite_")] == ["alembic_version"]
    assert migrate.upgrade(db) == migrate.head_revision()
    db.dispose()


@pytest.mark.postgres
def test_upgrade_creates_the_configured_postgres_schema() -> None:
    import os
    import secrets

    url = os.environ.get("CATPACK_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("CATPACK_TEST_POSTGRES_URL is not set: PostgreSQL cases skipped")
    schema = f"catpack_up_{secrets.token_hex(3)}"
    settings = Settings(database_url=url, database_schema=schema)
    try:
        upgrade_database(settings)
        db = open_database(settings)
        with db.engine.connect() as conn:
            found = conn.execute(
                text("SELECT count(*) FROM information_schema.tables WHERE table_schema = :s"),
                {"s": schema},
            ).scalar()
        db.dispose()
        assert found == len(Base.metadata.tables) + 1  # + alembic_version
    finally:
        admin = Database(url)
        with admin.engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def test_0005_accounts_keeps_the_local_owner_and_gives_old_tokens_an_end(db: Database) -> None:
    """Upgrading a 0004 database (both backends): the account without a
    password (the one the CLI made) becomes the reserved local owner, a
    signed-up one does not, and tokens that never expired get 90 days."""
    from datetime import UTC, datetime, timedelta

    from alembic import command

    command.downgrade(migrate._config(db), "0004_gear")
    try:
        with db.engine.begin() as conn:
            now = datetime.now(UTC).replace(tzinfo=None) if db.is_sqlite else datetime.now(UTC)
            conn.execute(
                text(
                    "INSERT INTO households (id, name, units, created_at)"
                    " VALUES (1, 'h', 'metric', :n)"
                ),
                {"n": now},
            )
            conn.execute(
                text(
                    "INSERT INTO users (id, household_id, email, name, password_hash, created_at)"
                    " VALUES (1, 1, 'owner@localhost', 'owner', NULL, :n),"
                    " (2, 1, 'ada@example.org', 'Ada', 'x', :n)"
                ),
                {"n": now},
            )
            conn.execute(
                text(
                    "INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (2, 'abc', :n)"
                ),
                {"n": now},
            )
    finally:
        migrate.upgrade(db)
    with db.engine.connect() as conn:
        owners = conn.execute(text("SELECT id, local_owner, role FROM users ORDER BY id")).all()
        expires = conn.execute(text("SELECT expires_at FROM api_tokens")).scalar_one()
    assert [(r[0], bool(r[1]), r[2]) for r in owners] == [(1, True, "owner"), (2, False, "owner")]
    if isinstance(expires, str):
        expires = datetime.fromisoformat(expires)
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    assert timedelta(days=89) < expires - datetime.now(UTC) <= timedelta(days=90)


def test_0007_readings_per_cat_and_back(db: Database) -> None:
    """From 0007 one sensor's reading at one instant may be stored once per cat
    (a cat copied by export and import keeps its own); going back to 0006
    keeps the first cat's copy only, and up again works (both backends)."""
    from datetime import timedelta

    from alembic import command

    from catpack.services import cats, readings, transfer, users
    from catpack.services.pack_views import ReadingsIn
    from catpack.services.views import Actor
    from tests.store_factories import START, cat

    made = users.create_user(db, "ada@example.org", "Ada", "correct horse")
    actor = Actor(user_id=made.user.id, household_id=made.user.household_id)
    first = cats.add_cat(db, actor, cat()).id
    raw = {"sensor": "A4:C1:38:8D:18:B2", "readings": [{"at": START.isoformat(), "temp_c": 24}]}
    readings.post_readings(db, actor, first, ReadingsIn.model_validate(raw), START)
    data = transfer.export_json(db, actor, first)
    second = transfer.import_json(db, actor, data, rename="Copy")
    count = "SELECT cat_id FROM readings ORDER BY id"
    with db.engine.connect() as conn:
        assert [r[0] for r in conn.execute(text(count))] == [first, second]
    command.downgrade(migrate._config(db), "0006_client_id")
    try:
        with db.engine.connect() as conn:
            assert [r[0] for r in conn.execute(text(count))] == [first]
    finally:
        migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()
    later = START + timedelta(seconds=30)
    again = {**raw, "readings": [{"at": later.isoformat(), "temp_c": 25}]}
    for cat_id in (first, second):
        posted = readings.post_readings(db, actor, cat_id, ReadingsIn.model_validate(again), later)
        assert posted.accepted == 1


def test_0008_local_email_keeps_what_refers_to_an_account(db: Database) -> None:
    """Adding users.local_email (and taking it away) copies no table: on SQLite
    a copied users table, once the old one was dropped, took every token and
    log-in with it (their foreign keys cascade), on both backends."""
    from alembic import command

    from catpack.services import users
    from catpack.services.views import Actor

    made = users.create_user(db, "ada@example.org", "Ada", "correct horse")
    users.start_login(db, Actor(user_id=made.user.id, household_id=made.user.household_id), 1)
    counts = "SELECT (SELECT count(*) FROM api_tokens), (SELECT count(*) FROM login_sessions)"

    def kept() -> tuple[int, int]:
        with db.engine.connect() as conn:
            row = conn.execute(text(counts)).one()
        return int(row[0]), int(row[1])

    command.downgrade(migrate._config(db), "0007_readings_per_cat")
    try:
        assert kept() == (1, 1)
    finally:
        migrate.upgrade(db)
    assert kept() == (1, 1)
