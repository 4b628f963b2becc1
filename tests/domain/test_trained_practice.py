"""A trained cat's practice at an old ladder level is maintenance, not a new climb.

protocol.md, Maintenance and rule 10: after training the pack stays out at
home and short trips continue often. A graduated cat whose owner logs an
easier practice session (a home carry, a quiet spot, a local walk, even a
full day out) stays trained: a calm session takes it back to its upkeep,
never up the training ladder from the old level. Unease at an easier level
repeats that level and then returns to upkeep; real stress there rests, resumes
easier, and climbs back only to the level of the trouble before returning.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from catpack import decide
from catpack.domain import protocol as P
from tests.domain.test_rests_and_lapses import graduated, out
from tests.factories import HISSING, UNEASY, request, session

H = timedelta(hours=1)
D = timedelta(days=1)
LOG = graduated()
LAST = datetime.fromisoformat(LOG[-1]["at"])
AT = LAST + D


def practice(stage: str, level: int, at: datetime = AT, **kw: Any) -> dict[str, Any]:
    return out(stage, level, at, minutes=None, **kw)


# (id, sessions after graduation, decision, stage, level)
CALLS: list[tuple[str, list[dict[str, Any]], str, str, int]] = [
    ("a calm carry at home", [practice("movement", 3)], "maintain", "maintenance", 1),
    (
        "a calm sitting beside the pack outdoors",
        [practice("outdoors", 2)],
        "maintain",
        "maintenance",
        1,
    ),
    ("a calm short walk near home", [practice("first-walk", 2)], "maintain", "maintenance", 1),
    ("a calm quiet local walk", [practice("local-walks", 1)], "maintain", "maintenance", 1),
    ("a calm busy-place visit", [practice("local-walks", 3)], "maintain", "maintenance", 1),
    ("a calm full day out", [practice("adventure", 4)], "maintain", "maintenance", 1),
    (
        "a little tense at a home carry: repeat it, not raise it",
        [session("movement", 3, AT, reps=5, calm=3)],
        "stick",
        "movement",
        3,
    ),
    (
        "tense at a home carry, then calm there: back to upkeep",
        [session("movement", 3, AT, reps=5, calm=3), session("movement", 3, AT + 3 * H)],
        "maintain",
        "maintenance",
        1,
    ),
    (
        "a little tense at a busy place: the routine trip, not the busy place again",
        [practice("local-walks", 3, reps=5, calm=3)],
        "maintain",
        "maintenance",
        1,
    ),
    (
        "uneasy at a busy place: the routine trip, not a longer walk below it",
        [practice("local-walks", 3, observation=UNEASY, reps=None, calm=None)],
        "maintain",
        "maintenance",
        1,
    ),
    (
        "uneasy on a first local walk: the shorter walk below it, not the routine",
        [practice("local-walks", 1, observation=UNEASY, reps=None, calm=None)],
        "drop",
        "first-walk",
        3,
    ),
    (
        "uneasy at a busy place, then calm on a quiet walk: back to upkeep",
        [
            practice("local-walks", 3, observation=UNEASY, reps=None, calm=None),
            practice("local-walks", 2, AT + 3 * H),
        ],
        "maintain",
        "maintenance",
        1,
    ),
    (
        "stress at a quiet spot, rested, calm below it: back up to it, not beyond",
        [
            practice("outdoors", 4, observation=HISSING),
            *[
                session(stage, level, AT + D + k * 3 * H)
                for k, (stage, level) in enumerate(
                    [("outdoors", 2), ("outdoors", 3), ("outdoors", 3), ("outdoors", 3)]
                )
            ],
            practice("outdoors", 4, AT + 2 * D),
        ],
        "maintain",
        "maintenance",
        1,
    ),
]


@pytest.mark.parametrize(
    ("after", "decision", "stage", "level"),
    [c[1:] for c in CALLS],
    ids=[c[0] for c in CALLS],
)
def test_a_trained_cat_practising_an_old_level_stays_in_upkeep(
    after: list[dict[str, Any]], decision: str, stage: str, level: int
) -> None:
    now = datetime.fromisoformat(after[-1]["at"]) + H
    d = decide(request([*LOG, *after], now=now))
    got = (d["decision"], d["stage"]["id"], d["stage"]["level"])
    assert got == (decision, stage, level), d["reasons"]
    assert not any("raise one level" in r for r in d["reasons"]), d["reasons"]


def test_stress_at_an_old_level_climbs_back_only_to_that_level() -> None:
    """After a stop at a trained cat's practice level, calm sessions climb the
    ladder back to the level of the trouble, never past it: calm there, upkeep."""
    log = [*LOG, practice("outdoors", 4, observation=HISSING)]
    at = AT + D
    seen: list[tuple[str, int]] = []
    d = decide(request(log, now=AT + H))
    while d["decision"] != "maintain":
        seen.append((d["stage"]["id"], d["stage"]["level"]))
        assert len(seen) < 12, seen
        log.append(session(d["stage"]["id"], d["stage"]["level"], at))
        at += 3 * H
        d = decide(request(log, now=at))
    assert seen and all(stage == "outdoors" and level <= 4 for stage, level in seen), seen


# ------------------------------------------- the refresher after a lapse (rule 10)

LAPSED = LAST + 40 * D


def _hike(log: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    from catpack import plan_trip

    req = request(log, now=now)
    return plan_trip({**req, "trip": {"kind": "hike", "hours": 0.1}})


def test_an_easier_session_after_a_lapse_does_not_replace_the_refresher() -> None:
    """A calm carry at home after 40 idle days is a start, not the refresher's
    quiet outdoor sessions: the refresher goes on, and a big trip waits."""
    log = [*LOG, session("movement", 3, LAPSED)]
    d = decide(request(log, now=LAPSED + H))
    assert (d["decision"], d["stage"]["id"], d["stage"]["level"]) == ("refresh", "refresher", 1)
    trip = _hike(log, LAPSED + H)
    assert trip["ready"] is False
    assert any("refresher" in r for r in trip["reasons"]), trip["reasons"]


def test_the_refresher_done_a_big_trip_is_ready_again() -> None:
    log = [
        *LOG,
        *[practice("refresher", lv, LAPSED + (lv - 1) * 3 * H) for lv in (1, 2, 3)],
    ]
    now = LAPSED + 9 * H
    d = decide(request(log, now=now))
    assert (d["decision"], d["stage"]["id"]) == ("maintain", "maintenance")
    assert _hike(log, now)["ready"] is True


def test_a_routine_trip_after_a_lapse_covers_the_refresher() -> None:
    """The calm routine trip asks more than every refresher level: done."""
    log = [*LOG, practice("maintenance", 1, LAPSED)]
    d = decide(request(log, now=LAPSED + H))
    assert (d["decision"], d["stage"]["id"]) == ("maintain", "maintenance")


def test_a_trained_cat_stopped_in_maintenance_is_not_ready_for_a_big_trip_until_back() -> None:
    log = [*LOG, practice("maintenance", 1, AT, observation=HISSING)]
    log.append(practice("refresher", 2, AT + D))  # calm, one step of the way back
    trip = _hike(log, AT + D + H)
    assert trip["ready"] is False
    assert any("refresher" in r for r in trip["reasons"]), trip["reasons"]


LADDER = [
    (s.id, lv) for s in P.TRAINING_LADDER if not s.optional for lv in range(1, len(s.levels) + 1)
]


@pytest.mark.parametrize(("stage", "level"), LADDER, ids=[f"{s} {lv}" for s, lv in LADDER])
def test_a_calm_practice_at_any_ladder_level_keeps_a_trained_cat_in_maintenance(
    stage: str, level: int
) -> None:
    d = decide(request([*LOG, practice(stage, level)], now=AT + H))
    assert (d["decision"], d["stage"]["id"]) == ("maintain", P.MAINTENANCE.id), d["reasons"]


def test_a_lapse_in_the_refresher_starts_it_again_at_its_easiest() -> None:
    """A trained cat stopped on its routine trip resumes in the refresher; a
    month without practice after that: the refresher's first level, and the
    reasons say why (a lapse at any step makes the next session easier)."""
    log = [*LOG, practice("maintenance", 1, AT, observation=HISSING)]
    now = AT + 30 * D
    d = decide(request(log, now=now))
    assert (d["decision"], d["stage"]["id"], d["stage"]["level"]) == (
        "refresh",
        P.REFRESHER.id,
        1,
    )
    assert any("30 days" in r for r in d["reasons"]), d["reasons"]
    # A calm carry at home after the break does not skip the refresher's start.
    log.append(session("movement", 3, now))
    d = decide(request(log, now=now + H))
    assert (d["decision"], d["stage"]["id"], d["stage"]["level"]) == (
        "refresh",
        P.REFRESHER.id,
        1,
    )
