"""A first taste of new ground: histories → decisions, as a table.

A new level (one the cat has not passed since its last lapse) starts with a
try half its length when the session that raised to it was calm but not
fully relaxed, or where the guide says the step is harder for this cat (an
indoor-only cat outside the home, a cat with bad carrier memories shut in or
carried). A calm first taste is followed by the level's full length, and a
calm full-length session raises as before. A fully relaxed cat on a step not
expected to be hard for it meets the next level at its full length
(docs/science.md, "A first taste of new ground").
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from catpack import decide, protocol
from catpack.domain.evidence import RETRY_SHARE
from tests.factories import HISSING, SAFE_CHECKS, T0, cat, request, session

H = timedelta(hours=1)
FULL = {s["id"]: [d["max_minutes"] for d in s["level_details"]] for s in protocol()["stages"]}
#: Calm in 4 of 5 repetitions: raises, but the cat is not fully relaxed.
JUST_CALM: dict[str, Any] = {"calm": 4}


def at(k: int) -> datetime:
    return T0 + 2 * k * H


def half(stage: str, level: int) -> float:
    return round(FULL[stage][level - 1] * RETRY_SHARE, 1)


GARDEN = {"outdoor_experience": "garden"}
INDOOR = {"outdoor_experience": "none"}
BAD_CARRIER = {"carrier_history": "negative", **GARDEN}
OUT = {"checks": SAFE_CHECKS}

# (id, cat, sessions, decision, stage, level, next session's minutes)
TABLE: list[tuple[str, dict[str, Any], list[dict[str, Any]], str, str, int, float]] = [
    (
        "fully relaxed, on a step not expected to be hard: the next level in full",
        GARDEN,
        [session("door-closed", 1, at(0))],
        "push",
        "door-closed",
        2,
        FULL["door-closed"][1],
    ),
    (
        "calm but not fully relaxed: the next level starts with a half-length try",
        GARDEN,
        [session("door-closed", 1, at(0), **JUST_CALM)],
        "push",
        "door-closed",
        2,
        half("door-closed", 2),
    ),
    (
        "calm in the first taste: the same level again, at its full length",
        GARDEN,
        [
            session("door-closed", 1, at(0), **JUST_CALM),
            session("door-closed", 2, at(1), minutes=half("door-closed", 2)),
        ],
        "stick",
        "door-closed",
        2,
        FULL["door-closed"][1],
    ),
    (
        "calm at the full length after the taste raises",
        GARDEN,
        [
            session("door-closed", 1, at(0), **JUST_CALM),
            session("door-closed", 2, at(1), minutes=half("door-closed", 2)),
            session("door-closed", 2, at(2), minutes=FULL["door-closed"][1]),
        ],
        "push",
        "door-closed",
        3,
        FULL["door-closed"][2],
    ),
    (
        "bad carrier memories: every new closed level starts with a taste, relaxed or not",
        BAD_CARRIER,
        [session("door-closed", 1, at(0))],
        "push",
        "door-closed",
        2,
        half("door-closed", 2),
    ),
    (
        "bad carrier memories: a new movement level too",
        BAD_CARRIER,
        [session("movement", 2, at(0), **OUT)],
        "push",
        "movement",
        3,
        half("movement", 3),
    ),
    (
        "an indoor-only cat: a new level outside the home starts with a taste",
        INDOOR,
        [session("outdoors", 2, at(0), **OUT)],
        "push",
        "outdoors",
        3,
        half("outdoors", 3),
    ),
    (
        "a level that only doubles the length: no taste, half of it is the level just done",
        INDOOR,
        [session("adventure", 1, at(0), minutes=FULL["adventure"][0], **OUT)],
        "push",
        "adventure",
        2,
        FULL["adventure"][1],
    ),
    (
        "an indoor-only cat at home, fully relaxed: the next home level in full",
        INDOOR,
        [session("door-closed", 1, at(0))],
        "push",
        "door-closed",
        2,
        FULL["door-closed"][1],
    ),
    (
        "a garden cat outdoors, fully relaxed: the next level in full",
        GARDEN,
        [session("outdoors", 2, at(0), **OUT)],
        "push",
        "outdoors",
        3,
        FULL["outdoors"][2],
    ),
]


@pytest.mark.parametrize(
    ("profile", "sessions", "decision", "stage", "level", "minutes"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_first_taste(
    profile: dict[str, Any],
    sessions: list[dict[str, Any]],
    decision: str,
    stage: str,
    level: int,
    minutes: float,
) -> None:
    now = datetime.fromisoformat(sessions[-1]["at"]) + H
    d = decide(request(sessions, now=now, cat=cat(**profile)))
    assert (d["decision"], d["stage"]["id"], d["stage"]["level"]) == (decision, stage, level)
    assert d["next_session"]["max_minutes"] == minutes


def test_the_reasons_say_why_the_first_try_is_short() -> None:
    raised = [session("door-closed", 1, at(0), **JUST_CALM)]
    d = decide(request(raised, now=at(0) + H, cat=cat(**GARDEN)))
    assert any("short first try" in r and "not fully relaxed" in r for r in d["reasons"])
    d = decide(request([session("outdoors", 2, at(0), **OUT)], now=at(0) + H, cat=cat(**INDOOR)))
    assert any("short first try" in r and "harder for a cat like" in r for r in d["reasons"])
    tasted = [*raised, session("door-closed", 2, at(1), minutes=half("door-closed", 2))]
    d = decide(request(tasted, now=at(1) + H, cat=cat(**GARDEN)))
    assert any("Calm in a short first try" in r for r in d["reasons"]), d["reasons"]
    assert not any("made the cat uneasy" in r for r in d["reasons"])


def test_a_level_passed_before_is_not_new_ground() -> None:
    """Worked back up after a stop, just calm, to a level it did calmly before the
    stop: that level is no new ground, so it comes at its full length."""
    later = T0 + timedelta(days=2)
    log = [
        session("door-closed", 1, at(0)),
        session("door-closed", 2, at(1)),
        session("door-closed", 3, at(2)),
        session("door-closed", 4, at(3), observation=HISSING),
        *(session("door-closed", 2, later + 2 * k * H, **JUST_CALM) for k in range(3)),
    ]
    d = decide(request(log, now=later + 6 * H, cat=cat(**GARDEN)))
    assert (d["decision"], d["stage"]["id"], d["stage"]["level"]) == ("push", "door-closed", 3)
    assert d["next_session"]["max_minutes"] == FULL["door-closed"][2]
