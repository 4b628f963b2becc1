"""``catpack serve`` as a child process over a real database, and API writers for it.

Used by the tests that need a real server: backup while it writes, kill -9
durability, several worker processes. Each server is its own process group, so
a test can kill it (and its workers) with SIGKILL.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx2 as httpx
from sqlalchemy import text

from catpack.settings import Settings
from catpack.store.db import Database
from tests.store_factories import START, session


def server_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of a catpack process using ``settings``' database and
    password hashing cost (nothing else)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATPACK_")}
    env["CATPACK_DATABASE_URL"] = settings.resolved_database_url()
    env["CATPACK_ARGON2_MEMORY_KIB"] = str(settings.argon2_memory_kib)  # the tests' cheap hashing
    if settings.database_schema:
        env["CATPACK_DATABASE_SCHEMA"] = settings.database_schema
    return {**env, **extra}


@dataclass
class Server:
    proc: subprocess.Popen[str]
    base: str
    started: dict[str, Any]

    def kill(self) -> None:
        """kill -9 the server and every process it started."""
        with suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)


@contextmanager
def serving(env: dict[str, str], *args: str) -> Iterator[Server]:
    """``catpack serve --port 0 --json ARGS`` until the block ends (then stopped)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "catpack", "serve", "--port", "0", "--json", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    server: Server | None = None
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "no output"
        started = json.loads(line)
        server = Server(proc, f"http://127.0.0.1:{started['port']}/api/v1", started)
        # The line comes once the socket listens: the request waits in its queue
        # until a worker takes it (worker processes may take a while to start).
        assert httpx.get(f"{server.base}/health", timeout=120).status_code == 200
        yield server
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def sign_up(base: str) -> tuple[str, int]:
    """A new account's token and a new cat's id, through the API."""
    with httpx.Client(base_url=base, timeout=30) as http:
        email = f"{secrets.token_hex(4)}@example.org"
        made = http.post("/users", json={"email": email, "name": "A", "password": "pw-123456"})
        assert made.status_code == 201, made.text
        token = made.json()["token"]
        http.headers["Authorization"] = f"Bearer {token}"
        cat = http.post("/cats", json={"cat": {"name": "Meister", "harness_trained": True}})
        assert cat.status_code == 201, cat.text
        return token, int(cat.json()["id"])


@dataclass
class Writers:
    """Threads logging sessions through the API until stopped; ``acked`` holds the
    id of every session the server answered 201 for."""

    base: str
    token: str
    cat_id: int
    threads: int = 4
    #: Sessions are a minute apart from START plus this many minutes (times are unique).
    first_minute: int = 0
    acked: list[int] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _next: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _running: list[threading.Thread] = field(default_factory=list)

    def _minute(self) -> int:
        with self._lock:
            self._next += 1
            return self.first_minute + self._next

    def _work(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=30) as http:
            while not self._stop.is_set():
                at = (START + timedelta(minutes=self._minute())).isoformat()
                try:
                    r = http.post(f"/cats/{self.cat_id}/sessions", json={"session": session(at=at)})
                except httpx.HTTPError as exc:  # the server was killed mid-request
                    self.failed.append(type(exc).__name__)
                    continue
                if r.status_code == 201:
                    with self._lock:
                        self.acked.append(int(r.json()["id"]))
                else:
                    self.failed.append(f"{r.status_code} {r.text[:200]}")

    def start(self) -> Writers:
        self._running = [threading.Thread(target=self._work) for _ in range(self.threads)]
        for thread in self._running:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._running:
            thread.join(timeout=60)

    def wait_for(self, count: int, timeout_s: float = 60) -> None:
        """Block until at least ``count`` writes were acknowledged (bounded)."""
        import time

        deadline = time.monotonic() + timeout_s
        while len(self.acked) < count:
            assert time.monotonic() < deadline, f"only {len(self.acked)} writes in {timeout_s} s"
            assert not self.failed, self.failed[:3]
            time.sleep(0.02)


def session_ids(settings: Settings) -> set[int]:
    """Every session id stored in ``settings``' database."""
    db = Database.from_settings(settings)
    try:
        with db.engine.connect() as conn:
            return set(conn.execute(text("SELECT id FROM sessions")).scalars())
    finally:
        db.dispose()
