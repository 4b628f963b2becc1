"""Ended log-ins, API tokens, invite and share links and throttle counts are
pruned (on both databases), never a live one; at most once an hour across
processes, in bounded batches, set off by a log-in.

Finding (phone round): nothing ever deleted them, so every log-in, token,
link and wrong password left a row for ever."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from catpack.services import cats, housekeeping, members, users
from catpack.services.views import Actor
from catpack.settings import Settings
from catpack.store import schema as t
from catpack.store.db import Database
from tests.factories import cat

PASSWORD = "pw-123456"
NOW = datetime.now(UTC)
PAST = NOW - timedelta(minutes=1)
LATER = NOW + timedelta(days=1)
WINDOW = users.THROTTLE_WINDOW


def _owner(db: Database) -> Actor:
    made = users.create_user(db, "ada@example.org", "Ada", PASSWORD)
    return Actor(user_id=made.user.id, household_id=made.user.household_id, role="owner")


def _world(db: Database, actor: Actor, copies: int = 1) -> None:
    """For each kind: ``copies`` ended rows and one live row (tokens: one
    without an expiry too, as before tokens expired)."""
    mia = cats.add_cat(db, actor, cat(name="Mia"))
    with db.write() as s:
        for n in range(copies):
            for until, tag in ((PAST, f"old{n}"), (LATER, f"live{n}")):
                if tag.startswith("live") and n:
                    continue
                uid, home = actor.user_id, actor.household_id
                s.add(t.LoginSession(user_id=uid, token_hash=f"s-{tag}", expires_at=until))
                s.add(t.ApiToken(user_id=uid, token_hash=f"a-{tag}", expires_at=until))
                s.add(
                    t.Invite(
                        household_id=home, token_hash=f"i-{tag}", role="member", expires_at=until
                    )
                )
                s.add(t.CatShare(cat_id=mia.id, token_hash=f"c-{tag}", expires_at=until))
                start = NOW - WINDOW - timedelta(minutes=1) if until is PAST else NOW
                s.add(t.LoginThrottle(key=f"account:{tag}", failures=3, window_start=start))
        s.add(t.ApiToken(user_id=actor.user_id, token_hash="a-forever", expires_at=None))


def _left(db: Database) -> dict[str, set[str]]:
    with db.read() as s:
        return {
            "sessions": set(s.scalars(select(t.LoginSession.token_hash))),
            "tokens": set(s.scalars(select(t.ApiToken.token_hash))),
            "invites": set(s.scalars(select(t.Invite.token_hash))),
            "shares": set(s.scalars(select(t.CatShare.token_hash))),
            "throttle": set(s.scalars(select(t.LoginThrottle.key))),
        }


def test_only_ended_rows_are_pruned(db: Database) -> None:
    actor = _owner(db)
    _world(db, actor)
    live_invite = members.create_invite(db, actor, "trainer", 7)
    before = _left(db)
    gone = housekeeping.prune(db, WINDOW, NOW)
    assert gone == {
        "login_sessions": 1,
        "api_tokens": 1,
        "invites": 1,
        "cat_shares": 1,
        "login_throttle": 1,
    }
    left = _left(db)
    for kind, rows in before.items():
        assert left[kind] == {r for r in rows if "old" not in r}, kind
    assert "a-forever" in left["tokens"]
    # What was left still works: the live invite opens its page's offer.
    assert members.invite_to(db, str(live_invite.token)) is not None
    assert housekeeping.prune(db, WINDOW, NOW) == dict.fromkeys(gone, 0)


def test_a_run_deletes_a_bounded_batch(db: Database) -> None:
    actor = _owner(db)
    _world(db, actor, copies=5)
    assert set(housekeeping.prune(db, WINDOW, NOW, batch=2).values()) == {2}
    assert set(housekeeping.prune(db, WINDOW, NOW, batch=2).values()) == {2}
    assert set(housekeeping.prune(db, WINDOW, NOW, batch=2).values()) == {1}
    left = _left(db)
    assert all("old" not in r for rows in left.values() for r in rows)
    assert left["sessions"] == {"s-live0"}


def test_a_log_in_prunes_at_most_once_an_hour_across_processes(
    db: Database, db_settings: Settings
) -> None:
    actor = _owner(db)
    _world(db, actor)
    # A log-in sets it off: the ended log-in is gone, the live one stays.
    users.start_login(db, actor, 30)
    left = _left(db)
    assert "s-old0" not in left["sessions"] and "s-live0" in left["sessions"]
    with db.read() as s:
        assert s.scalar(select(t.AppKey.value).where(t.AppKey.name == housekeeping.KEY))
    # Within the hour, another process (its own Database) does not run it again...
    other = Database.from_settings(db_settings)
    try:
        soon = datetime.now(UTC) + timedelta(minutes=5)
        assert housekeeping.maybe_prune(other, WINDOW, soon) is None
        # ...and this process asks nothing of the database until the hour is up.
        assert housekeeping.maybe_prune(db, WINDOW, soon) is None
        later = soon + housekeeping.EVERY + timedelta(minutes=1)
        ran = housekeeping.maybe_prune(other, WINDOW, later)
        assert ran is not None
        # The other process claimed this hour: the first one does not run too.
        assert housekeeping.maybe_prune(db, WINDOW, later) is None
    finally:
        other.dispose()


def test_an_api_log_in_prunes_too(db: Database) -> None:
    actor = _owner(db)
    with db.write() as s:
        s.add(t.ApiToken(user_id=actor.user_id, token_hash="a-old", expires_at=PAST))
    assert users.issue_token(db, "ada@example.org", PASSWORD) is not None
    with db.read() as s:
        old = s.scalar(select(func.count()).where(t.ApiToken.token_hash == "a-old"))
    assert old == 0
