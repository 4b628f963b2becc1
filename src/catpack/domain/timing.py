"""Time in the coach: the rest after a stop, and a lapse in practice.

Both in the household's calendar: the rest ends on the next calendar day in
its time zone (daylight saving included), and paused time (a holiday, an
illness) never counts as a lapse.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo

from catpack.domain.contract import Pause

#: Minimum rest after real stress, on top of "not before tomorrow" (the guide:
#: "usually wait a day until your cat gets back in the pack by itself").
REST_HOURS = 12
#: A gap in practice after which a trained cat gets a refresher and a cat in
#: training resumes easier, its earlier calm sessions no longer counted. The
#: guide: "Don't complete the training and stop for a few weeks"; we read "a
#: few weeks" as 14 days (policy).
LAPSE_DAYS = 14


#: A gap in practice longer than this can be a lapse (less paused time: :func:`idle_days`).
LAPSE = timedelta(days=LAPSE_DAYS)


def may_lapse(before: datetime, at: datetime) -> bool:
    """Whether more than ``LAPSE_DAYS`` pass from ``before`` to ``at`` (then
    :func:`idle_days` says whether it is a lapse, paused time left out).

    The fold asks this for every session, and a datetime's UTC offset is slow
    to get, so dates fewer than ``LAPSE_DAYS - 2`` days apart as written are
    answered without it: each offset is under a day, so the two offsets move
    the gap by under two days, and the times of day add under one more."""
    if at.toordinal() - before.toordinal() < LAPSE_DAYS - 2:
        return False
    return at - before > LAPSE


def idle_days(last: datetime, now: datetime, pauses: tuple[Pause, ...] | list[Pause]) -> float:
    """Days from ``last`` to ``now``, less any paused time inside that span."""
    span = (now - last).total_seconds()
    paused = 0.0
    for p in pauses:
        lo, hi = max(p.start, last), min(p.end, now)
        if hi > lo:
            paused += (hi - lo).total_seconds()
    return max(0.0, span - paused) / 86400


def rest_end(at: datetime, zone: tzinfo | None) -> datetime:
    """The end of the rest after a stop at ``at``: the next calendar day in the
    household's zone (DST included) and ``REST_HOURS`` of elapsed time at least."""
    local = at.astimezone(zone) if zone is not None else at
    tz = local.tzinfo
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=tz)
    rested = (at.astimezone(UTC) + timedelta(hours=REST_HOURS)).astimezone(tz)
    return max(tomorrow, rested)
