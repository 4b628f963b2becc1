"""``catpack backup`` and ``catpack restore``: the whole database to one file and back.

SQLite: SQLite's online backup API (``sqlite3.Connection.backup``) copies the
database in one step while the app keeps running: the copy is one read
transaction, and in WAL mode readers never block writers, so the server's
writes go on and the copy is a consistent snapshot. Restoring goes the same
way in reverse, into the configured file (one write transaction: other
connections see the old database or the new one, never half of each).

PostgreSQL: ``pg_dump`` (custom format, catpack's schema only, no owners or
grants) and ``pg_restore`` in one transaction. The schema being replaced is
first renamed aside and dropped only once the restore succeeded, so a failed
restore puts it back untouched.

Both refuse what would lose data: a backup never overwrites a file; a restore
replaces a database that holds anything only with ``replace=True`` (``--yes``),
refuses a database at a schema newer than this catpack knows, and checks the
file is a catpack backup at a revision this catpack knows before touching
anything. Problems are :class:`ConfigError` with one line saying what to do.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from catpack.domain.errors import ConfigError
from catpack.settings import Settings
from catpack.store import migrate
from catpack.store.db import Database, check_data_folder

Kind = Literal["sqlite", "postgresql"]
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
#: The tables counted in reports; a catpack backup has all of them.
COUNTED = ("users", "cats", "sessions")
REQUIRED = ("alembic_version", *COUNTED)
_WORDS = {"users": "accounts"}
#: Accounts people made (with a password), as opposed to the machine's local owner.
_SIGNED_UP = "SELECT count(*) FROM users WHERE password_hash IS NOT NULL"
PG_TOOLS_HINT = (
    "install PostgreSQL's client tools (Debian and Ubuntu: apt install postgresql-client), "
    "the same major version as the server or newer"
)


@dataclass(frozen=True)
class Facts:
    """What a backup holds, or what a restore put back."""

    path: str
    database: str
    kind: Kind
    revision: str
    users: int
    cats: int
    sessions: int
    up_to_date: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _kind_of(settings: Settings) -> tuple[Kind, URL]:
    url = make_url(settings.resolved_database_url())
    return ("sqlite" if url.get_backend_name() == "sqlite" else "postgresql"), url


def _describe(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _reason(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


def _check_revision(revision: str | None, where: str, what: str) -> str:
    """``revision`` if this catpack knows it; ConfigError naming ``where`` if not."""
    if revision is None:
        raise ConfigError(f"{where} is not a catpack {what}: it has no catpack tables")
    if not migrate.known_revision(revision):
        from catpack import __version__

        raise ConfigError(
            f"{where} is at revision {revision}, newer than this catpack {__version__} knows "
            f"(its newest is {migrate.head_revision()}): use the newer catpack that wrote it"
        )
    return revision


# -- the backup file ---------------------------------------------------------------


def _new_file(path: Path) -> Path:
    """A checked place for a new backup file: the folder exists, the name is free."""
    path = path.expanduser()
    if path.is_dir():
        raise ConfigError(
            f"{path} is a folder: give the backup file's name, e.g. {path}/catpack.bak"
        )
    if path.exists() or path.is_symlink():
        raise ConfigError(f"{path} already exists: choose a new name (a backup never overwrites)")
    if not path.parent.is_dir():
        raise ConfigError(f"the folder {path.parent} does not exist: create it first")
    try:
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError as exc:
        raise ConfigError(
            f"cannot write to the folder {path.parent} ({exc.strerror}): choose another place"
        ) from None
    return path


def _finish(partial: Path, path: Path) -> None:
    """Give the finished ``partial`` file its name, never replacing another file."""
    try:
        os.link(partial, path)
    except FileExistsError:
        raise ConfigError(f"{path} appeared meanwhile: choose a new name") from None
    finally:
        partial.unlink(missing_ok=True)


def _backup_file(path: Path) -> tuple[Path, Kind]:
    """An existing, readable backup file and which database it is for."""
    path = path.expanduser()
    if not path.exists():
        raise ConfigError(f"{path} does not exist: give the path of a backup file")
    if not path.is_file():
        raise ConfigError(f"{path} is not a file: give the path of a backup file")
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise ConfigError(f"cannot read {path} ({exc.strerror})") from None
    if head.startswith(SQLITE_MAGIC):
        return path, "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return path, "postgresql"
    raise ConfigError(
        f"{path} is not a catpack backup (neither a SQLite database nor a PostgreSQL dump)"
    )


# -- SQLite --------------------------------------------------------------------------


def _sqlite_path(url: URL) -> Path:
    if url.database in (None, "", ":memory:"):
        raise ConfigError("an in-memory SQLite database cannot be backed up or restored")
    return Path(str(url.database)).expanduser()


def _sqlite_facts(conn: sqlite3.Connection) -> tuple[str | None, dict[str, int]]:
    """(revision, row counts) of a SQLite database; (None, {}) if it is not catpack's."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not set(REQUIRED) <= names:
        return None, {}
    found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    counts = {
        name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in COUNTED
    }
    return (found[0] if found else None), counts


