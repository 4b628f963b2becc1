"""Edges, as tables: sessions after now, exact duplicates, rests across DST."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from catpack import CoachInputError, decide, plan_trip
from catpack.domain.validation import CLOCK_SKEW, validate_session
from tests.factories import HISSING, T0, request, session

H = timedelta(hours=1)
D = timedelta(days=1)
M = timedelta(minutes=1)

# (id, session times relative to now, the field refused or None)
FUTURE: list[tuple[str, list[timedelta], str | None]] = [
    ("all in the past: accepted", [-2 * H, -H], None),
    ("a minute ahead: clock skew, accepted", [-H, M], None),
    ("exactly the tolerated skew: accepted", [-H, CLOCK_SKEW], None),
    ("just beyond the skew: refused", [-H, CLOCK_SKEW + M], "sessions[1].at"),
    ("a day ahead, named by its place in the request", [D, -H, -2 * H], "sessions[0].at"),
    ("the first future one in input order is named", [-H, 2 * D, D], "sessions[1].at"),
]


@pytest.mark.parametrize(("offsets", "field"), [c[1:] for c in FUTURE], ids=[c[0] for c in FUTURE])
def test_sessions_after_now_are_refused_naming_the_field(
    offsets: list[timedelta], field: str | None
) -> None:
    now = T0
    log = [session("introduce", 1, now + off) for off in offsets]
    req = request(log, now=now)
    trip = {**req, "trip": {"kind": "walk", "hours": 1}}
    if field is None:
        assert decide(req)["decision"]
        assert plan_trip(trip)["version"] == 1
        return
    for call, body in ((decide, req), (plan_trip, trip)):
        with pytest.raises(CoachInputError) as err:
            call(body)
        assert err.value.field == field
        assert "after now" in str(err.value)


def test_services_check_uses_the_same_domain_rule() -> None:
    late = session("introduce", 1, T0 + CLOCK_SKEW + M)
    with pytest.raises(CoachInputError, match=r"^session\.at: .* after now"):
        validate_session(late, "session", T0)
    assert validate_session(late, "session", T0 + H)["level"] == 1


def test_a_future_date_is_reported_with_every_other_problem() -> None:
    """One check, every problem at once: the future date joins the others."""
    log = [
        session("introduce", 1, T0 - H),
        session("moonwalk", 1, T0 - 2 * H),
        session("introduce", 1, T0 + D),
        {**session("introduce", 1, T0 - 3 * H), "reps": 2, "calm_reps": 3},
    ]
    with pytest.raises(CoachInputError) as err:
        decide(request(log, now=T0))
    fields = [p.field for p in err.value.problems]
    assert fields == ["sessions[1].stage", "sessions[2].at", "sessions[3].calm_reps"]
    late = {**session("introduce", 99, T0 + D), "reps": 1, "calm_reps": 2}
    with pytest.raises(CoachInputError) as err:
        validate_session(late, "session", T0)
    fields = sorted(p.field for p in err.value.problems)
    assert fields == ["session.at", "session.calm_reps", "session.level"]


# (id, log, decision, stage, level)
DUPLICATES: list[tuple[str, list[dict[str, Any]], str, str, int]] = [
    (
        "three distinct calm outings: the level is passed",
        [session("local-walks", 1, T0 + i * H) for i in range(3)],
        "push",
        "local-walks",
        2,
    ),
    (
        "the same outing three times counts once",
        [session("local-walks", 1, T0)] * 3,
        "stick",
        "local-walks",
        1,
    ),
    (
        "a double submit of a calm session does not raise twice",
        [session("introduce", 1, T0), session("introduce", 1, T0)],
        "push",
        "introduce",
        2,
    ),
    (
        "same time, different content: both count",
        [session("introduce", 1, T0), session("introduce", 1, T0, calm=4)],
        "push",
        "introduce",
        2,
    ),
    (
        "a duplicated stress session is one stop, not a referral",
        [
            session("door-closed", 3, T0, observation=HISSING),
            session("door-closed", 2, T0 + D, observation=HISSING),
            session("door-closed", 2, T0 + D, observation=HISSING),
        ],
        "stop",
        "time-inside",
        5,
    ),
]


@pytest.mark.parametrize(
    ("log", "decision", "stage", "level"),
    [c[1:] for c in DUPLICATES],
    ids=[c[0] for c in DUPLICATES],
)
def test_exact_duplicates_count_once(
    log: list[dict[str, Any]], decision: str, stage: str, level: int
) -> None:
    now = max(datetime.fromisoformat(s["at"]) for s in log) + H
    out = decide(request(log, now=now))
    assert (out["decision"], out["stage"]["id"], out["stage"]["level"]) == (decision, stage, level)


def test_duplicates_do_not_depend_on_input_order() -> None:
    log = [
        session("introduce", 1, T0),
        session("introduce", 2, T0 + H),
        session("introduce", 1, T0),
    ]
    now = T0 + 2 * H
    assert decide(request(log, now=now)) == decide(request(list(reversed(log)), now=now))


# (id, stop time, now, timezone, not_before)
RESTS: list[tuple[str, str, str, str | None, str]] = [
    (
        "autumn DST night: a stop at 00:30 rests until the next day's midnight",
        "2026-10-25T00:30:00+02:00",
        "2026-10-25T10:00:00+01:00",
        "Europe/Berlin",
        "2026-10-26T00:00:00+01:00",
    ),
    (
        "spring DST night: a stop at 00:30 rests until the next day's midnight",
        "2026-03-29T00:30:00+01:00",
        "2026-03-29T10:00:00+02:00",
        "Europe/Berlin",
        "2026-03-30T00:00:00+02:00",
    ),
    (
        "a late stop: at least 12 hours of real time, across the DST change",
        "2026-10-24T23:30:00+02:00",
        "2026-10-25T09:00:00+01:00",
        "Europe/Berlin",
        "2026-10-25T10:30:00+01:00",
    ),
    (
        "New York, clocks go back: still the next local day",
        "2026-11-01T00:30:00-04:00",
        "2026-11-01T09:00:00-05:00",
        "America/New_York",
        "2026-11-02T00:00:00-05:00",
    ),
    (
        "no zone given: the offset of now is used (the old reading)",
        "2026-10-25T00:30:00+02:00",
        "2026-10-25T10:00:00+01:00",
        None,
        "2026-10-25T11:30:00+01:00",
    ),
]


@pytest.mark.parametrize(
    ("stop", "now", "zone", "not_before"), [c[1:] for c in RESTS], ids=[c[0] for c in RESTS]
)
def test_rest_after_a_stop_counts_days_in_the_household_zone(
    stop: str, now: str, zone: str | None, not_before: str
) -> None:
    log = [session("door-closed", 3, datetime.fromisoformat(stop), observation=HISSING)]
    req = request(log, now=now)
    if zone is not None:
        req["timezone"] = zone
    out = decide(req)
    assert out["decision"] == "stop"
    got = datetime.fromisoformat(out["next_session"]["not_before"])
    assert got == datetime.fromisoformat(not_before)
    assert got - datetime.fromisoformat(stop) >= timedelta(hours=12)


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "../etc/passwd", "", "x" * 65])
def test_unknown_time_zone_is_refused_naming_the_field(zone: str) -> None:
    with pytest.raises(CoachInputError) as err:
        decide({**request([]), "timezone": zone})
    assert err.value.field == "timezone"
