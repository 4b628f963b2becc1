"""Helpers shared by the service modules: validation, JSON docs, ownership checks."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.orm import Session as DbSession

from catpack.domain.contract import Session, input_error, session_json
from catpack.domain.errors import CoachInputError, NotFoundError
from catpack.domain.validation import check_not_future, check_stage, validate_session
from catpack.services.views import Actor
from catpack.store import schema as t

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], value: object, field: str) -> M:
    """``value`` as a contract model; a problem is a CoachInputError under ``field``."""
    if isinstance(value, model):
        return value
    if not isinstance(value, Mapping):
        raise CoachInputError(field, f"expected an object, got {type(value).__name__}")
    try:
        return model.model_validate(dict(value))
    except ValidationError as exc:
        err = input_error(exc)
        path = field if err.field == "request" else f"{field}.{err.field}" if field else err.field
        raise CoachInputError(path, err.problem) from None


def checked_session(
    value: object,
    field: str = "session",
    *,
    parsed: bool = False,
    now: datetime | None = None,
) -> Session:
    """A contract session (a validated dict) whose stage, level and counts are valid
    and that is not dated after ``now`` (default: the clock) beyond the clock skew
    the domain tolerates. The one place the services validate a session.

    ``parsed=True``: ``value`` already passed the contract's Session schema (the
    API's :class:`~catpack.services.views.LogIn` body, which also refuses
    unknown keys), so only the checks that schema cannot express run here.
    """
    if not isinstance(value, Mapping):
        raise CoachInputError(field, f"expected an object, got {type(value).__name__}")
    when = now if now is not None else utcnow()
    if not parsed:
        return validate_session(dict(value), field, when)
    session: Session = value  # type: ignore[assignment]
    check_stage(session, field)
    check_not_future(session, when, field)
    return session


def session_columns(session: Session) -> dict[str, Any]:
    """The stored row's columns for a session: the exact contract JSON and the
    few values queries filter on."""
    context = session.get("context") or {}
    return {
        "at": session["at"],
        "stage": session["stage"],
        "level": session["level"],
        "location": context.get("location"),
        "doc": dumps(session_json(session)),
    }


def doc(model: BaseModel) -> dict[str, Any]:
    """The JSON object of a contract model with only the values that were given."""
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    return json.loads(text)


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise CoachInputError(field, f"{value.isoformat()!r} has no time zone")
    return value


def zone(name: str | None) -> tzinfo:
    """The named IANA zone, or this machine's local zone when there is none."""
    if name:
        return ZoneInfo(name)
    local = datetime.now().astimezone().tzinfo
    return local if local is not None else UTC


def owned_cat(s: DbSession, actor: Actor, cat_id: int) -> t.Cat:
    """The actor's cat, or NotFoundError (other households' cats do not exist for them)."""
    cat = s.get(t.Cat, cat_id)
    if cat is None or cat.household_id != actor.household_id:
        raise NotFoundError(f"cat {cat_id} not found")
    return cat


_BUMP_LOG = (
    update(t.Cat)
    .where(t.Cat.id == bindparam("b_cat"), t.Cat.household_id == bindparam("b_household"))
    .values(log_version=t.Cat.log_version + 1)
    .returning(t.Cat.log_version)
)


def bump_log(s: DbSession | Connection, actor: Actor, cat_id: int) -> int:
    """Mark a change of the cat's log; returns its new ``log_version``.

    Doubles as the ownership check (NotFoundError) and, on PostgreSQL, locks
    the cat's row, so concurrent changes to one log get consecutive versions.
    """
    conn = s.connection() if isinstance(s, DbSession) else s
    version = conn.execute(_BUMP_LOG, {"b_cat": cat_id, "b_household": actor.household_id})
    found = version.scalar()
    if found is None:
        raise NotFoundError(f"cat {cat_id} not found")
    return int(found)


def cat_by_name(s: DbSession, actor: Actor, name: str) -> t.Cat:
    cat = s.scalar(
        select(t.Cat).where(t.Cat.household_id == actor.household_id, t.Cat.name == name)
    )
    if cat is None:
        raise NotFoundError(f"no cat named {name!r}")
    return cat
