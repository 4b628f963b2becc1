"""Reminder settings, the household's calendar feed, and what each cat needs next.

The feed lives at a secret address: ``/api/v1/calendar/<token>.ics``. Only the
token's SHA-256 is stored; making a new address replaces the hash, so the old
address stops working at once. The feed is an iCalendar document built with
the ``icalendar`` library: the next training session of each cat while
training, the routine outings after graduation, nothing for a paused cat
(or one the coach referred), nothing today once today's session is logged;
and the trips an owner saved that start within the next 60 days
(:data:`catpack.domain.reminders.TRIP_HORIZON`), a paused cat's too: a trip
is the owner's plan, and the owner may well go (the trip's own page says
whether the cat is ready).
Calendars are asked to refresh it hourly (``REFRESH-INTERVAL``,
``X-PUBLISHED-TTL``); many refresh less often, whatever the feed says.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vDuration, vText
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session as DbSession

from catpack import words
from catpack.domain.errors import CoachInputError, NotFoundError
from catpack.domain.reminders import TRIP_HORIZON, Prefs, Reminder, due, trip_reminder, upcoming
from catpack.services import outings, plans
from catpack.services._common import check_zone, loads, validate, zone
from catpack.services.reminder_views import ReminderSettingsIn, ReminderSettingsView
from catpack.services.views import Actor
from catpack.store import schema as t
from catpack.store.db import Database

FEED_PATH = "/api/v1/calendar/{token}.ics"
REFRESH = timedelta(hours=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _settings_row(s: Any, household_id: int) -> t.ReminderSettings:
    row = s.get(t.ReminderSettings, household_id)
    return (
        row
        if row is not None
        else t.ReminderSettings(
            household_id=household_id,
            remind_at="18:00",
            quiet_from="21:00",
            quiet_until="08:00",
            push_enabled=True,
        )
    )


def get_settings(db: Database, actor: Actor) -> ReminderSettingsView:
    with db.read() as s:
        row = _settings_row(s, actor.household_id)
        household = s.get(t.Household, actor.household_id)
        feed = s.scalar(
            select(func.count())
            .select_from(t.CalendarFeed)
            .where(t.CalendarFeed.household_id == actor.household_id)
        )
        devices = s.scalar(
            select(func.count())
            .select_from(t.PushSubscription)
            .where(t.PushSubscription.household_id == actor.household_id)
        )
        return ReminderSettingsView(
            remind_at=row.remind_at,
            quiet_from=row.quiet_from,
            quiet_until=row.quiet_until,
            push_enabled=row.push_enabled,
            timezone=household.timezone if household is not None else None,
            feed=bool(feed),
            push_devices=devices or 0,
        )


def update_settings(
    db: Database, actor: Actor, change: Mapping[str, Any] | ReminderSettingsIn
) -> ReminderSettingsView:
    """Change the household's reminder time, quiet hours, push switch or time zone."""
    data = validate(ReminderSettingsIn, change, "settings")
    if data.timezone is not None:
        check_zone(data.timezone, "settings.timezone")
    with db.write() as s:
        row = _settings_row(s, actor.household_id)
        for key in ("remind_at", "quiet_from", "quiet_until", "push_enabled"):
            value = getattr(data, key)
            if value is not None:
                setattr(row, key, value)
        s.merge(row)
        if data.timezone is not None:
            household = s.get(t.Household, actor.household_id)
            if household is None:
                raise NotFoundError("household not found")
            household.timezone = data.timezone
    return get_settings(db, actor)


def new_feed(db: Database, actor: Actor) -> str:
    """A new secret token for the household's calendar feed; any old one dies now."""
    token = secrets.token_urlsafe(32)
    with db.write() as s:
        row = s.scalar(
            select(t.CalendarFeed).where(t.CalendarFeed.household_id == actor.household_id)
        )
        if row is None:
            s.add(t.CalendarFeed(household_id=actor.household_id, token_hash=_hash(token)))
        else:
            row.token_hash = _hash(token)
            row.created_at = datetime.now(UTC)
    return token


