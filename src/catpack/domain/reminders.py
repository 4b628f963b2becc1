"""What to remind an owner of, and when: pure, from the coach's decision.

Two uses share these rules: the calendar feed (what is coming) and push
notifications (what is due now, for time-critical moments).

* While training: the next session, today at the household's usual time
  unless a session was already logged today (then tomorrow), never before the
  engine's ``not_before``. After real stress (``stop``) the next session is the
  easier one after the rest, and a push says when the rest is over.
* After graduation: the routine outings still due this week
  (:func:`catpack.domain.habit.routine_days`), whatever the next one is (the
  routine trip, the refresher after a lapse, a level easier after unease on a
  trip); after a stop, the rest and then the easier session, as in training.
* Nothing for a cat the coach referred to a vet or behaviourist, and nothing
  at all for a paused cat (the caller leaves paused cats out).
* Pushes wait out the household's quiet hours; a "rest is over" push is only
  sent within a day of the rest's end.
* The calendar also lists the trips an owner saved with a start time, from
  now until :data:`TRIP_HORIZON` ahead, for a paused cat too (a trip is the
  owner's plan, not the coach's); never as a push.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from catpack.domain.decide import STOP_NOW
from catpack.domain.timing import rest_end

Kind = Literal["session", "outing", "rest_over", "trip"]
#: A "rest is over" push later than this after the rest ended is stale.
REST_OVER_FRESH = timedelta(hours=24)
TRAINING = frozenset({"start", "push", "stick", "drop", "advance", "blocked"})
ROUTINE = frozenset({"maintain", "refresh"})
#: How far ahead the calendar lists saved trips. Policy: 60 days covers the
#: trips an owner plans and packs for (a walk next week, a flight next month)
#: and keeps the hourly-fetched feed short; a trip further off is still saved
#: and shown in the app, and enters the calendar once it is 60 days away.
TRIP_HORIZON = timedelta(days=60)


@dataclass(frozen=True, slots=True)
class Prefs:
    """A household's reminder settings (local times)."""

    remind_at: time = time(18, 0)
    quiet_from: time = time(21, 0)
    quiet_until: time = time(8, 0)


@dataclass(frozen=True, slots=True)
class Reminder:
    kind: Kind
    at: datetime
    minutes: float
    title: str
    body: str
    key: str  # unique per cat and kind: the calendar UID and the "sent once" key


def trip_reminder(
    trip_id: int, starts_at: datetime, hours: float, now: datetime, title: str, body: str
) -> Reminder | None:
    """A saved trip as a calendar event on the household's clock (``now``'s
    zone), or None unless it starts from ``now`` to :data:`TRIP_HORIZON` on.
    Its key (the calendar UID) is the trip's own, the same on every fetch."""
    at = starts_at.astimezone(now.tzinfo)
    if not now <= at < now + TRIP_HORIZON:
        return None
    return Reminder("trip", at, hours * 60, title, body, f"trip-{trip_id}")


def quiet(at: time, prefs: Prefs) -> bool:
    """Whether a local time falls in the quiet hours (they may span midnight)."""
    start, end = prefs.quiet_from, prefs.quiet_until
    if start == end:
        return False
    if start < end:
        return start <= at < end
    return at >= start or at < end


#: The first instruction of a stop (decide.STOP_NOW): for the minute it happened.
_STOP_NOW_STEPS = frozenset(STOP_NOW.values())


def _session_text(name: str, decision: dict[str, Any]) -> tuple[str, str, float]:
    stage = decision["stage"]
    nxt = decision.get("next_session") or {}
    minutes = float(nxt.get("max_minutes") or 5)
    if decision["decision"] == "maintain":
        title = f"{name}: a short outing in the pack"
    else:
        title = f"{name}: {stage['title']}, level {stage['level']} of {stage['levels']}"
    steps = list(nxt.get("instructions") or [])
    if decision["decision"] == "stop":
        # The reminder is for the session after the rest: what to do the
        # minute the stopped session ended is past by then.
        steps = [step for step in steps if step not in _STOP_NOW_STEPS]
    steps = steps[:2]
    if decision["decision"] == "blocked":
        steps = [*decision.get("reasons", [])[-1:], *steps]
    body = " ".join([*steps, f"About {minutes:g} minutes at most."])
    return title, body, minutes


def upcoming(
    name: str,
    decision: dict[str, Any],
    last_at: datetime | None,
    now: datetime,
    prefs: Prefs,
    habit: dict[str, Any] | None = None,
) -> list[Reminder]:
    """The coming sessions or outings of one (unpaused) cat, for the calendar."""
    kind = decision["decision"]
    if kind not in TRAINING | ROUTINE and kind != "stop":
        return []
    tz = now.tzinfo
    today = now.date()
    done_today = last_at is not None and last_at.astimezone(tz).date() == today
    title, body, minutes = _session_text(name, decision)
    nxt = decision.get("next_session") or {}
    not_before = datetime.fromisoformat(nxt["not_before"]).astimezone(tz) if nxt else now
    # A trained cat's reminders are its routine outings, whatever its next
    # session is (the routine trip, the refresher, a level easier after unease
    # on a trip): only a stop keeps the rest's own reminder.
    if kind != "stop" and habit is not None and habit.get("graduated"):
        days = [date.fromisoformat(d) for d in habit["next_days"]]
        what: Kind = "outing"
    else:
        first = today + timedelta(days=1) if done_today else today
        days = [max(first, not_before.date())]
        what = "session"
    out = []
    for day in days:
        at = max(datetime.combine(day, prefs.remind_at, tzinfo=tz), not_before)
        if kind == "stop":
            title = f"{name}: try again, an easier session"
        out.append(Reminder(what, at, minutes, title, body, f"{what}-{day.isoformat()}"))
    return out


def due(
    name: str,
    decision: dict[str, Any],
    last_at: datetime | None,
    now: datetime,
    prefs: Prefs,
    habit: dict[str, Any] | None = None,
) -> list[Reminder]:
    """The time-critical pushes due at ``now`` for one (unpaused) cat."""
    if quiet(now.timetz().replace(tzinfo=None), prefs):
        return []
    if decision["decision"] == "stop":
        nxt = decision.get("next_session") or {}
        if not nxt or last_at is None:
            return []
        # While the rest runs, the coach's not_before is its end; once it is
        # over, not_before is "now" and the end is the rest's after the stop.
        not_before = datetime.fromisoformat(nxt["not_before"])
        ended = not_before if not_before > now else min(not_before, rest_end(last_at, now.tzinfo))
        if not ended <= now < ended + REST_OVER_FRESH:
            return []
        title = f"{name}: the rest is over"
        body = "Try again now, with the easier session the coach suggests."
        key = f"rest_over-{last_at.astimezone(now.tzinfo).isoformat(timespec='minutes')}"
        return [Reminder("rest_over", now, float(nxt.get("max_minutes") or 5), title, body, key)]
    coming = upcoming(name, decision, last_at, now, prefs, habit)
    ready = [r for r in coming if r.at.date() == now.date() and r.at <= now]
    what = {"session": "time for today's session", "outing": "time for a short outing"}
    return [
        Reminder(
            r.kind,
            r.at,
            r.minutes,
            f"{name}: {what.get(r.kind, 'time to go')}",
            f"{r.title.removeprefix(name + ': ')}. {r.body}",
            r.key,
        )
        for r in ready
    ]
