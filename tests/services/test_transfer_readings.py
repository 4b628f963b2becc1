"""A cat's export carries its pack thermometer's readings, and an import restores
them with their sessions (both databases, and from one to the other)."""

from __future__ import annotations

import copy
import shutil
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from catpack.domain.errors import CoachInputError, NotFoundError
from catpack.services import cats, pack_history, readings, sessions, transfer, users
from catpack.services.pack_views import PairIn
from catpack.services.views import Actor
from catpack.store import schema as t
from catpack.store.db import Database
from tests.conftest import _empty_postgres
from tests.services.test_readings_service import ADDRESS, batch
from tests.store_factories import START, cat, session

OTHER = "A4:C1:38:00:00:02"


def _count(db: Database, table: Any) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def _other_actor(db: Database, email: str = "bo@example.org") -> Actor:
    made = users.create_user(db, email, "Bo", "correct horse")
    return Actor(user_id=made.user.id, household_id=made.user.household_id)


@pytest.fixture
def source(db: Database, actor: Actor) -> int:
    """A cat with two logged sessions that took readings (one peak raised by a late
    reading), readings of a session that runs now, and a second thermometer."""
    cat_id = cats.add_cat(db, actor, cat()).id
    readings.pair_sensor(db, actor, cat_id, PairIn(address=ADDRESS, name="front pocket"))
    first = START - timedelta(minutes=4)
    readings.post_readings(db, actor, cat_id, batch(first, 24.0, 27.5, 26.0, every_s=60), START)
    sessions.log_session(db, actor, cat_id, session(0), note="warm")
    sessions.log_session(db, actor, cat_id, session(1, level=2))  # no readings
    second = START + timedelta(days=2)
    readings.post_readings(
        db, actor, cat_id, batch(second - timedelta(minutes=3), 22.0, 23.5), second
    )
    sessions.log_session(db, actor, cat_id, session(2, context={"pack_temp_c": 23.0}))
    late = batch(second - timedelta(minutes=1), 29.25, sensor=OTHER)  # after the log
    readings.post_readings(db, actor, cat_id, late, second + timedelta(hours=1))
    running = START + timedelta(days=5)
    readings.post_readings(db, actor, cat_id, batch(running, 21.0, 21.5), running)
    return cat_id


def test_export_carries_readings_with_their_session_index(
    db: Database, actor: Actor, source: int
) -> None:
    data = transfer.export_json(db, actor, source)
    assert data["version"] == 2
    assert data["sensors"] == [
        {"address": "A4:C1:38:00:00:02", "name": ""},
        {"address": ADDRESS, "name": "front pocket"},
    ]
    got = [(r["temp_c"], r["sensor"], r["session"]) for r in data["readings"]]
    assert got == [
        (24.0, ADDRESS, 0),
        (27.5, ADDRESS, 0),
        (26.0, ADDRESS, 0),
        (22.0, ADDRESS, 2),
        (23.5, ADDRESS, 2),
        (29.25, OTHER, 2),
        (21.0, ADDRESS, None),
        (21.5, ADDRESS, None),
    ]
    assert data["readings"][0] == {
        "at": "2026-11-01T16:56:00Z",  # 4 minutes before START, 18:00 at +01:00
        "temp_c": 24.0,
        "humidity_pct": 40.0,
        "battery_pct": 90,
        "packet_id": 0,
        "sensor": ADDRESS,
        "session": 0,
    }
    # the session's peak is in its context: the late reading raised it
    assert data["sessions"][2]["context"]["pack_temp_c"] == 29.25
    assert data["sessions"][0]["context"]["pack_temp_c"] == 27.5


def _air(db: Database, actor: Actor, cat_id: int) -> list[tuple[str, list[float], float | None]]:
    """Each session's readings and their peak, by the session's time."""
    return [
        (
            a.at.isoformat(),
            [r.temp_c for r in a.readings],
            a.peak.temp_c if a.peak is not None else None,
        )
        for a in pack_history.sessions_air(db, actor, cat_id)
    ]


