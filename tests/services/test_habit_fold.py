"""The weekly routine and today's plan read one fold of the cat's log: the one
with the household's pauses and time zone. Before, the routine folded the log
again without either, so the two could disagree on whether training is done:
the routine (and the reminders and feed that follow it) said "trained" while
Today gave a training session, or the other way round."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from catpack.domain import protocol as P
from catpack.domain.errors import CoachInputError
from catpack.services import cats, outings, plans, reminders, sessions
from catpack.services.views import Actor
from catpack.store.db import Database
from tests.factories import CALM, SAFE_CHECKS, graduation, session

TRAINED = ("maintain", "refresh")
LAST = P.LAST_TRAINING_STAGE
TOP = len(LAST.levels)
HISSING = {**CALM, "tail": "puffed", "ears": "flat", "vocal": "hissing", "body": "crouched"}


def agree(db: Database, actor: Actor, cat_id: int, now: datetime) -> tuple[str, dict[str, Any]]:
    decision = plans.today_plan(db, actor, cat_id, now=now)["decision"]
    habit = outings.habit(db, actor, cat_id, now=now)
    return decision, habit


def test_a_same_day_retry_in_a_far_zone_is_no_graduation_for_the_routine_either(
    db: Database, actor: Actor
) -> None:
    """Auckland (UTC+13), sessions sent in UTC as many clients do: a stop at
    the last level at 10:00, then a calm full try at 23:00 the same evening.
    The coach counts a stop's rest to the household's next day, so the try came
    during the rest and does not complete training (today's plan: an easier
    level). Folded on UTC days, the rest had ended: the routine said trained,
    0 of 3 outings this week, and the feed gave routine outings."""
    reminders.update_settings(db, actor, {"timezone": "Pacific/Auckland"})
    tom = cats.add_cat(db, actor, {"name": "Tom", "harness_trained": True}).id
    stop = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Pacific/Auckland")).astimezone(UTC)
    stopped = session(LAST.id, TOP, stop, minutes=60, checks=SAFE_CHECKS, observation=HISSING)
    sessions.log_session(db, actor, tom, stopped)
    sessions.log_session(db, actor, tom, graduation(stop + timedelta(hours=13)))
    now = stop + timedelta(days=1, hours=2)
    decision, habit = agree(db, actor, tom, now)
    assert decision not in TRAINED
    assert habit["graduated"] is False
    assert habit["nudges"] == ["The weekly routine starts once training is complete."]
    plan = reminders.household_next(db, actor.household_id, now=now)
    assert [c.habit["graduated"] for c in plan.cats if c.habit is not None] == [False]
    # The feed's reminder is the one training session, not the routine's outings.
    assert [r.kind for _, r in plan.upcoming()] == ["session"]


def test_a_pause_over_a_long_gap_is_no_lapse_for_the_routine_either(
    db: Database, actor: Actor
) -> None:
    """A month's holiday, paused, between two hikes at the last stage; the
    second, half the top level's length, completes training: the pause keeps
    the gap from being a lapse (today's plan: keep it going). Folded without
    the pause, the gap was a lapse, the hike a short first try back: the
    routine said training was not complete while Today said trained."""
    reminders.update_settings(db, actor, {"timezone": "Europe/Berlin"})
    tom = cats.add_cat(db, actor, {"name": "Tom", "harness_trained": True}).id
    now = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    half = LAST.top.max_minutes / 2
    longest = LAST.levels[-2].max_minutes
    before = session(
        LAST.id, TOP - 1, now - timedelta(days=40), minutes=longest, checks=SAFE_CHECKS
    )
    sessions.log_session(db, actor, tom, before)
    away, back = now - timedelta(days=39), now - timedelta(days=3)
    plans.pause(db, actor, tom, start=away, end=back, reason="holiday")
    hike = session(LAST.id, TOP, now - timedelta(days=2), minutes=half, checks=SAFE_CHECKS)
    sessions.log_session(db, actor, tom, hike)
    decision, habit = agree(db, actor, tom, now)
    assert decision in TRAINED
    assert habit["graduated"] is True
    assert habit["per_week"] == 3 and habit["this_week"] == 0  # the hike completed training
    [cat] = reminders.household_next(db, actor.household_id, now=now).cats
    assert cat.habit == habit


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The SQL statements run inside the block: through SQLAlchemy, and on the
    driver (:meth:`Database.rows`, which SQLAlchemy's events do not see)."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    rows = db.rows

    def on_driver(statement: Any, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        seen.append(str(statement))
        return rows(statement, params)

    event.listen(db.root_engine, "before_cursor_execute", count)
    db.rows = on_driver  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        del db.rows
        event.remove(db.root_engine, "before_cursor_execute", count)


def test_the_routine_takes_the_plans_read(db: Database, actor: Actor) -> None:
    """A trained cat in the push scheduler and the feed: its plan and routine
    come from one read of the cat (the log itself kept by the process)."""
    reminders.update_settings(db, actor, {"timezone": "Europe/Berlin"})
    now = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    tom = cats.add_cat(db, actor, {"name": "Tom", "harness_trained": True}).id
    sessions.log_session(db, actor, tom, graduation(now - timedelta(days=10)))
    reminders.household_next(db, actor.household_id, now=now)  # warm: the log is kept
    with statements(db) as seen:
        [cat] = reminders.household_next(db, actor.household_id, now=now).cats
    assert cat.habit is not None and cat.habit["graduated"] is True
    assert cat.decision["decision"] in TRAINED
    cat_reads = [s for s in seen if "cats.log_version" in s]
    assert len(cat_reads) == 1, seen
    with statements(db) as seen:
        assert outings.habit(db, actor, tom, now=now)["graduated"] is True
    assert len(seen) == 1, seen


def test_a_now_before_the_log_is_refused_as_by_todays_plan(db: Database, actor: Actor) -> None:
    """Asked for a moment before sessions logged since, the routine is refused
    as today's plan is (naming the sessions after it). Before, it answered
    from the whole log: trained days before the session that completed
    training, with its last outing still to come."""
    now = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    tom = cats.add_cat(db, actor, {"name": "Tom", "harness_trained": True}).id
    sessions.log_session(db, actor, tom, graduation(now - timedelta(days=10)))
    earlier = now - timedelta(days=20)
    with pytest.raises(CoachInputError) as plan_refused:
        plans.today_plan(db, actor, tom, now=earlier)
    with pytest.raises(CoachInputError) as habit_refused:
        outings.habit(db, actor, tom, now=earlier)
    assert habit_refused.value.problems == plan_refused.value.problems
