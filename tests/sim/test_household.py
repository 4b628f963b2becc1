"""The demo household: a quick learner, a slow one and a referred cat."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import catpack
from catpack.sim.household import demo_household, redate

TODAY = date(2026, 11, 26)


def test_three_roles_and_what_the_coach_says_about_them() -> None:
    cats = demo_household(TODAY)
    assert [c.role for c in cats] == ["quick", "slow", "referred"]
    assert len({c.name for c in cats}) == 3
    said = {}
    for c in cats:
        last = datetime.fromisoformat(c.sessions[-1]["at"])
        assert last.date() == TODAY - timedelta(days=1)
        request = {
            "version": 1,
            "now": (last + timedelta(hours=1)).isoformat(),
            "cat": c.profile,
            "sessions": c.sessions,
        }
        said[c.role] = catpack.decide(request)["decision"]
    assert said["quick"] == "maintain"
    assert said["slow"] in ("push", "stick", "drop", "advance", "stop", "start")
    assert said["referred"] == "refer"


def test_household_is_deterministic() -> None:
    assert demo_household(TODAY) == demo_household(TODAY)


def test_redate_keeps_gaps_and_clock_times() -> None:
    log = [{"at": "2026-03-02T09:00:00+01:00"}, {"at": "2026-03-04T18:00:00+01:00"}]
    moved = redate(log, TODAY)
    times = [datetime.fromisoformat(s["at"]) for s in moved]
    assert times[1] - times[0] == timedelta(days=2, hours=9)
    assert times[1].date() == TODAY - timedelta(days=1) and times[1].hour == 18
