"""From local mode to accounts mode: a log-in for the local owner.

In local mode the pages and the CLI act for one account made with the
database, the local owner (``CATPACK_CLI_USER``, no password). In accounts
mode every page needs a log-in, so that owner's cats would be out of reach:
:func:`give_login` (``catpack account set-login``) gives the same account an
e-mail and a password, and leaves its household, cats and sessions as they
are. The account stays the local owner: the CLI and local mode go on acting
for it, found by the e-mail it was made for even under a new one
(``users.local_email``). Sign-up still cannot take either e-mail: the one it
was made for stays reserved (``CATPACK_CLI_USER``), the new one is its own.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from catpack import words
from catpack.domain.errors import CoachInputError, ConfigError
from catpack.services import users
from catpack.services.views import Actor, LocalLogin
from catpack.store import schema as t
from catpack.store.db import Database


def give_login(
    db: Database,
    cli_user: str,
    password: str,
    email: str | None = None,
    *,
    end_tokens: bool = False,
) -> LocalLogin:
    """Give the local owner of ``cli_user`` a password (the rules and hashing
    of sign-up) and, with ``email``, a new e-mail to log in with; its log-ins
    on the pages end (as with any new password), and its API tokens with
    ``end_tokens`` (someone else may know the old password and have taken a
    token with it; the pack sensor and scripts then need a new one).

    ConfigError when there is no local owner yet (nothing is created) or the
    account of that e-mail was signed up, not made for this machine;
    CoachInputError naming ``email`` or ``password`` for a bad e-mail, one
    that belongs to another account, or a password that breaks the rules."""
    new_email = users.check_email(email) if email is not None else None
    users.check_password(password)
    actor = local_owner(db, cli_user)
    hashed = users.hashing(db).hash(password)  # slow: outside the transaction
    try:
        with db.write() as s:
            user = s.get(t.User, actor.user_id)
            household = s.get(t.Household, actor.household_id)
            assert user is not None and household is not None
            target = new_email or user.email
            taken = s.scalar(
                select(t.User.id)
                .where(or_(t.User.email == target, t.User.local_email == target))
                .where(t.User.id != user.id)
                .limit(1)
            )
            if taken is not None:
                raise CoachInputError("email", words.EMAIL_TAKEN.format(email=target))
            previous, had_password = user.email, user.password_hash is not None
            if target != user.email and user.local_email is None:
                user.local_email = user.email  # CATPACK_CLI_USER keeps finding it
            user.email, user.password_hash = target, hashed
            ended = users.end_access(s, user.id, tokens=end_tokens)
            cats = s.scalar(select(func.count(t.Cat.id)).where(t.Cat.household_id == household.id))
            s.flush()
            view = users.view_of(user, household)
    except IntegrityError:  # taken meanwhile by a sign-up on a running server
        raise CoachInputError("email", words.EMAIL_TAKEN.format(email=target)) from None
    return LocalLogin(
        user=view,
        previous_email=previous,
        had_password=had_password,
        cats=cats or 0,
        logins_ended=ended.logins_ended,
        tokens_ended=ended.tokens_ended,
    )


def local_owner(db: Database, cli_user: str) -> Actor:
    """The local owner of ``cli_user`` (nothing is created): ConfigError when
    there is none yet, or the account of that e-mail was signed up."""
    actor = users.find_local_owner(db, cli_user)
    if actor is None:
        raise ConfigError(words.NO_LOCAL_OWNER.format(email=cli_user.strip().lower()))
    return actor


def waiting_cats(db: Database, cli_user: str) -> int:
    """How many cats the local owner of ``cli_user`` has while it has no
    password (nobody can reach them in accounts mode); 0 once it has one,
    or when there is no local owner."""
    try:
        actor = users.find_local_owner(db, cli_user)
    except (ConfigError, CoachInputError):
        return 0
    if actor is None:
        return 0
    with db.read() as s:
        return int(
            s.scalar(
                select(func.count(t.Cat.id))
                .join(t.User, t.User.household_id == t.Cat.household_id)
                .where(t.User.id == actor.user_id, t.User.password_hash.is_(None))
            )
            or 0
        )


def login_email(db: Database, cli_user: str) -> str | None:
    """The e-mail the local owner of ``cli_user`` logs in with in accounts
    mode, or None: no log-in yet (``catpack account set-login`` gives one),
    or no local owner."""
    try:
        actor = users.find_local_owner(db, cli_user)
    except (ConfigError, CoachInputError):
        return None
    if actor is None:
        return None
    with db.read() as s:
        email, hashed = s.execute(
            select(t.User.email, t.User.password_hash).where(t.User.id == actor.user_id)
        ).one()
    return str(email) if hashed is not None else None
