"""Keeping the habit after graduation: a weekly routine, a streak, the refresher.

Protocol rule 10 (the guide): once trained, the pack stays out at home and
short trips continue often; after a long break, a short refresher comes
before a big trip. The guide's own cat goes almost daily; catpack's default
target is **3 short outings a week** (policy: often enough that a fortnight
never passes without one, which is when the engine asks for a refresher,
``LAPSE_DAYS``; few enough for a working owner). Owners set their own target,
1 to 7.

Weeks run Monday to Sunday in the household's time zone. The **streak** is
the number of weeks in a row that met the target, counted back from last
week (this week counts once it is met). A week with a pause in it that fell
short neither breaks the streak nor adds to it: a holiday or an illness is
not a lapse. A routine outing is a session after the one that completed
training that asks at least as much of the cat on every axis as one of
the upkeep levels (``Stage.upkeep``: the routine trip, the refresher's
sessions), as the coach counts a trained cat's upkeep
(:func:`catpack.domain.moves.covers`): a routine trip or a refresher, and a
long walk or a day's hike, which covers the routine trip; not a few minutes
with the pack at home.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from catpack.domain import protocol as P
from catpack.domain.contract import Pause, Session
from catpack.domain.moves import covers
from catpack.domain.timing import LAPSE_DAYS, idle_days

DEFAULT_PER_WEEK = 3
UPKEEP_LEVELS: tuple[P.Level, ...] = tuple(lv for s in P.STAGES if s.upkeep for lv in s.levels)
#: How far back the streak looks, in weeks (a bound, not a rule).
STREAK_HORIZON_WEEKS = 520
KEEP_PACK_OUT = (
    "Leave the pack out at home, open, where the cat likes to rest, so it stays a familiar place."
)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _paused_days(pauses: list[Pause], tz: Any) -> set[date]:
    days: set[date] = set()
    for p in pauses:
        d, last = p.start.astimezone(tz).date(), p.end.astimezone(tz).date()
        while d <= last:
            days.add(d)
            d += timedelta(days=1)
    return days


def routine_days(today: date, done_today: bool, done_this_week: int, per_week: int) -> list[date]:
    """The days left this week for the outings still due, spread out evenly;
    when the week's target is met, the next Monday."""
    first = today + timedelta(days=1) if done_today else today
    left = [
        first + timedelta(days=i) for i in range((week_start(today) + timedelta(7) - first).days)
    ]
    due = per_week - done_this_week
    if due <= 0 or not left:
        return [week_start(today) + timedelta(days=7)]
    if due >= len(left):
        return left
    step = len(left) / due
    return [left[int(i * step)] for i in range(due)]


def is_outing(session: Session) -> bool:
    """The session asks as much as a routine trip or a refresher session (on every axis)."""
    done = P.BY_ID[session["stage"]].levels[session["level"] - 1]
    return any(covers(done, upkeep) for upkeep in UPKEEP_LEVELS)


def habit(
    sessions: list[Session],
    pauses: list[Pause],
    now: datetime,
    per_week: int,
    graduated: bool,
    since: datetime | None = None,
) -> dict[str, Any]:
    """The routine's state for a cat (sessions sorted by time, ``now`` aware;
    ``since``: when training was completed, the routine's outings counted after
    that session: the weekly routine starts once training is complete)."""
    tz = now.tzinfo
    today = now.date()
    if not graduated:
        return {
            "graduated": False,
            "per_week": per_week,
            "nudges": ["The weekly routine starts once training is complete."],
        }
    outings = [
        s["at"].astimezone(tz).date()
        for s in sessions
        if (since is None or s["at"] > since) and is_outing(s)
    ]
    per_week_done: dict[date, int] = {}
    for d in outings:
        per_week_done[week_start(d)] = per_week_done.get(week_start(d), 0) + 1
    paused = _paused_days(pauses, tz)
    this_week = week_start(today)
    done_now = per_week_done.get(this_week, 0)
    streak = 1 if done_now >= per_week else 0
    week = this_week - timedelta(days=7)
    first = week_start(outings[0]) if outings else this_week
    for _ in range(STREAK_HORIZON_WEEKS):
        if week < first:
            break
        if per_week_done.get(week, 0) >= per_week:
            streak += 1
        elif not any(week + timedelta(days=i) in paused for i in range(7)):
            break
        week -= timedelta(days=7)
    last = sessions[-1]["at"] if sessions else None
    idle = idle_days(last, now, pauses) if last is not None else 0.0
    lapsed = idle > LAPSE_DAYS
    done_today = bool(outings) and outings[-1] == today
    nudges = [KEEP_PACK_OUT]
    if lapsed:
        nudges.insert(
            0,
            f"{int(idle)} days since the last outing: start again with the short refresher "
            "(a few minutes at home, then a quiet walk) before any big trip.",
        )
    elif done_now < per_week:
        left = per_week - done_now
        nudges.insert(
            0, f"{left} more short outing{'s' if left > 1 else ''} this week keep the habit."
        )
    return {
        "graduated": True,
        "per_week": per_week,
        "this_week": done_now,
        "week_of": this_week.isoformat(),
        "streak_weeks": streak,
        "last_outing": last.isoformat() if last is not None else None,
        "days_idle": round(idle, 1),
        "lapsed": lapsed,
        "done_today": done_today,
        "next_days": [d.isoformat() for d in routine_days(today, done_today, done_now, per_week)],
        "nudges": nudges,
    }
