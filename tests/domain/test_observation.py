"""Observation → Cat Stress Score (Kessler & Turner 1997), as a table."""

from __future__ import annotations

from typing import Any

import pytest

from catpack.domain.contract import parse_session
from catpack.domain.observation import BODY, LABELS, SCALE, SIGN_LABELS, TAIL, assess
from tests.factories import CALM, T0

BLANK: dict[str, Any] = {}

CASES: list[tuple[str, dict[str, Any], int]] = [
    ("relaxed with slow blink: fully relaxed", CALM, 1),
    ("relaxed body, normal eyes: weakly relaxed", {**CALM, "eyes": "normal"}, 2),
    ("alert, exploring: weakly tense", {**CALM, "body": "alert", "eyes": "normal"}, 3),
    (
        "dilated pupils, every other reading calm: excitement, read with the rest",
        {**CALM, "eyes": "dilated"},
        2,
    ),
    (
        "dilated pupils with an alert body: weakly tense",
        {**CALM, "eyes": "dilated", "body": "alert"},
        3,
    ),
    ("dilated pupils with a low tail: very tense", {**CALM, "eyes": "dilated", "tail": "low"}, 4),
    ("dilated pupils and nothing else seen: not assumed calm", {"eyes": "dilated"}, 3),
    ("low tail: very tense", {**CALM, "tail": "low"}, 4),
    ("ears sideways: very tense", {**CALM, "ears": "sideways"}, 4),
    ("ears flat: very tense", {**CALM, "ears": "flat"}, 4),
    ("ears pulled back: fearful", {**CALM, "ears": "back"}, 5),
    ("tucked tail: fearful", {**CALM, "tail": "tucked"}, 5),
    (
        "crouched: very fearful (CSS 6; still is not relaxed)",
        {**CALM, "body": "crouched", "vocal": "silent"},
        6,
    ),
    ("trembling: terrorised (CSS 7, crouched and shaking)", {**CALM, "body": "trembling"}, 7),
    (
        "toileting alone is not stress: the other readings decide",
        {**CALM, "signs": ["toileting"]},
        1,
    ),
    ("toileting and nothing else seen: unknown", {"signs": ["toileting"]}, 3),
    ("freezing: very fearful (McCobb 2005)", {**CALM, "signs": ["freezing"]}, 6),
    ("hissing: very fearful", {**CALM, "vocal": "hissing"}, 6),
    ("growling: very fearful", {**CALM, "vocal": "growling"}, 6),
    ("excessive meowing: fearful", {**CALM, "vocal": "meowing_excessive"}, 5),
    ("a single meow: weakly tense", {**CALM, "vocal": "meowing"}, 3),
    ("escape attempt: fearful", {**CALM, "signs": ["escape_attempt"]}, 5),
    ("aggression: very fearful", {**CALM, "signs": ["aggression"]}, 6),
    ("refusing treats (food cat): fearful", {**CALM, "took_treats": False}, 5),
    ("nothing seen: unknown, scored cautiously", BLANK, 3),
    ("silence alone never lowers", {"vocal": "silent"}, 3),
]


@pytest.mark.parametrize(("obs", "score"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_observation_to_css(obs: dict[str, Any], score: int) -> None:
    s = parse_session({"at": T0, "stage": "introduce", "level": 1, "observation": obs})
    a = assess(s)
    assert a.score == score
    # The CSS's name describes the cat's posture: it is the label where a body
    # or tail reading logged reaches the score; from a sign, the voice, the
    # ears or refused treats alone, the plain label for that level.
    posture = max(BODY.get(obs.get("body", ""), 0), TAIL.get(obs.get("tail", ""), 0))
    if posture >= score or score not in SIGN_LABELS:
        assert a.label == LABELS[score]
    else:
        assert a.label == SIGN_LABELS[score]


def test_unseen_observation_is_not_calm() -> None:
    s = parse_session({"at": T0, "stage": "introduce", "level": 1, "observation": {}})
    a = assess(s)
    assert not a.seen and a.score > 2


def test_scale_is_cited() -> None:
    assert "Kessler" in SCALE and "1997" in SCALE
    assert LABELS[1] == "Fully relaxed" and LABELS[7] == "Terrorised"


@pytest.mark.parametrize(
    ("context", "cooling"),
    [
        ({"in_backpack": False, "after_exertion": True, "sun": "shade", "temp_c": 20}, True),
        ({"in_backpack": False, "after_exertion": True, "sun": "shade"}, False),  # no weather
        ({"in_backpack": True, "after_exertion": True, "sun": "shade"}, False),
        ({"in_backpack": False, "after_exertion": False, "sun": "shade"}, False),
        ({"in_backpack": False, "after_exertion": True, "sun": "full"}, False),
        ({"after_exertion": True, "sun": "shade"}, False),  # unknown: not assumed
        (None, False),
    ],
)
def test_cooling_needs_shade_exertion_and_out_of_pack(
    context: dict[str, Any] | None, cooling: bool
) -> None:
    obs = {**CALM, "signs": ["panting", "excessive_grooming"]}
    s = parse_session(
        {"at": T0, "stage": "first-walk", "level": 1, "observation": obs, "context": context}
    )
    a = assess(s)
    assert a.thermoregulation is cooling
    assert a.real_stress is (not cooling)


def test_a_calm_cat_with_dilated_pupils_is_raised() -> None:
    """protocol.md: dilated pupils mean excitement or anxiety, "read with the
    rest"; unease is dilated pupils *together with* other signs (rule 4). With
    every other reading calm (rule 3), the level is raised."""
    from catpack import decide
    from tests.factories import request, session

    calm = session(
        "door-closed", 3, T0, reps=None, calm=None, observation={**CALM, "eyes": "dilated"}
    )
    d = decide(request([calm]))
    assert (d["decision"], d["stage"]["level"]) == ("push", 4), d["reasons"]


def test_each_reading_is_read_afresh() -> None:
    """Readings are scored once per distinct observation (a long log repeats a
    few): a change in any reading, or in whether the cat works for food, is a
    new reading, never the one scored before."""
    base = {**CALM, "signs": []}
    changes: list[tuple[dict[str, Any], bool, int]] = [
        ({}, True, 1),
        ({"body": "crouched"}, True, 6),
        ({"tail": "tucked"}, True, 5),
        ({"ears": "back"}, True, 5),
        ({"eyes": "normal"}, True, 2),
        ({"vocal": "hissing"}, True, 6),
        ({"signs": ["hiding"]}, True, 4),
        ({"took_treats": False}, True, 5),
        ({"took_treats": False}, False, 1),
        ({}, True, 1),
    ]
    for change, food, score in changes:
        s = parse_session(
            {"at": T0, "stage": "introduce", "level": 1, "observation": {**base, **change}}
        )
        assert assess(s, food_motivated=food).score == score, (change, food)
