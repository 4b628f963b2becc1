"""Calm tries with nothing about the cat recorded: refused when logged, read as
"unknown" (the level repeated) wherever the contract's requests carry them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from catpack import decide
from catpack.domain.errors import CoachInputError
from catpack.domain.validation import validate_session
from tests.factories import T0, cat, session

NOW = T0 + timedelta(hours=1)
NOTHING_SEEN = {"tail": "unseen", "ears": "unseen", "eyes": "unseen", "body": "unseen"}


@pytest.mark.parametrize(
    "observation",
    [{}, NOTHING_SEEN, {**NOTHING_SEEN, "vocal": "silent", "took_treats": True, "signs": []}],
)
def test_logging_calm_tries_with_nothing_seen_is_refused(observation: dict[str, object]) -> None:
    given = session(observation=observation, reps=5, calm=5)
    with pytest.raises(CoachInputError) as refused:
        validate_session(given, now=NOW, strict=True)
    [problem] = refused.value.problems
    assert (problem.field, problem.kind, problem.given) == ("session.calm_reps", "calm_unseen", 5)
    # Without calm tries, a session in which nothing was seen is kept.
    kept = session(observation=observation, reps=5, calm=0)
    assert validate_session(kept, now=NOW, strict=True)["calm_reps"] == 0


@pytest.mark.parametrize(
    "observation",
    [{"tail": "upright"}, {"vocal": "purring"}, {"signs": ["hiding"]}, {"took_treats": False}],
)
def test_one_thing_seen_lets_calm_tries_count(observation: dict[str, object]) -> None:
    given = session(observation=observation, reps=5, calm=5)
    assert validate_session(given, now=NOW, strict=True)["calm_reps"] == 5


def test_a_coach_request_still_takes_it_and_repeats_the_level() -> None:
    """The contract is unchanged: the engine reads such a session as unknown."""
    request = {
        "version": 1,
        "now": NOW.isoformat(),
        "cat": cat(),
        "sessions": [session(observation={}, reps=5, calm=5)],
    }
    decision = decide(request)
    assert decision["decision"] == "stick"
    assert decision["stage"]["level"] == 1
    assert validate_session(request["sessions"][0], now=NOW)["calm_reps"] == 5  # not strict
