"""Histories → decisions, as a table (one row per behaviour of the fold)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from catpack import decide
from tests.factories import CALM, HISSING, SAFE_CHECKS, T0, UNEASY, cat, request, session

H = timedelta(hours=1)
D = timedelta(days=1)

# (id, sessions, request overrides, decision, stage id, level)
CASES: list[tuple[str, list[dict[str, Any]], dict[str, Any], str, str, int]] = [
    ("empty log, harness trained: start at step 1", [], {}, "start", "introduce", 1),
    (
        "empty log, no harness: start at step 0",
        [],
        {"cat": cat(harness_trained=False)},
        "start",
        "harness-leash",
        1,
    ),
    (
        "harness unknown is treated as not trained",
        [],
        {"cat": cat(harness_trained=None)},
        "start",
        "harness-leash",
        1,
    ),
    ("5 of 5 calm: push", [session("introduce", 1)], {}, "push", "introduce", 2),
    ("4 of 5 calm: push", [session("introduce", 2, calm=4)], {}, "push", "introduce", 3),
    ("3 of 5 calm: stick", [session("door-closed", 3, calm=3)], {}, "stick", "door-closed", 3),
    ("2 of 5 calm: drop", [session("door-closed", 3, calm=2)], {}, "drop", "door-closed", 2),
    (
        "drop at level 1 goes to the stage before",
        [session("door-closed", 1, calm=1)],
        {},
        "drop",
        "time-inside",
        5,
    ),
    (
        "8 of 10 calm: push (same share)",
        [session("time-inside", 2, calm=8, reps=10)],
        {},
        "push",
        "time-inside",
        3,
    ),
    (
        "no counts, calm reading: push",
        [session("introduce", 1, calm=None, reps=None)],
        {},
        "push",
        "introduce",
        2,
    ),
    (
        "no counts, weakly tense: stick",
        [session("introduce", 2, calm=None, reps=None, observation={**CALM, "body": "alert"})],
        {},
        "stick",
        "introduce",
        2,
    ),
    (
        "no counts, unease: drop",
        [session("introduce", 2, calm=None, reps=None, observation=UNEASY)],
        {},
        "drop",
        "introduce",
        1,
    ),
    (
        "unease caps a calm count at stick",
        [session("door-closed", 2, observation=UNEASY)],
        {},
        "stick",
        "door-closed",
        2,
    ),
    (
        "nothing observed: stick",
        [session("door-closed", 2, observation={})],
        {},
        "stick",
        "door-closed",
        2,
    ),
    (
        "hesitating to enter from step 3: stick",
        [session("time-inside", 2, observation={**CALM, "entered_voluntarily": False})],
        {},
        "stick",
        "time-inside",
        2,
    ),
    ("last level done: advance", [session("introduce", 4)], {}, "advance", "associations", 1),
    (
        "step 5 done: advance to step 6 doorway",
        [session("movement", 6, checks=SAFE_CHECKS)],
        {},
        "advance",
        "doorway",
        1,
    ),
    (
        "optional car branch skipped by default",
        [session("doorway", 3, checks=SAFE_CHECKS)],
        {},
        "advance",
        "outdoors",
        1,
    ),
    (
        "car branch when the owner asks for it",
        [session("doorway", 3, checks=SAFE_CHECKS)],
        {"cat": cat(car_training=True)},
        "advance",
        "car",
        1,
    ),
    (
        "hissing: stop, two levels easier",
        [session("door-closed", 4, observation=HISSING)],
        {},
        "stop",
        "door-closed",
        2,
    ),
    (
        "sessions sorted by time, not by input order",
        [session("door-closed", 4, T0 + H, calm=1), session("door-closed", 3, T0)],
        {},
        "drop",
        "door-closed",
        3,
    ),
    (
        "step 5 blocked for a cat without harness training",
        [session("door-closed", 7)],
        {"cat": cat(harness_trained=False)},
        "blocked",
        "harness-leash",
        1,
    ),
    (
        "harness track complete: back to the ladder",
        [session("door-closed", 7, T0), session("harness-leash", 4, T0 + H)],
        {"cat": cat(harness_trained=False)},
        "advance",
        "movement",
        1,
    ),
    (
        "tether on the collar blocks movement",
        [session("movement", 2, checks={**SAFE_CHECKS, "tether": "collar"})],
        {},
        "blocked",
        "movement",
        3,
    ),
    (
        "step 10 done: maintain",
        [session("adventure", 4, checks=SAFE_CHECKS)],
        {},
        "maintain",
        "maintenance",
        1,
    ),
    (
        "trained, 20 days idle: refresh",
        [session("adventure", 4, checks=SAFE_CHECKS)],
        {"now": (T0 + 20 * D).isoformat()},
        "refresh",
        "refresher",
        1,
    ),
    (
        "trained, idle but on holiday: maintain",
        [session("adventure", 4, checks=SAFE_CHECKS)],
        {
            "now": (T0 + 20 * D).isoformat(),
            "pauses": [{"from": (T0 + D).isoformat(), "to": (T0 + 15 * D).isoformat()}],
        },
        "maintain",
        "maintenance",
        1,
    ),
    (
        "refresher done: maintain again",
        [
            session("adventure", 4, T0, checks=SAFE_CHECKS),
            session("refresher", 3, T0 + 30 * D, checks=SAFE_CHECKS),
        ],
        {"now": (T0 + 30 * D + H).isoformat()},
        "maintain",
        "maintenance",
        1,
    ),
    (
        "in training, long gap: a level below the last session instead of raising",
        [session("door-closed", 3)],
        {"now": (T0 + 30 * D).isoformat()},
        "drop",
        "door-closed",
        2,
    ),
    (
        "step 9 needs three calm outings per level",
        [
            session("local-walks", 1, T0, checks=SAFE_CHECKS),
            session("local-walks", 1, T0 + D, checks=SAFE_CHECKS),
        ],
        {},
        "stick",
        "local-walks",
        1,
    ),
    (
        "step 9: third calm outing raises",
        [session("local-walks", 1, T0 + i * D, checks=SAFE_CHECKS) for i in range(3)],
        {},
        "push",
        "local-walks",
        2,
    ),
]


@pytest.mark.parametrize(
    ("sessions", "overrides", "decision", "stage", "level"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_history_to_decision(
    sessions: list[dict[str, Any]], overrides: dict[str, Any], decision: str, stage: str, level: int
) -> None:
    now = max((s["at"] for s in sessions), default=T0.isoformat())
    req = request(sessions, **{"now": now, **overrides})
    out = decide(req)
    assert (out["decision"], out["stage"]["id"], out["stage"]["level"]) == (decision, stage, level)
    assert out["reasons"], "every decision explains itself"


def test_profile_shapes_the_advice() -> None:
    wary = decide(request([], cat=cat(carrier_history="negative")))
    assert any("bad memories of carriers" in r for r in wary["reasons"])
    garden = decide(
        request([session("movement", 6, checks=SAFE_CHECKS)], cat=cat(outdoor_experience="garden"))
    )
    assert garden["stage"]["id"] == "doorway"
    assert not any("used to the outdoors" in r for r in garden["reasons"])  # advance says so later
    again = decide(
        request([session("doorway", 1, checks=SAFE_CHECKS)], cat=cat(outdoor_experience="garden"))
    )
    assert any("used to the outdoors" in r for r in again["reasons"])


def test_harness_block_names_the_gate() -> None:
    out = decide(request([session("door-closed", 7)], cat=cat(harness_trained=False)))
    assert out["safety"]["blocking"] == ["harness_not_trained"]
    assert out["step"] == 0
