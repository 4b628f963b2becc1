"""``catpack account set-login``: from local mode to accounts mode without
losing the cats, on both databases.

The owner used catpack in local mode (the pages act for the local owner, an
account without a password) and switches to accounts mode: the command gives
that same account an e-mail and a password; they log in on the pages and find
their cat; local mode and the CLI still act for it; sign-up still cannot take
its e-mail.
"""

from __future__ import annotations

import io
import json
import os
import pty
import select
import signal
import sys
import time
from typing import Any

import httpx2 as httpx
import pytest
from sqlalchemy import select as sql_select

from catpack.cli.errors import main
from catpack.services import local_login, users
from catpack.settings import Settings
from catpack.store import schema as t
from catpack.store.db import Database
from catpack.web.app import create_app
from catpack.web.pages.deps import LOGIN_COOKIE
from tests.page_helpers import ZONE, FormClient
from tests.serving import server_env, serving
from tests.web.pages.test_login_pages import PASSWORD, accounts_app, log_in

OWNER = "owner@localhost"


@pytest.fixture
def env(cli_env: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CATPACK_ARGON2_MEMORY_KIB", str(cli_env.argon2_memory_kib))
    monkeypatch.delenv("CATPACK_CLI_USER", raising=False)
    monkeypatch.delenv("CATPACK_AUTH", raising=False)
    return cli_env


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def set_login(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
    password: str = PASSWORD,
) -> tuple[int, str, str]:
    """``catpack account set-login --password-stdin ARGS`` with ``password`` on stdin."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return run(capsys, "account", "set-login", "--password-stdin", *args)


def accounts(settings: Settings) -> list[tuple[str, str | None, bool, bool]]:
    """Every account: e-mail, the e-mail it was made for, local owner, has a password."""
    db = Database.from_settings(settings)
    try:
        with db.read() as s:
            rows = s.execute(
                sql_select(
                    t.User.email, t.User.local_email, t.User.local_owner, t.User.password_hash
                ).order_by(t.User.id)
            ).all()
    finally:
        db.dispose()
    return [(r[0], r[1], bool(r[2]), r[3] is not None) for r in rows]


def local_app(settings: Settings) -> Any:
    return create_app(settings.model_copy(update={"timezone": ZONE}))


def a_cat_with_a_session(capsys: pytest.CaptureFixture[str]) -> None:
    """Local-mode use: a cat and one session, through the CLI (as the local owner)."""
    assert run(capsys, "cat", "add", "Mia", "--harness-trained")[0] == 0
    code, _, err = run(
        capsys,
        "log",
        "Mia",
        "--stage",
        "introduce",
        "--level",
        "1",
        "--tail",
        "upright",
        "--no-ask",
    )
    assert code == 0, err


def test_the_local_owner_logs_in_in_accounts_mode_and_finds_their_cat(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a_cat_with_a_session(capsys)
    code, out, err = set_login(monkeypatch, capsys, "--email", " Alice@Example.ORG", "--json")
    assert code == 0, err
    done = json.loads(out)
    assert done["user"]["email"] == "alice@example.org"
    assert done["previous_email"] == OWNER
    assert (done["had_password"], done["cats"], done["logins_ended"]) == (False, 1, 0)
    assert accounts(env) == [("alice@example.org", OWNER, True, True)]

    app = accounts_app(env)
    with FormClient(app) as phone:
        assert log_in(phone, OWNER).status_code == 401  # the log-in e-mail is the new one
        assert log_in(phone, "ALICE@example.org").status_code == 303
        home = phone.get("/")
        assert home.status_code == 200 and "Mia" in home.text
        history = phone.get("/cats/1/history")
        assert history.status_code == 200 and "Mia" in history.text
        # Sign-up cannot take the account, by either e-mail, in any capitals.
        for email in ("Owner@LocalHost", "alice@EXAMPLE.org"):
            taken = phone.post(
                "/api/v1/users", json={"email": email, "name": "Eve", "password": PASSWORD}
            )
            assert taken.status_code == 409, email

    # Local mode afterwards: the pages and the CLI still act for this account.
    with FormClient(local_app(env)) as here:
        home = here.get("/")
        assert home.status_code == 200 and "Mia" in home.text
    code, out, _ = run(capsys, "history", "Mia", "--json")
    assert code == 0 and json.loads(out)["total"] == 1
    # Nothing made a second, empty local owner for CATPACK_CLI_USER on the way.
    assert accounts(env) == [("alice@example.org", OWNER, True, True)]


def test_where_names_the_log_in_e_mail(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`catpack where` says which e-mail the local owner logs in with (or that
    it has none yet): after --email, CATPACK_CLI_USER alone no longer says."""
    a_cat_with_a_session(capsys)
    code, out, _ = run(capsys, "where")
    assert code == 0 and "log-in     none yet: `catpack account set-login` gives one" in out
    assert json.loads(run(capsys, "where", "--json")[1])["cli_user_login"] is None
    assert set_login(monkeypatch, capsys, "--email", "you@example.org")[0] == 0
    code, out, _ = run(capsys, "where")
    assert f"CLI acts as  {OWNER}" in out and "log-in     you@example.org" in out
    assert json.loads(run(capsys, "where", "--json")[1])["cli_user_login"] == "you@example.org"


def test_keeping_the_e_mail_and_a_new_password_later(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --email the account keeps its e-mail; run again, it sets a new
    password (the server admin's way back in) and ends the page log-ins."""
    a_cat_with_a_session(capsys)
    code, out, _ = set_login(monkeypatch, capsys)
    assert code == 0
    assert out.startswith(f"{OWNER} can now log in as {OWNER} when CATPACK_AUTH=accounts")
    assert "“owner's household” (1 cat) stays as it was" in out
    app = accounts_app(env)
    with FormClient(app) as phone:
        assert log_in(phone, OWNER).status_code == 303
        assert phone.get("/settings", follow_redirects=False).status_code == 200
        code, out, _ = set_login(monkeypatch, capsys, password="another-pw-1")
        assert code == 0
        assert out.startswith(f"{OWNER} now logs in as {OWNER} with a new password, and its")
        assert "log-ins on the pages ended (1)" in out
        gone = phone.get("/settings", follow_redirects=False)
        assert gone.status_code == 303 and gone.headers["location"].startswith("/login")
        phone.cookies.delete(LOGIN_COOKIE)
        phone.get("/login")  # the form, as a browser gets there (tokens are bound to a log-in)
        assert log_in(phone, OWNER).status_code == 401
        assert log_in(phone, OWNER, "another-pw-1").status_code == 303
        code, out, _ = set_login(monkeypatch, capsys, "--json", password="third-pw-12")
        done = json.loads(out)
        assert code == 0 and (done["had_password"], done["logins_ended"]) == (True, 1)
    assert accounts(env) == [(OWNER, None, True, True)]
    with FormClient(local_app(env)) as here:
        assert "Mia" in here.get("/").text


def test_a_new_password_ends_the_api_tokens_when_asked(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A token taken with the old password keeps working after a new one
    (the pack sensor's, a script's), unless ``--end-tokens``: for a password
    someone else may know. The line says what ended."""
    a_cat_with_a_session(capsys)
    assert set_login(monkeypatch, capsys)[0] == 0
    db = Database.from_settings(env)
    try:
        taken = users.issue_token(db, OWNER, PASSWORD)
        assert taken is not None
        code, out, err = set_login(monkeypatch, capsys, password="another-pw-1")
        assert code == 0, err
        assert "ended too" not in out
        assert users.actor_for_token(db, taken.token) is not None
        owner = users.find_local_owner(db, OWNER)
        assert owner is not None
        live = len(users.list_tokens(db, owner))
        assert live >= 1
        code, out, err = set_login(monkeypatch, capsys, "--end-tokens", password="third-pw-12")
        assert code == 0, err
        ended = f"{live} API token{'s' if live > 1 else ''} ended too"
        assert out.rstrip().endswith(f"; {ended} (scripts and the pack sensor need a new token)"), (
            out
        )
        assert users.actor_for_token(db, taken.token) is None
        assert users.list_tokens(db, owner) == []
        fresh = users.issue_token(db, OWNER, "third-pw-12")
        assert fresh is not None
        code, out, _ = set_login(
            monkeypatch, capsys, "--end-tokens", "--json", password="fourth-pw-12"
        )
        assert code == 0 and json.loads(out)["tokens_ended"] == 1
        assert users.actor_for_token(db, fresh.token) is None
    finally:
        db.dispose()


def one_line_refusal(done: tuple[int, str, str], start: str) -> None:
    code, out, err = done
    assert code == 2, err
    assert out == ""
    assert err.startswith(f"catpack: {start}"), err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_no_local_owner_yet(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    done = set_login(monkeypatch, capsys)
    one_line_refusal(
        done, f"there is no local owner for CATPACK_CLI_USER={OWNER} in this database yet"
    )
    assert accounts(env) == []  # nothing was made


@pytest.mark.parametrize(
    ("args", "password", "start"),
    [
        (("--email", "no-at-sign"), PASSWORD, "--email: 'no-at-sign' is not an e-mail address"),
        (("--email", "bob@example.org"), PASSWORD, "--email: bob@example.org is another account"),
        (("--email", "BOB@example.org "), PASSWORD, "--email: bob@example.org is another account"),
        ((), "short", "password: must have at least 8 characters"),
        ((), "x" * 1001, "password: must have at most 1000 characters"),
        ((), "pw-\x00-123456", "password: must not contain NUL characters"),
        ((), "two-lines\nof-password", "password: must be one line"),
    ],
)
def test_refusals_change_nothing(
    env: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    password: str,
    start: str,
) -> None:
    a_cat_with_a_session(capsys)
    db = Database.from_settings(env)
    users.create_user(db, "bob@example.org", "Bob", PASSWORD)
    db.dispose()
    before = accounts(env)
    done = set_login(monkeypatch, capsys, *args, password=password)
    one_line_refusal(done, start)
    assert password not in done[2]  # never echoed
    assert accounts(env) == before


def test_without_a_terminal_the_password_comes_from_stdin(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a_cat_with_a_session(capsys)
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    done = run(capsys, "account", "set-login")
    one_line_refusal(done, "--password-stdin: no terminal to type the password on")
    assert accounts(env) == [(OWNER, None, True, False)]


def test_an_account_signed_up_under_the_reserved_e_mail_is_refused(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An account signed up as the local owner's e-mail before it was reserved
    is not the local owner: the command will not hand its log-in to anyone."""
    db = Database.from_settings(env)
    users.create_user(db, OWNER, "Eve", "eve-pw-123")
    db.dispose()
    done = set_login(monkeypatch, capsys)
    one_line_refusal(done, f"the account {OWNER} was signed up with a password")
    assert accounts(env) == [(OWNER, None, False, True)]


def test_local_mode_ignores_a_later_sign_up_under_the_old_e_mail(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """CATPACK_CLI_USER changed for a while (the old e-mail no longer reserved),
    someone signed up as the old e-mail: back on it, local mode still acts for
    the real local owner, never for that sign-up."""
    a_cat_with_a_session(capsys)
    assert set_login(monkeypatch, capsys, "--email", "alice@example.org")[0] == 0
    db = Database.from_settings(env)
    users.create_user(db, OWNER, "Eve", "eve-pw-123")
    actor = users.local_actor(db, OWNER)
    db.dispose()
    assert actor.user_id == 1
    code, out, _ = run(capsys, "cat", "list", "--json")
    assert code == 0 and [c["name"] for c in json.loads(out)] == ["Mia"]


def _read(fd: int, seen: bytearray, until: bytes | None, timeout: float = 60) -> None:
    """Read what the terminal shows into ``seen``: until ``until`` has been
    shown, or (None) until the child closes the terminal."""
    end = time.monotonic() + timeout
    while until is None or until not in seen:
        ready, _, _ = select.select([fd], [], [], max(0.0, end - time.monotonic()))
        assert ready, f"waited for {until!r}; the terminal showed {bytes(seen)!r}"
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed the terminal (EIO on Linux)
            chunk = b""
        if not chunk:
            assert until is None, f"ended before {until!r}: {bytes(seen)!r}"
            return
        seen.extend(chunk)


def on_a_terminal(settings: Settings, *typed: str) -> tuple[int, bytes]:
    """``catpack account set-login`` in a child process on a real terminal
    (a pseudo-terminal), typing ``typed`` at its prompts; its exit status and
    everything the terminal showed."""
    env = server_env(settings)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its own
        os.execve(sys.executable, [sys.executable, "-m", "catpack", "account", "set-login"], env)
    seen = bytearray()
    try:
        # Typed only once the prompt is shown: the prompt turns echo off
        # and drops what was typed before it.
        for prompt, answer in zip(
            (b"New password: ", b"The same password again: "), typed, strict=True
        ):
            _read(fd, seen, prompt)
            os.write(fd, answer.encode() + b"\r")
        _read(fd, seen, None)
    except BaseException:
        os.kill(pid, signal.SIGKILL)  # never left waiting at a prompt
        raise
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), bytes(seen)


def test_the_password_is_typed_twice_and_never_shown(
    env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    a_cat_with_a_session(capsys)
    code, shown = on_a_terminal(env, "typed-pw-1", "typed-pw-2")
    assert code == 2, shown
    assert b"password: the two passwords typed differ: nothing was changed" in shown
    assert accounts(env) == [(OWNER, None, True, False)]
    code, shown = on_a_terminal(env, "typed-pw-1", "typed-pw-1")
    assert code == 0, shown
    assert b"typed-pw-1" not in shown  # hidden input: not echoed
    assert f"{OWNER} can now log in as {OWNER}".encode() in shown
    with FormClient(accounts_app(env)) as phone:
        assert log_in(phone, OWNER, "typed-pw-1").status_code == 303


def waiting(settings: Settings) -> int:
    db = Database.from_settings(settings)
    try:
        return local_login.waiting_cats(db, OWNER)
    finally:
        db.dispose()


def test_the_log_in_page_and_serve_point_the_way_while_the_cats_wait(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with FormClient(accounts_app(env)) as phone:
        assert 'id="local-owner-hint"' not in phone.get("/login").text  # no cats: nothing waits
    a_cat_with_a_session(capsys)
    assert waiting(env) == 1
    with serving(server_env(env, CATPACK_AUTH="accounts")) as server:
        assert server.proc.stderr is not None
        hint = server.proc.stderr.readline()
        assert server.started["port"] > 0  # stdout's JSON line is intact
    assert hint == (
        f"catpack: note: the local owner {OWNER} has 1 cat but no log-in, so nobody can "
        "reach them in accounts mode: run `catpack account set-login` to give it one "
        "(docs/deploy.md)\n"
    )
    with FormClient(accounts_app(env), client=("127.0.0.1", 50000)) as here:
        page = here.get("/login")
        assert 'id="local-owner-hint"' in page.text and "catpack account set-login" in page.text
    # Only this machine's user is told: anyone else would learn the account exists.
    with FormClient(accounts_app(env), client=("203.0.113.7", 50000)) as stranger:
        assert 'id="local-owner-hint"' not in stranger.get("/login").text
    assert set_login(monkeypatch, capsys)[0] == 0
    assert waiting(env) == 0
    with FormClient(accounts_app(env)) as phone:
        assert 'id="local-owner-hint"' not in phone.get("/login").text


def test_serve_says_nothing_in_local_mode_or_once_there_is_a_log_in(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from catpack.cli.serve import _hint_local_owner

    a_cat_with_a_session(capsys)
    db = Database.from_settings(env)
    try:
        _hint_local_owner(env.model_copy(update={"auth": "local"}), db)
        assert capsys.readouterr().err == ""
        _hint_local_owner(env.model_copy(update={"auth": "accounts"}), db)
        assert "has 1 cat but no log-in" in capsys.readouterr().err
        assert set_login(monkeypatch, capsys)[0] == 0
        _hint_local_owner(env.model_copy(update={"auth": "accounts"}), db)
        assert capsys.readouterr().err == ""
    finally:
        db.dispose()


def test_an_operator_resets_a_forgotten_password(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Someone in accounts mode forgot their password: there was no way back at
    all (set-login covers only the local owner, and there is no e-mail reset).
    ``catpack account reset-password`` sets a new one; their page log-ins end,
    earlier failed tries no longer lock them out, and the new one logs in."""
    db = Database.from_settings(env)
    try:
        users.configure(db, env)
        made = users.create_user(db, "Forgetful@Example.org", "Forgetful", PASSWORD)
        actor = users.authenticate(db, "forgetful@example.org", PASSWORD, None)
        assert actor is not None
        cookie = users.start_login(db, actor, 30)
        for _ in range(users.ACCOUNT_FAILURES):
            assert users.authenticate(db, "forgetful@example.org", "not it at all", None) is None
    finally:
        db.dispose()
    new = "a brand new long password"
    monkeypatch.setattr(sys, "stdin", io.StringIO(new + "\n"))
    code, out, err = run(
        capsys, "account", "reset-password", "--email", "FORGETFUL@example.org",
        "--password-stdin", "--json",
    )  # fmt: skip
    assert code == 0, err
    done = json.loads(out)
    assert done["user"]["id"] == made.user.id and done["logins_ended"] == 1
    assert done["tokens_ended"] == 1  # the sign-up's token
    db = Database.from_settings(env)
    try:
        users.configure(db, env)
        assert users.actor_for_login(db, cookie) is None
        assert users.actor_for_token(db, made.token) is None
        assert users.authenticate(db, "forgetful@example.org", PASSWORD, None) is None
        assert users.authenticate(db, "forgetful@example.org", new, None) is not None
    finally:
        db.dispose()


def test_reset_password_ends_the_api_tokens_on_a_running_server(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding: ``reset-password`` ended the page log-ins only, so whoever knew
    the old password and had taken an API token with it kept reading and
    writing the household for the token's 90 days. Now every token ends,
    refused at once by the running server; the line says what ended."""
    with (
        serving(server_env(env, CATPACK_AUTH="accounts")) as server,
        httpx.Client(base_url=server.base, timeout=30) as http,
    ):
        body = {"email": "sam@example.org", "name": "Sam", "password": PASSWORD}
        assert http.post("/users", json=body).status_code == 201
        taken = http.post("/tokens", json={"email": body["email"], "password": PASSWORD})
        assert taken.status_code == 201
        stolen = {"Authorization": f"Bearer {taken.json()['token']}"}
        assert http.get("/me", headers=stolen).status_code == 200
        monkeypatch.setattr(sys, "stdin", io.StringIO("a brand new long password\n"))
        code, out, err = run(
            capsys, "account", "reset-password", "--email", "sam@example.org",
            "--password-stdin",
        )  # fmt: skip
        assert code == 0, err
        assert out == (
            "sam@example.org (household “Sam's household”) can now log in with the new "
            "password; no log-ins and 2 API tokens ended (scripts and the pack sensor "
            "need a new token)\n"
        )
        assert http.get("/me", headers=stolen).status_code == 401
        again = {"email": body["email"], "password": "a brand new long password"}
        fresh = http.post("/tokens", json=again).json()["token"]
        assert http.get("/me", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


@pytest.mark.parametrize(
    ("args", "stdin", "named"),
    [
        (("--email", "nobody@example.org"), "a long enough password", "--email"),
        (("--email", "not an e-mail"), "a long enough password", "--email"),
        (("--email", "owner@example.org"), "short", "password"),
    ],
)
def test_reset_password_refuses_bad_input_by_name(
    env: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    stdin: str,
    named: str,
) -> None:
    db = Database.from_settings(env)
    try:
        users.configure(db, env)
        users.create_user(db, "owner@example.org", "Owner", PASSWORD)
    finally:
        db.dispose()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin + "\n"))
    code, out, err = run(capsys, "account", "reset-password", *args, "--password-stdin")
    assert code == 2 and out == "" and named in err and "Traceback" not in err, err
    assert stdin not in err
