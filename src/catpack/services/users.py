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
import threading
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Select, bindparam, case, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from catpack import words
from catpack.domain.errors import (
    CoachInputError,
    ConfigError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    TooManyAttempts,
)
from catpack.services import household, housekeeping
from catpack.services._common import check_zone, delete_one, no_nul, zone
from catpack.services.household import Overview
from catpack.services.views import (
    EMAIL_PATTERN,
    Actor,
    PasswordChanged,
    SignedUp,
    TokenView,
    UserView,
)
from catpack.settings import Settings
from catpack.store import schema as t
from catpack.store.db import Database

MIN_PASSWORD = 8
#: The longest password the log-in form and the API take (characters): a
#: longer one could be set but never typed in.
MAX_PASSWORD = 1000
#: Policy: failed log-ins counted per account and per client address in a
#: window of this length; over the limit, log-in answers 429 until the window
#: ends. Five wrong passwords per account in 15 minutes stops online guessing
#: (about 500 tries a day) while a person who mistypes is never held long;
#: an address gets more (a household or an office shares one).
THROTTLE_WINDOW = timedelta(minutes=15)
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 30
#: Policy: sign-ups and joins tried from one client address in the same
#: window (a taken e-mail counts too: its answer says the account exists).
#: A household signs up a few people; a script making accounts, or asking
#: which e-mails have one, is held to 40 an hour.
SIGN_UPS = 10
_TOKEN_OWNER = (
    select(t.User.id, t.User.household_id, t.User.role)
    .join(t.ApiToken, t.ApiToken.user_id == t.User.id)
    .where(t.ApiToken.token_hash == bindparam("digest"))
    .where(t.ApiToken.expires_at > bindparam("now", type_=t.UTCDateTime()))
)
_SESSION_OWNER = (
    select(t.User.id, t.User.household_id, t.User.role)
    .join(t.LoginSession, t.LoginSession.user_id == t.User.id)
    .where(t.LoginSession.token_hash == bindparam("digest"))
    .where(t.LoginSession.expires_at > bindparam("now", type_=t.UTCDateTime()))
)

#: A log-in's account with its household at a glance (as
#: :func:`catpack.services.household.overview` reads it), in one statement:
#: the pages need both on every request.
_SESSION_HOME = (
    select(*household.OVERVIEW_COLUMNS, t.User.id, t.User.role)
    .select_from(t.LoginSession)
    .join(t.User, t.User.id == t.LoginSession.user_id)
    .join(t.Household, t.Household.id == t.User.household_id)
    .outerjoin(t.Cat, t.Cat.household_id == t.Household.id)
    .outerjoin(t.Backpack, t.Backpack.id == t.Cat.backpack_id)
    .where(t.LoginSession.token_hash == bindparam("digest"))
    .where(t.LoginSession.expires_at > bindparam("now", type_=t.UTCDateTime()))
    .order_by(t.Cat.name, t.Cat.id)
)


class Hashing:
    """argon2 with at most ``concurrency`` hashes at once in this process: each
    takes ``memory_kib`` of memory, so concurrent log-ins (right or wrong)
    cannot grow the server beyond ``concurrency`` x ``memory_kib``; the rest
    wait their turn. Unknown e-mails are checked against a dummy hash, so the
    time taken does not tell who has an account."""

    def __init__(self, memory_kib: int = 65_536, concurrency: int = 2) -> None:
        self.hasher = PasswordHasher(memory_cost=memory_kib)
        self.gate = threading.BoundedSemaphore(concurrency)
        self._dummy: str | None = None

    def hash(self, password: str) -> str:
        with self.gate:
            return self.hasher.hash(password)

    def verify(self, hashed: str | None, password: str) -> bool:
        if hashed is None:
            if self._dummy is None:
                self._dummy = self.hash(secrets.token_urlsafe(16))
            hashed = self._dummy  # its password is random: never matches
        with self.gate:
            try:
                return self.hasher.verify(hashed, password)
            except (VerificationError, InvalidHashError):
                return False