def test_round_trip_into_another_household(db: Database, actor: Actor, source: int) -> None:
    exported = transfer.export_json(db, actor, source)
    bo = _other_actor(db)
    copy_id = transfer.import_json(db, bo, copy.deepcopy(exported))
    assert transfer.export_json(db, bo, copy_id) == exported
    # the sessions' link to their readings, and each session's pack peak
    assert _air(db, bo, copy_id) == _air(db, actor, source)
    assert [peak for *_, peak in _air(db, bo, copy_id)] == [27.5, 29.25]
    imported = sessions.history(db, bo, copy_id).items
    peaks = {i.session["at"]: i.session.get("context", {}).get("pack_temp_c") for i in imported}
    assert sorted(p for p in peaks.values() if p is not None) == [27.5, 29.25]
    # the thermometers are Bo's now, named, not paired with the copy
    assert [(s.address, s.name, s.cat_id) for s in readings.list_sensors(db, bo)] == [
        ("A4:C1:38:00:00:02", "", None),
        (ADDRESS, "front pocket", None),
    ]
    # what ran unattached still does (it is the cat's running session then)
    running = START + timedelta(days=5, seconds=40)
    assert [r.temp_c for r in readings.pack_now(db, bo, copy_id, running).readings] == [21.0, 21.5]
    # an imported session is a session like any: a late, hotter reading raises its peak
    hot = batch(START - timedelta(seconds=30), 31.0)
    readings.post_readings(db, bo, copy_id, hot, START + timedelta(hours=1))
    assert [peak for *_, peak in _air(db, bo, copy_id)] == [31.0, 29.25]
    first = transfer.export_json(db, bo, copy_id)["sessions"][0]
    assert first["context"]["pack_temp_c"] == 31.0
    assert [peak for *_, peak in _air(db, actor, source)] == [27.5, 29.25]  # the source's kept


