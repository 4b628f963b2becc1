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