def feed_url(base: str, token: str) -> str:
    return base.rstrip("/") + FEED_PATH.format(token=token)


def delete_feed(db: Database, actor: Actor) -> None:
    """Turn the calendar feed off (its address stops working)."""
    with db.write() as s:
        row = s.scalar(
            select(t.CalendarFeed).where(t.CalendarFeed.household_id == actor.household_id)
        )
        if row is not None:
            s.delete(row)


@dataclass(frozen=True, slots=True)
class CatNext:
    """One unpaused cat of a household with what the coach says for it now."""

    cat_id: int
    name: str
    decision: dict[str, Any]
    last_at: datetime | None
    habit: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class HouseholdNext:
    household_id: int
    name: str
    now: datetime
    prefs: Prefs
    push_enabled: bool
    cats: list[CatNext]
    #: The saved trips still to come, with their cat's id (calendar only: no push).
    trips: list[tuple[int, Reminder]] = field(default_factory=list)

    def upcoming(self) -> list[tuple[CatNext, Reminder]]:
        return [
            (c, r)
            for c in self.cats
            for r in upcoming(c.name, c.decision, c.last_at, self.now, self.prefs, c.habit)
        ]

    def due(self) -> list[tuple[CatNext, Reminder]]:
        return [
            (c, r)
            for c in self.cats
            for r in due(c.name, c.decision, c.last_at, self.now, self.prefs, c.habit)
        ]


def household_next(
    db: Database,
    household_id: int,
    *,
    now: datetime | None = None,
    default_zone: str | None = None,
    trips: bool = False,
) -> HouseholdNext:
    """Every unpaused cat of a household with the coach's decision at ``now``;
    with ``trips``, also the saved trips still to come (for the calendar)."""
    with db.read() as s:
        household = s.get(t.Household, household_id)
        if household is None:
            raise NotFoundError(f"household {household_id} not found")
        prefs_row = _settings_row(s, household_id)
        user_id = s.scalar(select(func.min(t.User.id)).where(t.User.household_id == household_id))
        when = (now or datetime.now(UTC)).astimezone(zone(household.timezone or default_zone))
        cats = s.execute(
            select(t.Cat.id, t.Cat.name)
            .where(t.Cat.household_id == household_id)
            .order_by(t.Cat.name)
        ).all()
        paused = set(
            s.scalars(
                select(t.Pause.cat_id)
                .join(t.Cat, t.Cat.id == t.Pause.cat_id)
                .where(
                    t.Cat.household_id == household_id,
                    t.Pause.starts_at <= when,
                    or_(t.Pause.ends_at.is_(None), t.Pause.ends_at > when),
                )
            )
        )
        last: dict[int, datetime] = dict(
            s.execute(  # type: ignore[arg-type]
                select(t.Session.cat_id, func.max(t.Session.at))
                .join(t.Cat, t.Cat.id == t.Session.cat_id)
                .where(t.Cat.household_id == household_id, t.Session.deleted_at.is_(None))
                .group_by(t.Session.cat_id)
            ).all()
        )
        coming = _coming_trips(s, household_id, when) if trips else []
    prefs = Prefs(
        _clock(prefs_row.remind_at), _clock(prefs_row.quiet_from), _clock(prefs_row.quiet_until)
    )
    found: list[CatNext] = []
    if user_id is not None:
        actor = Actor(user_id=user_id, household_id=household_id)
        for cat_id, name in cats:
            if cat_id in paused:
                continue
            # One read for the plan and the routine: they agree on graduation.
            read = plans.read_cat(db, actor, cat_id, now=when)
            decision = plans.decided(read)
            habit = None
            # A trained cat's reminders follow its routine whatever the next
            # session is (a refresher after unease too); a stop has its own.
            if decision["decision"] not in ("refer", "stop"):
                habit = outings.routine(read)
            found.append(CatNext(cat_id, name, decision, last.get(cat_id), habit))
    return HouseholdNext(
        household_id, household.name, when, prefs, bool(prefs_row.push_enabled), found, coming
    )


