"""Today's plan over the stored log, pauses, trips, export/import and CSV."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from catpack import decide
from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.services import cats, gear, household, plans, readings, sessions, transfer, users
from catpack.services.pack_views import ReadingsIn
from catpack.services.setup import upgrade_database
from catpack.services.views import Actor
from catpack.settings import Settings
from catpack.store.db import Database
from tests.store_factories import START, cat, session


@pytest.fixture
def cat_id(db: Database, actor: Actor) -> int:
    return cats.add_cat(db, actor, cat()).id


def test_today_is_decide_over_the_stored_log(db: Database, actor: Actor, cat_id: int) -> None:
    now = START + timedelta(days=1, hours=2)
    assert plans.today_plan(db, actor, cat_id, now=now)["decision"] == "start"
    logged = [session(0), session(1, level=2, calm_reps=3)]
    for s in reversed(logged):
        sessions.log_session(db, actor, cat_id, s)
    sessions.log_session(db, actor, cat_id, session(2))
    sessions.undo_last_session(db, actor, cat_id)
    planned = {"location": "home", "sun": "indoor", "temp_c": 22}
    got = plans.today_plan(
        db, actor, cat_id, now=now, planned=planned, default_zone="Europe/Berlin"
    )
    there = now.astimezone(ZoneInfo("Europe/Berlin")).isoformat()
    expected = decide(
        {"version": 1, "now": there, "cat": cat(), "sessions": logged, "planned": planned}
    )
    assert got == expected
    assert got["decision"] == "stick"


def test_now_is_taken_in_the_households_zone(db: Database, actor: Actor, cat_id: int) -> None:
    """A stop rests until the household's tomorrow, whatever offset ``now`` came
    with (the pages' clock said UTC: the page showed 06:57Z, the API 00:00+13:00)."""
    household.edit_household(db, actor, timezone="Pacific/Auckland")
    hiss = {"tail": "puffed", "ears": "back", "vocal": "hissing"}
    sessions.log_session(db, actor, cat_id, session(0, observation=hiss))
    utc_now = START.astimezone(UTC) + timedelta(hours=1)
    stop = plans.today_plan(db, actor, cat_id, now=utc_now)
    assert stop["decision"] == "stop"
    not_before = datetime.fromisoformat(stop["next_session"]["not_before"])
    assert not_before.utcoffset() == timedelta(hours=13)
    assert not_before.astimezone(ZoneInfo("Pacific/Auckland")).time() == time(0, 0)


def test_hot_planned_outing_blocks(db: Database, actor: Actor, cat_id: int) -> None:
    for day in range(2):
        sessions.log_session(db, actor, cat_id, session(day, level=day + 1))
    planned = {"location": "quiet_outdoors", "sun": "full", "temp_c": 38, "humidity_pct": 60}
    got = plans.today_plan(db, actor, cat_id, now=START + timedelta(days=2), planned=planned)
    assert got["decision"] == "blocked" and got["safety"]["heat"]["risk"] in ("high", "extreme")
    with pytest.raises(CoachInputError, match=r"^planned.temp_c: "):
        plans.today_plan(db, actor, cat_id, planned={"temp_c": 500})


def test_a_pause_is_not_a_lapse(db: Database, actor: Actor, cat_id: int) -> None:
    sessions.log_session(db, actor, cat_id, session(0))
    sessions.log_session(db, actor, cat_id, session(1, level=2))
    now = START + timedelta(days=30)
    assert plans.today_plan(db, actor, cat_id, now=now)["decision"] == "drop"  # a lapse
    plans.pause(db, actor, cat_id, start=START + timedelta(days=2), reason="holiday")
    assert cats.get_cat(db, actor, cat_id).paused
    with pytest.raises(ConflictError):
        plans.pause(db, actor, cat_id)
    plans.resume(db, actor, cat_id, at=START + timedelta(days=29))
    with pytest.raises(ConflictError):
        plans.resume(db, actor, cat_id)
    assert plans.today_plan(db, actor, cat_id, now=now)["decision"] == "push"
    [p] = plans.list_pauses(db, actor, cat_id)
    assert p.reason == "holiday" and p.ends_at is not None


def test_the_read_says_when_the_running_break_ends(db: Database, actor: Actor, cat_id: int) -> None:
    """Today's read carries the running break's start and end (None for one
    until resumed, which Resume ends; one with an end date ends by itself),
    from its one query; overlapping breaks are paused until resumed while an
    open one runs, else until the last end."""

    def running(at: datetime) -> tuple[Any, Any]:
        read = plans.read_cat(db, actor, cat_id, now=at)
        return read.paused_since, read.paused_until

    day = timedelta(days=1)
    assert running(START) == (None, None)
    plans.pause(db, actor, cat_id, start=START, end=START + 3 * day)
    plans.pause(db, actor, cat_id, start=START + day, end=START + 2 * day)
    assert running(START + day / 2) == (START, START + 3 * day)
    assert running(START + day * 1.5) == (START + day, START + 3 * day)
    assert running(START + 4 * day) == (None, None)
    plans.pause(db, actor, cat_id, start=START + 5 * day)
    plans.pause(db, actor, cat_id, start=START + 6 * day, end=START + 7 * day)
    assert running(START + 5.5 * day) == (START + 5 * day, None)
    assert running(START + 6.5 * day) == (START + 6 * day, None)


def test_trip_plan_uses_the_stored_log(db: Database, actor: Actor, cat_id: int) -> None:
    sessions.log_session(db, actor, cat_id, session(0))
    saved = gear.add_trip(db, actor, cat_id, {"kind": "hike", "hours": 3, "temp_c": 20})
    got = plans.stored_trip_plan(db, actor, cat_id, saved.id, now=START + timedelta(days=1))
    assert got["ready"] is False and got["reasons"]
    assert [t.id for t in gear.list_trips(db, actor, cat_id)] == [saved.id]


def test_export_import_round_trip_is_exact(db: Database, actor: Actor, cat_id: int) -> None:
    pack = gear.add_backpack(db, actor, {"name": "Bubble", "length_cm": 42})
    cats.edit_cat(db, actor, cat_id, notes="likes chicken", weight_unit="lb", backpack_id=pack.id)
    sessions.log_session(db, actor, cat_id, session(0, context={"temp_c": 20.5}), note="calm")
    sessions.log_session(db, actor, cat_id, session(1, level=2))
    plans.pause(db, actor, cat_id, start=START + timedelta(days=3), end=START + timedelta(days=9))
    plans.pause(db, actor, cat_id, start=START + timedelta(days=10), reason="vet")
    gear.add_trip(db, actor, cat_id, {"kind": "walk", "hours": 1}, notes="park")
    exported = transfer.export_json(db, actor, cat_id)
    assert exported["cat"]["units"] == {"temperature": "C", "weight": "lb"}
    assert exported["sessions"][0]["note"] == "calm"
    copy_id = transfer.import_json(db, actor, exported, rename="Meister II")
    again = transfer.export_json(db, actor, copy_id)
    assert again["cat"].pop("name") == "Meister II"
    exported["cat"].pop("name")
    assert again == exported
    with pytest.raises(ConflictError):
        transfer.import_json(db, actor, exported | {"cat": {**exported["cat"], "name": "Meister"}})


def test_bad_import_names_the_field_and_stores_nothing(
    db: Database, actor: Actor, cat_id: int
) -> None:
    sessions.log_session(db, actor, cat_id, session(0))
    data = transfer.export_json(db, actor, cat_id)
    data["sessions"].append(session(1, observation={"ears": "sideway"}))
    with pytest.raises(CoachInputError, match=r"^sessions\[1\].observation.ears: 'sideway'"):
        transfer.import_json(db, actor, data, rename="Copy")
    assert cats.list_cats(db, actor).total == 1


def test_csv_is_readable_with_units_and_notes(db: Database, actor: Actor, cat_id: int) -> None:
    cats.edit_cat(db, actor, cat_id, temp_unit="F")
    sessions.log_session(
        db, actor, cat_id, session(0, context={"temp_c": 20, "location": "home"}), note="purred"
    )
    rows = list(csv.reader(io.StringIO(transfer.export_csv(db, actor, cat_id))))
    header, row = rows
    assert "temperature (°F)" in header and "note" in header
    assert row[header.index("temperature (°F)")] == "68.0"
    assert row[header.index("note")] == "purred"
    assert row[header.index("took treats")] == "yes"
    assert row[header.index("hottest in the pack (°F)")] == ""  # no thermometer


def test_csv_has_each_sessions_pack_peak_not_its_readings(
    db: Database, actor: Actor, cat_id: int
) -> None:
    cats.edit_cat(db, actor, cat_id, temp_unit="F")
    raw = {
        "sensor": "A4:C1:38:8D:18:B2",
        "readings": [
            {"at": (START - timedelta(minutes=m)).isoformat(), "temp_c": c}
            for m, c in ((3, 25.0), (2, 30.0), (1, 28.0))
        ],
    }
    readings.post_readings(db, actor, cat_id, ReadingsIn.model_validate(raw), START)
    sessions.log_session(db, actor, cat_id, session(0))
    sessions.log_session(db, actor, cat_id, session(1))
    rows = list(csv.reader(io.StringIO(transfer.export_csv(db, actor, cat_id))))
    header, *body = rows
    column = header.index("hottest in the pack (°F)")
    assert [r[column] for r in body] == ["86.0", ""]  # 30 °C; the second had no readings


def test_parsed_log_cache_follows_changes_from_other_processes(
    db: Database, db_settings: Settings, actor: Actor, cat_id: int
) -> None:
    other = Database.from_settings(db_settings)  # another process, as far as caches go
    try:
        now = START + timedelta(days=3)

        def stages(database: Database) -> list[tuple[str, int]]:
            plan = plans.today_plan(database, actor, cat_id, now=now)
            return [(plan["decision"], plan["stage"]["level"])]

        sessions.log_session(db, actor, cat_id, session(0))
        assert stages(db) == stages(other) == [("push", 2)]
        logged = sessions.log_session(db, actor, cat_id, session(1, level=2, calm_reps=1))
        assert stages(db) == stages(other) == [("drop", 1)]
        sessions.edit_session(other, actor, cat_id, logged.id, session(1, level=2))
        assert stages(db) == [("push", 3)]
        sessions.undo_last_session(other, actor, cat_id)
        assert stages(db) == [("push", 2)]
        sessions.delete_session(other, actor, cat_id, logged.id - 1)
        assert stages(db)[0][0] == "start"
    finally:
        other.dispose()


# Observations that lead the coach to raise, repeat, drop and stop.
_SEEN = [
    {"tail": "upright", "ears": "forward", "body": "relaxed"},
    {"tail": "upright", "ears": "forward", "body": "relaxed", "took_treats": False},
    {"tail": "low", "ears": "sideways", "body": "tense"},
    {"tail": "puffed", "ears": "back", "vocal": "hissing"},
]
_ACTIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("log"),
            st.integers(0, 60 * 24),  # hours after START (some before the last one logged)
            # Stage and level (two calm outings are needed at the car's level 2).
            st.sampled_from([("introduce", 1), ("introduce", 2), ("car", 1), ("car", 2)]),
            st.sampled_from(range(len(_SEEN))),
        ),
        st.tuples(st.just("undo")),
        st.tuples(st.just("profile"), st.sampled_from(["food", "play"])),
        st.tuples(st.just("pause"), st.integers(0, 60 * 24)),
    ),
    min_size=1,
    max_size=10,
)