def test_a_thermometer_added_during_the_import_is_used_not_a_server_error(
    db: Database, actor: Actor, source: int
) -> None:
    """Another request adds a thermometer the import names between the
    import's look and its insert (only possible on PostgreSQL: SQLite's
    writers queue): the import uses that one instead of failing with a
    broken unique key (a 500 through the API)."""
    if db.is_sqlite:
        pytest.skip("SQLite's writers queue: no other write can come in between")
    exported = transfer.export_json(db, actor, source)
    bo = _other_actor(db)
    other = Database(db.url, schema=db.schema)
    fired: list[str] = []

    def meanwhile(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("INSERT INTO sensors") and not fired:
            fired.append(statement)
            with other.write() as s:
                s.add(t.Sensor(household_id=bo.household_id, address=ADDRESS, name="theirs"))

    event.listen(db.root_engine, "before_cursor_execute", meanwhile)
    try:
        copy_id = transfer.import_json(db, bo, copy.deepcopy(exported))
    finally:
        event.remove(db.root_engine, "before_cursor_execute", meanwhile)
        other.dispose()
    assert fired  # the race happened
    listed = {s.address: s.name for s in readings.list_sensors(db, bo)}
    assert listed[ADDRESS] == "theirs"  # the one added meanwhile, not a second
    assert [peak for *_, peak in _air(db, bo, copy_id)] == [27.5, 29.25]


def test_a_copy_in_the_same_household_keeps_its_own_readings(
    db: Database, actor: Actor, source: int
) -> None:
    """The same thermometer at the same instants, once per cat: the copy's
    readings do not clash with the original's, and deleting one cat leaves the
    other's."""
    exported = transfer.export_json(db, actor, source)
    copy_id = transfer.import_json(db, actor, exported, rename="Meister II")
    again = transfer.export_json(db, actor, copy_id)
    assert again["cat"].pop("name") == "Meister II"
    assert again == {**exported, "cat": {k: v for k, v in exported["cat"].items() if k != "name"}}
    assert len(readings.list_sensors(db, actor)) == 2  # the household's own, reused
    # a batch the watcher replays for the copy still adds nothing
    b = batch(START - timedelta(minutes=4), 24.0, 27.5, 26.0, every_s=60)
    assert readings.post_readings(db, actor, copy_id, b, START).duplicates == 3
    cats.delete_cat(db, actor, copy_id)
    assert transfer.export_json(db, actor, source) == exported


def test_a_version_1_export_still_imports(db: Database, actor: Actor, source: int) -> None:
    old = transfer.export_json(db, actor, source)
    old["version"] = 1
    del old["sensors"], old["readings"]
    bo = _other_actor(db)
    copy_id = transfer.import_json(db, bo, old)
    again = transfer.export_json(db, bo, copy_id)
    assert again["version"] == 2 and again["readings"] == [] and again["sensors"] == []
    assert again["sessions"] == old["sessions"]  # the peaks stay in the sessions' context
    assert again["sessions"][2]["context"]["pack_temp_c"] == 29.25


def _bad(data: dict[str, Any], key: str, i: int, **change: Any) -> dict[str, Any]:
    bad = copy.deepcopy(data)
    bad[key][i] = {**bad[key][i], **change}
    for k, v in change.items():
        if v is ...:
            del bad[key][i][k]
    return bad


@pytest.mark.parametrize(
    ("key", "i", "change", "message"),
    [
        ("readings", 3, {"temp_c": 90}, r"^readings\[3\]\.temp_c: .*85"),
        ("readings", 3, {"temp_c": -41}, r"^readings\[3\]\.temp_c: .*-40"),
        ("readings", 0, {"temp_c": "20"}, r"^readings\[0\]\.temp_c: "),
        ("readings", 0, {"temp_c": True}, r"^readings\[0\]\.temp_c: "),
        ("readings", 1, {"temp_c": ...}, r"^readings\[1\]\.temp_c: "),
        ("readings", 1, {"humidity_pct": 101}, r"^readings\[1\]\.humidity_pct: "),
        ("readings", 1, {"battery_pct": 2.5}, r"^readings\[1\]\.battery_pct: "),
        ("readings", 1, {"packet_id": 256}, r"^readings\[1\]\.packet_id: "),
        (
            "readings",
            2,
            {"at": "1999-12-31T23:00:00Z"},
            r"^readings\[2\]\.at: .*between the years 2000 and 2099",
        ),
        ("readings", 2, {"at": "2100-01-01T00:00:00Z"}, r"^readings\[2\]\.at: .*2000 and 2099"),
        ("readings", 2, {"at": "2026-11-01T16:56:00"}, r"^readings\[2\]\.at: "),
        ("readings", 2, {"at": "2098-01-01T00:00:00Z"}, r"^readings\[2\]\.at: .*in the future"),
        ("readings", 4, {"sensor": "A4:C1:38:8D:18:\x00"}, r"^readings\[4\]\.sensor: "),
        ("readings", 4, {"sensor": "pocket"}, r"^readings\[4\]\.sensor: .*Bluetooth address"),
        ("readings", 5, {"session": 3}, r"^readings\[5\]\.session: 3 is not a session"),
        ("readings", 5, {"session": -1}, r"^readings\[5\]\.session: "),
        ("readings", 5, {"session": "2"}, r"^readings\[5\]\.session: "),
        ("readings", 5, {"colour": "red"}, r"^readings\[5\]\.colour: "),
        ("readings", 1, {"at": "2026-11-01T16:56:00Z"}, r"^readings\[1\]\.at: another reading"),
        ("sensors", 1, {"name": "a\x00b"}, r"^sensors\[1\]\.name: "),
        ("sensors", 1, {"address": "A4:C1:38:00:00:02"}, r"^sensors\[1\]\.address: another"),
    ],
)
def test_bad_readings_are_refused_naming_each_and_nothing_is_stored(
    db: Database, actor: Actor, source: int, key: str, i: int, change: dict[str, Any], message: str
) -> None:
    bad = _bad(transfer.export_json(db, actor, source), key, i, **change)
    before = (_count(db, t.Cat), _count(db, t.Sensor), _count(db, t.Reading))
    with pytest.raises(CoachInputError, match=message):
        transfer.import_json(db, _other_actor(db), bad)
    with pytest.raises(CoachInputError, match=message):
        transfer.import_json(db, actor, bad, rename="Copy")
    assert (_count(db, t.Cat), _count(db, t.Sensor), _count(db, t.Reading)) == before


def test_every_bad_reading_is_named_at_once(db: Database, actor: Actor, source: int) -> None:
    bad = _bad(transfer.export_json(db, actor, source), "readings", 1, temp_c=99)
    bad = _bad(bad, "readings", 6, session=7)
    with pytest.raises(CoachInputError) as caught:
        transfer.import_json(db, actor, bad, rename="Copy")
    assert [p.field for p in caught.value.problems] == ["readings[1].temp_c", "readings[6].session"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"readings": {"at": 1}}, r"^readings: expected a list"),
        ({"sensors": "A4"}, r"^sensors: expected a list"),
        ({"readings": [7]}, r"^readings\[0\]: expected an object"),
        ({"version": 3}, r"^version: 3 is not one of 1, 2"),
        ({"version": True}, r"^version: True is not one of 1, 2"),
    ],
)
def test_bad_shapes_are_refused(
    db: Database, actor: Actor, source: int, change: dict[str, Any], message: str
) -> None:
    data = transfer.export_json(db, actor, source) | change
    with pytest.raises(CoachInputError, match=message):
        transfer.import_json(db, actor, data, rename="Copy")
    assert cats.list_cats(db, actor).total == 1


