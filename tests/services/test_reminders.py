"""Reminders on both databases: the calendar feed parsed back with icalendar, and
push through a fake push service on the loopback address (a real HTTP server
that verifies the VAPID signature and decrypts the payload)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.services import cats, gear, plans, push, reminders, sessions, users
from catpack.services import household as household_service
from catpack.services.views import Actor
from catpack.settings import Settings
from catpack.store import schema as t
from catpack.store.db import Database
from tests.factories import CALM, HISSING, SAFE_CHECKS, graduation
from tests.fake_push import FakePushService

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)  # a Wednesday, in the past (no future logs)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return (NOW + timedelta(days=day)).replace(hour=hour, minute=minute)


def log(
    db: Database,
    actor: Actor,
    cat_id: int,
    stage: str,
    level: int,
    when: datetime,
    obs: dict[str, Any] | None = None,
) -> None:
    sessions.log_session(
        db,
        actor,
        cat_id,
        {
            "at": when.isoformat(),
            "stage": stage,
            "level": level,
            "reps": 5,
            "calm_reps": 5,
            "observation": obs or CALM,
            "checks": SAFE_CHECKS,
        },
    )


def household(db: Database, actor: Actor) -> dict[str, int]:
    reminders.update_settings(db, actor, {"timezone": "Europe/Berlin"})
    ids = {}
    for name in ("Pepper", "Biscuit", "Mochi", "Tom"):
        ids[name] = cats.add_cat(db, actor, {"name": name, "harness_trained": True}).id
    log(db, actor, ids["Pepper"], "door-closed", 2, at(-1, 18))  # training, not done today
    log(db, actor, ids["Biscuit"], "door-closed", 2, at(-1, 18))
    plans.pause(db, actor, ids["Biscuit"], start=at(-1, 20), reason="holiday")
    log(db, actor, ids["Mochi"], "door-closed", 2, at(0, 8))  # done today already
    sessions.log_session(db, actor, ids["Tom"], graduation(at(-10, 12)))  # graduated
    log(db, actor, ids["Tom"], "maintenance", 1, at(-1, 12))  # one outing this week
    return ids


def events(feed: bytes) -> list[Any]:
    return list(Calendar.from_ical(feed).walk("VEVENT"))


def test_the_feed_parsed_back(db: Database, actor: Actor) -> None:
    household(db, actor)
    token = reminders.new_feed(db, actor)
    feed = reminders.calendar(db, token, now=NOW)
    cal = Calendar.from_ical(feed)
    assert cal["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert str(cal["X-PUBLISHED-TTL"]) == "PT1H"
    found = {(str(e["SUMMARY"]).split(":")[0], e["DTSTART"].dt) for e in events(feed)}
    assert ("Pepper", at(0, 18)) in found  # today at the usual time
    assert ("Mochi", at(1, 18)) in found  # done today: tomorrow, nothing today
    assert not any(name == "Mochi" and when.date() == NOW.date() for name, when in found)
    assert not any(name == "Biscuit" for name, _ in found)  # paused: nothing
    toms = sorted(when for name, when in found if name == "Tom")
    assert toms == [at(0, 18), at(2, 18)]  # 2 more outings this week (target 3), spread out
    pepper = next(e for e in events(feed) if str(e["SUMMARY"]).startswith("Pepper"))
    assert "Door closed, level 3 of 7" in str(pepper["SUMMARY"])  # calm at 2: raised
    assert pepper["DTSTART"].dt.tzinfo.key == "Europe/Berlin"
    assert pepper["DURATION"].dt == timedelta(minutes=5)
    assert list(pepper.walk("VALARM"))
    assert list(cal.walk("VTIMEZONE"))


def test_a_trained_cat_uneasy_on_a_trip_keeps_its_routine_days(db: Database, actor: Actor) -> None:
    """After unease on a routine trip the coach gives a trained cat a level
    easier (``drop``, the refresher): its reminders are still the routine's
    outings, spread over the week (wrong before: one training session today)."""
    reminders.update_settings(db, actor, {"timezone": "Europe/Berlin"})
    tom = cats.add_cat(db, actor, {"name": "Tom", "harness_trained": True}).id
    sessions.log_session(db, actor, tom, graduation(at(-10, 12)))
    uneasy = {**CALM, "tail": "low", "ears": "sideways", "eyes": "dilated", "body": "alert"}
    trip = {"at": at(-1, 12).isoformat(), "stage": "maintenance", "level": 1, "minutes": 30,
            "reps": 5, "calm_reps": 2, "observation": uneasy, "checks": SAFE_CHECKS}  # fmt: skip
    sessions.log_session(db, actor, tom, trip)
    assert plans.today_plan(db, actor, tom, now=NOW)["decision"] == "drop"
    feed = reminders.calendar(db, reminders.new_feed(db, actor), now=NOW)
    toms = sorted(e["DTSTART"].dt for e in events(feed))
    assert toms == [at(0, 18), at(2, 18)]  # 2 more outings this week (target 3), spread out
    assert all("Easy refresher sessions" in str(e["SUMMARY"]) for e in events(feed))


def test_names_with_line_breaks_stay_text_in_the_feed(db: Database, actor: Actor) -> None:
    """A household or cat name holding a line break, ``;``, ``,`` or ``\\`` is
    escaped text in the feed: no line of its own (no property of the name's
    choosing), no feed that fails for good."""
    ids = household(db, actor)
    evil = "Home\r\nBEGIN:VEVENT\r\nSUMMARY:pwn\r\nEND:VEVENT; a,b\\c"
    household_service.edit_household(db, actor, name=evil)
    cats.edit_cat(db, actor, ids["Pepper"], cat={"name": "Pep\nX-INJECTED:1"})
    feed = reminders.calendar(db, reminders.new_feed(db, actor), now=NOW)
    lines = feed.decode().replace("\r\n ", "").splitlines()  # unfolded
    assert not any(line.startswith(("SUMMARY:pwn", "X-INJECTED")) for line in lines)
    assert lines.count("BEGIN:VEVENT") == len(events(feed))
    [name] = [line for line in lines if line.startswith("X-WR-CALNAME:")]
    escaped = "Home\\nBEGIN:VEVENT\\nSUMMARY:pwn\\nEND:VEVENT\\; a\\,b\\\\c"
    assert name == f"X-WR-CALNAME:catpack: {escaped}"


def test_a_new_address_kills_the_old_one_at_once(db: Database, actor: Actor) -> None:
    household(db, actor)
    old = reminders.new_feed(db, actor)
    assert events(reminders.calendar(db, old, now=NOW))
    new = reminders.new_feed(db, actor)
    with pytest.raises(NotFoundError):
        reminders.calendar(db, old, now=NOW)
    assert events(reminders.calendar(db, new, now=NOW))
    with db.read() as s:
        stored = s.scalars(select(t.CalendarFeed.token_hash)).all()
    assert stored and new not in stored and old not in stored  # only hashes are kept
    reminders.delete_feed(db, actor)
    with pytest.raises(NotFoundError):
        reminders.calendar(db, new, now=NOW)


def test_settings_are_checked(db: Database, actor: Actor) -> None:
    with pytest.raises(CoachInputError, match="remind_at"):
        reminders.update_settings(db, actor, {"remind_at": "25:00"})
    with pytest.raises(CoachInputError, match="timezone"):
        reminders.update_settings(db, actor, {"timezone": "Mars/Olympus"})
    view = reminders.update_settings(db, actor, {"remind_at": "07:30", "quiet_from": "22:00"})
    assert (view.remind_at, view.quiet_from, view.quiet_until) == ("07:30", "22:00", "08:00")


@pytest.fixture
def push_settings(db_settings: Settings) -> Settings:
    return db_settings.model_copy(update={"push_allow_loopback": True})


def test_push_sent_once_to_a_real_push_service(
    db: Database, actor: Actor, push_settings: Settings
) -> None:
    ids = household(db, actor)
    with FakePushService() as service:
        ok, gone, missing = (service.subscriber(k) for k in ("ok", "gone", "missing"))
        for sub in (ok, gone, missing):
            push.subscribe(db, actor, sub.subscription(), push_settings)
        assert push.remind(db, push_settings, now=at(0, 17, 55)) == []  # not yet 18:00
        sent = push.remind(db, push_settings, now=at(0, 18, 5))
        titles = sorted(s.title for s in sent)
        assert titles == ["Pepper: time for today's session", "Tom: time for a short outing"]
        assert sent[0].delivered == 1 and sent[0].removed == 2
        assert service.errors == []
        payloads = service.delivered()
        assert sorted(p["title"] for p in payloads) == titles
        assert all(r.vapid_key == push.public_key(db) for r in service.received)
        assert all(r.claims["sub"].startswith("mailto:") for r in service.received)
        # 404 and 410: the subscriptions are gone
        assert [v.endpoint for v in push.list_subscriptions(db, actor)] == [ok.endpoint]
        # again: nothing twice
        assert push.remind(db, push_settings, now=at(0, 18, 30)) == []
        assert len(service.delivered()) == 2
        assert ids["Biscuit"] not in {s.cat_id for s in sent}  # paused: no push


def test_quiet_hours_and_the_end_of_a_rest(
    db: Database, actor: Actor, push_settings: Settings
) -> None:
    reminders.update_settings(db, actor, {"timezone": "Europe/Berlin"})
    cat = cats.add_cat(db, actor, {"name": "Nala", "harness_trained": True}).id
    log(db, actor, cat, "door-closed", 2, at(-1, 17))
    log(db, actor, cat, "door-closed", 3, at(-1, 19), HISSING)  # stop: rest until tomorrow
    with FakePushService() as service:
        push.subscribe(db, actor, service.subscriber("ok").subscription(), push_settings)
        assert push.remind(db, push_settings, now=at(-1, 23)) == []  # resting, quiet too
        assert push.remind(db, push_settings, now=at(0, 7, 30)) == []  # rest over, but quiet
        sent = push.remind(db, push_settings, now=at(0, 8, 1))
        assert [s.title for s in sent] == ["Nala: the rest is over"]
        assert push.remind(db, push_settings, now=at(0, 18, 1)) == []  # stop: no second push
        assert [p["title"] for p in service.delivered()] == ["Nala: the rest is over"]


def test_push_off_and_unreachable_devices(
    db: Database, actor: Actor, push_settings: Settings
) -> None:
    household(db, actor)
    with FakePushService() as service:
        push.subscribe(db, actor, service.subscriber("down").subscription(), push_settings)
        first = push.remind(db, push_settings, now=at(0, 18, 5))
        assert first and all(s.failed == 1 and s.delivered == 0 for s in first)
        again = push.remind(db, push_settings, now=at(0, 18, 10))  # not delivered: retried
        assert [s.title for s in again] == [s.title for s in first]
        reminders.update_settings(db, actor, {"push_enabled": False})
        assert push.remind(db, push_settings, now=at(0, 18, 15)) == []


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://127.0.0.1:9/push",
        "https://10.0.0.1/push",
        "https://evil.example/fcm.googleapis.com",
        "https://fcm.googleapis.com.evil.example/x",
        "file:///etc/passwd",
    ],
)
def test_only_push_services_are_accepted(
    db: Database, actor: Actor, db_settings: Settings, endpoint: str
) -> None:
    sub = {"endpoint": endpoint, "keys": {"p256dh": "B" * 87, "auth": "A" * 22}}
    with pytest.raises(CoachInputError, match="push service") as refused:
        push.subscribe(db, actor, sub, db_settings)
    assert refused.value.problems[0].field.endswith("endpoint")
    assert "pattern" not in str(refused.value)  # plain words, not a regular expression
    good = {**sub, "endpoint": "https://fcm.googleapis.com/fcm/send/abc"}
    assert push.subscribe(db, actor, good, db_settings).endpoint == good["endpoint"]


@pytest.mark.parametrize(
    "endpoint",
    [
        # urllib.parse reads the host after the "@", urllib3 (under pywebpush's
        # requests) before it: the check and the connection would disagree.
        "https://10.0.0.1:8443\\@fcm.googleapis.com/fcm/send/x",
        "https://user:pw@fcm.googleapis.com/fcm/send/x",
        "https://evil.example\\.fcm.googleapis.com/x",
        "https://fcm.googleapis.com /x",
    ],
)
def test_the_endpoint_check_holds_by_itself(db_settings: Settings, endpoint: str) -> None:
    """The host checked is the host connected to, also for a caller that did not
    first check the request's shape (the API's model does)."""
    with pytest.raises(CoachInputError, match="push service"):
        push.check_endpoint(endpoint, db_settings)
    fine = "https://fcm.googleapis.com:443/fcm/send/x?y=1"
    assert push.check_endpoint(fine, db_settings) == fine


def test_a_stored_endpoint_the_check_refuses_is_never_sent_to(
    db: Database, actor: Actor, db_settings: Settings
) -> None:
    """A subscription stored before the check was what it is now is dropped at
    the next send, not used."""
    with db.write() as s:
        s.add(
            t.PushSubscription(
                household_id=actor.household_id,
                user_id=actor.user_id,
                endpoint="https://127.0.0.1:9\\@fcm.googleapis.com/fcm/send/x",
                p256dh="B" * 87,
                auth="A" * 22,
            )
        )
    assert push.send(db, db_settings, actor.household_id, {"title": "t"}) == (0, 1, 0)
    with db.read() as s:
        assert s.scalars(select(t.PushSubscription)).all() == []


def test_the_vapid_key_is_made_once_and_kept(db: Database, db_settings: Settings) -> None:
    first = push.public_key(db)
    other = Database.from_settings(db_settings)  # another process, a restart
    try:
        assert push.public_key(other) == first
    finally:
        other.dispose()
    with db.read() as s:
        stored = s.scalars(select(t.AppKey.value).where(t.AppKey.name == "vapid")).all()
    assert len(stored) == 1 and len(stored[0]) == 43  # the raw private key, base64url


def test_an_endpoint_of_another_account_moves_only_with_its_keys(
    db: Database, actor: Actor, db_settings: Settings
) -> None:
    """A subscription found by its endpoint was handed to whoever posted it:
    knowing someone's endpoint was enough to take over their reminders."""
    endpoint = "https://fcm.googleapis.com/fcm/send/ada-phone"
    browser = {"endpoint": endpoint, "keys": {"p256dh": "B" * 87, "auth": "A" * 22}}
    mine = push.subscribe(db, actor, browser, db_settings)
    made = users.create_user(db, "eve@example.org", "Eve", "another secret")
    eve = Actor(user_id=made.user.id, household_id=made.user.household_id)
    forged = {"endpoint": endpoint, "keys": {"p256dh": "C" * 87, "auth": "E" * 22}}
    for keys in (forged["keys"], {**browser["keys"], "auth": "E" * 22}):
        with pytest.raises(ConflictError, match="another account"):
            push.subscribe(db, eve, {"endpoint": endpoint, "keys": keys}, db_settings)
    assert [v.id for v in push.list_subscriptions(db, actor)] == [mine.id]
    assert push.list_subscriptions(db, eve) == []
    with db.read() as s:
        row = s.get(t.PushSubscription, mine.id)
        assert row is not None
        assert (row.household_id, row.user_id) == (actor.household_id, actor.user_id)
        assert (row.p256dh, row.auth) == ("B" * 87, "A" * 22)
    # Its own account may renew its keys (the browser's own subscription, renewed).
    renewed = {"endpoint": endpoint, "keys": {"p256dh": "D" * 87, "auth": "F" * 22}}
    assert push.subscribe(db, actor, renewed, db_settings).id == mine.id
    # The browser itself (its keys) may move to another account: a shared phone.
    assert push.subscribe(db, eve, renewed, db_settings).id == mine.id
    assert push.list_subscriptions(db, actor) == []
    assert [v.id for v in push.list_subscriptions(db, eve)] == [mine.id]


