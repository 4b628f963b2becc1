"""The database handle: one engine, read and write transactions, one code path.

SQLite (the default) and PostgreSQL (psycopg 3) go through the same code; the
differences are confined to :meth:`Database._configure_sqlite`:

* WAL journal (readers never block the writer), foreign keys on,
  ``synchronous=NORMAL`` (safe with WAL; a power cut may lose the last commits,
  never corrupt the file — https://www.sqlite.org/pragma.html#pragma_synchronous);
* write transactions start with ``BEGIN IMMEDIATE`` so a writer takes the lock
  up front instead of failing on a read-to-write upgrade;
* writers inside one process queue on a :class:`threading.Lock` before they
  touch SQLite. SQLite admits one writer at a time anyway; its own busy
  handler makes waiting writers sleep and poll, which is what turned a bare
  insert endpoint's p99 into hundreds of milliseconds under load. A plain lock
  hands the turn over as soon as the previous commit ends. ``busy_timeout``
  still covers writers in other processes (the CLI next to the server).
"""

from __future__ import annotations

import errno
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, Executable, Insert, Select, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    MultipleResultsFound,
    NoResultFound,
    NoSuchModuleError,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement

from catpack.domain.errors import ConfigError
from catpack.settings import Settings

_WRITE = "catpack_write"
CONNECT_TIMEOUT_S = 10
POSTGRES_DRIVER_MISSING = (
    "CATPACK_DATABASE_URL names a PostgreSQL database, but its driver (psycopg) is not "
    "installed: install catpack with the postgres extra (pip install 'catpack[postgres]'; "
    "in a checkout, .venv/bin/pip install -e '.[postgres]')"
)
_FOLDER_HINT = "set CATPACK_DATA_DIR to a folder you can write to, or fix its permissions"


def check_data_folder(db_file: Path) -> None:
    """Create the SQLite file's folder if needed and make sure catpack can write
    there (SQLite also writes its -wal and -shm files beside the database).

    Raises ConfigError naming the folder and what to do.
    """
    folder = db_file.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"cannot create the data folder {folder} ({exc.strerror}): {_FOLDER_HINT}"
        ) from None
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
        if db_file.exists() and not os.access(db_file, os.W_OK):
            raise PermissionError(errno.EACCES, "the database file is read-only")
    except OSError as exc:
        raise ConfigError(
            f"cannot write to the data folder {folder} ({exc.strerror}): {_FOLDER_HINT}"
        ) from None


_TRANSACTIONAL = "catpack_transactional"