def test_an_import_has_at_most_max_readings(db: Database, actor: Actor, source: int) -> None:
    data = transfer.export_json(db, actor, source)
    with pytest.raises(CoachInputError, match=r"^readings: 8 readings: at most 7 per import$"):
        transfer.import_json(db, actor, data, rename="Copy", max_readings=7)
    assert transfer.import_json(db, actor, data, rename="Copy", max_readings=8) > 0
    many = data | {"sensors": [{"address": f"A4:C1:38:00:01:{n:02X}"} for n in range(101)]}
    with pytest.raises(CoachInputError, match=r"^sensors: 101 sensors: at most 100 per import$"):
        transfer.import_json(db, actor, many, rename="Copy 2")


def test_readings_are_written_in_chunks_with_writes_in_between(
    db: Database, actor: Actor, source: int
) -> None:
    """3 sessions, then 8 readings, 3 a transaction: another household posts
    readings between two chunks of them."""
    data = transfer.export_json(db, actor, source)
    bo = _other_actor(db)
    busy = cats.add_cat(db, bo, cat(name="Busy")).id
    between: list[int] = []

    def other_write(written: int) -> None:
        at = START + timedelta(minutes=written)
        worker = threading.Thread(
            target=lambda: readings.post_readings(db, bo, busy, batch(at, 20.0), at)
        )
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive(), "another write waited for the whole import"
        between.append(written)

    copy_id = transfer.import_json(db, bo, data, chunk=3, after_chunk=other_write)
    assert between == [3, 6, 9, 11]
    assert transfer.export_json(db, bo, copy_id)["readings"] == data["readings"]


def test_a_failed_chunk_of_readings_takes_the_import_back(
    db: Database, actor: Actor, source: int
) -> None:
    """The sessions are in, a chunk of readings too, then the database fails:
    the cat goes with all it had, the thermometer the import added too, the
    one the household had stays."""
    data = transfer.export_json(db, actor, source)
    bo = _other_actor(db)
    readings.pair_sensor(db, bo, cats.add_cat(db, bo, cat(name="Own")).id, PairIn(address=OTHER))

    def fail(written: int) -> None:
        if written == 6:
            raise RuntimeError("the database went away")

    before = _count(db, t.Reading)
    with pytest.raises(RuntimeError):
        transfer.import_json(db, bo, data, chunk=3, after_chunk=fail)
    with pytest.raises(NotFoundError):
        cats.find_cat(db, bo, "Meister")
    assert [s.address for s in readings.list_sensors(db, bo)] == [OTHER]
    assert _count(db, t.Reading) == before
    assert transfer.export_json(db, actor, source) == data  # the source untouched
    copy_id = transfer.import_json(db, bo, data, chunk=3)  # and it can be tried again
    assert transfer.export_json(db, bo, copy_id) == data


@pytest.fixture
def other_db(db: Database, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    """An empty database of the other kind: PostgreSQL for SQLite and the other way."""
    if db.is_sqlite:
        url, schema = request.getfixturevalue("postgres_schema")
        _empty_postgres(url, schema)
        target = Database(url, schema=schema)
    else:
        path = tmp_path / "other.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        target = Database(f"sqlite:///{path}")
    yield target
    target.dispose()


@pytest.mark.postgres
def test_round_trip_between_sqlite_and_postgresql(
    db: Database, actor: Actor, source: int, other_db: Database
) -> None:
    exported = transfer.export_json(db, actor, source)
    there = _other_actor(other_db, "ada@example.org")
    copy_id = transfer.import_json(other_db, there, copy.deepcopy(exported))
    assert transfer.export_json(other_db, there, copy_id) == exported
    assert _air(other_db, there, copy_id) == _air(db, actor, source)
