"""Checks on logged sessions that the contract's schema cannot express.

One place for them, so that ``decide``, ``plan_trip`` and the services (the
API, the CLI, the pages and imports all log through
``catpack.services._common.checked_session``) refuse the same input the same
way, with a :class:`CoachInputError` naming the field:

* the stage id, the level within the stage, ``calm_reps <= reps``;
* a session dated after ``now`` (beyond ``CLOCK_SKEW``) has not happened:
  refused, naming ``sessions[i].at`` (``i`` as given, before sorting);
* an exact duplicate (every field equal, as a double submit or a merged
  backup gives) counts once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

from catpack.domain import protocol as P
from catpack.domain.contract import Session, check_counts, parse_session
from catpack.domain.errors import CoachInputError

#: How far after ``now`` a session may be dated: clocks of a phone and a
#: server drift apart by seconds to minutes (policy: 5 minutes).
CLOCK_SKEW = timedelta(minutes=5)


def check_stage(session: Session, field: str) -> P.Stage:
    """The session's stage, after checking its id, level and rep counts."""
    stage = P.BY_ID.get(session["stage"])
    if stage is None:
        raise CoachInputError(
            f"{field}.stage", f"{session['stage']!r} is not one of {sorted(P.BY_ID)}"
        )
    if session["level"] > len(stage.levels):
        raise CoachInputError(
            f"{field}.level",
            f"{session['level']} is above the {len(stage.levels)} levels "
            f"of stage {session['stage']!r}",
        )
    check_counts(session, field)
    return stage


def check_not_future(session: Session, now: datetime, field: str) -> None:
    """Refuse a session dated after ``now`` (more than ``CLOCK_SKEW`` ahead)."""
    if session["at"] - now > CLOCK_SKEW:
        raise _future(session, now, field)


def _future(session: Session, now: datetime, field: str) -> CoachInputError:
    return CoachInputError(
        f"{field}.at",
        f"{session['at'].isoformat()} is after now ({now.isoformat()}): "
        "a session can be logged only once it has happened",
    )


def validate_session(data: object, field: str = "session", now: datetime | None = None) -> Session:
    """One session checked exactly as decide checks a logged one (for services)."""
    session = parse_session(data, field)
    check_stage(session, field)
    if now is not None:
        check_not_future(session, now, field)
    return session


def checked_sessions(
    sessions: list[Session], now: datetime | None = None, field: str = "sessions"
) -> list[Session]:
    """Sessions checked, sorted by time (ties broken on content), exact duplicates once."""
    keys = []
    latest = None if now is None else now + CLOCK_SKEW
    for i, s in enumerate(sessions):
        stage = check_stage(s, f"{field}[{i}]")
        at = s["at"]
        if latest is not None and at > latest:
            raise _future(s, latest - CLOCK_SKEW, f"{field}[{i}]")
        keys.append((at.timestamp(), P.INDEX[stage.id], s["level"]))
    order = sorted(range(len(sessions)), key=keys.__getitem__)
    if not any(keys[a] == keys[b] for a, b in pairwise(order)):
        return [sessions[i] for i in order]
    # Ties: break them on the whole content so input order never matters, and
    # keep one of each set of exact duplicates.
    order.sort(key=lambda i: (keys[i], repr(sorted(sessions[i].items()))))
    kept = [order[0]]
    for i in order[1:]:
        if keys[i] != keys[kept[-1]] or sessions[i] != sessions[kept[-1]]:
            kept.append(i)
    return [sessions[i] for i in kept]