@contextmanager
def _sqlite(
    path: Path, *, read_only: bool = False, timeout_s: float = 5.0
) -> Iterator[sqlite3.Connection]:
    uri = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    try:
        with closing(sqlite3.connect(uri, uri=read_only, timeout=timeout_s)) as conn:
            yield conn
    except sqlite3.DatabaseError as exc:
        raise ConfigError(f"cannot use {path} as a SQLite database ({_reason(exc)})") from None


def _backup_sqlite(settings: Settings, url: URL, path: Path) -> Facts:
    source = _sqlite_path(url)
    if not source.exists():
        raise ConfigError(f"there is no database at {source} yet: nothing to back up")
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    timeout = settings.sqlite_busy_timeout_ms / 1000
    try:
        with _sqlite(source, timeout_s=timeout) as src, _sqlite(partial) as dst:
            src.backup(dst)  # all pages in one step: one consistent read transaction
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            revision, counts = _sqlite_facts(dst)
            ok = dst.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise ConfigError(f"the copy of {source} failed its check ({ok}): nothing was written")
        revision = _check_revision(revision, f"the database {source}", "database")
        _finish(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Facts(
        str(path), _describe(url), "sqlite", revision, **counts, up_to_date=_at_head(revision)
    )


def _sqlite_backup_facts(path: Path) -> tuple[str, dict[str, int]]:
    with _sqlite(path, read_only=True) as conn:
        revision, counts = _sqlite_facts(conn)
    return _check_revision(revision, str(path), "backup"), counts


def _restore_sqlite(settings: Settings, url: URL, path: Path, replace: bool) -> Facts:
    revision, counts = _sqlite_backup_facts(path)
    target = _sqlite_path(url)
    timeout = settings.sqlite_busy_timeout_ms / 1000
    if target.exists():
        with _sqlite(target, timeout_s=timeout) as conn:
            current, held = _sqlite_facts(conn)
            if current is not None:
                held["signed_up"] = int(conn.execute(_SIGNED_UP).fetchone()[0])
        _refuse_loss(f"the database {target}", current, held, replace)
    check_data_folder(target)
    with _sqlite(path, read_only=True) as src, _sqlite(target, timeout_s=timeout) as dst:
        src.backup(dst)  # one write transaction on the target
        dst.execute("PRAGMA journal_mode=WAL")  # as catpack runs it
        restored, now = _sqlite_facts(dst)
    return _restored(path, url, "sqlite", revision, counts, restored, now)


# -- PostgreSQL ----------------------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ConfigError(
            f"{name} is not installed, and a PostgreSQL database needs it: {PG_TOOLS_HINT}"
        )
    return found


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump/pg_restore (no driver, no password) and its environment."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str], what: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
        reason = lines[0].strip() if lines else f"exit status {done.returncode}"
        raise ConfigError(f"{what} failed: {reason}")
    return done.stdout


def _schema(settings: Settings) -> str:
    return settings.database_schema or "public"


_COPY = re.compile(r'^COPY "?([^" .]+)"?\."?([^" .]+)"? ')


@dataclass(frozen=True)
class _Dump:
    schema: str
    #: Whether restoring it creates its schema (pg_dump may leave public to initdb).
    creates_schema: bool
    revision: str
    counts: dict[str, int]


def _dump_facts(path: Path) -> _Dump:
    """What a pg_dump file holds, read with pg_restore."""
    restore = _tool("pg_restore")
    env = dict(os.environ)
    listing = _run([restore, "--list", str(path)], env, f"reading {path}")
    tables: dict[str, str] = {}
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) >= 6 and parts[3:4] == ["TABLE"] and parts[4] != "DATA":
            tables[parts[5]] = parts[4]
    if not set(REQUIRED) <= tables.keys():
        raise ConfigError(f"{path} is not a catpack backup: it has no catpack tables")
    schema = tables["alembic_version"]
    creates = any(line.split()[3:6] == ["SCHEMA", "-", schema] for line in listing.splitlines())
    args = [restore, "--data-only", "--file=-"]
    args += [f"--table={name}" for name in REQUIRED]
    data = _run([*args, str(path)], env, f"reading {path}")
    counts = dict.fromkeys(COUNTED, 0)
    revision: str | None = None
    table: str | None = None
    for line in data.splitlines():
        if table is None:
            match = _COPY.match(line)
            table = match.group(2) if match else None
        elif line == "\\.":
            table = None
        elif table == "alembic_version":
            revision = line.strip()
        elif table in counts:
            counts[table] += 1
    return _Dump(schema, creates, _check_revision(revision, str(path), "backup"), counts)


def _pg_target(settings: Settings, *, signed_up: bool = False) -> tuple[str | None, dict[str, int]]:
    """(revision, counts) of the configured PostgreSQL schema; (None, {}) if it has none."""
    db = Database.from_settings(settings)
    try:
        revision = migrate.current_revision(db)
        if revision is None:
            return None, {}
        with db.engine.connect() as conn:
            counts = {
                n: int(conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one())
                for n in COUNTED
            }
            if signed_up:
                counts["signed_up"] = int(conn.execute(text(_SIGNED_UP)).scalar_one())
        return revision, counts
    except SQLAlchemyError as exc:
        raise migrate.cannot_open(db, exc) from None
    finally:
        db.dispose()


