"""Rule 6, plateau: no new level for weeks with recurring tension → refer.

Added after the virtual-cat benchmark (docs/sim.md): cats that can never pass
a step mostly stall in unease, which the stress count alone never refers.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

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


def stalled(days: int, tense_every: int = 1) -> list[dict[str, Any]]:
    """Calm up to door-closed 2, then ``days`` days failing level 3 and redoing 2."""
    log = series(WARM_UP, gap=timedelta(minutes=20))
    for d in range(1, days + 1):
        morning = T0 + timedelta(days=d, hours=-9)
        tense = d % tense_every == 0
        log.append(
            session(
                "door-closed",
                3,
                morning,
                calm=1 if tense else 3,
                observation=dict(UNEASY) if tense else None,
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
    log.insert(-2, session("door-closed", 3, T0 + timedelta(days=PLATEAU_DAYS, hours=-12)))
    d = decide_after(log)
    assert d["decision"] != "refer"
