"""Shorter after unease: histories → decisions, as a table.

Mild unease (most repetitions tense) sends the cat a level down, as before,
and the next try at the level where it was uneasy is shorter: half the
level's length, halved again after more unease there, never under a quarter;
each calm shorter try doubles the next, and only a calm try at the full
length raises. The guide starts every step "with a very short amount of
time" and builds it up; a step the cat was uneasy at is split smaller, as a
level that caused real stress already is (docs/science.md, "Working a hard
step through").
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from catpack import decide, protocol
from catpack.domain.evidence import RETRY_SHARE, SHORTEST_RETRY
from tests.factories import HISSING, T0, UNEASY, cat, request, session

H = timedelta(hours=1)
D = timedelta(days=1)
FULL = {s["id"]: [d["max_minutes"] for d in s["level_details"]] for s in protocol()["stages"]}
#: Unease with most repetitions tense: make it easier (one level down).
TENSE: dict[str, Any] = {"observation": UNEASY, "calm": 1}
DOOR = FULL["door-closed"][3]  # the length of door-closed level 4 (and its neighbours)
HALF = round(DOOR * RETRY_SHARE, 1)
QUARTER = round(DOOR * SHORTEST_RETRY, 1)


def at(k: int) -> datetime:
    """The k-th session, two hours apart."""
    return T0 + 2 * k * H


def worked_back_up(start: int) -> list[dict[str, Any]]:
    """After a stop at door-closed 4: the rest, then the consolidation on levels 2
    and 3 (three calm sessions each), ready to try level 4 again."""
    first = T0 + 2 * D
    return [
        session("door-closed", lv, first + k * 2 * H)
        for k, lv in enumerate([2, 2, 2, 3, 3, 3], start=start)
    ]


def uneasy(*lengths: float) -> list[dict[str, Any]]:
    """Unease at door-closed 4 for each of ``lengths`` (minutes), each time followed
    by a calm session on level 3 below it."""
    log: list[dict[str, Any]] = []
    for minutes in lengths:
        log.append(session("door-closed", 4, at(len(log)), minutes=minutes, **TENSE))
        log.append(session("door-closed", 3, at(len(log))))
    return log


STOP = [session("door-closed", 4, at(0), observation=HISSING)]

# (id, sessions, decision, stage, level, next session's minutes)
TABLE: list[tuple[str, list[dict[str, Any]], str, str, int, float]] = [
    (
        "unease at a level: a level down, at that level's full length",
        [session("door-closed", 4, at(0), **TENSE)],
        "drop",
        "door-closed",
        3,
        DOOR,
    ),
    (
        "calm below it: back up to the uneasy level, for half its length",
        uneasy(DOOR),
        "push",
        "door-closed",
        4,
        HALF,
    ),
    (
        "calm in the shorter try: the same level again, twice as long",
        [
            *uneasy(DOOR),
            session("door-closed", 4, at(2), minutes=HALF),
        ],
        "stick",
        "door-closed",
        4,
        DOOR,
    ),
    (
        "calm at the full length raises, and the next level starts at its full length",
        [
            *uneasy(DOOR),
            session("door-closed", 4, at(2), minutes=HALF),
            session("door-closed", 4, at(3), minutes=DOOR),
        ],
        "push",
        "door-closed",
        5,
        FULL["door-closed"][4],
    ),
    (
        "unease again in the shorter try: the next try there is shorter still",
        uneasy(DOOR, HALF),
        "push",
        "door-closed",
        4,
        QUARTER,
    ),
    (
        "never shorter than a quarter of the level",
        uneasy(DOOR, HALF, QUARTER),
        "push",
        "door-closed",
        4,
        QUARTER,
    ),
    (
        "a calm try at more than half the length counts as the full level",
        [
            *uneasy(DOOR),
            session("door-closed", 4, at(2), minutes=DOOR * 0.8),
        ],
        "push",
        "door-closed",
        5,
        FULL["door-closed"][4],
    ),
    (
        "only mild unease shortens: holding at three calm repetitions of five does not",
        [
            session("door-closed", 4, at(0), observation=UNEASY, calm=3),
            session("door-closed", 4, at(1)),
        ],
        "push",
        "door-closed",
        5,
        FULL["door-closed"][4],
    ),
    (
        "unease in the retry at a level that caused real stress halves that retry too",
        [
            *STOP,
            *worked_back_up(0),
            session("door-closed", 4, T0 + 2 * D + 12 * H, minutes=HALF, **TENSE),
            session("door-closed", 3, T0 + 2 * D + 14 * H),
        ],
        "push",
        "door-closed",
        4,
        QUARTER,
    ),
    (
        "the harness track too: unease there shortens the next try at that level",
        [
            session("harness-leash", 3, at(0), **TENSE),
            session("harness-leash", 2, at(1)),
        ],
        "push",
        "harness-leash",
        3,
        round(FULL["harness-leash"][2] * RETRY_SHARE, 1),
    ),
]


@pytest.mark.parametrize(
    ("sessions", "decision", "stage", "level", "minutes"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_shorter_after_unease(
    sessions: list[dict[str, Any]], decision: str, stage: str, level: int, minutes: float
) -> None:
    now = datetime.fromisoformat(sessions[-1]["at"]) + H
    who = cat(harness_trained=False) if sessions[0]["stage"] == "harness-leash" else cat()
    d = decide(request(sessions, now=now, cat=who))
    assert (d["decision"], d["stage"]["id"], d["stage"]["level"]) == (decision, stage, level)
    assert d["next_session"]["max_minutes"] == minutes


def test_the_reasons_say_the_next_try_is_shorter_and_why_it_grows() -> None:
    once = uneasy(DOOR)
    d = decide(request(once[:1], now=at(0) + H))
    assert any("keep it shorter" in r for r in d["reasons"]), d["reasons"]
    calm_short = [*once, session("door-closed", 4, at(2), minutes=HALF)]
    d = decide(request(calm_short, now=at(2) + H))
    assert any("made the cat uneasy" in r and "longer one" in r for r in d["reasons"]), d["reasons"]


@pytest.mark.parametrize(
    ("stage", "profile"),
    [("introduce", {}), ("harness-leash", {"harness_trained": False})],
    ids=["the backpack's first level", "the harness track's first level"],
)
def test_unease_at_the_very_first_level_repeats_it_shorter(
    stage: str, profile: dict[str, Any]
) -> None:
    """Nothing is easier than a track's first level: the coach repeats it ("stick"),
    shorter, and says so, instead of "drop" to the same level and "when the cat
    comes back to this level", which it never left."""
    d = decide(request([session(stage, 1, T0, **TENSE)], now=T0 + H, cat=cat(**profile)))
    assert (d["decision"], d["stage"]["id"], d["stage"]["level"]) == ("stick", stage, 1)
    assert d["next_session"]["max_minutes"] == round(FULL[stage][0] * RETRY_SHARE, 1)
    assert any("There is no easier level than this one" in r for r in d["reasons"])
    assert not any("comes back to this level" in r for r in d["reasons"])
