"""A household's people and links: members and their roles, invite links to
join, and read-only links to one cat for a trainer or a vet.

Links are random tokens shown once; only their SHA-256 is stored, like API
tokens. Invites are single use and expire; shares expire and can be revoked
(deleted) at any time. Only an owner makes, lists or revokes them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from catpack.domain.errors import ConflictError, NotFoundError
from catpack.services._common import LABEL_MAX, delete_one, free_text
from catpack.services.access import require
from catpack.services.views import Actor, InviteView, MemberView, Role, ShareView
from catpack.store import schema as t
from catpack.store.db import Database


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def members(db: Database, actor: Actor) -> list[MemberView]:
    """The household's accounts, in the order they joined. A trainer (someone
    from outside the household) sees the others' names only, not their
    e-mails; its own e-mail it sees."""
    with db.read() as s:
        rows = s.execute(
            select(t.User.id, t.User.name, t.User.email, t.User.role)
            .where(t.User.household_id == actor.household_id)
            .order_by(t.User.id)
        ).all()
    outsider = actor.role == "trainer"
    return [
        MemberView(
            id=r[0],
            name=r[1],
            email=None if outsider and r[0] != actor.user_id else r[2],
            role=r[3],
        )
        for r in rows
    ]


def remove_member(db: Database, actor: Actor, user_id: int) -> bool:
    """Take an account out of the household (owners only): the account is
    deleted with its log-ins, API tokens and push subscriptions, so it is
    refused at once by every server process; what it logged stays (logged by
    no one). The links it could still hold go too: the unused invites and the
    share links it made, and the household's calendar address (any member
    could see it). Returns whether there was a calendar address (the owner
    makes a new one). Not oneself (another owner can), not the machine's
    local owner (the CLI's account): ConflictError. NotFoundError for
    another household's."""
    require(actor, "manage")
    if user_id == actor.user_id:
        raise ConflictError("you cannot remove yourself from the household")
    with db.write() as s:
        row = s.execute(
            select(t.User.local_owner).where(
                t.User.id == user_id, t.User.household_id == actor.household_id
            )
        ).first()
        if row is None:
            raise NotFoundError(f"member {user_id} not found")
        if row[0]:
            raise ConflictError("this is the machine's local owner (the CLI's account)")
        # Explicitly, not only by the foreign keys' cascade: nothing of the
        # account may outlive it (an id SQLite could hand out again).
        s.execute(delete(t.LoginSession).where(t.LoginSession.user_id == user_id))
        s.execute(delete(t.ApiToken).where(t.ApiToken.user_id == user_id))
        s.execute(delete(t.PushSubscription).where(t.PushSubscription.user_id == user_id))
        s.execute(
            delete(t.Invite).where(t.Invite.created_by == user_id, t.Invite.used_at.is_(None))
        )
        s.execute(delete(t.CatShare).where(t.CatShare.created_by == user_id))
        feed = s.execute(
            delete(t.CalendarFeed)
            .where(t.CalendarFeed.household_id == actor.household_id)
            .returning(t.CalendarFeed.id)
        ).first()
        s.execute(delete(t.User).where(t.User.id == user_id))
        return feed is not None


def create_invite(db: Database, actor: Actor, role: Role, days: int) -> InviteView:
    """A single-use link to join the household as ``role`` for ``days`` days."""
    require(actor, "manage")
    token = secrets.token_urlsafe(24)
    with db.write() as s:
        row = t.Invite(
            household_id=actor.household_id,
            token_hash=_digest(token),
            role=role,
            created_by=actor.user_id,
            created_at=_now(),
            expires_at=_now() + timedelta(days=days),
        )
        s.add(row)
        s.flush()
        return _invite(row, token)


def _invite(row: t.Invite, token: str | None = None) -> InviteView:
    return InviteView(
        id=row.id,
        role=row.role,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used=row.used_at is not None,
        token=token,
    )


@dataclass(frozen=True)
class InviteTo:
    """What an open invite link offers, told before it is accepted."""

    household: str
    role: str


def invite_to(db: Database, token: str) -> InviteTo | None:
    """The household and role an invite link joins, or None when the link is
    unknown, used or expired (nothing is used up by looking)."""
    if not token or len(token) > 200:
        return None
    with db.read() as s:
        row = s.execute(
            select(t.Household.name, t.Invite.role)
            .join(t.Household, t.Household.id == t.Invite.household_id)
            .where(t.Invite.token_hash == _digest(token))
            .where(t.Invite.used_at.is_(None), t.Invite.expires_at > _now())
        ).first()
    return None if row is None else InviteTo(household=row[0], role=row[1])


def invites(db: Database, actor: Actor) -> list[InviteView]:
    """The household's invites that are still open (unused, not expired)."""
    require(actor, "manage")
    with db.read() as s:
        rows = s.scalars(
            select(t.Invite)
            .where(t.Invite.household_id == actor.household_id)
            .where(t.Invite.used_at.is_(None), t.Invite.expires_at > _now())
            .order_by(t.Invite.id)
        ).all()
        return [_invite(r) for r in rows]


def revoke_invite(db: Database, actor: Actor, invite_id: int) -> None:
    require(actor, "manage")
    delete_one(
        db,
        delete(t.Invite)
        .where(t.Invite.id == invite_id, t.Invite.household_id == actor.household_id)
        .returning(t.Invite.id),
        f"invite {invite_id} not found",
    )


def create_share(db: Database, actor: Actor, cat_id: int, days: int, label: str = "") -> ShareView:
    """A read-only link to one of the household's cats, for ``days`` days."""
    require(actor, "manage")
    free_text("label", label, LABEL_MAX)
    token = secrets.token_urlsafe(24)
    with db.write() as s:
        cat = s.execute(
            select(t.Cat.name).where(t.Cat.id == cat_id, t.Cat.household_id == actor.household_id)
        ).first()
        if cat is None:
            raise NotFoundError(f"cat {cat_id} not found")
        row = t.CatShare(
            cat_id=cat_id,
            token_hash=_digest(token),
            label=label.strip()[:100],
            created_by=actor.user_id,
            created_at=_now(),
            expires_at=_now() + timedelta(days=days),
        )
        s.add(row)
        s.flush()
        return _share(row, cat[0], token)


def _share(row: t.CatShare, cat_name: str, token: str | None = None) -> ShareView:
    return ShareView(
        id=row.id,
        cat_id=row.cat_id,
        cat_name=cat_name,
        label=row.label,
        created_at=row.created_at,
        expires_at=row.expires_at,
        token=token,
    )


def shares(db: Database, actor: Actor) -> list[ShareView]:
    """The household's share links that have not expired."""
    require(actor, "manage")
    with db.read() as s:
        rows = s.execute(
            select(t.CatShare, t.Cat.name)
            .join(t.Cat, t.Cat.id == t.CatShare.cat_id)
            .where(t.Cat.household_id == actor.household_id, t.CatShare.expires_at > _now())
            .order_by(t.CatShare.id)
        ).all()
        return [_share(row, name) for row, name in rows]


def revoke_share(db: Database, actor: Actor, share_id: int) -> None:
    require(actor, "manage")
    mine = select(t.Cat.id).where(t.Cat.household_id == actor.household_id)
    delete_one(
        db,
        delete(t.CatShare)
        .where(t.CatShare.id == share_id, t.CatShare.cat_id.in_(mine))
        .returning(t.CatShare.id),
        f"share {share_id} not found",
    )


@dataclass(frozen=True)
class Shared:
    """What a share link opens: one cat, read-only, as its household sees it."""

    actor: Actor
    cat_id: int
    label: str


def open_share(db: Database, token: str) -> Shared:
    """The cat a share link opens; NotFoundError for an unknown, revoked or
    expired link. The actor it gives reads as a trainer of the household."""
    if not token or len(token) > 200:
        raise NotFoundError("this link is unknown, revoked or expired")
    with db.read() as s:
        row = s.execute(
            select(t.CatShare.cat_id, t.Cat.household_id, t.CatShare.label, t.CatShare.created_by)
            .join(t.Cat, t.Cat.id == t.CatShare.cat_id)
            .where(t.CatShare.token_hash == _digest(token), t.CatShare.expires_at > _now())
        ).first()
    if row is None:
        raise NotFoundError("this link is unknown, revoked or expired")
    actor = Actor(user_id=row[3] or 0, household_id=row[1], role="trainer")
    return Shared(actor=actor, cat_id=row[0], label=row[2])


def logged_by_names(db: Database, actor: Actor, cat_id: int) -> dict[datetime, str]:
    """Who logged each of the cat's live sessions, by the session's time (for
    the history: "logged by Ada"); sessions of a deleted account are left out."""
    with db.read() as s:
        rows = s.execute(
            select(t.Session.at, t.User.name)
            .join(t.Cat, t.Cat.id == t.Session.cat_id)
            .join(t.User, t.User.id == t.Session.logged_by)
            .where(t.Session.cat_id == cat_id, t.Cat.household_id == actor.household_id)
            .where(t.Session.deleted_at.is_(None))
        ).all()
    return {at: name for at, name in rows}
