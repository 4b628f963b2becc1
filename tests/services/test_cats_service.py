"""Cats and accounts through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.services import cats, household, sessions, users
from catpack.services.views import Actor
from catpack.store.db import Database
from tests.store_factories import cat, session


def test_add_show_list_edit(db: Database, actor: Actor) -> None:
    added = cats.add_cat(db, actor, cat(), notes="shy with visitors", temp_unit="F")
    assert added.name == "Meister" and added.cat == cat()
    assert added.temp_unit == "F" and added.weight_unit == "kg"
    assert cats.get_cat(db, actor, added.id).notes == "shy with visitors"
    cats.add_cat(db, actor, cat(name="Anton"))
    page = cats.list_cats(db, actor, limit=1, offset=0)
    assert page.total == 2 and [c.name for c in page.items] == ["Anton"]
    assert [c.name for c in cats.list_cats(db, actor, limit=1, offset=1).items] == ["Meister"]
    edited = cats.edit_cat(db, actor, added.id, cat={"weight_kg": 5.0, "outdoor_experience": None})
    assert edited.cat["weight_kg"] == 5.0 and "outdoor_experience" not in edited.cat
    assert cats.find_cat(db, actor, "Meister").id == added.id


def test_bad_profile_names_the_field(db: Database, actor: Actor) -> None:
    with pytest.raises(CoachInputError) as err:
        cats.add_cat(db, actor, cat(weight_kg=-1))
    assert str(err.value).startswith("cat.weight_kg: ")
    with pytest.raises(CoachInputError, match=r"^cat.outdoor_experience: 'moon' is not one of"):
        cats.add_cat(db, actor, cat(outdoor_experience="moon"))
    with pytest.raises(CoachInputError, match=r"^temp_unit: "):
        cats.add_cat(db, actor, cat(), temp_unit="K")  # type: ignore[arg-type]
    assert cats.list_cats(db, actor).total == 0


def test_duplicate_name_conflicts(db: Database, actor: Actor) -> None:
    first = cats.add_cat(db, actor, cat())
    with pytest.raises(ConflictError):
        cats.add_cat(db, actor, cat())
    other = cats.add_cat(db, actor, cat(name="Anton"))
    with pytest.raises(ConflictError):
        cats.edit_cat(db, actor, other.id, cat={"name": "Meister"})
    assert cats.get_cat(db, actor, first.id).name == "Meister"


def test_households_do_not_see_each_others_cats(db: Database, actor: Actor) -> None:
    mine = cats.add_cat(db, actor, cat())
    other = users.create_user(db, "bob@example.org", "Bob", "another secret")
    bob = Actor(user_id=other.user.id, household_id=other.user.household_id)
    with pytest.raises(NotFoundError):
        cats.get_cat(db, bob, mine.id)
    with pytest.raises(NotFoundError):
        sessions.log_session(db, bob, mine.id, session())
    assert cats.list_cats(db, bob).total == 0
    # Same name in another household is fine.
    assert cats.add_cat(db, bob, cat()).name == "Meister"


def test_delete_cat_removes_all_its_data(db: Database, actor: Actor) -> None:
    kept = cats.add_cat(db, actor, cat(name="Anton"))
    gone = cats.add_cat(db, actor, cat())
    for day in range(3):
        sessions.log_session(db, actor, gone.id, session(day))
    sessions.log_session(db, actor, kept.id, session(0))
    sessions.undo_last_session(db, actor, gone.id)
    cats.delete_cat(db, actor, gone.id)
    with pytest.raises(NotFoundError):
        cats.get_cat(db, actor, gone.id)
    from sqlalchemy import func, select

    from catpack.store import schema as t

    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(t.Session)) == 1
        assert s.scalar(select(func.count()).select_from(t.SessionRevision)) == 1
    assert cats.get_cat(db, actor, kept.id).sessions == 1


def test_accounts_tokens_and_passwords(db: Database) -> None:
    made = users.create_user(db, "Ada@Example.org", "Ada", "correct horse")
    assert made.user.email == "ada@example.org"
    actor = users.actor_for_token(db, made.token)
    assert actor is not None and actor.user_id == made.user.id
    assert users.actor_for_token(db, "nope") is None
    assert users.issue_token(db, "ada@example.org", "wrong password") is None
    again = users.issue_token(db, "ada@example.org", "correct horse")
    assert again is not None and again.token != made.token
    users.revoke_token(db, made.token)
    assert users.actor_for_token(db, made.token) is None
    with pytest.raises(ConflictError):
        users.create_user(db, "ada@example.org", "Ada 2", "whatever123")
    with pytest.raises(CoachInputError, match=r"^password: "):
        users.create_user(db, "eve@example.org", "Eve", "short")
    from sqlalchemy import select

    from catpack.store import schema as t

    with db.read() as s:
        stored = s.scalar(select(t.User.password_hash).where(t.User.email == "ada@example.org"))
    assert stored is not None and stored.startswith("$argon2") and "correct horse" not in stored


def test_local_actor_is_created_once(db: Database) -> None:
    first = users.local_actor(db, "owner@localhost")
    assert users.local_actor(db, "owner@localhost") == first


def test_a_login_and_its_household_are_read_together(db: Database, actor: Actor) -> None:
    """The pages read a log-in and its household in one statement: the same
    account as the log-in's own look-up, the same household, cats and "now" as
    the household's overview (no cats too), and nothing once the log-in ends."""
    now = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    cookie = users.start_login(db, actor, days=1)
    found = users.login_overview(db, cookie, now=now, default_zone="Pacific/Auckland")
    assert found is not None
    who, home = found
    assert who == users.actor_for_login(db, cookie) and home.cats == []
    cats.add_cat(db, actor, cat(name="Rex"))
    cats.add_cat(db, actor, cat(name="Anton"))
    found = users.login_overview(db, cookie, now=now, default_zone="Pacific/Auckland")
    assert found is not None
    who, home = found
    assert home == household.overview(db, who, now=now, default_zone="Pacific/Auckland")
    assert [c.name for c in home.cats] == ["Anton", "Rex"] and home.now.hour == 21
    users.end_login(db, cookie)
    assert users.login_overview(db, cookie, now=now) is None
    assert users.login_overview(db, "x" * 201, now=now) is None
