"""Times for people: in the household's time zone and in words.

``day_and_time`` says which day by its name when it is near ("today 19:04",
"tomorrow 07:05", "Friday 09:00") and by its date otherwise ("3 Dec 09:00");
``relative`` says how far away it is ("in 3 hours", "2 days ago"). Both read
the zone from ``now``, which the CLI takes in the household's zone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import humanize

NEAR_DAYS = 6  # within this many days a weekday name is clear; further, the date


def moment(value: datetime | str) -> datetime:
    """A stored time (ISO text or datetime), as a datetime."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def day_and_time(value: datetime | str, now: datetime) -> str:
    """``value`` on ``now``'s clock: 'today 19:04', 'tomorrow 07:05', 'Friday 09:00',
    '3 Dec 09:00' (with the year when it is not this one)."""
    local = moment(value).astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    clock = f"{local:%H:%M}"
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"tomorrow {clock}"
    if days == -1:
        return f"yesterday {clock}"
    if abs(days) <= NEAR_DAYS:
        return f"{local:%A} {clock}"
    year = "" if local.year == now.year else f" {local.year}"
    return f"{local.day} {local:%b}{year} {clock}"


def relative(value: datetime | str, now: datetime) -> str:
    """How far ``value`` is from ``now``: 'in 3 hours', '2 days ago', 'now'."""
    delta = moment(value) - now
    if abs(delta) < timedelta(minutes=1):
        return "now"
    words = humanize.naturaldelta(abs(delta))
    return f"in {words}" if delta > timedelta(0) else f"{words} ago"


def in_words(value: datetime | str, now: datetime) -> str:
    """Both: 'tomorrow 07:05 (in 11 hours)'."""
    return f"{day_and_time(value, now)} ({relative(value, now)})"