def _backup_postgres(settings: Settings, url: URL, path: Path) -> Facts:
    dump = _tool("pg_dump")
    _tool("pg_restore")  # to check the dump, and to ever restore it
    revision, _ = _pg_target(settings)
    _check_revision(revision, f"the database {_describe(url)}", "database")
    conninfo, env = _libpq(url)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    try:
        args = [dump, "--format=custom", "--no-owner", "--no-privileges"]
        args += [f"--schema={_schema(settings)}", f"--file={partial}", f"--dbname={conninfo}"]
        _run(args, env, "pg_dump")
        made = _dump_facts(partial)
        revision, counts = made.revision, made.counts
        _finish(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Facts(
        str(path), _describe(url), "postgresql", revision, **counts, up_to_date=_at_head(revision)
    )


def _restore_postgres(settings: Settings, url: URL, path: Path, replace: bool) -> Facts:
    restore = _tool("pg_restore")
    dump = _dump_facts(path)
    source_schema = dump.schema
    current, held = _pg_target(settings, signed_up=True)
    _refuse_loss(f"the database {_describe(url)}", current, held, replace)
    target = _schema(settings)
    admin = Database(url)
    aside = f"catpack_replaced_{secrets.token_hex(4)}"
    try:
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            present = set(conn.execute(text("SELECT nspname FROM pg_namespace")).scalars())
            if source_schema != target and source_schema in present:
                raise ConfigError(
                    f"{path} holds the schema {source_schema!r}, which this database already "
                    f"has: restore into another database, or drop that schema first"
                )
            moved = target in present
            if moved:
                conn.execute(text(f'ALTER SCHEMA "{target}" RENAME TO "{aside}"'))
            if not dump.creates_schema:  # older pg_dump leaves public to initdb
                conn.execute(text(f'CREATE SCHEMA "{source_schema}"'))
            conninfo, env = _libpq(url)
            args = [restore, "--single-transaction", "--exit-on-error", "--no-owner"]
            args += ["--no-privileges", f"--dbname={conninfo}", str(path)]
            try:
                _run(args, env, "pg_restore")
            except ConfigError:
                if not dump.creates_schema:
                    conn.execute(text(f'DROP SCHEMA IF EXISTS "{source_schema}" CASCADE'))
                if moved:
                    conn.execute(text(f'ALTER SCHEMA "{aside}" RENAME TO "{target}"'))
                raise
            if source_schema != target:
                conn.execute(text(f'ALTER SCHEMA "{source_schema}" RENAME TO "{target}"'))
            if moved:
                conn.execute(text(f'DROP SCHEMA "{aside}" CASCADE'))
    except SQLAlchemyError as exc:
        raise ConfigError(f"cannot restore into {_describe(url)} ({_reason(exc)})") from None
    finally:
        admin.dispose()
    restored, now = _pg_target(settings)
    return _restored(path, url, "postgresql", dump.revision, dump.counts, restored, now)


# -- shared --------------------------------------------------------------------------


def _at_head(revision: str) -> bool:
    return revision == migrate.head_revision()


def _refuse_loss(where: str, current: str | None, held: dict[str, int], replace: bool) -> None:
    """Refuse to replace a newer-schema database, or one holding data without ``replace``."""
    if current is not None:
        _check_revision(current, where, "database")
    # The local owner catpack makes with the database (no password) is not data;
    # a signed-up account, a cat or a session is.
    signed_up = held.pop("signed_up", 0)
    if not replace and (signed_up or held.get("cats") or held.get("sessions")):
        parts = ", ".join(f"{n} {_WORDS.get(name, name)}" for name, n in held.items())
        raise ConfigError(f"{where} holds {parts}: add --yes to replace them with the backup")


def _restored(
    path: Path,
    url: URL,
    kind: Kind,
    revision: str,
    counts: dict[str, int],
    restored: str | None,
    now: dict[str, int],
) -> Facts:
    if restored != revision or now != counts:
        raise ConfigError(
            f"the restored database {_describe(url)} does not match {path} "
            f"(revision {restored}, {now}): restore it again"
        )
    return Facts(str(path), _describe(url), kind, revision, **counts, up_to_date=_at_head(revision))


def backup(settings: Settings, path: Path) -> Facts:
    """Copy the configured database to the new file ``path``, while the app runs."""
    kind, url = _kind_of(settings)
    path = _new_file(path)
    if kind == "sqlite":
        return _backup_sqlite(settings, url, path)
    return _backup_postgres(settings, url, path)


def restore(settings: Settings, path: Path, *, replace: bool = False) -> Facts:
    """Put the backup ``path`` back as the configured database (stop the app first)."""
    kind, url = _kind_of(settings)
    path, made_by = _backup_file(path)
    if made_by != kind:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise ConfigError(
            f"{path} is a {names[made_by]} backup and the database is {names[kind]}: "
            "move data between the two with `catpack export` and `catpack import`"
        )
    if kind == "sqlite":
        return _restore_sqlite(settings, url, path, replace)
    return _restore_postgres(settings, url, path, replace)
