"""Rows that can no longer do anything, pruned: ended page log-ins, expired API
tokens, invite and share links, and throttle counts whose window has ended.

Nothing else ever deletes them (an expired log-in is refused by its expiry,
not by its absence), so without this they pile up for ever. A log-in or a
new API token calls :func:`maybe_prune`: at most once per :data:`EVERY`
across every server process (the last run's time is a row of ``app_keys``,
claimed with one conditional update, so two processes never both run it),
and each run deletes at most :data:`BATCH` rows per table. Only rows past
their end are deleted: a live log-in, token, link or throttle count never is.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from catpack.store import schema as t
from catpack.store.db import Database

log = logging.getLogger(__name__)

#: Policy: how often expired rows are looked for (across all processes).
EVERY = timedelta(hours=1)
#: Policy: the most rows one run deletes per table (a run stays short; what is
#: left goes in the next runs).
BATCH = 1000
#: The ``app_keys`` row holding when the last run started (UTC, fixed width).
KEY = "pruned_at"
_STAMP = "%Y-%m-%dT%H:%M:%SZ"


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime(_STAMP)


def _ended(now: datetime, throttle_window: timedelta) -> list[tuple[Any, Any]]:
    """Each table's key column and the condition of its rows that have ended."""
    return [
        (t.LoginSession.id, t.LoginSession.expires_at <= now),
        # A token without an expiry (from before tokens expired) lives on.
        (t.ApiToken.id, t.ApiToken.expires_at.is_not(None) & (t.ApiToken.expires_at <= now)),
        (t.Invite.id, t.Invite.expires_at <= now),
        (t.CatShare.id, t.CatShare.expires_at <= now),
        # A count whose window has ended counts for nothing (it restarts at 1).
        (t.LoginThrottle.key, t.LoginThrottle.window_start <= now - throttle_window),
    ]


def prune(
    db: Database, throttle_window: timedelta, now: datetime | None = None, batch: int = BATCH
) -> dict[str, int]:
    """Delete up to ``batch`` ended rows of each table (a throttle count ends
    ``throttle_window`` after its window started); returns how many per table."""
    now = now or datetime.now(UTC)
    gone: dict[str, int] = {}
    for column, ended in _ended(now, throttle_window):
        table = column.class_
        some = select(column).where(ended).limit(batch)
        with db.write() as s:
            deleted = s.execute(delete(table).where(column.in_(some)).returning(column)).all()
        gone[table.__tablename__] = len(deleted)
    return gone


def _claim(db: Database, now: datetime) -> bool:
    """Whether this process runs the prune now: the ``pruned_at`` row is set to
    ``now`` if it is older than :data:`EVERY` (or missing), in one statement
    that only one process can win."""
    insert = sqlite.insert if db.is_sqlite else postgresql.insert
    stamp, due = _stamp(now), _stamp(now - EVERY)
    with db.write() as s:
        first = s.execute(
            insert(t.AppKey)
            .values(name=KEY, value=stamp)
            .on_conflict_do_nothing(index_elements=["name"])
            .returning(t.AppKey.name)
        ).first()
        if first is not None:
            return True
        won = s.execute(
            update(t.AppKey)
            .where(t.AppKey.name == KEY, t.AppKey.value <= due)
            .values(value=stamp)
            .returning(t.AppKey.name)
        ).first()
        return won is not None


def maybe_prune(
    db: Database, throttle_window: timedelta, now: datetime | None = None
) -> dict[str, int] | None:
    """:func:`prune` when no process has run it for :data:`EVERY` (else None).
    Called on a log-in: a problem here is logged, never the log-in's."""
    now = now or datetime.now(UTC)
    memo = db.memo.setdefault("housekeeping", {})
    if memo.get("checked") is not None and now - memo["checked"] < EVERY:
        return None  # this process looked lately: no statement at all
    memo["checked"] = now
    try:
        return prune(db, throttle_window, now) if _claim(db, now) else None
    except SQLAlchemyError:
        log.warning("pruning expired log-ins, tokens and links failed", exc_info=True)
        return None