def trip_events(feed: bytes) -> list[Any]:
    return [e for e in events(feed) if str(e["UID"]).startswith("trip-")]


def test_saved_trips_to_come_are_in_the_feed(db: Database, actor: Actor) -> None:
    """A trip an owner saved with a start time is in the calendar at its local
    time, for its length, with what to bring, under an id of its own that
    stays the same; past trips, trips without a time, trips past the horizon
    and other households' trips are not (none were listed before)."""
    ids = household(db, actor)
    walk = gear.add_trip(
        db, actor, ids["Pepper"], {"kind": "walk", "hours": 3}, starts_at=at(10, 10)
    )
    gear.add_trip(db, actor, ids["Pepper"], {"kind": "hike", "hours": 2}, starts_at=at(-1, 10))
    gear.add_trip(db, actor, ids["Pepper"], {"kind": "walk", "hours": 1})  # no time: none
    gear.add_trip(db, actor, ids["Tom"], {"kind": "flight", "hours": 4}, starts_at=at(61, 9))
    hotel = gear.add_trip(  # a paused cat's trip is still the owner's plan
        db, actor, ids["Biscuit"], {"kind": "hotel", "hours": 20}, starts_at=at(3, 15, 30)
    )
    gone = gear.add_trip(db, actor, ids["Mochi"], {"kind": "walk", "hours": 1}, starts_at=at(2, 9))
    gear.delete_trip(db, actor, ids["Mochi"], gone.id)
    made = users.create_user(db, "eve@example.org", "Eve", "another secret")
    eve = Actor(user_id=made.user.id, household_id=made.user.household_id)
    reminders.update_settings(db, eve, {"timezone": "America/New_York"})
    theirs = cats.add_cat(db, eve, {"name": "Shadow", "harness_trained": True}).id
    other = gear.add_trip(db, eve, theirs, {"kind": "walk", "hours": 1}, starts_at=at(4, 11))

    token = reminders.new_feed(db, actor)
    first = reminders.calendar(db, token, now=NOW)
    found = trip_events(first)
    assert [str(e["UID"]) for e in found] == [
        f"trip-{hotel.id}-cat{ids['Biscuit']}@catpack",
        f"trip-{walk.id}-cat{ids['Pepper']}@catpack",
    ]
    hotel_event, walk_event = found
    assert str(walk_event["SUMMARY"]) == "Pepper: a walk (trip)"
    start, end = walk_event["DTSTART"].dt, walk_event["DTEND"].dt
    assert start == datetime(2026, 12, 5, 10, 0, tzinfo=BERLIN)
    assert (start.tzinfo.key, start.hour, end.hour) == ("Europe/Berlin", 10, 13)
    assert str(walk_event["DESCRIPTION"]).startswith("Bring: Harness, leash, ID tag, blanket and")
    assert "Check the weather before you go." in str(walk_event["DESCRIPTION"])
    assert str(hotel_event["SUMMARY"]) == "Biscuit: a hotel stay (trip)"
    assert hotel_event["DTEND"].dt - hotel_event["DTSTART"].dt == timedelta(hours=20)
    # The same ids an hour later: a calendar updates its events, no copies.
    again = reminders.calendar(db, token, now=NOW + timedelta(hours=1))
    assert [str(e["UID"]) for e in trip_events(again)] == [str(e["UID"]) for e in found]
    # The other household sees its own trip only, at its own clock.
    [theirs_event] = trip_events(reminders.calendar(db, reminders.new_feed(db, eve), now=NOW))
    assert str(theirs_event["UID"]) == f"trip-{other.id}-cat{theirs}@catpack"
    assert theirs_event["DTSTART"].dt.tzinfo.key == "America/New_York"
    assert theirs_event["DTSTART"].dt == at(4, 11)
    # Once a trip has started it is no longer coming up; the flight, 61 days
    # off at first, is within the 60 days now.
    later = reminders.calendar(db, token, now=at(10, 10, 1))
    assert [str(e["SUMMARY"]) for e in trip_events(later)] == ["Tom: a flight (trip)"]


def test_trips_are_no_push(db: Database, actor: Actor) -> None:
    """The push scheduler's plan has no trips: they are the calendar's only."""
    ids = household(db, actor)
    gear.add_trip(db, actor, ids["Pepper"], {"kind": "walk", "hours": 1}, starts_at=at(0, 18))
    plan = reminders.household_next(db, actor.household_id, now=at(0, 18, 5))
    assert plan.trips == []
    assert all(r.kind != "trip" for _, r in plan.due())
