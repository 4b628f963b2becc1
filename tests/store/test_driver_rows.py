"""Database.rows: a fixed SELECT run on the driver gives what SQLAlchemy gives
for the same statement (values converted by the same types), on both
databases, and leaves the pooled connection as a read through read_conn does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Select, bindparam, select, update

from catpack.services import cats, plans, users
from catpack.services.views import Actor
from catpack.store import schema as t
from catpack.store.db import Database
from tests.store_factories import cat


def _through_sqlalchemy(db: Database, statement: Select[Any], params: dict[str, Any]) -> list[Any]:
    with db.read_conn() as conn:
        return [tuple(row) for row in conn.execute(statement, params).all()]


def test_rows_are_sqlalchemy_s_rows(db: Database) -> None:
    made = users.create_user(db, "ada@example.org", "Ada", "correct horse")
    actor = Actor(user_id=made.user.id, household_id=made.user.household_id)
    ids = [cats.add_cat(db, actor, cat(name=name)).id for name in ("Mia", "Bo")]
    day = timedelta(days=1)
    plans.pause(db, actor, ids[0], start=datetime.now(UTC) - 3 * day, end=datetime.now(UTC) - day)
    plans.pause(db, actor, ids[0], start=datetime.now(UTC) - day / 2)
    cookie = users.start_login(db, actor, days=1)
    now = datetime.now(UTC)
    times = select(t.ApiToken.id, t.ApiToken.created_at, t.ApiToken.expires_at).where(
        t.ApiToken.user_id == bindparam("user"),
        t.ApiToken.expires_at > bindparam("now", type_=t.UTCDateTime()),
    )
    cases: list[tuple[Select[Any], dict[str, Any]]] = [
        (users._TOKEN_OWNER, {"digest": users._hash_token(made.token), "now": now}),
        (users._SESSION_OWNER, {"digest": users._hash_token(cookie), "now": now}),
        (users._SESSION_HOME, {"digest": users._hash_token(cookie), "now": now}),
        (users._SESSION_HOME, {"digest": users._hash_token("unknown"), "now": now}),
        (times, {"user": actor.user_id, "now": now}),
        (plans._CAT_ZONE_PAUSES, {"cat_id": ids[0]}),  # two pauses, one open
        (plans._CAT_ZONE_PAUSES, {"cat_id": ids[1]}),
    ]
    for statement, params in cases:
        for _ in range(2):  # the first run learns the result's types, the next uses them
            assert db.rows(statement, params) == _through_sqlalchemy(db, statement, params)
    home = db.rows(users._SESSION_HOME, cases[2][1])
    assert sorted(row[5] for row in home) == ["Bo", "Mia"]
    stamps = db.rows(times, cases[4][1])
    assert len(stamps) == 1 and stamps[0][2].tzinfo is not None  # aware, as the column gives
    paused = db.rows(plans._CAT_ZONE_PAUSES, {"cat_id": ids[0]})
    assert [row[5] is None for row in paused] == [False, True]


def test_expiry_compares_as_through_sqlalchemy(db: Database) -> None:
    """The time bound is converted as SQLAlchemy converts it (on SQLite, text
    compared with the stored text): a token a minute from its end is good, one
    a minute past it is refused."""
    made = users.create_user(db, "ada@example.org", "Ada", "correct horse")
    assert users.actor_for_token(db, made.token) is not None
    digest = users._hash_token(made.token)
    for minutes, good in ((1, True), (-1, False)):
        ends = datetime.now(UTC) + timedelta(minutes=minutes)
        with db.write() as s:
            s.execute(
                update(t.ApiToken).where(t.ApiToken.token_hash == digest).values(expires_at=ends)
            )
        assert (users.actor_for_token(db, made.token) is not None) is good


def test_expanding_parameters_are_refused(db: Database) -> None:
    statement = select(t.User.id).where(t.User.id.in_([1, 2]))
    with pytest.raises(TypeError, match="expanding"):
        db.rows(statement, {})


def test_the_connection_goes_back_as_it_came(db: Database) -> None:
    """No transaction left open and, on PostgreSQL, autocommit off again: the
    next user of the pooled connection finds it as read_conn leaves it."""
    made = users.create_user(db, "ada@example.org", "Ada", "correct horse")
    assert users.actor_for_token(db, made.token) is not None
    _as_read_conn_leaves_it(db)


def _as_read_conn_leaves_it(db: Database) -> None:
    connection = db.root_engine.raw_connection()
    try:
        driver: Any = connection.dbapi_connection
        if db.is_sqlite:
            assert driver.in_transaction is False
        else:
            from psycopg.pq import TransactionStatus

            assert driver.autocommit is False
            assert driver.info.transaction_status == TransactionStatus.IDLE
    finally:
        connection.close()


def test_driver_errors_are_sqlalchemy_s(db: Database) -> None:
    """A statement the database refuses raises what SQLAlchemy would raise
    for it (its OperationalError or ProgrammingError, wrapping the driver's)."""
    from sqlalchemy import Column, Integer, MetaData, Table
    from sqlalchemy.exc import DBAPIError

    missing = Table("no_such_table", MetaData(), Column("id", Integer))
    statement = select(missing.c.id).where(missing.c.id == bindparam("id"))
    with pytest.raises(DBAPIError) as through_sqlalchemy:
        _through_sqlalchemy(db, statement, {"id": 1})
    with pytest.raises(DBAPIError) as on_the_driver:
        db.rows(statement, {"id": 1})
    assert type(on_the_driver.value) is type(through_sqlalchemy.value)
    assert type(on_the_driver.value.orig) is type(through_sqlalchemy.value.orig)
    # The pooled connection still works (and, on PostgreSQL, is out of its failed state).
    made = users.create_user(db, "ada@example.org", "Ada", "correct horse")
    assert users.actor_for_token(db, made.token) is not None


# ---------------------------------------------------------------- write_rows

_BUMP = (
    update(t.Cat)
    .where(t.Cat.id == bindparam("b_cat"))
    .values(log_version=t.Cat.log_version + 1, updated_at=bindparam("b_now", type_=t.UTCDateTime))
    .returning(t.Cat.log_version, t.Cat.updated_at)
)


def _version(db: Database, cat_id: int) -> int:
    with db.read() as s:
        return int(s.execute(select(t.Cat.log_version).where(t.Cat.id == cat_id)).scalar_one())


def _cat_id(db: Database) -> int:
    made = users.create_user(db, "ada@example.org", "Ada", "correct horse")
    actor = Actor(user_id=made.user.id, household_id=made.user.household_id)
    return cats.add_cat(db, actor, cat(name="Mia")).id


def test_write_rows_gives_what_sqlalchemy_gives_and_commits(db: Database) -> None:
    """A fixed UPDATE ... RETURNING and an INSERT run on the driver: the values
    returned are converted by their columns' types (an aware time), the
    INSERT is compiled for the columns it is given, and the block commits."""
    from catpack.services import sessions

    cat_id = _cat_id(db)
    now = datetime.now(UTC).replace(microsecond=0)
    with db.write_rows() as w:
        version, stamp = w.execute(_BUMP, {"b_cat": cat_id, "b_now": now}).first() or (0, None)
        assert w.execute(_BUMP, {"b_cat": -1, "b_now": now}).first() is None
        values = {
            "cat_id": cat_id,
            "at": now,
            "stage": "introduce",
            "level": 1,
            "location": None,
            "doc": "{}",
            "note": "",
            "revision": 1,
            "logged_by": None,
            "logged_at": now,
        }
        sid = w.execute(sessions._INSERT_SESSION, values).scalar_one()
    assert (version, stamp) == (1, now) and stamp.tzinfo is not None
    assert _version(db, cat_id) == 1
    with db.read() as s:
        row = s.execute(select(t.Session.at, t.Session.level).where(t.Session.id == sid)).one()
    assert tuple(row) == (now, 1)


def test_write_rows_rolls_back_on_any_error(db: Database) -> None:
    """An exception in the block (the database's own, or any other) leaves
    nothing behind: the bump before it is undone, and the connection goes
    back to the pool usable."""
    from sqlalchemy.exc import IntegrityError

    from catpack.services import sessions

    cat_id = _cat_id(db)
    now = datetime.now(UTC)
    with pytest.raises(ValueError), db.write_rows() as w:
        w.execute(_BUMP, {"b_cat": cat_id, "b_now": now})
        raise ValueError("not this one")
    assert _version(db, cat_id) == 0
    taken = {"cat_id": cat_id, "at": now, "stage": "introduce", "level": 1, "doc": "{}"}
    taken.update(note="", revision=1, logged_at=now)
    with db.write_rows() as w:
        w.execute(sessions._INSERT_SESSION, taken)
    with pytest.raises(IntegrityError), db.write_rows() as w:  # SQLAlchemy's, wrapping the driver's
        w.execute(_BUMP, {"b_cat": cat_id, "b_now": now})
        w.execute(sessions._INSERT_SESSION, taken)  # same cat, same time
    assert _version(db, cat_id) == 0
    _as_read_conn_leaves_it(db)


def test_python_side_defaults_are_refused(db: Database) -> None:
    """An UPDATE that would leave a column's ``onupdate`` to SQLAlchemy (computed
    in Python at execution) is refused rather than run without it."""
    cat_id = _cat_id(db)
    bare = update(t.Cat).where(t.Cat.id == bindparam("b_cat")).values(log_version=5)
    with pytest.raises(TypeError, match="defaults"), db.write_rows() as w:
        w.execute(bare, {"b_cat": cat_id})
    assert _version(db, cat_id) == 0