class Database:
    """A connection pool plus read/write transaction helpers.

    Use ``with db.read() as s:`` for queries and ``with db.write() as s:`` for
    changes (commit on success, rollback on any exception). Only services call
    these; each service call is one transaction.
    """

    def __init__(
        self,
        url: str | URL,
        *,
        schema: str | None = None,
        pool_size: int = 20,
        busy_timeout_ms: int = 5000,
        echo: bool = False,
    ) -> None:
        try:
            self.url = make_url(url)
        except ArgumentError as exc:
            raise ConfigError(f"CATPACK_DATABASE_URL: not a database URL ({exc})") from None
        backend = self.url.get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            raise ConfigError(
                f"CATPACK_DATABASE_URL: {backend!r} is not supported (use sqlite or postgresql)"
            )
        self.is_sqlite = backend == "sqlite"
        if backend == "postgresql" and self.url.drivername == "postgresql":
            self.url = self.url.set(drivername="postgresql+psycopg")
        self.schema = schema
        connect_args: dict[str, Any] = {}
        kwargs: dict[str, Any] = {"echo": echo, "pool_pre_ping": False}
        if self.is_sqlite:
            if self.url.database and self.url.database != ":memory:":
                check_data_folder(Path(self.url.database).expanduser())
            connect_args["check_same_thread"] = False
            connect_args["timeout"] = busy_timeout_ms / 1000
        else:
            if schema:
                connect_args["options"] = f"-csearch_path={schema}"
            if "connect_timeout" not in self.url.query:
                # An unreachable server fails in seconds instead of hanging.
                connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        # Every connection opened is kept, up to ``pool_size``, and no more are
        # opened: a request beyond that waits for one. Connections opened past
        # the pool ("overflow") are closed as soon as they are given back while
        # the pool is full, so a load a little above the pool's size opened a
        # new connection every few requests (on PostgreSQL a new server process;
        # bench/api.py's pages: 329 new connections in 12 s with 10 kept and 10
        # more allowed, 35 with 20 kept).
        kwargs.update(pool_size=pool_size, max_overflow=0)
        try:
            root = create_engine(self.url, connect_args=connect_args, **kwargs)
        except ImportError as exc:
            if self.is_sqlite:
                raise ConfigError(f"CATPACK_DATABASE_URL: cannot use this URL ({exc})") from None
            raise ConfigError(POSTGRES_DRIVER_MISSING) from None
        except (NoSuchModuleError, ArgumentError) as exc:
            raise ConfigError(f"CATPACK_DATABASE_URL: cannot use this URL ({exc})") from None
        #: The engine every other one here derives from (one pool). It has no
        #: listeners of its own, so the hot paths that use it (``read_conn``,
        #: ``write_conn``) skip SQLAlchemy's event dispatch on every statement
        #: (about 80 Python calls per connection use on SQLite, where BEGIN is
        #: issued by a "begin" listener). A listener registered on it sees
        #: every statement of every engine below.
        self.root_engine: Engine = root
        #: The engine for everything else (ORM sessions, migrations, tools):
        #: on SQLite, its transactions really begin (the "begin" listener).
        self.engine: Engine = root
        if self.is_sqlite:
            self.engine = self._configure_sqlite(root, busy_timeout_ms)
        self._write_engine = self.engine.execution_options(**{_WRITE: True})
        # Hot reads skip BEGIN/ROLLBACK: each of their statements is consistent
        # on its own (the one that reads a log does so in a single statement).
        # PostgreSQL: autocommit mode. SQLite: the driver is in autocommit mode
        # (isolation_level=None below) and the root engine issues no BEGIN.
        self._read_engine = (
            root if self.is_sqlite else root.execution_options(isolation_level="AUTOCOMMIT")
        )
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(self._write_engine, expire_on_commit=False)
        self._write_lock = threading.Lock() if self.is_sqlite else None
        #: Small caches that services keep per database (e.g. API token → account).
        self.memo: dict[str, dict[Any, Any]] = {}
        self._driver_statements: dict[Any, _DriverStatement] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(
            settings.resolved_database_url(),
            schema=settings.database_schema,
            pool_size=settings.pool_size,
            busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        )

    @staticmethod
    def _configure_sqlite(root: Engine, busy_timeout_ms: int) -> Engine:
        """Set up SQLite connections; returns the engine whose transactions begin."""

        @event.listens_for(root, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let the "begin" listener below issue BEGIN, not pysqlite.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.close()

        # Listeners on an engine made by execution_options() stay on it (and
        # on the engines made from it), not on the root engine.
        transactional = root.execution_options(**{_TRANSACTIONAL: True})

        @event.listens_for(transactional, "begin")
        def _on_begin(conn: Any) -> None:
            # Straight to the driver: a bare BEGIN needs no statement
            # compilation, parameters or result object (SQLAlchemy's COMMIT
            # and ROLLBACK go to the driver's commit()/rollback() likewise).
            options = conn.get_execution_options()
            conn.connection.dbapi_connection.execute(
                "BEGIN IMMEDIATE" if options.get(_WRITE, False) else "BEGIN"
            )

        return transactional

    def write_lock(self) -> AbstractContextManager[Any]:
        """The in-process writer queue (SQLite only; PostgreSQL locks rows itself)."""
        return self._write_lock if self._write_lock is not None else nullcontext()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (rolled back at the end)."""
        with self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: commits when the block ends, rolls back on error."""
        with self.write_lock(), self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read_conn(self) -> Iterator[Connection]:
        """A Core connection (no ORM) for hot read paths: every statement must be
        consistent on its own (they run in autocommit mode: no BEGIN, no ROLLBACK)."""
        with self._read_engine.connect() as conn:
            yield conn

    @contextmanager
    def write_conn(self) -> Iterator[Connection]:
        """Like :meth:`write`, on a Core connection (no ORM): for hot write paths.

        On the root engine (no event dispatch); on SQLite it issues BEGIN
        IMMEDIATE itself, as the "begin" listener does for :meth:`write`."""
        if not self.is_sqlite:
            with self._write_engine.begin() as conn:
                yield conn
            return
        with self.write_lock(), self.root_engine.begin() as conn:
            conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
            yield conn

    def rows(self, statement: Select[Any], params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The rows of a fixed SELECT for a hot read path, run on the driver.

        What :meth:`read_conn` would give for ``conn.execute(statement,
        params).all()``, as plain tuples, without SQLAlchemy's execution path
        (about 45 Python calls a statement, 40 a connection use): the statement
        is compiled by SQLAlchemy once (:class:`_DriverStatement`), its
        parameters always bound, converted by their columns' types as
        SQLAlchemy converts them, and so are the values read. Same autocommit
        read as :meth:`read_conn`: the statement must be consistent on its own."""
        return self._driver_statement(statement, params).run(params)

    @contextmanager
    def write_rows(self) -> Iterator[DriverWrite]:
        """Like :meth:`write_conn`, on the driver: for the hottest write path
        (logging a session). Its statements are fixed ones, run as
        :meth:`rows` runs a SELECT (compiled by SQLAlchemy once, values
        converted by their columns' types both ways, the driver's errors
        raised as SQLAlchemy raises them), without SQLAlchemy's execution path
        around each statement and its transaction (about a third of a logged
        session's own time on SQLite).

        One transaction on one pooled connection: on SQLite in the writer
        queue, begun with BEGIN IMMEDIATE, as :meth:`write_conn` does; on
        PostgreSQL begun by the first statement. Commits when the block ends,
        rolls back on any exception."""
        with self.write_lock():
            fairy = self.root_engine.raw_connection()
            try:
                driver = fairy.dbapi_connection
                assert driver is not None
                writer = DriverWrite(self, fairy)
                if self.is_sqlite:
                    writer.driver_call("BEGIN IMMEDIATE", driver.execute, "BEGIN IMMEDIATE")
                try:
                    yield writer
                except BaseException:
                    if fairy.is_valid:
                        try:
                            driver.rollback()
                        except self.root_engine.dialect.loaded_dbapi.Error as exc:
                            # The original error is the one to raise; a connection
                            # that cannot even roll back is not given out again.
                            self.root_engine.pool._invalidate(fairy, exc)
                    raise
                writer.driver_call("COMMIT", driver.commit)
            finally:
                fairy.close()

    def _driver_statement(self, statement: Executable, params: dict[str, Any]) -> _DriverStatement:
        """``statement`` compiled for the driver, once (an INSERT once per set of
        columns it is given, as SQLAlchemy compiles it)."""
        columns = list(params) if isinstance(statement, Insert) else None
        key = (statement, tuple(columns)) if columns is not None else statement
        runner = self._driver_statements.get(key)
        if runner is None:
            runner = self._driver_statements[key] = _DriverStatement(
                statement, self.root_engine, columns
            )
        return runner

    def describe(self) -> str:
        """The URL without its password, for messages."""
        return self.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.root_engine.dispose()


class _DriverStatement:
    """A fixed statement compiled once by SQLAlchemy for ``engine``'s dialect and
    run on a pooled driver connection: a SELECT (:meth:`Database.rows`), or an
    INSERT, UPDATE or DELETE, with what it returns (:meth:`Database.write_rows`).

    The SQL text is SQLAlchemy's own compilation of the statement (an INSERT's
    for the columns it is given: ``column_keys``); every value goes to the
    driver as a bound parameter, converted first by its bind parameter's type
    for the dialect (an aware time to SQLite's text, say), and every value
    read by its column's, as SQLAlchemy converts them. Statements whose
    parameters SQLAlchemy expands at execution (``IN`` lists), or whose
    columns it fills in Python at execution (an ``onupdate`` time), are
    refused."""

    def __init__(
        self, statement: Executable, engine: Engine, column_keys: list[str] | None = None
    ) -> None:
        dialect = engine.dialect
        clause = cast(ClauseElement, statement)
        compiled = cast(SQLCompiler, clause.compile(dialect=dialect, column_keys=column_keys))
        if any(b.expanding or b.literal_execute for b in compiled.binds.values()):
            raise TypeError("a statement with expanding parameters runs through SQLAlchemy")
        if getattr(compiled, "insert_prefetch", None) or getattr(compiled, "update_prefetch", None):
            # Column defaults SQLAlchemy computes in Python at execution (an
            # ``onupdate`` time): bind them in the statement instead.
            raise TypeError("a statement with Python-side column defaults runs through SQLAlchemy")
        self.engine = engine
        self.dialect = dialect
        self.compiled = compiled
        self.sql = compiled.string
        self.positions = compiled.positiontup if compiled.positional else None
        self.bind_processors = {
            name: processor
            for name, bind in compiled.binds.items()
            if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        }
        # What a SELECT selects, what an INSERT or UPDATE returns (RETURNING).
        self.column_types = [column.type for column in statement.exported_columns]  # type: ignore[attr-defined]
        self.result_processors: list[Any] | None = None
        # PostgreSQL reads in autocommit mode, as Database.read_conn does.
        self.autocommit = dialect.name != "sqlite"

    def bound(self, params: dict[str, Any]) -> Any:
        """``params`` as the driver takes them: every parameter, converted."""
        values = self.compiled.construct_params(params)
        for name, processor in self.bind_processors.items():
            values[name] = processor(values[name])
        return values if self.positions is None else [values[n] for n in self.positions]

    def run(self, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """A read on a connection of its own (:meth:`Database.rows`)."""
        connection = self.engine.raw_connection()
        try:
            return self._execute(connection, params, self.autocommit)
        finally:
            connection.close()

    def run_in(self, connection: Any, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """A statement of the transaction open on ``connection`` (:meth:`Database.write_rows`)."""
        return self._execute(connection, params, False)

    def _execute(self, connection: Any, params: dict[str, Any], autocommit: bool) -> list[Any]:
        bound = self.bound(params)
        try:
            rows = self._fetch(connection, bound, autocommit)
        except self.dialect.loaded_dbapi.Error as exc:
            raise self._wrapped(connection, exc, bound) from exc
        return self.processed(rows)

    def processed(self, rows: list[Any]) -> list[tuple[Any, ...]]:
        processors = self.result_processors
        if not processors or not any(processors):
            return [tuple(row) for row in rows]
        return [
            tuple(v if f is None else f(v) for f, v in zip(processors, row, strict=True))
            for row in rows
        ]

    def _fetch(self, connection: Any, bound: Any, autocommit: bool) -> list[Any]:
        driver = connection.dbapi_connection
        if autocommit:
            self.dialect.set_isolation_level(driver, "AUTOCOMMIT")
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(self.sql, bound)
                rows: list[Any] = cursor.fetchall() if self.column_types else []
                if self.result_processors is None and self.column_types:
                    self.result_processors = [
                        kind.dialect_impl(self.dialect).result_processor(self.dialect, column[1])
                        for kind, column in zip(self.column_types, cursor.description, strict=True)
                    ]
            finally:
                cursor.close()
        finally:
            if autocommit:
                self.dialect.reset_isolation_level(driver)
        return rows

    def _wrapped(self, connection: Any, exc: Any, bound: Any) -> BaseException:
        return _driver_error(self.engine, connection, exc, self.sql, bound)


def _driver_error(engine: Engine, connection: Any, exc: Any, sql: str, bound: Any) -> BaseException:
    """A driver's error as SQLAlchemy raises it (``sqlalchemy.exc.OperationalError``
    and so on); a lost connection invalidates the pool's connections as
    SQLAlchemy does, so the next requests connect afresh."""
    dialect = engine.dialect
    lost = dialect.is_disconnect(exc, connection.dbapi_connection, None)
    if lost:
        # What Connection._handle_dbapi_exception does on a disconnect.
        engine.pool._invalidate(connection, exc)
    wrapped: BaseException = DBAPIError.instance(
        sql, bound, exc, dialect.loaded_dbapi.Error, connection_invalidated=lost, dialect=dialect
    )
    return wrapped


class Rows(list[tuple[Any, ...]]):
    """The rows a statement of :meth:`Database.write_rows` gave, with the two
    ways SQLAlchemy's result is read where this runs (``first``, ``scalar_one``)."""

    def first(self) -> tuple[Any, ...] | None:
        return self[0] if self else None

    def scalar_one(self) -> Any:
        if len(self) != 1:
            raise NoResultFound("no row") if not self else MultipleResultsFound("rows")
        return self[0][0]


class DriverWrite:
    """The transaction of :meth:`Database.write_rows`: ``execute`` runs one
    fixed statement in it (as a SQLAlchemy ``Connection.execute`` would, for
    the calls that take either)."""

    __slots__ = ("_connection", "_db")

    def __init__(self, db: Database, connection: Any) -> None:
        self._db = db
        self._connection = connection

    def execute(self, statement: Executable, params: dict[str, Any] | None = None) -> Rows:
        params = params or {}
        runner = self._db._driver_statement(statement, params)
        return Rows(runner.run_in(self._connection, params))

    def driver_call(self, what: str, call: Any, *args: Any) -> None:
        """``call`` on the driver (BEGIN, COMMIT), its errors raised as SQLAlchemy's."""
        engine = self._db.root_engine
        try:
            call(*args)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise _driver_error(engine, self._connection, exc, what, None) from exc
