"""``catpack account set-login``: the way from local mode to accounts mode.

The local owner (``CATPACK_CLI_USER``) has no password: enough in local mode,
where the pages need no log-in, but in accounts mode nobody could reach its
cats. This gives that same account an e-mail and a password (sign-up's rules
and hashing), through the services in one transaction, so it works while the
app is running, on SQLite and PostgreSQL alike. The account stays the local
owner: the CLI and local mode keep acting for it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from catpack import words
from catpack.cli.errors import in_options
from catpack.cli.output import JsonOpt, emit
from catpack.domain.errors import CoachInputError

if TYPE_CHECKING:
    from catpack.services.setup import Database
    from catpack.settings import Settings

app = typer.Typer(
    help="Accounts: the local owner's log-in for accounts mode, and a new password for "
    "someone who forgot theirs.",
    no_args_is_help=True,
)

#: The command's options behind the services' field names.
OPTIONS = {"email": "--email"}


def _terminal() -> bool:
    return sys.stdin.isatty()


def _read_password(from_stdin: bool) -> str:
    """The password from standard input (its one final line break dropped),
    else typed twice on the terminal without showing it."""
    if from_stdin:
        text = sys.stdin.read()
        text = text[:-2] if text.endswith("\r\n") else text.removesuffix("\n")
        if "\n" in text or "\r" in text:  # the log-in form could never take it
            raise CoachInputError("password", words.PASSWORD_ONE_LINE)
        return text
    if not _terminal():
        raise CoachInputError("--password-stdin", words.NO_TERMINAL)
    first = typer.prompt(words.PASSWORD_PROMPT, hide_input=True)
    if typer.prompt(words.PASSWORD_AGAIN, hide_input=True) != first:
        raise CoachInputError("password", words.PASSWORDS_DIFFER)
    return str(first)


#: ``--password-stdin``, as both commands take it.
PasswordStdinOpt = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Read the password from standard input (for scripts) instead of asking twice.",
    ),
]


@contextmanager
def _accounts() -> Iterator[tuple[Database, Settings]]:
    """The database and settings the service uses, with password hashing set
    up as the app's; a refused input names the command's option, not the field."""
    from catpack.services import users
    from catpack.services.setup import open_database
    from catpack.settings import load_settings

    settings = load_settings()
    db = open_database(settings)
    try:
        users.configure(db, settings)
        yield db, settings
    except CoachInputError as error:
        raise in_options(error, OPTIONS) from None
    finally:
        db.dispose()


@app.command("set-login")
def set_login(
    email: Annotated[
        str | None,
        typer.Option(help="The e-mail to log in with (default: the account's own e-mail)."),
    ] = None,
    password_stdin: PasswordStdinOpt = False,
    end_tokens: Annotated[
        bool,
        typer.Option(
            "--end-tokens",
            help="Also end the account's API tokens (for a password someone else may "
            "know; the pack sensor and scripts then need a new token).",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Give the local owner (CATPACK_CLI_USER) an e-mail and a password, to log in
    with in accounts mode; its household, cats and sessions stay as they are.
    A new password ends its log-ins on the pages; its API tokens stay unless
    --end-tokens."""
    from catpack.services import local_login, users

    with _accounts() as (db, settings):
        if email is not None:
            email = users.check_email(email.strip())  # before asking for a password
        local_login.local_owner(db, settings.cli_user)
        password = _read_password(password_stdin)
        done = local_login.give_login(db, settings.cli_user, password, email, end_tokens=end_tokens)
    facts = {
        "previous": done.previous_email,
        "email": done.user.email,
        "household": done.user.household_name,
        "cats": words.counted(done.cats, "cat"),
    }
    if done.had_password:
        said = words.PASSWORD_REPLACED.format(ended=done.logins_ended, **facts)
    else:
        said = words.LOGIN_GIVEN.format(**facts)
    if end_tokens:
        said += words.TOKENS_ENDED_TOO.format(tokens=words.counted(done.tokens_ended, "API token"))
    emit(as_json, done.model_dump(mode="json"), said)


@app.command("reset-password")
def reset_password(
    email: Annotated[str, typer.Option(help="The e-mail of the account that forgot its password.")],
    password_stdin: PasswordStdinOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Give an account a new password (for someone who forgot theirs, or fears
    someone else has it: there is no e-mail reset). Its log-ins on the pages
    and its API tokens end (scripts and the pack sensor need a new token).
    Works while the app runs."""
    from catpack.services import users

    with _accounts() as (db, _settings):
        users.check_email(email)  # before asking for a password
        password = _read_password(password_stdin)
        user, ended = users.reset_password(db, email, password)
    said = words.PASSWORD_RESET.format(
        email=user.email,
        household=user.household_name,
        logins=words.counted(ended.logins_ended, "log-in"),
        tokens=words.counted(ended.tokens_ended, "API token"),
    )
    emit(as_json, {"user": user.model_dump(mode="json"), **ended.model_dump()}, said)