def _coming_trips(s: DbSession, household_id: int, when: datetime) -> list[tuple[int, Reminder]]:
    """The household's saved trips starting from ``when`` to the horizon, in
    one statement for all its cats (paused ones too), soonest first. A trip
    saved without a start time has no place in a calendar; a deleted trip is
    gone from the table."""
    rows = s.execute(
        select(t.Trip.id, t.Trip.cat_id, t.Trip.starts_at, t.Trip.doc, t.Cat.name)
        .join(t.Cat, t.Cat.id == t.Trip.cat_id)
        .where(
            t.Cat.household_id == household_id,
            t.Trip.starts_at >= when,
            t.Trip.starts_at < when + TRIP_HORIZON,
        )
        .order_by(t.Trip.starts_at, t.Trip.id)
    ).all()
    out = []
    for trip_id, cat_id, starts_at, doc, name in rows:
        trip = loads(doc)
        title, body = words.calendar_trip(name, str(trip.get("kind")), _packing(trip))
        found = trip_reminder(trip_id, starts_at, float(trip.get("hours") or 1), when, title, body)
        if found is not None:
            out.append((cat_id, found))
    return out


def _packing(trip: dict[str, Any]) -> list[str]:
    """The packing list's item ids; none for a stored trip the contract no
    longer takes (the feed still lists it, without the list)."""
    try:
        return [entry["item"] for entry in plans.trip_packing(trip)]
    except CoachInputError:
        return []


def calendar(
    db: Database, token: str, *, now: datetime | None = None, default_zone: str | None = None
) -> bytes:
    """The household's iCalendar feed for a feed token (NotFoundError if unknown)."""
    with db.read() as s:
        household_id = s.scalar(
            select(t.CalendarFeed.household_id).where(t.CalendarFeed.token_hash == _hash(token))
        )
    if household_id is None:
        raise NotFoundError("no calendar at this address (it may have been replaced)")
    plan = household_next(db, household_id, now=now, default_zone=default_zone, trips=True)
    return build_calendar(plan)


def _event(cat_id: int, reminder: Reminder, stamp: datetime) -> Event:
    """One reminder as a VEVENT in the household's zone; its UID is the
    reminder's key and the cat's, the same on every fetch."""
    at = reminder.at if isinstance(reminder.at.tzinfo, ZoneInfo) else reminder.at.astimezone(UTC)
    event = Event()
    event.add("uid", f"{reminder.key}-cat{cat_id}@catpack")
    event.add("dtstamp", stamp)
    event.add("dtstart", at)
    if reminder.kind == "trip":
        # A trip has the start and length the owner gave (the end counts real
        # time: a trip over a clock change ends right); its alarm is an hour
        # before, to pack.
        end = (at.astimezone(UTC) + timedelta(minutes=reminder.minutes)).astimezone(at.tzinfo)
        event.add("dtend", end)
        trigger = -timedelta(hours=1)
    else:
        event.add("duration", timedelta(minutes=reminder.minutes))
        trigger = timedelta(0)
    event.add("summary", reminder.title)
    event.add("description", reminder.body)
    event.add("categories", ["catpack"])
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminder.title)
    alarm.add("trigger", trigger)
    event.add_component(alarm)
    return event


def build_calendar(plan: HouseholdNext) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//catpack//reminders//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # An X- property is not text to icalendar unless it is told: escaped as
    # text, a line break in the household's name can neither end the line
    # (a property of the attacker's choosing) nor fail the whole feed.
    cal.add("x-wr-calname", vText(f"catpack: {plan.name}"))
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))  # unknown to icalendar: say its type
    stamp = plan.now.astimezone(UTC)
    coming = [(cat.cat_id, reminder) for cat, reminder in plan.upcoming()]
    for cat_id, reminder in [*coming, *plan.trips]:
        cal.add_component(_event(cat_id, reminder, stamp))
    cal.add_missing_timezones()
    text: bytes = cal.to_ical()
    return text
