"""Pack thermometer storage on both databases: pairing, idempotent batches, tenancy,
readings attached to their session with its peak as heat context."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from catpack.domain.errors import CoachInputError, NotFoundError
from catpack.services import cats, pack_history, plans, readings, sessions, users
from catpack.services.pack_views import PairIn, ReadingsIn
from catpack.services.views import Actor
from catpack.store.db import Database
from tests.store_factories import START, cat, session

ADDRESS = "A4:C1:38:8D:18:B2"


@pytest.fixture
def cat_id(db: Database, actor: Actor) -> int:
    return cats.add_cat(db, actor, cat()).id


def batch(start: datetime, *temps: float, every_s: int = 30, **extra: Any) -> ReadingsIn:
    return ReadingsIn.model_validate(
        {
            "sensor": extra.pop("sensor", ADDRESS),
            "readings": [
                {
                    "at": (start + timedelta(seconds=every_s * i)).isoformat(),
                    "temp_c": t,
                    "humidity_pct": 40,
                    "battery_pct": 90,
                    "packet_id": i % 256,
                    **extra,
                }
                for i, t in enumerate(temps)
            ],
        }
    )


def test_pairing_one_sensor_per_pack(db: Database, actor: Actor, cat_id: int) -> None:
    other = cats.add_cat(db, actor, cat(name="Pepper")).id
    first = readings.pair_sensor(db, actor, cat_id, PairIn(address="a4-c1-38-8d-18-b2"))
    assert (first.address, first.cat_id) == (ADDRESS, cat_id)
    assert readings.cat_sensor(db, actor, cat_id) == first
    # the same sensor moved to another cat's pack
    moved = readings.pair_sensor(db, actor, other, PairIn(address=ADDRESS, name="pocket"))
    assert moved.id == first.id and moved.cat_id == other and moved.name == "pocket"
    assert readings.cat_sensor(db, actor, cat_id) is None
    # a new sensor in Pepper's pack unpairs the old one
    readings.pair_sensor(db, actor, other, PairIn(address="A4:C1:38:00:00:01"))
    assert [s.cat_id for s in readings.list_sensors(db, actor)] == [None, other]
    readings.unpair_sensor(db, actor, other)
    with pytest.raises(NotFoundError, match="no paired sensor"):
        readings.unpair_sensor(db, actor, other)


def test_a_replayed_batch_adds_nothing(db: Database, actor: Actor, cat_id: int) -> None:
    now = START + timedelta(minutes=10)
    b = batch(START + timedelta(minutes=5), 24.0, 24.5, 25.0)
    first = readings.post_readings(db, actor, cat_id, b, now)
    again = readings.post_readings(db, actor, cat_id, b, now)
    assert (first.accepted, first.duplicates) == (3, 0)
    assert (again.accepted, again.duplicates) == (0, 3)
    live = readings.pack_now(db, actor, cat_id, now)
    assert [r.temp_c for r in live.readings] == [24.0, 24.5, 25.0]
    assert live.pack is not None and live.pack.sensor == ADDRESS and live.pack.peak_c == 25.0


def test_another_household_cannot_post_or_read(db: Database, actor: Actor, cat_id: int) -> None:
    made = users.create_user(db, "eve@example.org", "Eve", "pw-123456789")
    eve = Actor(user_id=made.user.id, household_id=made.user.household_id)
    with pytest.raises(NotFoundError, match=f"cat {cat_id} not found"):
        readings.post_readings(db, eve, cat_id, batch(START, 20.0), START)
    with pytest.raises(NotFoundError):
        readings.pack_now(db, eve, cat_id, START)
    with pytest.raises(NotFoundError):
        readings.pair_sensor(db, eve, cat_id, PairIn(address=ADDRESS))
    # the same sensor address is a different sensor in each household
    readings.pair_sensor(db, actor, cat_id, PairIn(address=ADDRESS))
    assert readings.list_sensors(db, eve) == []


def test_readings_from_the_future_are_refused(db: Database, actor: Actor, cat_id: int) -> None:
    with pytest.raises(CoachInputError, match=r"^readings\[1\]\.at: .* is in the future"):
        readings.post_readings(db, actor, cat_id, batch(START, 20.0, 21.0, every_s=3600), START)
    assert readings.pack_now(db, actor, cat_id, START).readings == []


def test_the_logged_session_takes_its_readings_and_their_peak(
    db: Database, actor: Actor, cat_id: int
) -> None:
    end = START  # the session is logged at its end; minutes=4
    readings.post_readings(db, actor, cat_id, batch(end - timedelta(minutes=20), 22.0), end)
    during = batch(end - timedelta(minutes=4), 25.0, 31.2, 30.0, every_s=60)
    posted = readings.post_readings(db, actor, cat_id, during, end)
    assert posted.pack is not None and posted.pack.level in ("alert", "cool_now")
    logged = sessions.log_session(db, actor, cat_id, session())
    ctx = logged.session["context"]
    assert (ctx["pack_temp_c"], ctx["pack_humidity_pct"]) == (31.2, 40)
    # the run ended with the log: nothing is running any more
    assert readings.pack_now(db, actor, cat_id, end + timedelta(minutes=1)).pack is None
    # the stored session carries the peak: the engine sees heat in the pack
    stored = sessions.get_session(db, actor, cat_id, logged.id).session
    assert stored["context"]["pack_temp_c"] == 31.2


def test_a_session_without_readings_is_logged_as_given(
    db: Database, actor: Actor, cat_id: int
) -> None:
    given = session(context={"location": "home", "temp_c": 21.5})
    assert sessions.log_session(db, actor, cat_id, given).session == given


def test_late_readings_raise_the_logged_peak_with_an_audited_edit(
    db: Database, actor: Actor, cat_id: int
) -> None:
    logged = sessions.log_session(
        db, actor, cat_id, session(context={"location": "home", "pack_temp_c": 24.0})
    )
    late = batch(START - timedelta(minutes=3), 26.0, 29.9, every_s=60)
    readings.post_readings(db, actor, cat_id, late, START + timedelta(hours=2))
    stored = sessions.get_session(db, actor, cat_id, logged.id)
    assert stored.session["context"]["pack_temp_c"] == 29.9 and stored.revision == 2
    audit = sessions.session_audit(db, actor, cat_id, logged.id)
    assert [a.action for a in audit] == ["create", "edit"]
    assert audit[-1].session["context"]["pack_temp_c"] == 29.9
    # cooler late readings change nothing
    readings.post_readings(
        db, actor, cat_id, batch(START - timedelta(minutes=1), 20.0), START + timedelta(hours=2)
    )
    assert sessions.get_session(db, actor, cat_id, logged.id).revision == 2


def test_todays_plan_reads_the_pack_peak_as_heat(db: Database, actor: Actor, cat_id: int) -> None:
    panting = {**session()["observation"], "signs": ["panting"]}
    ctx = {"location": "home", "sun": "indoor", "temp_c": 18}
    readings.post_readings(
        db, actor, cat_id, batch(START - timedelta(minutes=3), 33.0, 34.0, every_s=60), START
    )
    sessions.log_session(db, actor, cat_id, session(observation=panting, context=ctx))
    plan = plans.today_plan(db, actor, cat_id, now=START + timedelta(days=1))
    assert plan["decision"] == "stop"
    # A day later the rest is over: told as the past, "the cat was panting in warm weather".
    assert any("panting in warm weather" in r for r in plan["reasons"]), plan["reasons"]


def test_silence_and_the_end_of_a_run(db: Database, actor: Actor, cat_id: int) -> None:
    readings.post_readings(db, actor, cat_id, batch(START, 22.0, 22.1), START)
    quiet = readings.pack_now(db, actor, cat_id, START + timedelta(minutes=10)).pack
    assert quiet is not None and quiet.silent_min == pytest.approx(9.5)
    assert quiet.advice.startswith("No reading from the pack thermometer for 9 minutes")
    assert readings.pack_now(db, actor, cat_id, START + timedelta(minutes=31)).pack is None


def test_an_undone_session_lets_go_of_its_readings(db: Database, actor: Actor, cat_id: int) -> None:
    """Undo (a mistaken tap) and log again: the readings go with the new session."""
    during = batch(START - timedelta(minutes=3), 25.0, 30.5, 29.0, every_s=60)
    readings.post_readings(db, actor, cat_id, during, START)
    first = sessions.log_session(db, actor, cat_id, session())
    assert [a.session_id for a in pack_history.sessions_air(db, actor, cat_id)] == [first.id]
    sessions.undo_last_session(db, actor, cat_id)
    assert pack_history.sessions_air(db, actor, cat_id) == []
    running = readings.pack_now(db, actor, cat_id, START + timedelta(minutes=1))
    assert [r.temp_c for r in running.readings] == [25.0, 30.5, 29.0]  # running again
    again = sessions.log_session(db, actor, cat_id, session(level=2))
    assert again.session["context"]["pack_temp_c"] == 30.5
    air = pack_history.session_air(db, actor, cat_id, again.id)
    assert [r.temp_c for r in air.readings] == [25.0, 30.5, 29.0]
    assert air.peak is not None and air.peak.temp_c == 30.5
    with pytest.raises(NotFoundError):
        pack_history.session_air(db, actor, cat_id, first.id)  # deleted


def test_session_air_is_per_household(db: Database, actor: Actor, cat_id: int) -> None:
    readings.post_readings(db, actor, cat_id, batch(START - timedelta(minutes=2), 24.0), START)
    logged = sessions.log_session(db, actor, cat_id, session())
    made = users.create_user(db, "other@example.com", "Other", None)
    other = users.actor_for_token(db, made.token)
    assert other is not None
    with pytest.raises(NotFoundError):
        pack_history.session_air(db, other, cat_id, logged.id)
    with pytest.raises(NotFoundError):
        pack_history.sessions_air(db, other, cat_id)
    since = pack_history.sessions_air(db, actor, cat_id, since=START + timedelta(minutes=1))
    assert since == []
