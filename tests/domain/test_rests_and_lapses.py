"""Rests that hold and lapses at any step: histories → decisions, as tables.

Issue #8, Deliver 4: no session inside a rest counts as permission to raise,
and the session after a stop is easier on every axis the owner meets: a level
lower, a place no busier, a shorter time, everywhere (refresher and steps 9-10
included). Deliver 5: after a lapse the next session is easier, calm sessions
before the lapse no longer count towards a level's calm sessions, and the
reasons say why.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from catpack import decide, protocol
from tests.factories import CALM, HISSING, SAFE_CHECKS, T0, cat, request, session

H = timedelta(hours=1)
D = timedelta(days=1)
LEVELS = {s["id"]: s["level_details"] for s in protocol()["stages"]}
PLACES = ["home", "doorway", "car", "quiet_outdoors", "busy_outdoors"]


def out(stage: str, level: int, at: datetime, **kw: Any) -> dict[str, Any]:
    """A session in the pack outside the home (checks done right)."""
    return session(stage, level, at, checks=SAFE_CHECKS, **kw)


def graduated(start: datetime = T0) -> list[dict[str, Any]]:
    """Calm sessions through the whole ladder, one every 3 hours (step 9 three times)."""
    log: list[dict[str, Any]] = []
    at = start
    for s in protocol()["stages"]:
        if s["track"] != "backpack" or s["optional"] or s["role"] != "training":
            continue
        for level, detail in enumerate(s["level_details"], start=1):
            for _ in range(detail["calm_sessions"]):
                log.append(out(s["id"], level, at))
                at += 3 * H
    return log


STOP_AT = T0.replace(hour=18)
# (id, sessions, now, decision, stage, level, longest next session in minutes)
RESTS: list[tuple[str, list[dict[str, Any]], datetime, str, str, int, float]] = [
    (
        "a calm session 30 minutes after a stop neither raises nor ends the rest",
        [
            session("door-closed", 5, STOP_AT, observation=HISSING),
            session("door-closed", 3, STOP_AT + 0.5 * H),
        ],
        STOP_AT + H,
        "stick",
        "door-closed",
        3,
        2,  # still the first session after the stop: half the 4 minutes it lasted
    ),
    (
        "three calm sessions inside the rest still do not raise",
        [
            session("door-closed", 5, STOP_AT, observation=HISSING),
            *[session("door-closed", 3, STOP_AT + k * H) for k in (1, 2, 3)],
        ],
        STOP_AT + 4 * H,
        "stick",
        "door-closed",
        3,
        2,
    ),
    (
        "a calm session inside the rest at the level that caused the stop keeps the easier plan",
        [
            session("door-closed", 5, STOP_AT, observation=HISSING),
            session("door-closed", 5, STOP_AT + 0.5 * H),
        ],
        STOP_AT + H,
        "drop",  # lower than the session just logged (was "stick": test_labels_agree.py)
        "door-closed",
        3,
        2,
    ),
    (
        "a calm busy walk inside the rest after a stop there: still quiet, lower, shorter",
        [
            out("local-walks", 3, STOP_AT, observation=HISSING, minutes=20),
            out("local-walks", 3, STOP_AT + 0.5 * H, minutes=20),
        ],
        STOP_AT + H,
        "drop",  # lower than the session just logged (was "stick": test_labels_agree.py)
        "local-walks",
        1,
        10,
    ),
    (
        "a calm refresher walk inside the rest after a stop there: the plan stays at home",
        [
            *graduated(),
            out("refresher", 3, STOP_AT + 40 * D, observation=HISSING, minutes=4),
            out("refresher", 3, STOP_AT + 40 * D + 0.5 * H, minutes=4),
        ],
        STOP_AT + 40 * D + H,
        "refresh",
        "refresher",
        1,
        2,
    ),
    (
        "real stress again inside the rest, at a harder level: stopped again, the plan no higher",
        [
            session("door-closed", 5, STOP_AT, observation=HISSING),
            session("door-closed", 7, STOP_AT + 0.5 * H, observation=HISSING),
        ],
        STOP_AT + H,
        "stop",
        "door-closed",
        3,
        2,
    ),
    (
        "unease inside the rest below the plan takes it lower still",
        [
            session("door-closed", 5, STOP_AT, observation=HISSING),
            session("door-closed", 3, STOP_AT + 0.5 * H, reps=5, calm_reps=1),
        ],
        STOP_AT + H,
        "drop",
        "door-closed",
        2,
        2,
    ),
    (
        "a stop on the first long quiet outing resumes quiet and for half the time",
        [out("adventure", 1, STOP_AT, observation=HISSING, minutes=60)],
        STOP_AT + H,
        "stop",
        "local-walks",
        2,
        30,
    ),
    (
        "a stop at the busy level of step 9 resumes in a quiet place, shorter",
        [out("local-walks", 3, STOP_AT, observation=HISSING, minutes=20)],
        STOP_AT + H,
        "stop",
        "local-walks",
        1,
        10,
    ),
    (
        "a stop on step 9's longest walk resumes two levels down, never at the busy one",
        [out("local-walks", 4, STOP_AT, observation=HISSING, minutes=60)],
        STOP_AT + H,
        "stop",
        "local-walks",
        2,
        30,
    ),
    (
        "a stop the first time outdoors resumes at the doorway",
        [out("outdoors", 1, STOP_AT, observation=HISSING)],
        STOP_AT + H,
        "stop",
        "doorway",
        2,
        2,
    ),
    (
        "a stop after two minutes asks for one minute next time",
        [session("door-closed", 4, STOP_AT, observation=HISSING, minutes=2)],
        STOP_AT + H,
        "stop",
        "door-closed",
        2,
        1,
    ),
    (
        "a stop at the very first level stays there but shorter",
        [session("introduce", 1, STOP_AT, observation=HISSING)],
        STOP_AT + H,
        "stop",
        "introduce",
        1,
        2,
    ),
]


@pytest.mark.parametrize(
    ("log", "now", "decision", "stage", "level", "minutes"),
    [c[1:] for c in RESTS],
    ids=[c[0] for c in RESTS],
)
def test_rests_hold_and_the_next_session_is_easier(
    log: list[dict[str, Any]],
    now: datetime,
    decision: str,
    stage: str,
    level: int,
    minutes: float,
) -> None:
    d = decide(request(log, now=now))
    assert (d["decision"], d["stage"]["id"], d["stage"]["level"]) == (decision, stage, level)
    nxt = d["next_session"]
    assert nxt["max_minutes"] == pytest.approx(minutes)
    stopped = next(s for s in log if s["observation"] is HISSING)
    stopped_place = LEVELS[stopped["stage"]][stopped["level"] - 1]["location"]
    assert PLACES.index(nxt["location"]) <= PLACES.index(stopped_place)
    # The rest holds: not before the next calendar day and 12 hours after the stop.
    not_before = datetime.fromisoformat(nxt["not_before"])
    assert not_before.date() > STOP_AT.date()
    assert not_before - STOP_AT >= timedelta(hours=12)
    if decision == "stop":
        assert any("further back and keep it short" in r for r in d["reasons"]), d["reasons"]


def test_a_session_inside_the_rest_gives_its_reason() -> None:
    log = RESTS[0][1]
    d = decide(request(log, now=STOP_AT + H))
    assert any("during the rest" in r for r in d["reasons"])


def test_after_the_rest_calm_sessions_count_again() -> None:
    log = [
        session("door-closed", 5, STOP_AT, observation=HISSING),
        *[session("door-closed", 3, STOP_AT + D + k * H) for k in (0, 1, 2)],
    ]
    d = decide(request(log, now=STOP_AT + D + 3 * H))
    assert (d["decision"], d["stage"]["level"]) == ("push", 4)
    # Back to full length once the first session after the stop has happened.
    assert d["next_session"]["max_minutes"] == 5


def test_a_stop_in_the_refresher_resumes_lower_at_home_and_shorter() -> None:
    log = graduated()
    lapse = datetime.fromisoformat(log[-1]["at"]) + 30 * D
    log.append(out("refresher", 1, lapse, observation=HISSING))
    d = decide(request(log, now=lapse + H))
    assert d["decision"] == "stop"
    assert d["stage"]["id"] != "refresher"  # not the same level again
    assert d["next_session"]["location"] == "home"
    assert d["next_session"]["max_minutes"] < 10
    # Calm practice there climbs back to the refresher, not on through the ladder.
    at, seen = lapse + D, []
    while d["stage"]["id"] != "refresher":
        seen.append(d["stage"]["id"])
        log.append(session(d["stage"]["id"], d["stage"]["level"], at))
        d = decide(request(log, now=at + H))
        at += 3 * H
        assert len(seen) < 12
    assert d["stage"]["level"] == 1
    assert set(seen) == {"movement"}


def test_a_stop_in_maintenance_resumes_in_the_refresher_shorter() -> None:
    log = graduated()
    last = datetime.fromisoformat(log[-1]["at"])
    log.append(out("maintenance", 1, last + D, observation=HISSING, minutes=30))
    d = decide(request(log, now=last + D + H))
    assert (d["decision"], d["stage"]["id"]) == ("stop", "refresher")
    assert d["next_session"]["location"] in ("home", "quiet_outdoors")
    assert d["next_session"]["max_minutes"] < 30


# (id, sessions, now, decision, stage, level, words the reasons must contain)
LAPSES: list[tuple[str, list[dict[str, Any]], datetime, str, str, int, str]] = [
    (
        "four months after the busy level of step 9: easier, not the same level",
        [out("local-walks", 3, T0 + k * D) for k in range(2)],
        T0 + 120 * D,
        "drop",
        "local-walks",
        2,
        "no longer count",
    ),
    (
        "a month after a calm session at door closed 3: a level below it, not a raise",
        [session("door-closed", 3)],
        T0 + 30 * D,
        "drop",
        "door-closed",
        2,
        "days without practice",
    ),
    (
        "a lapse on the harness track: easier there too",
        [session("harness-leash", 3)],
        T0 + 30 * D,
        "drop",
        "harness-leash",
        2,
        "days without practice",
    ),
    (
        "two weeks exactly is not yet a lapse",
        [session("door-closed", 3)],
        T0 + 14 * D,
        "push",
        "door-closed",
        4,
        "raise",
    ),
]


@pytest.mark.parametrize(
    ("log", "now", "decision", "stage", "level", "words"),
    [c[1:] for c in LAPSES],
    ids=[c[0] for c in LAPSES],
)
def test_lapses_at_any_step(
    log: list[dict[str, Any]], now: datetime, decision: str, stage: str, level: int, words: str
) -> None:
    d = decide(request(log, now=now, cat=cat(harness_trained=stage != "harness-leash")))
    assert (d["decision"], d["stage"]["id"], d["stage"]["level"]) == (decision, stage, level)
    assert any(words in r for r in d["reasons"]), d["reasons"]


def test_calm_outings_before_a_lapse_no_longer_count() -> None:
    before = [out("local-walks", 1, T0 + k * D) for k in range(2)]  # 2 of 3
    # The outing after the break at the level's full length (a shorter one is
    # a short try after the break, which builds the time up and counts no outing).
    after = [out("local-walks", 1, T0 + 40 * D, minutes=20)]
    d = decide(request(before + after, now=T0 + 40 * D + H))
    assert (d["decision"], d["stage"]["level"]) == ("stick", 1)
    assert any("1 of 3 calm outings" in r for r in d["reasons"]), d["reasons"]
    # Without the lapse the same three outings raise the level.
    steady = [out("local-walks", 1, T0 + k * D) for k in range(3)]
    assert decide(request(steady, now=T0 + 3 * D))["decision"] == "push"


def test_a_paused_stretch_is_not_a_lapse() -> None:
    log = [out("local-walks", 1, T0 + k * D) for k in range(2)]
    pause = {"from": (T0 + 2 * D).isoformat(), "to": (T0 + 38 * D).isoformat()}
    log.append(out("local-walks", 1, T0 + 40 * D))
    d = decide(request(log, now=T0 + 40 * D + H, pauses=[pause]))
    assert (d["decision"], d["stage"]["level"]) == ("push", 2)
    assert not any("without practice" in r for r in d["reasons"])


def test_calm_session_words_are_plain() -> None:
    d = decide(request([session("door-closed", 3)], now=T0 + 30 * D))
    assert not any("rule" in r.lower() for r in d["reasons"] if "practice" in r)
    assert CALM  # the factory's calm observation is what the log used


def test_a_stop_on_the_finished_harness_track_resumes_there_not_on_the_ladder() -> None:
    done = [session("harness-leash", lv, T0 + lv * H) for lv in range(1, 5)]
    stop = session("harness-leash", 2, T0 + 6 * H, observation=HISSING)
    during = session("harness-leash", 1, T0 + 7 * H)
    for log in ([*done, stop], [*done, stop, during]):
        d = decide(request(log, now=T0 + 8 * H, cat=cat(harness_trained=False)))
        assert (d["stage"]["id"], d["stage"]["level"]) == ("harness-leash", 1)
        assert d["next_session"]["location"] == "home"
        assert d["decision"] in ("stop", "stick")


# (id, sessions, now, stage, level): a lapse where no level is easier than the last one
BOTTOM_LAPSES: list[tuple[str, list[dict[str, Any]], datetime, str, int]] = [
    (
        "a month after a tense first try at the backpack",
        [session("introduce", 1, T0, reps=5, calm=3)],
        T0 + 30 * D,
        "introduce",
        1,
    ),
    (
        "a month after a stop at the very first level",
        [session("introduce", 1, T0, observation=HISSING)],
        T0 + 30 * D,
        "introduce",
        1,
    ),
    (
        "a month after a tense first harness try",
        [session("harness-leash", 1, T0, reps=5, calm=3)],
        T0 + 30 * D,
        "harness-leash",
        1,
    ),
]


@pytest.mark.parametrize(
    ("log", "now", "stage", "level"),
    [c[1:] for c in BOTTOM_LAPSES],
    ids=[c[0] for c in BOTTOM_LAPSES],
)
def test_a_lapse_with_no_easier_level_repeats_it_shorter_and_says_so(
    log: list[dict[str, Any]], now: datetime, stage: str, level: int
) -> None:
    """After a lapse the next session is easier: at the very first level,
    where nothing is easier, it is shorter, and the reasons do not promise an
    easier level that is not there."""
    d = decide(request(log, now=now, cat=cat(harness_trained=stage != "harness-leash")))
    assert (d["stage"]["id"], d["stage"]["level"]) == (stage, level)
    assert d["next_session"]["max_minutes"] < LEVELS[stage][level - 1]["max_minutes"]
    assert not any("a level easier" in r for r in d["reasons"]), d["reasons"]
    assert any("days without practice" in r for r in d["reasons"]), d["reasons"]


def test_a_lapse_is_told_from_the_dates_as_written_only_where_that_is_sure() -> None:
    """may_lapse answers close dates without their UTC offsets: it agrees with
    the exact gap at the extreme offsets and times of day around the bound."""
    from datetime import timezone

    from catpack.domain.timing import LAPSE, may_lapse

    zones = [timezone(timedelta(hours=h, minutes=m)) for h, m in ((-23, -59), (0, 0), (23, 59))]
    times = [(0, 0, 0), (12, 0, 0), (23, 59, 59)]
    for days in range(9, 18):
        for z1 in zones:
            for z2 in zones:
                for t1 in times:
                    for t2 in times:
                        before = datetime(2030, 3, 1, *t1, tzinfo=z1)
                        at = datetime(2030, 3, 1, *t2, tzinfo=z2) + timedelta(days=days)
                        assert may_lapse(before, at) is (at - before > LAPSE), (before, at)
