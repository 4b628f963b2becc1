"""Accounts: users, households and API tokens.

Each user belongs to one household; cats, backpacks and everything logged
belong to a household, so people sharing a household share the cats. Passwords
are hashed with argon2 (argon2-cffi); API tokens are random and stored only as
their SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from datetime import tzinfo

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from catpack.domain.errors import CoachInputError, ConflictError, NotFoundError
from catpack.services._common import check_zone, no_nul, zone
from catpack.services.views import EMAIL_PATTERN, Actor, SignedUp, UserView
from catpack.store import schema as t
from catpack.store.db import Database

_HASHER = PasswordHasher()
MIN_PASSWORD = 8
#: How long a server process trusts a token it has looked up, in seconds. A
#: token revoked through this process is forgotten at once; other processes
#: may accept it for up to this long.
TOKEN_TTL_S = 10.0
_TOKEN_CACHE_MAX = 10_000
_TOKEN_OWNER = (
    select(t.User.id, t.User.household_id)
    .join(t.ApiToken, t.ApiToken.user_id == t.User.id)
    .where(t.ApiToken.token_hash == bindparam("digest"))
)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_email(email: str) -> str:
    no_nul("email", email)
    if not re.fullmatch(EMAIL_PATTERN, email) or len(email.strip()) > 254:
        shown = email.strip()[:60]
        raise CoachInputError("email", f"{shown!r} is not an e-mail address (name@example.org)")
    return email.strip().lower()


def _view(user: t.User, household: t.Household) -> UserView:
    return UserView(
        id=user.id,
        email=user.email,
        name=user.name,
        household_id=household.id,
        household_name=household.name,
    )


def create_user(
    db: Database,
    email: str,
    name: str,
    password: str | None,
    *,
    household_id: int | None = None,
    household_name: str | None = None,
    timezone: str | None = None,
) -> SignedUp:
    """Create a user (in a new household unless ``household_id``) and a first token.

    Raises CoachInputError for a bad e-mail or a password shorter than 8
    characters, ConflictError when the e-mail is taken, NotFoundError for an
    unknown household. ``password=None`` makes a token-only account.
    """
    email = _check_email(email)
    no_nul("name", name)
    no_nul("password", password)
    no_nul("household_name", household_name)
    name = name.strip() or email.split("@")[0]
    if password is not None and len(password) < MIN_PASSWORD:
        raise CoachInputError("password", f"must have at least {MIN_PASSWORD} characters")
    if timezone is not None:
        check_zone(timezone)
    hashed = _HASHER.hash(password) if password is not None else None
    token = secrets.token_urlsafe(32)
    try:
        with db.write() as s:
            if household_id is None:
                household = t.Household(
                    name=household_name or f"{name}'s household", timezone=timezone
                )
                s.add(household)
                s.flush()
            else:
                found = s.get(t.Household, household_id)
                if found is None:
                    raise NotFoundError(f"household {household_id} not found")
                household = found
            user = t.User(
                household_id=household.id, email=email, name=name[:100], password_hash=hashed
            )
            s.add(user)
            s.flush()
            s.add(t.ApiToken(user_id=user.id, token_hash=_hash_token(token)))
            view = _view(user, household)
    except IntegrityError:
        raise ConflictError(f"an account for {email!r} already exists") from None
    return SignedUp(user=view, token=token)


def issue_token(db: Database, email: str, password: str) -> SignedUp | None:
    """A new API token for a correct e-mail and password, or None (no hint which was wrong)."""
    no_nul("email", email)
    no_nul("password", password)
    email = email.strip().lower()
    with db.read() as s:
        user = s.scalar(select(t.User).where(t.User.email == email))
        hashed = user.password_hash if user is not None else None
    if user is None or hashed is None:
        return None
    try:
        _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return None
    token = secrets.token_urlsafe(32)
    with db.write() as s:
        s.add(t.ApiToken(user_id=user.id, token_hash=_hash_token(token)))
        household = s.get(t.Household, user.household_id)
        assert household is not None
        view = _view(user, household)
    return SignedUp(user=view, token=token)


def cached_actor(db: Database, token: str) -> Actor | None:
    """The account of a token looked up in the last ``TOKEN_TTL_S`` seconds, without I/O."""
    hit = db.memo.get("tokens", {}).get(_hash_token(token))
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]  # type: ignore[no-any-return]
    return None


def actor_for_token(db: Database, token: str) -> Actor | None:
    """Who a bearer token belongs to, or None for an unknown token."""
    found = cached_actor(db, token)
    if found is not None:
        return found
    digest = _hash_token(token)
    with db.read_conn() as s:
        row = s.execute(_TOKEN_OWNER, {"digest": digest}).first()
    if row is None:
        return None
    actor = Actor(user_id=row[0], household_id=row[1])
    cache = db.memo.setdefault("tokens", {})
    if len(cache) >= _TOKEN_CACHE_MAX:
        cache.clear()
    cache[digest] = (time.monotonic() + TOKEN_TTL_S, actor)
    return actor


def revoke_token(db: Database, token: str) -> None:
    """Forget a token (log out); unknown tokens are ignored."""
    db.memo.get("tokens", {}).pop(_hash_token(token), None)
    with db.write() as s:
        row = s.scalar(select(t.ApiToken).where(t.ApiToken.token_hash == _hash_token(token)))
        if row is not None:
            s.delete(row)


def get_user(db: Database, actor: Actor) -> UserView:
    with db.read() as s:
        user = s.get(t.User, actor.user_id)
        if user is None:
            raise NotFoundError(f"user {actor.user_id} not found")
        household = s.get(t.Household, user.household_id)
        assert household is not None
        return _view(user, household)


def local_actor(db: Database, email: str, timezone: str | None = None) -> Actor:
    """The account the CLI and the pages act for (``CATPACK_CLI_USER``), created
    on first use. Remembered per database handle: a user never changes household."""
    email = _check_email(email)
    known = db.memo.setdefault("local_actor", {})
    if email in known:
        return known[email]  # type: ignore[no-any-return]
    with db.read() as s:
        row = s.execute(select(t.User.id, t.User.household_id).where(t.User.email == email)).first()
    if row is not None:
        actor = Actor(user_id=row[0], household_id=row[1])
    else:
        try:
            made = create_user(db, email, email.split("@")[0], None, timezone=timezone)
        except ConflictError:  # created meanwhile by another process
            return local_actor(db, email)
        actor = Actor(user_id=made.user.id, household_id=made.user.household_id)
    known[email] = actor
    return actor


def household_zone(db: Database, actor: Actor, default_zone: str | None = None) -> tzinfo:
    """The time zone the household's times are shown in: its own, else
    ``default_zone`` (``CATPACK_TIMEZONE``), else this machine's."""
    with db.read() as s:
        name = s.scalar(select(t.Household.timezone).where(t.Household.id == actor.household_id))
    return zone(name or default_zone)


def mint_token(db: Database, actor: Actor) -> str:
    """A new API token for the acting account (the CLI's, for ``catpack sensor watch``)."""
    token = secrets.token_urlsafe(32)
    with db.write() as s:
        s.add(t.ApiToken(user_id=actor.user_id, token_hash=_hash_token(token)))
    return token
