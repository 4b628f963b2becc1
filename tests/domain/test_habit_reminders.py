"""The routine after graduation (streak, pauses, lapse) and the reminder rules."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from catpack import decide, words
from catpack.domain.contract import Pause, Session, parse_session
from catpack.domain.habit import habit, routine_days
from catpack.domain.reminders import TRIP_HORIZON, Prefs, due, quiet, trip_reminder, upcoming
from tests.factories import CALM, HISSING, SAFE_CHECKS, UNEASY, graduation, request, session

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 30, 12, 0, tzinfo=BERLIN)


def outings(days: list[int]) -> list[Session]:
    grad = [parse_session(graduation(MONDAY - timedelta(days=60)))]
    return grad + [
        parse_session(session("maintenance", 1, MONDAY + timedelta(days=d), checks=SAFE_CHECKS))
        for d in sorted(days)
    ]


def pause(first: int, last: int) -> Pause:
    return Pause.model_validate(
        {"from": MONDAY + timedelta(days=first), "to": MONDAY + timedelta(days=last)}
    )


def state(
    days: list[int], now_day: float, pauses: list[Pause] | None = None, per_week: int = 2
) -> dict[str, Any]:
    now = MONDAY + timedelta(days=now_day)
    return habit(outings(days), pauses or [], now, per_week, graduated=True)


def test_streak_counts_met_weeks_back_from_last_week() -> None:
    weeks = [-21, -20, -14, -13, -7, -6]  # three full weeks, two outings each
    assert state(weeks, 1)["streak_weeks"] == 3
    assert state([*weeks, 0, 1], 2)["streak_weeks"] == 4  # this week met: counts
    assert state([-21, -20, -7, -6], 1)["streak_weeks"] == 1  # a missed week breaks it


def test_a_pause_does_not_break_the_streak() -> None:
    days = [-21, -20, -7, -6]  # the week of -14 was missed ...
    assert state(days, 1, [pause(-15, -9)])["streak_weeks"] == 2  # ... on holiday
    assert state(days, 1)["streak_weeks"] == 1


def test_lapse_and_nudges() -> None:
    fresh = state([-1], 0.5)
    assert fresh["lapsed"] is False
    assert fresh["nudges"][0] == "2 more short outings this week keep the habit."
    assert any("pack out at home" in n for n in fresh["nudges"])
    old = state([-20], 0.5)
    assert old["lapsed"] is True and "refresher" in old["nudges"][0]
    assert state([-20], 0.5, [pause(-19, 0)])["lapsed"] is False  # the pause is not a lapse
    assert habit([], [], MONDAY, 3, graduated=False)["graduated"] is False


@pytest.mark.parametrize(
    ("today", "done_today", "done", "per_week", "expected"),
    [
        (date(2026, 11, 30), False, 0, 3, ["11-30", "12-02", "12-04"]),  # Monday
        (date(2026, 12, 3), True, 1, 3, ["12-04", "12-05"]),  # Thursday, one done today
        (date(2026, 12, 6), False, 0, 3, ["12-06"]),  # Sunday: only today is left
        (date(2026, 12, 2), False, 3, 3, ["12-07"]),  # met: next Monday
    ],
)
def test_routine_days(
    today: date, done_today: bool, done: int, per_week: int, expected: list[str]
) -> None:
    days = routine_days(today, done_today, done, per_week)
    assert [d.isoformat()[5:] for d in days] == expected


@pytest.mark.parametrize(
    ("clock", "inside"),
    [(time(22), True), (time(2), True), (time(7, 59), True), (time(8), False), (time(20), False)],
)
def test_quiet_hours_span_midnight(clock: time, inside: bool) -> None:
    assert quiet(clock, Prefs()) is inside
    assert quiet(clock, Prefs(quiet_from=time(8), quiet_until=time(8))) is False


def _decision(sessions: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    return decide(request(sessions, now=now))


def test_session_reminder_today_unless_done() -> None:
    now = MONDAY
    log = [session("door-closed", 2, now - timedelta(days=1))]
    d = _decision(log, now)
    last = now - timedelta(days=1)
    [r] = upcoming("Pepper", d, last, now, Prefs())
    assert r.at == datetime.combine(now.date(), time(18), tzinfo=BERLIN) and r.kind == "session"
    assert due("Pepper", d, last, now, Prefs()) == []  # 12:00: not yet
    [push] = due("Pepper", d, last, now.replace(hour=18, minute=1), Prefs())
    assert push.title == "Pepper: time for today's session"
    done = now.replace(hour=9)
    [r] = upcoming(
        "Pepper", _decision([*log, session("door-closed", 3, done)], now), done, now, Prefs()
    )
    assert r.at.date() == now.date() + timedelta(days=1)


def test_after_real_stress_the_rest_then_one_push() -> None:
    stop_at = MONDAY.replace(hour=19)
    log = [session("door-closed", 3, stop_at, observation=HISSING)]
    evening = _decision(log, stop_at + timedelta(minutes=5))
    assert evening["decision"] == "stop"
    assert due("Nala", evening, stop_at, stop_at + timedelta(minutes=5), Prefs()) == []
    morning = stop_at + timedelta(hours=14)  # 09:00 next day
    [push] = due("Nala", _decision(log, morning), stop_at, morning, Prefs())
    assert push.kind == "rest_over" and push.title == "Nala: the rest is over"
    late = stop_at + timedelta(days=3)
    assert due("Nala", _decision(log, late), stop_at, late, Prefs()) == []  # stale


def test_the_reminder_after_a_stop_is_the_next_session_not_the_stop() -> None:
    """The reminder for the session after the rest (the calendar's event, a
    push) told what to do the minute the stopped session ended ("Stop now:
    open the pack...") a day later: it says only the next session's steps."""
    stop_at = MONDAY.replace(hour=19)
    log = [session("door-closed", 3, stop_at, observation=HISSING)]
    evening = _decision(log, stop_at + timedelta(minutes=5))
    assert evening["next_session"]["instructions"][0].startswith("Stop now")
    got = upcoming("Nala", evening, stop_at, stop_at + timedelta(minutes=5), Prefs())
    assert got and all("Stop now" not in r.body for r in got), [r.body for r in got]
    assert all(r.body.startswith(evening["next_session"]["instructions"][1]) for r in got)


def test_nothing_for_a_referred_cat() -> None:
    referred = {"decision": "refer", "stage": {}, "next_session": None}
    assert upcoming("Biscuit", referred, None, MONDAY, Prefs()) == []
    assert due("Biscuit", referred, None, MONDAY.replace(hour=18), Prefs()) == []


# ------------------------------- a trained cat's reminders follow its routine
#
# protocol.md rule 10: after training, "short trips continue often"; the
# reminders of a trained cat are its routine outings (the days still due this
# week, spread out), whatever the coach's next session is: the routine trip,
# the refresher after a break, or an easier session after unease on a routine
# trip (drop), calm again (push) or the same again (stick). Only a stop keeps
# its own reminder (the rest, then the easier session). A cat in training gets
# its next session today (or tomorrow), as before.

WEEK_BEFORE = graduation(MONDAY - timedelta(days=6))  # Tuesday before; the target is 2 a week


def _trip(day: float, observation: dict[str, Any] | None = None) -> dict[str, Any]:
    obs = observation or CALM
    return session(
        "maintenance", 1, MONDAY + timedelta(days=day), minutes=30, checks=SAFE_CHECKS,
        observation=obs, calm=2 if obs is UNEASY else 5,
    )  # fmt: skip


# (id, log from graduation, decision, reminder kind, days from Monday)
TRAINED_REMINDERS: list[tuple[str, list[dict[str, Any]], str, str, list[int]]] = [
    ("a routine trip next: the routine's days", [WEEK_BEFORE, _trip(-3)], "maintain", "outing",
     [0, 3]),
    ("after a break, the refresher: the routine's days",
     [graduation(MONDAY - timedelta(days=20))], "refresh", "outing", [0, 3]),
    ("uneasy on a routine trip, a level easier next: the routine's days (wrong before: "
     "a training session today)", [WEEK_BEFORE, _trip(-3, UNEASY)], "drop", "outing", [0, 3]),
    ("uneasy, then calm in the refresher, on up: the routine's days (wrong before)",
     [WEEK_BEFORE, _trip(-4, UNEASY),
      {**_trip(-3), "stage": "refresher", "level": 2, "minutes": 10}], "push", "outing", [0, 3]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("log", "decision", "kind", "days"),
    [c[1:] for c in TRAINED_REMINDERS],
    ids=[c[0] for c in TRAINED_REMINDERS],
)
def test_a_trained_cats_reminders_are_its_routine_outings(
    log: list[dict[str, Any]], decision: str, kind: str, days: list[int]
) -> None:
    d = _decision(log, MONDAY)
    assert d["decision"] == decision, d["reasons"]
    parsed = sorted((parse_session(s) for s in log), key=lambda s: s["at"])
    state = habit(parsed, [], MONDAY, 2, graduated=True)
    last = parsed[-1]["at"]
    got = upcoming("Tom", d, last, MONDAY, Prefs(), state)
    assert [(r.kind, (r.at.date() - MONDAY.date()).days) for r in got] == [
        (kind, day) for day in days
    ]
    assert all(r.title.startswith("Tom: ") for r in got)


def test_a_cat_in_training_that_is_uneasy_gets_its_next_session_today() -> None:
    log = [session("door-closed", 3, MONDAY - timedelta(days=1), calm=2, observation=UNEASY)]
    d = _decision(log, MONDAY)
    assert d["decision"] == "drop"
    state = habit([parse_session(s) for s in log], [], MONDAY, 2, graduated=False)
    [r] = upcoming("Pepper", d, MONDAY - timedelta(days=1), MONDAY, Prefs(), state)
    assert (r.kind, r.at.date()) == ("session", MONDAY.date())


# --------------------------------- what counts as a routine outing: what it asked
#
# protocol.md rule 10: after training "short trips continue often". An outing
# of a trained cat that asks at least as much as the routine trip (a long walk,
# a day's hike) keeps the habit as well as the routine trip does, whatever stage
# it was logged at; a few minutes with the pack at home does not. The coach
# counts a trained cat's upkeep the same way (a calm session that covers it).
# Counted from the session that completed training on: walks in training are
# not the routine.


def _at(stage: str, level: int, day: float, **kw: Any) -> dict[str, Any]:
    return session(stage, level, MONDAY + timedelta(days=day), checks=SAFE_CHECKS, **kw)


# (id, sessions this week after a graduation last week, outings counted)
COUNTED: list[tuple[str, list[dict[str, Any]], int]] = [
    ("a routine trip", [_at("maintenance", 1, 0)], 1),
    ("a refresher at home", [_at("refresher", 1, 0)], 1),
    ("a two-hour outing (wrong before: not counted)", [_at("adventure", 2, 0)], 1),
    ("a full-day hike and an hour's quiet walk (wrong before: none counted)",
     [_at("local-walks", 4, 0), _at("adventure", 4, 0)], 2),
    ("the pack worn at home for five minutes: not an outing", [_at("movement", 6, 0)], 0),
]  # fmt: skip


@pytest.mark.parametrize(("log", "count"), [c[1:] for c in COUNTED], ids=[c[0] for c in COUNTED])
def test_a_trained_cats_outing_counts_by_what_it_asked(
    log: list[dict[str, Any]], count: int
) -> None:
    now = MONDAY + timedelta(days=2)  # Wednesday; the sessions on Monday
    log = [_at(s["stage"], s["level"], 0.1 * i) for i, s in enumerate(log)]  # Monday, this week
    parsed = [parse_session(s) for s in [graduation(MONDAY - timedelta(days=5)), *log]]
    assert habit(parsed, [], now, 3, graduated=True)["this_week"] == count


def test_the_routine_counts_from_the_end_of_training() -> None:
    """Three walks in the week before graduation are training: with the
    graduation's time (what the fold gives), they do not make that week a
    routine week met (counted as outings, they would: a streak of 1)."""
    from catpack.domain.contract import Cat
    from catpack.domain.history import fold

    last_week = [_at("local-walks", 3, d) for d in (-7, -6, -5)]
    grad = graduation(MONDAY - timedelta(days=4, hours=2))
    parsed = [parse_session(s) for s in [*last_week, grad]]
    state = fold(Cat.model_validate({"name": "Tom", "harness_trained": True}), parsed)
    assert state.graduated and state.graduated_at == parsed[-1]["at"]
    got = habit(parsed, [], MONDAY + timedelta(days=1), 3, True, since=state.graduated_at)
    assert got["streak_weeks"] == 0
    # The session that completed training is the end of training, not the
    # routine's first outing; a walk after it is.
    done = graduation(MONDAY)
    walk = _at("local-walks", 3, 1)
    for log, count in (([done], 0), ([done, walk], 1)):
        parsed = [parse_session(s) for s in log]
        now = MONDAY + timedelta(days=2)
        assert habit(parsed, [], now, 3, True, since=parsed[0]["at"])["this_week"] == count


def test_a_saved_trip_is_a_calendar_event_from_now_to_the_horizon() -> None:
    """A trip starting now is listed, one a minute ago is not; the horizon
    (60 days, policy) is open at its end. The event is at the household's
    clock, as long as the trip, keyed by the trip alone."""
    utc_start = datetime(2026, 12, 5, 9, 0, tzinfo=ZoneInfo("UTC"))
    now = utc_start.astimezone(BERLIN)

    def at(start: datetime) -> datetime | None:
        found = trip_reminder(7, start, 3, now, "t", "b")
        return found.at if found is not None else None

    assert TRIP_HORIZON.days == 60
    found = trip_reminder(7, utc_start, 3, now, "Pepper: a walk (trip)", "Bring: ...")
    assert found is not None
    assert (found.kind, found.key, found.minutes) == ("trip", "trip-7", 180)
    assert found.at.tzinfo is BERLIN and found.at.hour == 10
    assert at(utc_start - timedelta(minutes=1)) is None
    assert at(utc_start + TRIP_HORIZON - timedelta(minutes=1)) is not None
    assert at(utc_start + TRIP_HORIZON) is None


def test_a_trip_in_the_calendar_in_words() -> None:
    items = ["harness", "leash", "tether_check", "id_tag", "blanket", "treats"]
    title, body = words.calendar_trip("Mia", "road_trip", items)
    assert title == "Mia: a road trip (trip)"
    assert body == (
        "Bring: Harness, leash, ID tag, blanket and the rest of the list. "
        "Check the weather before you go."
    )
    assert words.calendar_trip("Mia", "walk", []) == (
        "Mia: a walk (trip)",
        "Check the weather before you go.",
    )