@settings(max_examples=30, deadline=None)
@given(actions=_ACTIONS)
# A profile change the fold reads (treats refused: stress only for a cat that works for food).
@example(actions=[("log", 0, ("introduce", 1), 1), ("profile", "play")])
# Pauses the fold reads (a break in practice that was announced is no lapse).
@example(actions=[("log", 0, ("car", 2), 0), ("log", 30 * 24, ("car", 2), 0), ("pause", 24)])
def test_kept_folds_give_the_plan_a_fresh_read_gives(
    tmp_path_factory: pytest.TempPathFactory, actions: list[tuple[Any, ...]]
) -> None:
    """Each process keeps each cat's folded log and extends it when a session
    is logged; whatever happens to the log, the profile or the pauses, its
    plan is the one a process with nothing kept computes."""
    path = tmp_path_factory.mktemp("folds") / "catpack.db"
    app_settings = Settings(database_url=f"sqlite:///{path}")
    upgrade_database(app_settings)
    db, fresh = Database.from_settings(app_settings), None
    try:
        owner = users.create_user(db, "fold@example.org", "o", "a-long-password-1")
        actor = users.actor_for_token(db, owner.token)
        assert actor is not None
        cat_id = cats.add_cat(db, actor, cat()).id
        now = START + timedelta(days=61)
        for action in actions:
            if action[0] == "log":
                _, hours, (stage, level), seen = action
                at = (START + timedelta(hours=hours)).isoformat()
                body = session(0, at=at, stage=stage, level=level, observation=_SEEN[seen])
                body["calm_reps"] = 5 if seen == 0 else 0
                with contextlib.suppress(ConflictError):
                    sessions.log_session(db, actor, cat_id, body, now=now)
            elif action[0] == "undo":
                with contextlib.suppress(NotFoundError):
                    sessions.undo_last_session(db, actor, cat_id)
            elif action[0] == "profile":
                cats.edit_cat(db, actor, cat_id, cat={"motivation": [action[1]]})
            else:
                start = START + timedelta(hours=action[1])
                with contextlib.suppress(ConflictError, CoachInputError):
                    plans.pause(db, actor, cat_id, start=start, end=start + timedelta(days=28))
            kept = plans.today_plan(db, actor, cat_id, now=now)
            fresh = Database.from_settings(app_settings)  # nothing kept
            assert kept == plans.today_plan(fresh, actor, cat_id, now=now)
            fresh.dispose()
            fresh = None
    finally:
        db.dispose()
        if fresh is not None:
            fresh.dispose()
