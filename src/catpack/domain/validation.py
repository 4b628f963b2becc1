"""Checks on logged sessions that the contract's schema cannot express.

One place for them, so that ``decide``, ``plan_trip`` and the services (the
API, the CLI, the pages and imports all log through
``catpack.services._common.checked_session``) refuse the same input the same
way: one :class:`CoachInputError` listing every problem found, each naming
its field:

* the stage id, the level within the stage, ``calm_reps <= reps``;
* a session dated after ``now`` (beyond ``CLOCK_SKEW``) has not happened:
  refused, naming ``sessions[i].at`` (``i`` as given, before sorting);
* an exact duplicate (every field equal, as a double submit or a merged
  backup gives) counts once;
* logging (``strict``) only: calm tries counted while nothing about the cat
  was recorded are refused, naming ``session.calm_reps`` (see
  :func:`unseen_calm_problems`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

from catpack.domain import protocol as P
from catpack.domain.contract import (
    Session,
    count_problems,
    merge_problems,
    session_schema_problems,
)
from catpack.domain.errors import CoachInputError, Problem
from catpack.domain.observation import assess

#: How far after ``now`` a session may be dated: clocks of a phone and a
#: server drift apart by seconds to minutes (policy: 5 minutes).
CLOCK_SKEW = timedelta(minutes=5)


def stage_problems(session: object, field: str) -> list[Problem]:
    """An unknown stage id, or a level above the stage's levels, as problems.

    Works on raw data too: a value that is not even of the right type is the
    schema's problem and is skipped here."""
    if not isinstance(session, dict):
        return []
    stage_id, level = session.get("stage"), session.get("level")
    if not isinstance(stage_id, str):
        return []
    stage = P.BY_ID.get(stage_id)
    if stage is None:
        known = sorted(P.BY_ID)
        return [Problem(f"{field}.stage", f"{stage_id!r} is not one of {known}", "unknown_stage")]
    if isinstance(level, int) and not isinstance(level, bool) and level > len(stage.levels):
        return [
            Problem(
                f"{field}.level",
                f"{level} is above the {len(stage.levels)} levels of stage {stage_id!r}",
                "level_above",
                float(len(stage.levels)),
                level,
            )
        ]
    return []


def future_problems(session: object, now: datetime | None, field: str) -> list[Problem]:
    """A session dated after ``now`` (more than ``CLOCK_SKEW`` ahead), as a
    problem on its ``at``; nothing when ``now`` is None or ``at`` is not an
    aware date and time (the schema's problem). Works on raw data too (``at``
    as text), so a session with other problems still hears about its date."""
    if now is None or not isinstance(session, dict):
        return []
    at = session.get("at")
    if isinstance(at, str):
        try:
            at = datetime.fromisoformat(at)
        except ValueError:
            return []
    if not isinstance(at, datetime) or at.tzinfo is None or at - now <= CLOCK_SKEW:
        return []
    return [
        Problem(
            f"{field}.at",
            f"{at.isoformat()} is after now ({now.isoformat()}): "
            "a session can be logged only once it has happened",
            "future",
        )
    ]


def unseen_calm_problems(session: Session, field: str) -> list[Problem]:
    """Calm tries on a session in which nothing about the cat was recorded.

    The coach never reads such a session as calm (it repeats the level: a
    still, silent cat is not thereby relaxed, see :mod:`catpack.domain.observation`),
    so a count of calm tries there is a claim nothing backs: pressing Enter
    through prompts, or a form saved untouched. A session with nothing seen
    and no calm tries is kept (it happened; the coach repeats the level).
    Checked when a session is logged or edited, not in a coach request or an
    import, so the contract's requests and old backups read as before."""
    calm = session.get("calm_reps")
    if not calm or assess(session).seen:
        return []
    return [
        Problem(
            f"{field}.calm_reps",
            f"{calm} calm tries, but nothing about the cat was recorded: say what its tail, "
            "ears, eyes, body or voice did (or leave calm tries empty)",
            "calm_unseen",
            given=calm,
        )
    ]


def validate_session(
    data: object, field: str = "session", now: datetime | None = None, *, strict: bool = False
) -> Session:
    """The one check of a session to store: the contract's schema, the stage
    id, the level within the stage, the counts and (given ``now``) a date not
    in the future, every problem reported at once (one CoachInputError).
    ``strict`` (logging) refuses unknown keys instead of ignoring them (as a
    coach request does), and calm tries with nothing about the cat recorded."""
    session, problems = session_schema_problems(data, field, strict=strict)
    # On the parsed session when there is one (lax values are parsed by then),
    # else on what was given, to report what can be.
    checked = session if session is not None else data
    problems = merge_problems(problems, stage_problems(checked, field))
    problems = merge_problems(problems, count_problems(checked, field))
    problems = merge_problems(problems, future_problems(checked, now, field))
    if strict and session is not None:
        problems = merge_problems(problems, unseen_calm_problems(session, field))
    if problems:
        raise CoachInputError.of(problems)
    assert session is not None
    return session


def checked_sessions(
    sessions: list[Session], now: datetime | None = None, field: str = "sessions"
) -> list[Session]:
    """Sessions checked (every bad one reported at once), sorted by time (ties
    broken on content), exact duplicates once."""
    keys = []
    problems: list[Problem] = []
    # Compared as POSIX timestamps: one conversion per session serves both the
    # future check and the sort key (this loop runs on every session of a log).
    # Rounding to a float is monotonic and, for the years 2000-2099, finer
    # than a microsecond, so this agrees with future_problems' exact check.
    latest = float("inf") if now is None else (now + CLOCK_SKEW).timestamp()
    by_id, index = P.BY_ID, P.INDEX
    for i, s in enumerate(sessions):
        stage = by_id.get(s["stage"])
        at = s["at"].timestamp()
        level = s["level"]
        reps, calm = s.get("reps"), s.get("calm_reps")
        if (
            stage is None
            or level > len(stage.levels)
            or (reps is not None and calm is not None and calm > reps)
            or at > latest
        ):
            where = f"{field}[{i}]"
            problems += stage_problems(s, where) + count_problems(s, where)
            problems += future_problems(s, now, where)
            continue
        keys.append((at, index[stage.id], level))
    if problems:
        raise CoachInputError.of(problems)
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
