"""The session log: log, edit, delete, undo, history and the audit trail.

Every change writes a :class:`~catpack.store.schema.SessionRevision` in the
same transaction, so an edit or delete never loses what was there before.
Deletes are soft (``deleted_at``): the live log skips them, the audit keeps them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from catpack.domain.contract import Session, session_json
from catpack.domain.errors import ConflictError, NotFoundError
from catpack.domain.history import State, fold_from
from catpack.services import readings
from catpack.services._common import (
    BUMP_LOG,
    NOTE_MAX,
    aware,
    bump_log,
    bump_log_returning,
    checked_session,
    dumps,
    free_text,
    loads,
    owned_cat,
    session_columns,
    utcnow,
)
from catpack.services.views import Actor, AuditEntry, Page, SessionView
from catpack.store import schema as t
from catpack.store.db import Database

# Built once: parameters go to execute(), so SQLAlchemy's statement cache hits.
# On the tables, not the mapped classes: plain Core inserts, no ORM bulk path.
_SESSIONS = t.Base.metadata.tables["sessions"]
_INSERT_SESSION = insert(_SESSIONS).returning(_SESSIONS.c.id)
_INSERT_REVISION = insert(t.Base.metadata.tables["session_revisions"])
_INSERT_CLIENT = insert(t.Base.metadata.tables["client_sessions"])
_DOCS = (
    select(func.aggregate_strings(t.Session.doc, ","))
    .where(t.Session.cat_id == bindparam("cat_id"), t.Session.deleted_at.is_(None))
    .scalar_subquery()
)
_LIVE_LOG = select(t.Cat.log_version, _DOCS).where(t.Cat.id == bindparam("cat_id"))
#: Cats whose parsed log a process keeps (cleared whole when full).
LOG_CACHE_MAX = 2_000


class ClientIdTaken(ConflictError):
    """The client id was used before for another session (or another note)."""


def _view(row: t.Session, client_id: str | None = None) -> SessionView:
    return SessionView(
        id=row.id,
        cat_id=row.cat_id,
        session=loads(row.doc),
        note=row.note,
        revision=row.revision,
        logged_by=row.logged_by,
        logged_at=row.logged_at,
        deleted_at=row.deleted_at,
        client_id=client_id,
    )


def _client_id_of(s: DbSession, session_id: int) -> str | None:
    return s.scalar(
        select(t.ClientSession.client_id).where(t.ClientSession.session_id == session_id)
    )


def _audit(s: DbSession, row: t.Session, action: str, actor: Actor, note: str = "") -> None:
    s.add(
        t.SessionRevision(
            session_id=row.id,
            revision=row.revision,
            action=action,
            doc=row.doc,
            note=note,
            by_user=actor.user_id,
        )
    )


def _clash(at: datetime) -> ConflictError:
    return ConflictError(f"a session at {at.isoformat()} is already logged for this cat")


def _owned_session(
    s: DbSession, actor: Actor, cat_id: int, session_id: int, *, change: bool = False
) -> t.Session:
    if change:
        bump_log(s, actor, cat_id)
    else:
        owned_cat(s, actor, cat_id)
    row = s.get(t.Session, session_id)
    if row is None or row.cat_id != cat_id:
        raise NotFoundError(f"session {session_id} of cat {cat_id} not found")
    return row


def check_session(session: Mapping[str, Any], now: datetime | None = None) -> Session:
    """The check :func:`log_session` applies, without storing anything (a form
    with problems of its own still shows the session's, all at once)."""
    return checked_session(session, now=now)


def log_session(
    db: Database,
    actor: Actor,
    cat_id: int,
    session: Mapping[str, Any] | Session,
    *,
    note: str = "",
    now: datetime | None = None,
) -> SessionView:
    """Append one session (the contract's session object) to a cat's log.

    Raises CoachInputError naming every bad field (``session.observation.ears:
    ...``), NotFoundError for an unknown cat, ConflictError if the cat already
    has a live session at the same instant (a double submit). A session dated
    after ``now`` (default: the clock) is refused, naming ``session.at``.
    """
    parsed = checked_session(session, now=now)
    free_text("note", note, NOTE_MAX)
    return _log(db, actor, cat_id, parsed, note, None)


def log_session_once(
    db: Database,
    actor: Actor,
    cat_id: int,
    session: Mapping[str, Any] | Session,
    client_id: UUID,
    *,
    note: str = "",
    now: datetime | None = None,
) -> tuple[SessionView, bool]:
    """:func:`log_session` for a session its client named with ``client_id``:
    logged at most once per household, however often it is sent.

    Returns the session and whether this call stored it (``False``: the id was
    stored before with the same session and note, and that stored session is
    returned, deleted or edited since as it may be). The same id sent with
    another session or note raises ConflictError.
    """
    parsed = checked_session(session, now=now)
    free_text("note", note, NOTE_MAX)
    key = str(client_id)
    digest = hashlib.sha256(dumps([session_json(parsed), note]).encode()).hexdigest()
    stored = _stored_client_session(db, actor, key, digest)
    if stored is not None:
        return stored, False
    try:
        return _log(db, actor, cat_id, parsed, note, (key, digest)), True
    except ConflictError:
        # Sent twice at once: the other request stored it first.
        stored = _stored_client_session(db, actor, key, digest)
        if stored is None:
            raise
        return stored, False


def _stored_client_session(
    db: Database, actor: Actor, client_id: str, digest: str
) -> SessionView | None:
    with db.read() as s:
        found = s.execute(
            select(t.ClientSession.body_hash, t.Session)
            .join(t.Session, t.Session.id == t.ClientSession.session_id)
            .where(
                t.ClientSession.household_id == actor.household_id,
                t.ClientSession.client_id == client_id,
            )
        ).one_or_none()
        if found is None:
            return None
        body_hash, row = found
        if body_hash != digest:
            raise ClientIdTaken(
                f"client_id {client_id} was already used for another session "
                f"(session {row.id} of cat {row.cat_id}); send a new client_id for a new session"
            )
        return _view(row, client_id)


#: :data:`catpack.services._common.BUMP_LOG`, also saying whether the session's
#: span has pack readings not yet attached (:data:`readings.UNATTACHED_IN_SPAN`).
_BUMP_LOG_READINGS = BUMP_LOG.returning(readings.UNATTACHED_IN_SPAN)


def _log(
    db: Database,
    actor: Actor,
    cat_id: int,
    parsed_session: Session,
    note: str,
    client: tuple[str, str] | None,
) -> SessionView:
    now = utcnow()
    try:
        # Fixed statements on the driver, not ORM units of work: this is the
        # hottest write path.
        with db.write_rows() as s:
            # The cat's log changes (the ownership check and, on PostgreSQL, the
            # row lock of bump_log), and whether the pack thermometer has readings
            # in this session's span, in one statement: only then is their peak
            # looked up, to go into the session's context.
            lo, hi = readings.span(parsed_session)
            bumped = bump_log_returning(s, actor, cat_id, _BUMP_LOG_READINGS, lo=lo, hi=hi)
            version = int(bumped[0])
            measured = False
            if bumped[1]:
                parsed_session, measured = readings.with_pack_peak(s, cat_id, parsed_session)
            # The session's JSON data, stored as text and given back in the
            # view (JSON-native already: what reading the text back would give).
            data = session_json(parsed_session)
            columns = session_columns(parsed_session, data)
            text = columns["doc"]
            values = {
                "cat_id": cat_id,
                **columns,
                "note": note,
                "revision": 1,
                "logged_by": actor.user_id,
                "logged_at": now,
            }
            sid = s.execute(_INSERT_SESSION, values).scalar_one()
            if measured:
                readings.attach(s, cat_id, sid, parsed_session)
            s.execute(
                _INSERT_REVISION,
                {
                    "session_id": sid,
                    "revision": 1,
                    "action": "create",
                    "doc": text,
                    "note": note,
                    "by_user": actor.user_id,
                    "at": now,
                },
            )
            if client is not None:
                s.execute(
                    _INSERT_CLIENT,
                    {
                        "household_id": actor.household_id,
                        "client_id": client[0],
                        "session_id": sid,
                        "body_hash": client[1],
                        "created_at": now,
                    },
                )
            # While this writer holds the cat's log (the row lock of bump_log;
            # on SQLite also the writer queue), so the next writer of this cat
            # finds the kept copies at this version to extend in turn.
            extend_cached_log(db, cat_id, version, parsed_session)
    except BaseException as exc:
        # Not stored after all: no kept copy may claim this version.
        forget_cached_log(db, cat_id)
        if isinstance(exc, IntegrityError):
            raise _clash(parsed_session["at"]) from None
        raise
    return SessionView(
        id=sid,
        cat_id=cat_id,
        session=data,
        note=note,
        revision=1,
        logged_by=actor.user_id,
        logged_at=now,
        client_id=client[0] if client is not None else None,
    )


def edit_session(
    db: Database,
    actor: Actor,
    cat_id: int,
    session_id: int,
    session: Mapping[str, Any] | Session,
    *,
    note: str | None = None,
    now: datetime | None = None,
) -> SessionView:
    """Replace a live session's content; the previous version stays in the audit trail."""
    parsed = checked_session(session, now=now)
    free_text("note", note, NOTE_MAX)
    try:
        with db.write() as s:
            row = _owned_session(s, actor, cat_id, session_id, change=True)
            if row.deleted_at is not None:
                raise ConflictError(f"session {session_id} was deleted; it cannot be edited")
            for name, value in session_columns(parsed).items():
                setattr(row, name, value)
            if note is not None:
                row.note = note
            row.revision += 1
            s.flush()
            _audit(s, row, "edit", actor, row.note)
            return _view(row, _client_id_of(s, row.id))
    except IntegrityError:
        raise _clash(parsed["at"]) from None


def delete_session(
    db: Database, actor: Actor, cat_id: int, session_id: int, *, note: str = ""
) -> SessionView:
    """Take a session out of the live log (kept, marked deleted, in the audit trail)."""
    free_text("note", note, NOTE_MAX)
    with db.write() as s:
        row = _owned_session(s, actor, cat_id, session_id, change=True)
        if row.deleted_at is not None:
            raise ConflictError(f"session {session_id} is already deleted")
        _delete(s, row, actor, note)
        return _view(row, _client_id_of(s, row.id))


def _delete(s: DbSession, row: t.Session, actor: Actor, note: str) -> None:
    row.deleted_at = utcnow()
    row.deleted_by = actor.user_id
    row.revision += 1
    s.flush()
    readings.detach(s, row.id)
    _audit(s, row, "delete", actor, note)


def undo_last_session(db: Database, actor: Actor, cat_id: int) -> SessionView:
    """Delete the most recently *logged* live session of a cat (NotFoundError if none)."""
    with db.write() as s:
        bump_log(s, actor, cat_id)
        row = s.scalar(
            select(t.Session)
            .where(t.Session.cat_id == cat_id, t.Session.deleted_at.is_(None))
            .order_by(t.Session.id.desc())
            .limit(1)
        )
        if row is None:
            raise NotFoundError(f"cat {cat_id} has no session to undo")
        _delete(s, row, actor, "undo")
        return _view(row, _client_id_of(s, row.id))


def get_session(db: Database, actor: Actor, cat_id: int, session_id: int) -> SessionView:
    with db.read() as s:
        return _view(_owned_session(s, actor, cat_id, session_id), _client_id_of(s, session_id))


def session_audit(db: Database, actor: Actor, cat_id: int, session_id: int) -> list[AuditEntry]:
    """Every version of a session, oldest first: who did what, when."""
    with db.read() as s:
        _owned_session(s, actor, cat_id, session_id)
        rows = s.scalars(
            select(t.SessionRevision)
            .where(t.SessionRevision.session_id == session_id)
            .order_by(t.SessionRevision.id)
        ).all()
        return [
            AuditEntry(
                revision=r.revision,
                action=r.action,
                session=loads(r.doc),
                note=r.note,
                by_user=r.by_user,
                at=r.at,
            )
            for r in rows
        ]


def history(
    db: Database,
    actor: Actor,
    cat_id: int,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    stage: str | None = None,
    location: str | None = None,
    include_deleted: bool = False,
    newest_first: bool = True,
    limit: int = 50,
    offset: int = 0,
) -> Page[SessionView]:
    """A page of a cat's sessions, filtered by time (``since`` <= at < ``until``),
    stage and location; newest first unless ``newest_first=False``."""
    since = aware(since, "since") if since is not None else None
    until = aware(until, "until") if until is not None else None
    with db.read() as s:
        owned_cat(s, actor, cat_id)
        where = [t.Session.cat_id == cat_id]
        if not include_deleted:
            where.append(t.Session.deleted_at.is_(None))
        if since is not None:
            where.append(t.Session.at >= since)
        if until is not None:
            where.append(t.Session.at < until)
        if stage is not None:
            where.append(t.Session.stage == stage)
        if location is not None:
            where.append(t.Session.location == location)
        total = s.scalar(select(func.count()).select_from(t.Session).where(*where)) or 0
        order = (
            (t.Session.at.desc(), t.Session.id.desc())
            if newest_first
            else (t.Session.at, t.Session.id)
        )
        rows = s.execute(
            select(t.Session, t.ClientSession.client_id)
            .outerjoin(t.ClientSession, t.ClientSession.session_id == t.Session.id)
            .where(*where)
            .order_by(*order)
            .limit(limit)
            .offset(offset)
        ).all()
        return Page[SessionView](
            items=[_view(r, c) for r, c in rows], total=total, limit=limit, offset=offset
        )


#: Versions of a cat's log kept per process: the newest and the one before
#: (a reader whose snapshot predates the write in flight still finds its own).
KEPT_VERSIONS = 2


def _kept(db: Database, kind: str, cat_id: int, version: int) -> Any:
    return db.memo.get(kind, {}).get(cat_id, {}).get(version)


def _keep(db: Database, kind: str, cat_id: int, version: int, entry: Any) -> None:
    """Keep ``entry`` as the cat's ``version`` among the newest :data:`KEPT_VERSIONS`
    (a slow reader's older snapshot never pushes out what a writer just
    extended). Copy on write: readers in other threads see one dict or the other."""
    cache = db.memo.setdefault(kind, {})
    held = dict(cache.get(cat_id, {}))
    held[version] = entry
    for old in sorted(held)[:-KEPT_VERSIONS]:
        del held[old]
    if version not in held:
        return
    if cat_id not in cache and len(cache) >= LOG_CACHE_MAX:
        cache.clear()
    cache[cat_id] = held


def cached_log(db: Database, cat_id: int, version: int) -> list[Session] | None:
    """This process's parsed copy of a cat's live log at ``version``, if it has one."""
    hit = _kept(db, "logs", cat_id, version)
    return list(hit) if hit is not None else None


def remember_log(db: Database, cat_id: int, version: int, log: list[Session]) -> None:
    _keep(db, "logs", cat_id, version, log)


def forget_cached_log(db: Database, cat_id: int) -> None:
    """Drop this process's copies of a cat's parsed and folded log."""
    db.memo.get("logs", {}).pop(cat_id, None)
    db.memo.get("folds", {}).pop(cat_id, None)


def extend_cached_log(db: Database, cat_id: int, version: int, session: Session) -> None:
    """After logging ``session`` as ``version``: extend a cached copy at ``version - 1``.

    Versions of one cat are consecutive (the row lock of :func:`bump_log`), so
    the log at ``version`` is exactly the log at ``version - 1`` plus this one.
    """
    before = _kept(db, "logs", cat_id, version - 1)
    if before is not None:
        remember_log(db, cat_id, version, [*before, session])
    _extend_cached_fold(db, cat_id, version, session)


def cached_fold(db: Database, cat_id: int, version: int, key: tuple[Any, ...]) -> State | None:
    """This process's fold of a cat's log at ``version``, if it has one made with
    the same ``key`` (the profile, zone and pauses it was folded with). The
    engine reads a cached fold and never changes it."""
    hit = _kept(db, "folds", cat_id, version)
    return hit[1] if hit is not None and hit[0] == key else None


def remember_fold(
    db: Database, cat_id: int, version: int, key: tuple[Any, ...], state: State
) -> None:
    _keep(db, "folds", cat_id, version, (key, state))


def _extend_cached_fold(db: Database, cat_id: int, version: int, session: Session) -> None:
    """After logging ``session`` as ``version``: fold it into a cached fold at
    ``version - 1`` when it is the log's latest session (folding a log equals
    folding its prefix, then the rest); an earlier one is folded anew when read."""
    hit = _kept(db, "folds", cat_id, version - 1)
    if hit is None:
        return
    key, state = hit
    if state.last_at is None or session["at"] > state.last_at:
        remember_fold(db, cat_id, version, key, fold_from(state, [session]))


def live_log_query(cat_id: int) -> tuple[Select[tuple[int, str | None]], dict[str, int]]:
    """One statement (so one snapshot) giving the cat's ``log_version`` and a JSON
    array text of its live sessions (``aggregate_strings``: group_concat on
    SQLite, string_agg on PostgreSQL; order not guaranteed, the engine sorts)."""
    return _LIVE_LOG, {"cat_id": cat_id}
