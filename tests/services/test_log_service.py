"""Logging sessions, the audit trail, undo and history filters."""

from __future__ import annotations

from datetime import timedelta

import pytest

from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.services import cats, sessions
from catpack.services.views import Actor
from catpack.store.db import Database
from tests.store_factories import START, cat, session


@pytest.fixture
def cat_id(db: Database, actor: Actor) -> int:
    return cats.add_cat(db, actor, cat()).id


def test_log_keeps_the_contract_session_exactly(db: Database, actor: Actor, cat_id: int) -> None:
    given = session(context={"location": "home", "temp_c": 21.5}, checks={"harness_on": True})
    logged = sessions.log_session(db, actor, cat_id, given, note="first try")
    assert logged.session == given
    assert logged.logged_by == actor.user_id and logged.note == "first try"
    assert sessions.get_session(db, actor, cat_id, logged.id).session == given


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"observation": {"ears": "sideway"}},
            r"^session.observation.ears: 'sideway' is not one of",
        ),
        ({"at": "2026-11-01T18:00:00"}, r"^session.at: .*no time zone"),
        ({"minutes": -3}, r"^session.minutes: "),
        ({"stage": "moonwalk"}, r"^session.stage: 'moonwalk' is not one of"),
        ({"level": 9}, r"^session.level: 9 is above the 4 levels"),
        ({"reps": 3, "calm_reps": 4}, r"^session.calm_reps: 4 cannot exceed reps \(3\)"),
        (
            {"observation": {}, "reps": 5, "calm_reps": 2},
            r"^session.calm_reps: 2 calm tries, but nothing about the cat was recorded",
        ),
    ],
)
def test_bad_session_names_the_field_and_stores_nothing(
    db: Database, actor: Actor, cat_id: int, change: dict[str, object], message: str
) -> None:
    with pytest.raises(CoachInputError, match=message):
        sessions.log_session(db, actor, cat_id, session(**change))
    assert sessions.history(db, actor, cat_id).total == 0


def test_same_instant_twice_is_a_conflict(db: Database, actor: Actor, cat_id: int) -> None:
    sessions.log_session(db, actor, cat_id, session(0))
    with pytest.raises(ConflictError):
        sessions.log_session(db, actor, cat_id, session(0, level=2))
    # Same instant written in another offset is the same instant.
    utc = (START).astimezone(tz=None).isoformat()
    with pytest.raises(ConflictError):
        sessions.log_session(db, actor, cat_id, session(0, at=utc))
    assert sessions.history(db, actor, cat_id).total == 1


def test_edit_and_delete_keep_an_audit_trail(db: Database, actor: Actor, cat_id: int) -> None:
    logged = sessions.log_session(db, actor, cat_id, session(0))
    edited = sessions.edit_session(db, actor, cat_id, logged.id, session(0, level=2), note="typo")
    assert edited.revision == 2 and edited.session["level"] == 2
    deleted = sessions.delete_session(db, actor, cat_id, logged.id)
    assert deleted.deleted_at is not None
    trail = sessions.session_audit(db, actor, cat_id, logged.id)
    assert [(e.action, e.revision, e.session["level"]) for e in trail] == [
        ("create", 1, 1),
        ("edit", 2, 2),
        ("delete", 3, 2),
    ]
    assert all(e.by_user == actor.user_id for e in trail)
    assert sessions.history(db, actor, cat_id).total == 0
    assert sessions.history(db, actor, cat_id, include_deleted=True).total == 1
    with pytest.raises(ConflictError):
        sessions.edit_session(db, actor, cat_id, logged.id, session(0))
    with pytest.raises(ConflictError):
        sessions.delete_session(db, actor, cat_id, logged.id)
    # The instant is free again once its session is deleted.
    sessions.log_session(db, actor, cat_id, session(0))


def test_undo_removes_the_last_logged_not_the_latest_in_time(
    db: Database, actor: Actor, cat_id: int
) -> None:
    sessions.log_session(db, actor, cat_id, session(5))
    late_entry = sessions.log_session(db, actor, cat_id, session(1))
    undone = sessions.undo_last_session(db, actor, cat_id)
    assert undone.id == late_entry.id
    sessions.undo_last_session(db, actor, cat_id)
    with pytest.raises(NotFoundError):
        sessions.undo_last_session(db, actor, cat_id)


def test_history_filters_and_pages(db: Database, actor: Actor, cat_id: int) -> None:
    for day in range(6):
        stage = "introduce" if day < 3 else "associations"
        where = {"location": "home" if day % 2 else "doorway"}
        sessions.log_session(db, actor, cat_id, session(day, stage=stage, context=where))
    page = sessions.history(db, actor, cat_id, limit=2)
    assert page.total == 6 and [p.session["at"] for p in page.items] == [
        session(5)["at"],
        session(4)["at"],
    ]
    oldest = sessions.history(db, actor, cat_id, newest_first=False, limit=1, offset=1)
    assert oldest.items[0].session["at"] == session(1)["at"]
    assert sessions.history(db, actor, cat_id, stage="associations").total == 3
    assert sessions.history(db, actor, cat_id, location="home").total == 3
    window = sessions.history(
        db, actor, cat_id, since=START + timedelta(days=1), until=START + timedelta(days=3)
    )
    assert [p.session["at"] for p in window.items] == [session(2)["at"], session(1)["at"]]