def configure(db: Database, settings: Settings) -> None:
    """Use the settings' hashing cost and concurrency bound for ``db``'s accounts."""
    db.memo["auth"] = {"hashing": Hashing(settings.argon2_memory_kib, settings.hash_concurrency)}


def hashing(db: Database) -> Hashing:
    found = db.memo.setdefault("auth", {}).get("hashing")
    if found is None:
        found = db.memo["auth"]["hashing"] = Hashing()
    assert isinstance(found, Hashing)
    return found


def _now() -> datetime:
    return datetime.now(UTC)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_email(email: str, field: str = "email") -> str:
    """An e-mail address as accounts store it (trimmed, lower case), or
    CoachInputError naming ``field``."""
    no_nul(field, email)
    if not re.fullmatch(EMAIL_PATTERN, email) or len(email.strip()) > 254:
        shown = email.strip()[:60]
        raise CoachInputError(field, f"{shown!r} is not an e-mail address (name@example.org)")
    return email.strip().lower()


def check_password(password: str, field: str = "password") -> None:
    """The rules for a new password (sign-up, a new password, a local owner's
    log-in): no NUL, at least MIN_PASSWORD and at most MAX_PASSWORD characters.
    The message never repeats the password."""
    no_nul(field, password)
    if len(password) < MIN_PASSWORD:
        raise CoachInputError(field, f"must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise CoachInputError(field, f"must have at most {MAX_PASSWORD} characters")


def view_of(user: t.User, household: t.Household) -> UserView:
    return UserView(
        id=user.id,
        email=user.email,
        name=user.name,
        household_id=household.id,
        household_name=household.name,
        role=user.role,
    )


def reserved_email(settings: Settings, email: str) -> bool:
    """The local owner's e-mail (``CATPACK_CLI_USER``), which no sign-up may
    take, compared without regard to case or surrounding blanks."""
    return email.strip().lower() == settings.cli_user.strip().lower()


def _add_user(
    s: DbSession,
    db: Database,
    email: str,
    name: str,
    password: str | None,
    household: t.Household,
    *,
    role: str = "owner",
    local_owner: bool = False,
    token_days: int,
) -> SignedUp:
    hashed = hashing(db).hash(password) if password is not None else None
    user = t.User(
        household_id=household.id,
        email=email,
        name=name[:100],
        password_hash=hashed,
        role=role,
        local_owner=local_owner,
    )
    s.add(user)
    s.flush()
    token = _new_token(s, user.id, token_days)
    return SignedUp(user=view_of(user, household), token=token)


def _clean_new_account(email: str, name: str, password: str | None) -> tuple[str, str]:
    email = check_email(email)
    no_nul("name", name)
    if password is not None:
        check_password(password)
    return email, name.strip() or email.split("@")[0]


def create_user(
    db: Database,
    email: str,
    name: str,
    password: str | None,
    *,
    household_id: int | None = None,
    household_name: str | None = None,
    timezone: str | None = None,
    local_owner: bool = False,
    token_days: int = 90,
) -> SignedUp:
    """Create a user (in a new household unless ``household_id``) and a first token.

    Raises CoachInputError for a bad e-mail or a password shorter than 8
    characters, ConflictError when the e-mail is taken, NotFoundError for an
    unknown household. ``password=None`` makes a token-only account.
    """
    email, name = _clean_new_account(email, name, password)
    no_nul("household_name", household_name)
    if timezone is not None:
        check_zone(timezone)
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
            return _add_user(
                s,
                db,
                email,
                name,
                password,
                household,
                local_owner=local_owner,
                token_days=token_days,
            )
    except IntegrityError:
        raise ConflictError(f"an account for {email!r} already exists") from None


def join_household(
    db: Database, invite: str, email: str, name: str, password: str, *, token_days: int = 90
) -> SignedUp:
    """Create an account in the household of an invite link, in the invite's
    role, and use the invite up (single use: two people racing for one link
    get one account between them). NotFoundError for an unknown, used or
    expired invite."""
    email, name = _clean_new_account(email, name, password)
    no_nul("invite", invite)
    try:
        with db.write() as s:
            used = s.execute(
                update(t.Invite)
                .where(t.Invite.token_hash == _hash_token(invite))
                .where(t.Invite.used_at.is_(None))
                .where(t.Invite.expires_at > _now())
                .values(used_at=_now())
                .returning(t.Invite.id, t.Invite.household_id, t.Invite.role)
            ).first()
            if used is None:
                raise NotFoundError("this invite link is unknown, used or expired")
            household = s.get(t.Household, used[1])
            assert household is not None
            made = _add_user(
                s, db, email, name, password, household, role=used[2], token_days=token_days
            )
            s.execute(update(t.Invite).where(t.Invite.id == used[0]).values(used_by=made.user.id))
            return made
    except IntegrityError:
        raise ConflictError(f"an account for {email!r} already exists") from None


# ------------------------------------------------------------------ log-in


def _throttle_keys(email: str, address: str | None) -> list[tuple[str, int]]:
    keys = [(f"account:{email.strip().lower()[:254]}", ACCOUNT_FAILURES)]
    if address:
        keys.append((f"address:{address[:64]}", ADDRESS_FAILURES))
    return keys


def _check_throttle(
    db: Database, keys: list[tuple[str, int]], now: datetime, what: str = "failed log-ins"
) -> None:
    with db.read() as s:
        rows = s.execute(
            select(
                t.LoginThrottle.key, t.LoginThrottle.failures, t.LoginThrottle.window_start
            ).where(t.LoginThrottle.key.in_([k for k, _ in keys]))
        ).all()
    limits = dict(keys)
    waits = [
        (start + THROTTLE_WINDOW - now).total_seconds()
        for key, failures, start in rows
        if failures >= limits[key] and start + THROTTLE_WINDOW > now
    ]
    if waits:
        wait = max(1, int(max(waits)) + 1)
        raise TooManyAttempts(f"too many {what}: try again in {(wait + 59) // 60} minutes", wait)


def _count_failure(db: Database, keys: list[tuple[str, int]], now: datetime) -> None:
    """One more failure for each key, in one atomic upsert per key (every
    process counts into the same rows); a window that has ended starts over."""
    insert = sqlite.insert if db.is_sqlite else postgresql.insert
    column = t.LoginThrottle.__table__.c
    at = bindparam("now", now, type_=t.UTCDateTime())
    over = column.window_start <= bindparam("cutoff", now - THROTTLE_WINDOW, type_=t.UTCDateTime())
    with db.write() as s:
        for key, _ in keys:
            stmt = insert(t.LoginThrottle).values(key=key, failures=1, window_start=now)
            s.execute(
                stmt.on_conflict_do_update(
                    index_elements=["key"],
                    set_={
                        "failures": case((over, 1), else_=column.failures + 1),
                        "window_start": case((over, at), else_=column.window_start),
                    },
                )
            )


def count_sign_up(db: Database, address: str | None, now: datetime | None = None) -> None:
    """One more sign-up (or join) tried from ``address``, counted in the
    database like failed log-ins (every process agrees); TooManyAttempts when
    that address has tried :data:`SIGN_UPS` in the window already."""
    if not address:
        return
    now = now or _now()
    keys = [(f"signup:{address[:64]}", SIGN_UPS)]
    _check_throttle(db, keys, now, "sign-ups from this address")
    _count_failure(db, keys, now)


def authenticate(
    db: Database, email: str, password: str, address: str | None, now: datetime | None = None
) -> Actor | None:
    """The account of a correct e-mail and password, or None (no hint which was
    wrong). TooManyAttempts when the account or the address has failed too
    often lately (counted in the database, so every server process agrees)."""
    no_nul("email", email)
    no_nul("password", password)
    now = now or _now()
    keys = _throttle_keys(email, address)
    _check_throttle(db, keys, now)
    with db.read() as s:
        row = s.execute(
            select(t.User.id, t.User.household_id, t.User.role, t.User.password_hash).where(
                t.User.email == email.strip().lower()
            )
        ).first()
    if not hashing(db).verify(row[3] if row is not None else None, password) or row is None:
        _count_failure(db, keys, now)
        return None
    with db.write() as s:
        s.execute(delete(t.LoginThrottle).where(t.LoginThrottle.key == keys[0][0]))
    return Actor(user_id=row[0], household_id=row[1], role=row[2])


def issue_token(
    db: Database, email: str, password: str, address: str | None = None, *, token_days: int = 90
) -> SignedUp | None:
    """A new API token for a correct e-mail and password, or None (no hint which was wrong)."""
    actor = authenticate(db, email, password, address)
    if actor is None:
        return None
    with db.write() as s:
        token = _new_token(s, actor.user_id, token_days)
        user = s.get(t.User, actor.user_id)
        household = s.get(t.Household, actor.household_id)
        assert user is not None and household is not None
        view = view_of(user, household)
    housekeeping.maybe_prune(db, THROTTLE_WINDOW)  # the ended ones, now and then
    return SignedUp(user=view, token=token)


def _new_token(s: DbSession, user_id: int, days: int) -> str:
    token = secrets.token_urlsafe(32)
    until = _now() + timedelta(days=days)
    s.add(t.ApiToken(user_id=user_id, token_hash=_hash_token(token), expires_at=until))
    return token


def actor_for_token(db: Database, token: str) -> Actor | None:
    """Who a bearer token belongs to, or None for an unknown, revoked or expired
    token. Looked up on every request (one indexed query): a token revoked
    through any server process is refused by every other at once."""
    return _owner_of(db, _TOKEN_OWNER, token)


def _owner_of(db: Database, statement: Select[Any], secret: str) -> Actor | None:
    """The account a live token or log-in (``statement``: by its SHA-256) belongs to."""
    rows = db.rows(statement, {"digest": _hash_token(secret), "now": _now()})
    if not rows:
        return None
    row = rows[0]
    return Actor(user_id=row[0], household_id=row[1], role=row[2])


def revoke_token(db: Database, token: str) -> None:
    """Forget a token (log out); unknown tokens are ignored."""
    with db.write() as s:
        s.execute(delete(t.ApiToken).where(t.ApiToken.token_hash == _hash_token(token)))


def list_tokens(db: Database, actor: Actor, current: str | None = None) -> list[TokenView]:
    """The acting account's API tokens that have not expired, newest first."""
    mine = _hash_token(current) if current else None
    with db.read() as s:
        rows = s.execute(
            select(
                t.ApiToken.id, t.ApiToken.created_at, t.ApiToken.expires_at, t.ApiToken.token_hash
            )
            .where(t.ApiToken.user_id == actor.user_id, t.ApiToken.expires_at > _now())
            .order_by(t.ApiToken.id.desc())
        ).all()
    return [
        TokenView(id=r[0], created_at=r[1], expires_at=r[2], current=r[3] == mine) for r in rows
    ]


def revoke_token_id(db: Database, actor: Actor, token_id: int) -> None:
    """Revoke one of the acting account's tokens; NotFoundError for another's."""
    delete_one(
        db,
        delete(t.ApiToken)
        .where(t.ApiToken.id == token_id, t.ApiToken.user_id == actor.user_id)
        .returning(t.ApiToken.id),
        f"token {token_id} not found",
    )


def revoke_all_tokens(db: Database, actor: Actor) -> int:
    """Revoke every API token of the acting account; returns how many."""
    with db.write() as s:
        return _delete_tokens(s, actor.user_id)


def _delete_tokens(s: DbSession, user_id: int) -> int:
    """Delete every API token of the account; returns how many."""
    mine = delete(t.ApiToken).where(t.ApiToken.user_id == user_id)
    return len(s.execute(mine.returning(t.ApiToken.id)).all())


# ------------------------------------------------------------ page log-ins


def start_login(db: Database, actor: Actor, days: int) -> str:
    """A new page log-in for ``actor``: returns the cookie value (only its
    SHA-256 is stored)."""
    cookie = secrets.token_urlsafe(32)
    with db.write() as s:
        s.add(
            t.LoginSession(
                user_id=actor.user_id,
                token_hash=_hash_token(cookie),
                expires_at=_now() + timedelta(days=days),
            )
        )
    housekeeping.maybe_prune(db, THROTTLE_WINDOW)  # the ended ones, now and then
    return cookie


def actor_for_login(db: Database, cookie: str) -> Actor | None:
    """Who a log-in cookie belongs to, or None (unknown, ended or expired)."""
    if not cookie or len(cookie) > 200:
        return None
    return _owner_of(db, _SESSION_OWNER, cookie)


def login_overview(
    db: Database, cookie: str, *, now: datetime | None = None, default_zone: str | None = None
) -> tuple[Actor, Overview] | None:
    """Who a log-in cookie belongs to (as :func:`actor_for_login`) and that
    account's household, its cats and ``now`` there (as
    :func:`catpack.services.household.overview`), in one statement; None for
    an unknown, ended or expired log-in. Looked up on every request, like a
    token: a log-in ended through any server process is refused by every
    other at once."""
    if not cookie or len(cookie) > 200:
        return None
    rows = db.rows(_SESSION_HOME, {"digest": _hash_token(cookie), "now": _now()})
    if not rows:
        return None
    width = len(household.OVERVIEW_COLUMNS)
    user_id, role = rows[0][width], rows[0][width + 1]
    actor = Actor(user_id=user_id, household_id=rows[0][0], role=role)
    return actor, household.overview_of(rows, now=now, default_zone=default_zone)


def end_login(db: Database, cookie: str) -> None:
    """Log this browser out (an unknown cookie is ignored)."""
    with db.write() as s:
        s.execute(delete(t.LoginSession).where(t.LoginSession.token_hash == _hash_token(cookie)))


def end_all_logins(db: Database, actor: Actor) -> None:
    """Log the account out of every browser ("log out everywhere")."""
    with db.write() as s:
        s.execute(delete(t.LoginSession).where(t.LoginSession.user_id == actor.user_id))


def end_access(s: DbSession, user_id: int, *, tokens: bool) -> PasswordChanged:
    """End every log-in of the account on the pages, and its API tokens when
    ``tokens``: what a new password ends. Counts what ended."""
    logins = s.execute(
        delete(t.LoginSession).where(t.LoginSession.user_id == user_id).returning(t.LoginSession.id)
    ).all()
    ended = _delete_tokens(s, user_id) if tokens else 0
    return PasswordChanged(logins_ended=len(logins), tokens_ended=ended)


def change_password(
    db: Database,
    actor: Actor,
    current: str,
    new: str,
    address: str | None = None,
    *,
    end_tokens: bool = False,
) -> PasswordChanged:
    """Set a new password after checking the current one (CoachInputError naming
    ``current_password`` or ``new_password``); every log-in of the account
    ends, and with ``end_tokens`` every API token too (someone else may know
    the old password and have taken one with it). Returns what ended.
    ForbiddenError for an account without a password (the local owner before
    ``catpack account set-login``): a token alone never sets one.

    A wrong current password counts as a failed log-in of the account and of
    ``address`` (the client's): someone holding a stolen log-in cannot guess
    the password (perhaps used elsewhere too) faster than at the log-in form;
    TooManyAttempts over the limit, before the password is even checked."""
    no_nul("current_password", current)
    check_password(new, "new_password")
    with db.read() as s:
        row = s.execute(
            select(t.User.email, t.User.password_hash).where(t.User.id == actor.user_id)
        ).first()
    hashed = row[1] if row is not None else None
    if row is None or hashed is None:
        # The local owner before set-login (or a token-only account): no
        # current password to check, so a token alone must not set one.
        raise ForbiddenError(words.NO_PASSWORD_YET)
    now = _now()
    keys = _throttle_keys(row[0], address)
    _check_throttle(db, keys, now)
    if not hashing(db).verify(hashed, current):
        _count_failure(db, keys, now)
        raise CoachInputError("current_password", "is not this account's password")
    fresh = hashing(db).hash(new)
    with db.write() as s:
        s.execute(update(t.User).where(t.User.id == actor.user_id).values(password_hash=fresh))
        return end_access(s, actor.user_id, tokens=end_tokens)


def reset_password(db: Database, email: str, new: str) -> tuple[UserView, PasswordChanged]:
    """Set a new password for the account of ``email`` without its current one:
    the server's operator helping someone who forgot theirs, or who fears
    someone else has it (``catpack account reset-password``; there is no
    e-mail to send a reset link with). Every log-in of the account ends and
    every API token too (one taken with the old password would live on for
    its days), and its failed log-ins are forgotten, so the new password
    works at once. Returns the account and what ended. CoachInputError naming
    ``email`` for an address no account has, ``password`` for a password the
    rules refuse."""
    email = check_email(email)
    check_password(new)
    fresh = hashing(db).hash(new)
    with db.write() as s:
        user = s.execute(select(t.User).where(t.User.email == email)).scalar_one_or_none()
        if user is None:
            raise CoachInputError("email", f"no account has the e-mail {email!r}")
        user.password_hash = fresh
        ended = end_access(s, user.id, tokens=True)
        s.execute(
            delete(t.LoginThrottle).where(t.LoginThrottle.key == _throttle_keys(email, None)[0][0])
        )
        household = s.get(t.Household, user.household_id)
        assert household is not None
        return view_of(user, household), ended


def get_user(db: Database, actor: Actor) -> UserView:
    with db.read() as s:
        user = s.get(t.User, actor.user_id)
        if user is None:
            raise NotFoundError(f"user {actor.user_id} not found")
        household = s.get(t.Household, user.household_id)
        assert household is not None
        return view_of(user, household)


def local_actor(db: Database, email: str, timezone: str | None = None) -> Actor:
    """The one local owner the CLI and the local-mode pages act for
    (``CATPACK_CLI_USER``), created with the database (``catpack db upgrade``
    and the web app make it at start) or on first use. Remembered per
    database handle: a user never changes household.

    A local owner given a log-in by ``catpack account set-login`` stays the
    local owner, under its new e-mail too. An account with that e-mail that is
    not the local owner (one signed up through the API before the e-mail was
    reserved) is refused: acting for it would hand the pages to whoever
    signed it up."""
    email = check_email(email)
    known = db.memo.setdefault("local_actor", {})
    if email in known:
        return known[email]  # type: ignore[no-any-return]
    actor = find_local_owner(db, email)
    if actor is None:
        try:
            made = create_user(
                db, email, email.split("@")[0], None, timezone=timezone, local_owner=True
            )
        except ConflictError:  # created meanwhile by another process
            return local_actor(db, email)
        actor = Actor(user_id=made.user.id, household_id=made.user.household_id)
    known[email] = actor
    return actor


def find_local_owner(db: Database, email: str) -> Actor | None:
    """The local owner made for ``email`` (``CATPACK_CLI_USER``), also after
    ``catpack account set-login`` moved it to another e-mail; None when there
    is none yet (nothing is created). ConfigError when the account with that
    e-mail is one signed up with a password, not the local owner."""
    email = check_email(email)
    with db.read() as s:
        rows = s.execute(
            select(t.User.id, t.User.household_id, t.User.local_owner, t.User.role)
            .where(or_(t.User.email == email, t.User.local_email == email))
            .order_by(t.User.local_owner.desc())  # the local owner before a signed-up one
        ).all()
    if not rows:
        return None
    if not rows[0][2]:
        raise ConfigError(
            f"the account {email} was signed up with a password, so it is not this "
            "machine's local owner: set CATPACK_CLI_USER to another e-mail"
        )
    return Actor(user_id=rows[0][0], household_id=rows[0][1], role=rows[0][3])


def household_zone(db: Database, actor: Actor, default_zone: str | None = None) -> tzinfo:
    """The time zone the household's times are shown in: its own, else
    ``default_zone`` (``CATPACK_TIMEZONE``), else this machine's."""
    with db.read() as s:
        name = s.scalar(select(t.Household.timezone).where(t.Household.id == actor.household_id))
    return zone(name or default_zone)


def mint_token(db: Database, actor: Actor, days: int = 90) -> str:
    """A new API token for the acting account (the CLI's, for ``catpack sensor watch``)."""
    with db.write() as s:
        return _new_token(s, actor.user_id, days)
