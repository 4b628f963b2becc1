"""Rule 6, plateau: no new level for weeks with recurring tension → refer.

Added after the virtual-cat benchmark (docs/sim.md): cats that can never pass
a step mostly stall in unease, which the stress count alone never refers.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

import catpack
from catpack.domain.evidence import PLATEAU_DAYS, PLATEAU_TENSE
from tests.factories import T0, UNEASY, request, series, session

WARM_UP = [
    *[("introduce", lv) for lv in range(1, 5)],
    *[("associations", lv) for lv in range(1, 4)],
    *[("time-inside", lv) for lv in range(1, 6)],
    ("door-closed", 1),
    ("door-closed", 2),
]


#: Only weakly tense to look at (alert, CSS 3): the repetition count tells the unease.
WATCHFUL: dict[str, Any] = {**UNEASY, "tail": "relaxed", "ears": "neutral", "eyes": "normal"}


def stalled(
    days: int, tense_every: int = 1, tense: dict[str, Any] = UNEASY, tense_calm: int = 1
) -> list[dict[str, Any]]:
    """Calm up to door-closed 2, then ``days`` days failing level 3 and redoing 2
    (``tense``, ``tense_calm``: how the failing session looked, calm repetitions of 5)."""
    log = series(WARM_UP, gap=timedelta(minutes=20))
    for d in range(1, days + 1):
        morning = T0 + timedelta(days=d, hours=-9)
        bad = d % tense_every == 0
        log.append(
            session(
                "door-closed",
                3,
                morning,
                calm=tense_calm if bad else 3,
                observation=dict(tense) if bad else None,
            )
        )
        log.append(session("door-closed", 2, morning + timedelta(hours=9)))
    return log


def decide_after(log: list[dict[str, Any]]) -> dict[str, Any]:
    last = max(s["at"] for s in log)
    return catpack.decide(request(log, now=last))


def test_weeks_without_a_new_level_and_repeated_tension_refer() -> None:
    d = decide_after(stalled(PLATEAU_DAYS + 1))
    assert d["decision"] == "refer"
    assert d["next_session"] is None
    assert any("behaviourist" in r for r in d["reasons"])


def test_a_shorter_stall_keeps_training() -> None:
    d = decide_after(stalled(PLATEAU_DAYS - 3))
    assert d["decision"] in ("push", "stick", "drop")


def test_a_long_stall_without_enough_tension_keeps_training() -> None:
    # Tense only every 5th day: fewer than PLATEAU_TENSE tense sessions.
    days = PLATEAU_DAYS + 2
    assert days // 5 < PLATEAU_TENSE
    d = decide_after(stalled(days, tense_every=5))
    assert d["decision"] != "refer"


def test_passing_a_new_level_restarts_the_clock() -> None:
    log = stalled(PLATEAU_DAYS + 1)
    log.append(session("door-closed", 3, T0 + timedelta(days=PLATEAU_DAYS + 1, hours=2)))
    d = decide_after(log)
    assert d["decision"] != "refer"


#: After a calm pass of door-closed 3 on day ``PASSED_ON`` of the stall: what
#: the cat does each day after it, (failing level, easier level calm).
PASSED_ON = 10
HELD = (("door-closed", 4), ("door-closed", 3))  # fails only the next level
LOST = (("door-closed", 3), ("door-closed", 2))  # tense again at the level it passed
FELL = (("door-closed", 2), ("door-closed", 1))  # tense at an easier level


def passed_once(after: tuple[tuple[str, int], tuple[str, int]]) -> list[dict[str, Any]]:
    """Calm up to door-closed 2, failing level 3 for ``PASSED_ON`` days, calm at
    level 3 once, then ``after`` every day until ``PLATEAU_DAYS + 1`` days in all."""
    log = stalled(PASSED_ON)
    log.append(session("door-closed", 3, T0 + timedelta(days=PASSED_ON, hours=2)))
    (failing, lv), (easier, lv_easier) = after
    for d in range(PASSED_ON + 1, PLATEAU_DAYS + 2):
        morning = T0 + timedelta(days=d, hours=-9)
        log.append(session(failing, lv, morning, calm=1, observation=dict(UNEASY)))
        log.append(session(easier, lv_easier, morning + timedelta(hours=9)))
    return log


@pytest.mark.parametrize(
    ("after", "refers"),
    [
        # The cat holds the new level: weeks at the next one are a new window.
        (HELD, False),
        # Passed on one good day, then tense there again: the level was not
        # held, the window runs from before the pass, and it is long and tense.
        (LOST, True),
        # Tense at an easier level than the one passed: not held either.
        (FELL, True),
    ],
    ids=["held", "tense-again-at-it", "tense-below-it"],
)
def test_a_new_level_restarts_the_window_only_while_the_cat_holds_it(
    after: tuple[tuple[str, int], tuple[str, int]], refers: bool
) -> None:
    d = decide_after(passed_once(after))
    assert (d["decision"] == "refer") is refers, d["reasons"]


def test_unease_in_most_repetitions_is_tension_even_when_the_cat_looks_only_alert() -> None:
    """Tension is what the coach itself reads as unease: a session that makes it
    lower the level (calm in at most 2 of 5 repetitions) counts, whatever the
    single stress score; a cat stuck at its edge in such sessions for weeks is referred."""
    assert (
        catpack.decide(request([session("door-closed", 3, T0, calm=1, observation=WATCHFUL)]))[
            "decision"
        ]
        == "drop"
    )
    d = decide_after(stalled(PLATEAU_DAYS + 1, tense=WATCHFUL, tense_calm=1))
    assert d["decision"] == "refer"


def test_holding_a_level_while_only_alert_is_not_tension() -> None:
    d = decide_after(stalled(PLATEAU_DAYS + 1, tense=WATCHFUL, tense_calm=3))
    assert d["decision"] != "refer"
