"""Free text the owner types reaches the database only through the services:
a NUL character (PostgreSQL cannot store one; SQLite would keep it) is refused
there, naming the field, on both databases, whoever calls (API, pages, CLI)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest

from catpack.domain.errors import CoachInputError
from catpack.services import cats, household, members, plans, sessions
from catpack.services.views import Actor, CatView, SessionView
from catpack.store.db import Database
from tests.store_factories import cat, session

NUL = "Mi\x00a"
CLIENT = UUID("6f1c5b7e-8a53-4b8e-9d0b-3f5f1a2c4d6e")

Call = Callable[[Database, Actor, CatView, SessionView, str], Any]
CALLS: dict[str, tuple[str, Call]] = {
    "add_cat": ("notes", lambda db, a, c, s, t: cats.add_cat(db, a, cat(name="Anton"), notes=t)),
    "edit_cat": ("notes", lambda db, a, c, s, t: cats.edit_cat(db, a, c.id, notes=t)),
    "log_session": (
        "note",
        lambda db, a, c, s, t: sessions.log_session(db, a, c.id, session(1), note=t),
    ),
    "log_session_once": (
        "note",
        lambda db, a, c, s, t: sessions.log_session_once(db, a, c.id, session(1), CLIENT, note=t),
    ),
    "edit_session": (
        "note",
        lambda db, a, c, s, t: sessions.edit_session(db, a, c.id, s.id, session(0), note=t),
    ),
    "delete_session": (
        "note",
        lambda db, a, c, s, t: sessions.delete_session(db, a, c.id, s.id, note=t),
    ),
    "pause": ("reason", lambda db, a, c, s, t: plans.pause(db, a, c.id, reason=t)),
    "edit_household": ("name", lambda db, a, c, s, t: household.edit_household(db, a, name=t)),
    "create_share": (
        "label",
        lambda db, a, c, s, t: members.create_share(db, a, c.id, 7, label=t),
    ),
}


@pytest.mark.parametrize("name", CALLS)
def test_nul_in_free_text_is_refused_naming_the_field(
    db: Database, actor: Actor, name: str
) -> None:
    meister = cats.add_cat(db, actor, cat())
    logged = sessions.log_session(db, actor, meister.id, session(0), note="fine")
    field, call = CALLS[name]
    with pytest.raises(CoachInputError) as err:
        call(db, actor, meister, logged, NUL)
    assert [p.field for p in err.value.problems] == [field]
    assert str(err.value) == f"{field}: must not contain NUL characters"
    _nothing_stored(db, actor, meister, logged)


#: The longest text each field takes (as the API's models say).
LONGEST = {"notes": 10_000, "note": 10_000, "reason": 1_000, "name": 100, "label": 100}


@pytest.mark.parametrize("name", CALLS)
def test_text_longer_than_the_api_takes_is_refused_naming_the_field(
    db: Database, actor: Actor, name: str
) -> None:
    """The CLI and the pages reach the services without the API's models: the
    services hold free text to the same lengths."""
    meister = cats.add_cat(db, actor, cat())
    logged = sessions.log_session(db, actor, meister.id, session(0), note="fine")
    field, call = CALLS[name]
    with pytest.raises(CoachInputError) as err:
        call(db, actor, meister, logged, "x" * (LONGEST[field] + 1))
    assert [p.field for p in err.value.problems] == [field]
    assert re.search(rf"{LONGEST[field]:,}|{LONGEST[field]}", str(err.value))
    _nothing_stored(db, actor, meister, logged)
    call(db, actor, meister, logged, "x" * LONGEST[field])  # the longest is taken


def _nothing_stored(db: Database, actor: Actor, meister: CatView, logged: SessionView) -> None:
    assert [c.name for c in cats.list_cats(db, actor).items] == ["Meister"]
    assert cats.get_cat(db, actor, meister.id).notes == ""
    kept = sessions.get_session(db, actor, meister.id, logged.id)
    assert (kept.note, kept.revision, kept.deleted_at) == ("fine", 1, None)
    assert sessions.history(db, actor, meister.id).total == 1
    assert plans.list_pauses(db, actor, meister.id) == []
    name = household.get_household(db, actor).name
    assert "\x00" not in name and len(name) <= 100
    assert members.shares(db, actor) == []
