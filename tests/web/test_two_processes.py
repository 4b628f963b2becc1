"""Two real server processes (``catpack serve``) on one PostgreSQL database, in
accounts mode: nothing one process knows is missing from the other.

* a page log-in made on one works on the other;
* a log-out (session) and a revoked API token on one are refused by the other
  at once (no cache to wait out);
* failed log-ins count across both: the throttle holds whichever process an
  attacker spreads the guesses over.

Skipped, with the reason, when CATPACK_TEST_POSTGRES_URL is not set.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx2 as httpx
import pytest
from sqlalchemy import text

from catpack.services import users
from catpack.services.setup import upgrade_database
from catpack.settings import Settings
from catpack.store.db import Database
from catpack.web.pages import csrf
from catpack.web.pages.deps import LOGIN_COOKIE

PG_ENV = "CATPACK_TEST_POSTGRES_URL"
PASSWORD = "pw-123456"


@pytest.fixture
def postgres_env() -> Iterator[dict[str, str]]:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: the two-process test needs PostgreSQL")
    schema = f"catpack_two_{secrets.token_hex(3)}"
    upgrade_database(Settings(database_url=url, database_schema=schema))
    try:
        yield {
            "CATPACK_DATABASE_URL": url,
            "CATPACK_DATABASE_SCHEMA": schema,
            "CATPACK_AUTH": "accounts",
            "CATPACK_ARGON2_MEMORY_KIB": "1024",
        }
    finally:
        admin = Database(url)
        with admin.engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def server(env: dict[str, str]) -> Iterator[str]:
    """``catpack serve`` on a free loopback port; yields its base URL."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CATPACK_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "catpack", "serve", "--port", "0", "--json"],
        env={**clean, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        started = json.loads(line)
        yield f"http://127.0.0.1:{started['port']}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def csrf_of(client: httpx.Client) -> str:
    page = client.get("/login")
    assert page.status_code == 200
    token = client.cookies.get(csrf.COOKIE)
    assert token and re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    return str(token)


def log_in(client: httpx.Client, email: str, password: str) -> httpx.Response:
    token = csrf_of(client)
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token, "next": "/"}
    )


def test_two_processes_share_log_ins_revocations_and_throttling(
    postgres_env: dict[str, str],
) -> None:
    with ExitStack() as stack:
        one = stack.enter_context(server(postgres_env))
        two = stack.enter_context(server(postgres_env))
        a = stack.enter_context(httpx.Client(base_url=one, timeout=20))
        b = stack.enter_context(httpx.Client(base_url=two, timeout=20))
        made = a.post(
            "/api/v1/users", json={"email": "ada@example.org", "name": "Ada", "password": PASSWORD}
        )
        assert made.status_code == 201
        bearer = {"Authorization": f"Bearer {made.json()['token']}"}

        # A page log-in made on one process works on the other.
        assert log_in(a, "ada@example.org", PASSWORD).status_code == 303
        cookie = a.cookies.get(LOGIN_COOKIE)
        assert cookie
        b.cookies.set(LOGIN_COOKIE, cookie)
        assert b.get("/settings").status_code == 200

        # Logging out on one: the other refuses the cookie at once.
        out = a.post("/logout", data={"csrf_token": a.cookies.get(csrf.COOKIE)})
        assert out.status_code == 303
        refused = b.get("/settings")
        assert refused.status_code == 303 and refused.headers["location"].startswith("/login")

        # A token revoked on one process is refused by the other at once.
        assert b.get("/api/v1/me", headers=bearer).status_code == 200
        assert a.delete("/api/v1/tokens/current", headers=bearer).status_code == 204
        assert b.get("/api/v1/me", headers=bearer).status_code == 401

        # Failed log-ins spread over both processes count together.
        wrong = {"email": "ada@example.org", "password": "not-the-password"}
        for n in range(users.ACCOUNT_FAILURES):
            assert (a if n % 2 else b).post("/api/v1/tokens", json=wrong).status_code == 401
        right = {"email": "ada@example.org", "password": PASSWORD}
        for client in (a, b):
            held = client.post("/api/v1/tokens", json=right)
            assert held.status_code == 429 and int(held.headers["retry-after"]) > 0
        page = log_in(b, "ada@example.org", PASSWORD)
        assert page.status_code == 429 and "Please wait" in page.text
