"""A cat's session log: history (filtered, paged), log, edit, delete, undo, audit."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Request, Response

from catpack.domain.contract import NO_NUL, Instant, Location
from catpack.services import sessions
from catpack.services.views import AuditEntry, LogIn, NewSessionIn, Page, SessionView
from catpack.web.api.deps import ActorDep, DbDep, Id, PagingDep, api_router
from catpack.web.deps import app_database

router = api_router(prefix="/cats/{cat_id}/sessions", tags=["sessions"])


@router.get("", response_model=Page[SessionView])
def history(
    cat_id: Id,
    db: DbDep,
    actor: ActorDep,
    paging: PagingDep,
    since: Annotated[Instant | None, Query(description="Sessions at or after.")] = None,
    until: Annotated[Instant | None, Query(description="Sessions before.")] = None,
    stage: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
    location: Location | None = None,
    include_deleted: bool = False,
    order: Literal["newest", "oldest"] = "newest",
) -> Page[SessionView]:
    """The cat's sessions, newest first by default."""
    return sessions.history(
        db,
        actor,
        cat_id,
        since=since,
        until=until,
        stage=stage,
        location=location,
        include_deleted=include_deleted,
        newest_first=order == "newest",
        limit=paging.limit,
        offset=paging.offset,
    )


@router.post(
    "",
    status_code=201,
    response_model=SessionView,
    responses={200: {"model": SessionView, "description": "Logged before with this client_id"}},
)
def log_session(cat_id: Id, body: NewSessionIn, request: Request, actor: ActorDep) -> Response:
    """Log a session (409 if one is already logged at the same instant).

    With a ``client_id``: a resend of the same session and note returns the
    stored session with 200; the same id with anything else is a 409.
    """
    # The app's database read here, not through the get_db dependency: a hot
    # route, and FastAPI spends about 40 calls on each dependency.
    db = app_database(request)
    # The service checks the session (LogIn only documents its schema), so a
    # body with several problems gets them all named in one 422.
    status = 201
    if body.client_id is None:
        view = sessions.log_session(db, actor, cat_id, body.session, note=body.note)
    else:
        view, stored = sessions.log_session_once(
            db, actor, cat_id, body.session, body.client_id, note=body.note
        )
        status = 201 if stored else 200
    return Response(view.model_dump_json(), status_code=status, media_type="application/json")


@router.post("/undo", response_model=SessionView)
def undo(cat_id: Id, db: DbDep, actor: ActorDep) -> SessionView:
    """Delete the most recently logged session (kept in the audit trail)."""
    return sessions.undo_last_session(db, actor, cat_id)


@router.get("/{session_id}", response_model=SessionView)
def get_session(cat_id: Id, session_id: Id, db: DbDep, actor: ActorDep) -> SessionView:
    return sessions.get_session(db, actor, cat_id, session_id)


@router.put("/{session_id}", response_model=SessionView)
def edit_session(
    cat_id: Id, session_id: Id, body: LogIn, db: DbDep, actor: ActorDep
) -> SessionView:
    """Replace a session's content; the old version stays in its audit trail."""
    return sessions.edit_session(db, actor, cat_id, session_id, body.session, note=body.note)


@router.delete("/{session_id}", response_model=SessionView)
def delete_session(cat_id: Id, session_id: Id, db: DbDep, actor: ActorDep) -> SessionView:
    """Take a session out of the log (soft delete, audited)."""
    return sessions.delete_session(db, actor, cat_id, session_id)


@router.get("/{session_id}/audit", response_model=list[AuditEntry])
def audit(cat_id: Id, session_id: Id, db: DbDep, actor: ActorDep) -> list[AuditEntry]:
    """Every version of the session: who created, edited or deleted it, and when."""
    return sessions.session_audit(db, actor, cat_id, session_id)
