"""``catpack backup`` and ``catpack restore`` on SQLite and PostgreSQL.

The main case backs up while a ``catpack serve`` child process takes writes
through the API, restores into a database that did not exist, and finds every
session the server had acknowledged before the backup began. The others check
that nothing is lost or overwritten by mistake: each refusal is one line,
exit status 2, and leaves the data as it was.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from catpack.cli.errors import main
from catpack.domain.errors import NotFoundError
from catpack.services import cats, sessions, users
from catpack.services.setup import open_database, upgrade_database
from catpack.settings import Settings
from catpack.store import migrate
from catpack.store.db import Database
from tests.serving import Writers, server_env, serving, session_ids, sign_up
from tests.store_factories import session

needs_pg_tools = pytest.mark.skipif(
    shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
    reason="pg_dump and pg_restore are not installed: PostgreSQL backups cannot be tested",
)


def run(
    capsys: pytest.CaptureFixture[str], env: dict[str, str], *args: str
) -> tuple[int, str, str]:
    """The real ``catpack`` entry point, in this process, with exactly ``env``."""
    with pytest.MonkeyPatch.context() as mp:
        for name in [n for n in os.environ if n.startswith("CATPACK_")]:
            mp.delenv(name)
        for name, value in env.items():
            mp.setenv(name, value)
        code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(done: tuple[int, str, str], *words: str) -> str:
    code, out, err = done
    assert code == 2, (out, err)
    assert out == "" and err.startswith("catpack: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    return err


def env_of(settings: Settings) -> dict[str, str]:
    env = {"CATPACK_DATABASE_URL": settings.resolved_database_url()}
    if settings.database_schema:
        env["CATPACK_DATABASE_SCHEMA"] = settings.database_schema
    return env


@pytest.fixture
def fresh_postgres(db_settings: Settings) -> Iterator[str]:
    """The URL of a PostgreSQL database that did not exist (dropped afterwards)."""
    url = make_url(db_settings.resolved_database_url())
    name = f"catpack_restore_{secrets.token_hex(4)}"
    admin = Database(url)
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def fresh_target(request: pytest.FixtureRequest, source: Settings, tmp_path: Path) -> Settings:
    if source.database_schema:  # into another schema name: the restore renames it
        return Settings(
            database_url=request.getfixturevalue("fresh_postgres"), database_schema="restored"
        )
    return Settings(data_dir=tmp_path / "fresh folder")


@needs_pg_tools
def test_backup_while_the_server_writes_then_restore_into_a_fresh_database(
    db_settings: Settings,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
) -> None:
    backup = tmp_path / "catpack.backup"
    with serving(server_env(db_settings)) as server:
        token, cat_id = sign_up(server.base)
        writers = Writers(server.base, token, cat_id).start()
        try:
            writers.wait_for(30)
            before = set(writers.acked)
            done = run(capsys, env_of(db_settings), "backup", str(backup), "--json")
            during = len(writers.acked)
            writers.wait_for(during + 10)  # the server kept taking writes
        finally:
            writers.stop()
    assert not writers.failed, writers.failed[:3]
    assert done[0] == 0, done[2]
    made = json.loads(done[1])
    assert made["path"] == str(backup) and backup.is_file()
    assert made["sessions"] >= len(before) and made["cats"] == 1
    assert made["users"] == 2  # the local owner the server made, and the one signed up
    assert made["up_to_date"] is True

    target = fresh_target(request, db_settings, tmp_path)
    done = run(capsys, env_of(target), "restore", str(backup), "--json")
    assert done[0] == 0, done[2]
    restored = json.loads(done[1])
    assert restored["sessions"] == made["sessions"] and restored["revision"] == made["revision"]
    ids = session_ids(target)
    assert before <= ids, f"lost {len(before - ids)} acknowledged sessions"
    assert len(ids) == made["sessions"]
    open_database(target).dispose()  # migrated and usable as it is


def _with_sessions(settings: Settings, count: int, first: int = 0) -> None:
    """``count`` sessions of the cat Meister (made with its account on first use)."""
    db = Database.from_settings(settings)
    try:
        actor = users.local_actor(db, "ada@example.org")
        try:
            cat_id = cats.find_cat(db, actor, "Meister").id
        except NotFoundError:
            cat_id = cats.add_cat(db, actor, {"name": "Meister", "harness_trained": True}).id
        for day in range(first, first + count):
            sessions.log_session(db, actor, cat_id, session(day))
    finally:
        db.dispose()


def _backed_up(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str], count: int
) -> tuple[dict[str, str], Path]:
    """``count`` sessions stored, then backed up: (the CLI's environment, the backup)."""
    env = env_of(settings)
    _with_sessions(settings, count)
    backup = tmp_path / f"{count}.backup"
    assert run(capsys, env, "backup", str(backup))[0] == 0
    return env, backup


@needs_pg_tools
def test_restore_asks_before_replacing_data(
    db_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env, backup = _backed_up(db_settings, tmp_path, capsys, 2)
    _with_sessions(db_settings, 3, first=2)
    one_line(
        run(capsys, env, "restore", str(backup)), "holds 1 accounts, 1 cats, 5 sessions", "--yes"
    )
    assert len(session_ids(db_settings)) == 5  # untouched
    code, out, err = run(capsys, env, "restore", str(backup), "--yes")
    assert code == 0, err
    assert out.startswith(f"restored {backup} into ") and "2 sessions" in out
    assert len(session_ids(db_settings)) == 2
    open_database(db_settings).dispose()


def _set_revision(settings: Settings, revision: str) -> None:
    db = Database.from_settings(settings)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    db.dispose()


@needs_pg_tools
def test_restore_refuses_a_newer_schema_database(
    db_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env, backup = _backed_up(db_settings, tmp_path, capsys, 1)
    _set_revision(db_settings, "9999_from_the_future")
    try:
        one_line(
            run(capsys, env, "restore", str(backup), "--yes"),
            "is at revision 9999_from_the_future, newer than this catpack",
        )
        assert len(session_ids(db_settings)) == 1
    finally:  # the PostgreSQL schema is shared by the run's tests
        _set_revision(db_settings, migrate.head_revision())


def test_restore_refuses_a_backup_from_a_newer_catpack(
    tmp_path: Path, sqlite_template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "future.db"
    shutil.copy(sqlite_template, backup)
    with sqlite3.connect(backup) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    env = {"CATPACK_DATA_DIR": str(tmp_path / "data")}
    one_line(run(capsys, env, "restore", str(backup)), "revision 9999_future", "newer")
    assert not (tmp_path / "data").exists()


def test_restore_checks_it_is_a_catpack_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"CATPACK_DATA_DIR": str(tmp_path / "data")}
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")
    one_line(run(capsys, env, "restore", str(notes)), "is not a catpack backup")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (id INTEGER)")
    conn.close()
    one_line(
        run(capsys, env, "restore", str(other)), "is not a catpack backup", "no catpack tables"
    )
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("backup", "{tmp}/no such folder/x.bak"), "does not exist: create it first"),
        (("backup", "{tmp}/taken.bak"), "already exists: choose a new name"),
        (("backup", "{tmp}"), "is a folder"),
        (("restore", "{tmp}/missing.bak"), "does not exist"),
        (("restore", "{tmp}"), "is not a file"),
        (("backup", "/proc/x.bak"), "cannot write to the folder /proc"),
    ],
)
def test_bad_paths_are_one_line(
    args: tuple[str, str],
    words: str,
    tmp_path: Path,
    sqlite_template: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(sqlite_template, data / "catpack.db")
    (tmp_path / "taken.bak").write_text("keep me")
    env = {"CATPACK_DATA_DIR": str(data)}
    one_line(run(capsys, env, args[0], args[1].format(tmp=tmp_path), "--json"), words)
    assert (tmp_path / "taken.bak").read_text() == "keep me"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_backup_of_no_database_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {"CATPACK_DATA_DIR": str(tmp_path / "empty")}
    one_line(
        run(capsys, env, "backup", str(tmp_path / "x.bak")), "no database at", "nothing to back up"
    )


@pytest.fixture
def pg_settings(postgres_schema: tuple[str, str]) -> Settings:
    """The run's PostgreSQL schema (these tests only read it)."""
    url, schema = postgres_schema
    return Settings(database_url=url, database_schema=schema)


@pytest.mark.postgres
def test_a_sqlite_backup_is_not_restored_into_postgres(
    pg_settings: Settings, sqlite_template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one_line(
        run(capsys, env_of(pg_settings), "restore", str(sqlite_template)),
        "is a SQLite backup and the database is PostgreSQL",
        "catpack export",
    )


@pytest.mark.postgres
def test_postgres_without_its_tools_is_one_line(
    pg_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PATH", str(empty))
        one_line(
            run(capsys, env_of(pg_settings), "backup", str(tmp_path / "x.dump")),
            "pg_dump is not installed",
            "postgresql-client",
        )
    assert not (tmp_path / "x.dump").exists()


@needs_pg_tools
@pytest.mark.postgres
@pytest.mark.parametrize("db_settings", ["postgres"], indirect=True)
def test_postgres_default_schema_round_trip(
    fresh_postgres: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No CATPACK_DATABASE_SCHEMA: catpack's tables are in public, and so is the backup."""
    settings = Settings(database_url=fresh_postgres)
    upgrade_database(settings)
    env, backup = _backed_up(settings, tmp_path, capsys, 2)
    _with_sessions(settings, 1, first=2)
    code, out, err = run(capsys, env, "restore", str(backup), "--yes", "--json")
    assert code == 0, err
    assert json.loads(out)["sessions"] == 2 and len(session_ids(settings)) == 2
    open_database(settings).dispose()


def test_a_new_database_is_replaced_without_asking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`catpack db upgrade` makes the machine's local owner: that is not data to keep."""
    source = Settings(data_dir=tmp_path / "old")
    upgrade_database(source)
    _, backup = _backed_up(source, tmp_path, capsys, 2)
    target = Settings(data_dir=tmp_path / "new")
    upgrade_database(target)
    code, out, err = run(capsys, env_of(target), "restore", str(backup))
    assert code == 0, err
    assert "2 sessions" in out and len(session_ids(target)) == 2
