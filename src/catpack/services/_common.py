"""Helpers shared by the service modules: validation, JSON docs, ownership checks."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy import Connection, Executable, bindparam, select, update
from sqlalchemy.orm import Session as DbSession

from catpack.domain.contract import (
    FIRST_YEAR,
    LAST_YEAR,
    Instant,
    Session,
    input_error,
    known_zones,
    session_json,
)
from catpack.domain.errors import CoachInputError, NotFoundError, Problem
from catpack.domain.validation import validate_session
from catpack.services.views import Actor
from catpack.store import schema as t
from catpack.store.db import Database, DriverWrite

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], value: object, field: str) -> M:
    """``value`` as a contract model; every problem is reported under ``field``."""
    if isinstance(value, model):
        return value
    if not isinstance(value, Mapping):
        raise CoachInputError(field, f"expected an object, got {type(value).__name__}")
    try:
        return model.model_validate(dict(value))
    except ValidationError as exc:
        error = input_error(exc)
        raise error.renamed(
            lambda path: field if path == "request" else _join(field, path)
        ) from None


def _join(field: str, path: str) -> str:
    return f"{field}{path}" if path.startswith("[") or not field else f"{field}.{path}"


def checked_session(
    value: object, field: str = "session", *, strict: bool = True, now: datetime | None = None
) -> Session:
    """The one check every stored session passes, wherever it comes from (API,
    pages, CLI, import): the domain's :func:`validate_session` (schema, stage,
    level, counts, and not dated after ``now`` (default: the clock) beyond the
    clock skew the domain tolerates; every problem at once, each naming its field).

    ``strict`` (logging, editing) refuses unknown keys; an import ignores them,
    as a coach request does.
    """
    if isinstance(value, Mapping) and not isinstance(value, dict):
        value = dict(value)
    return validate_session(value, field, now if now is not None else utcnow(), strict=strict)


def no_nul(field: str, value: str | None) -> None:
    """Text holds no NUL character (PostgreSQL cannot store one): CoachInputError.
    The message never repeats the value (it may be a password)."""
    if value is not None and "\x00" in value:
        raise CoachInputError.of([Problem(field, "must not contain NUL characters", "nul")])


#: The longest free text the services store, as the API's models say
#: (services/views.py): a note or notes, a pause's reason, a share's label.
NOTE_MAX, REASON_MAX, LABEL_MAX = 10_000, 1_000, 100


def free_text(field: str, value: str | None, longest: int) -> None:
    """Free text to store: no NUL character and at most ``longest`` characters,
    else CoachInputError naming ``field`` (the API's models check the same; the
    CLI and the pages reach the services without them)."""
    no_nul(field, value)
    if value is not None and len(value) > longest:
        raise CoachInputError.of(
            [Problem(field, f"must have at most {longest:,} characters", "too_long")]
        )


def delete_one(db: Database, statement: Executable, missing: str) -> None:
    """Run ``statement``, a ``DELETE ... RETURNING`` of one row the actor owns,
    in a write transaction; NotFoundError(``missing``) when it deleted none
    (unknown, or another's: the same answer)."""
    with db.write() as s:
        gone = s.execute(statement).first()
    if not gone:
        raise NotFoundError(missing)


def session_columns(session: Session, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The stored row's columns for a session: the exact contract JSON (of
    ``data``, its :func:`~catpack.domain.contract.session_json` when the
    caller has it already) and the few values queries filter on."""
    context = session.get("context") or {}
    return {
        "at": session["at"],
        "stage": session["stage"],
        "level": session["level"],
        "location": context.get("location"),
        "doc": dumps(session_json(session) if data is None else data),
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
    """An instant given as a datetime (the CLI, other services): with a zone,
    and within the contract's years (``contract.FIRST_YEAR``..``LAST_YEAR``)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise CoachInputError(field, f"{value.isoformat()!r} has no time zone")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise CoachInputError(
            field, f"{value.isoformat()!r} is not between the years {FIRST_YEAR} and {LAST_YEAR}"
        )
    return value


_INSTANT: TypeAdapter[datetime] = TypeAdapter(Instant)


def instant(value: object, field: str) -> datetime:
    """An instant given as JSON text (an import): the contract's own check."""
    try:
        return _INSTANT.validate_python(value)
    except ValidationError as exc:
        raise input_error(exc, field) from None


def check_zone(name: str, field: str = "timezone") -> str:
    """An IANA zone name (``Europe/Berlin``), or CoachInputError naming ``field``."""
    if name not in known_zones():
        shown = name if len(name) <= 64 else name[:61] + "..."
        raise CoachInputError(
            field, f"{shown!r} is not a known time zone (an IANA name such as Europe/Berlin)"
        )
    return name


def zone(name: str | None) -> tzinfo:
    """The named IANA zone, or this machine's local zone when there is none (or
    when a name stored before zones were checked is not a zone at all)."""
    if name and name in known_zones():
        return ZoneInfo(name)
    local = datetime.now().astimezone().tzinfo
    return local if local is not None else UTC


def local_now(zone_name: str | None, default_zone: str | None, now: datetime | None) -> datetime:
    """ "Now" for a household, resolved once: the instant ``now`` (default: the
    clock) in the household's zone, else ``default_zone``, else this machine's.
    Stops rest "until tomorrow" in this zone, and the pages show times in it."""
    instant = aware(now, "now") if now is not None else utcnow()
    return instant.astimezone(zone(zone_name or default_zone))


def owned_cat(s: DbSession, actor: Actor, cat_id: int) -> t.Cat:
    """The actor's cat, or NotFoundError (other households' cats do not exist for them)."""
    cat = s.get(t.Cat, cat_id)
    if cat is None or cat.household_id != actor.household_id:
        raise NotFoundError(f"cat {cat_id} not found")
    return cat


BUMP_LOG = (
    update(t.Cat)
    .where(t.Cat.id == bindparam("b_cat"), t.Cat.household_id == bindparam("b_household"))
    # The change time bound here, not left to the column's ``onupdate``: the
    # statement also runs on the driver (Database.write_rows).
    .values(log_version=t.Cat.log_version + 1, updated_at=bindparam("b_now", type_=t.UTCDateTime))
    .returning(t.Cat.log_version)
)


def bump_log(s: DbSession | Connection, actor: Actor, cat_id: int) -> int:
    """Mark a change of the cat's log; returns its new ``log_version``.

    Doubles as the ownership check (NotFoundError) and, on PostgreSQL, locks
    the cat's row, so concurrent changes to one log get consecutive versions.
    """
    return int(bump_log_returning(s, actor, cat_id)[0])


def bump_log_returning(
    s: DbSession | Connection | DriverWrite,
    actor: Actor,
    cat_id: int,
    statement: Executable = BUMP_LOG,
    **params: Any,
) -> Any:
    """:func:`bump_log` with ``statement``: :data:`BUMP_LOG` returning more
    (its ``params`` bound too); the row it returns, ``log_version`` first."""
    conn = s.connection() if isinstance(s, DbSession) else s
    row = conn.execute(
        statement,
        {"b_cat": cat_id, "b_household": actor.household_id, "b_now": utcnow(), **params},
    ).first()
    if row is None:
        raise NotFoundError(f"cat {cat_id} not found")
    return row


def cat_by_name(s: DbSession, actor: Actor, name: str) -> t.Cat:
    cat = s.scalar(
        select(t.Cat).where(t.Cat.household_id == actor.household_id, t.Cat.name == name)
    )
    if cat is None:
        raise NotFoundError(f"no cat named {name!r}")
    return cat
