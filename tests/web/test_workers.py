"""More than one server process on one PostgreSQL database.

``catpack serve --workers 2`` runs two uvicorn processes on one socket, and
two separate ``catpack serve`` processes share one database: what one process
writes, the other shows at once (the app keeps nothing another process needs:
today's plan, the history and the anti-forgery key all come from the
database). The two-process log-in test (sessions, revocation, throttling) is
in the log-in tests.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import httpx2 as httpx
import pytest

from catpack.settings import Settings
from tests.serving import Writers, server_env, serving, session_ids, sign_up
from tests.store_factories import START, session

# PostgreSQL only: db_settings' PostgreSQL case (an emptied, migrated schema).
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("db_settings", ["postgres"], indirect=True),
]


@pytest.fixture
def pg(db_settings: Settings) -> Settings:
    return db_settings


def worker_pids(server_pid: int) -> set[int]:
    """The uvicorn worker processes in the server's process group (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[2]) == server_pid and b"spawn_main" in cmdline:
            found.add(int(stat.parent.name))
    return found


def test_two_workers_serve_one_database(pg: Settings) -> None:
    with serving(server_env(pg), "--workers", "2") as server:
        assert server.started["workers"] == 2
        assert len(worker_pids(server.proc.pid)) == 2
        token, cat_id = sign_up(server.base)
        writers = Writers(server.base, token, cat_id).start()
        try:
            writers.wait_for(40)
        finally:
            writers.stop()
        assert not writers.failed, writers.failed[:3]
        # Each request on a new connection: the two processes take turns at random.
        fresh = httpx.Limits(max_keepalive_connections=0)
        auth = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=server.base, headers=auth, limits=fresh, timeout=30) as http:
            for _ in range(10):
                listed = http.get(f"/cats/{cat_id}/sessions", params={"limit": 1})
                assert listed.json()["total"] == len(writers.acked)
    assert set(writers.acked) <= session_ids(pg)


def test_what_one_process_writes_the_other_shows_at_once(pg: Settings) -> None:
    env = server_env(pg)
    with serving(env) as one, serving(env) as two:
        token, cat_id = sign_up(one.base)
        auth = {"Authorization": f"Bearer {token}"}
        with (
            httpx.Client(base_url=one.base, headers=auth, timeout=30) as a,
            httpx.Client(base_url=two.base, headers=auth, timeout=30) as b,
        ):
            plans = []
            for i in range(6):
                writer, reader = (a, b) if i % 2 == 0 else (b, a)
                at = (START + timedelta(days=i)).isoformat()
                logged = writer.post(f"/cats/{cat_id}/sessions", json={"session": session(at=at)})
                assert logged.status_code == 201, logged.text
                # The other process read this cat's log before: its copy must not hide it.
                listed = reader.get(f"/cats/{cat_id}/sessions", params={"limit": 1})
                assert listed.json()["total"] == i + 1
                now = (START + timedelta(days=i, hours=20)).isoformat()
                here = reader.get(f"/cats/{cat_id}/today", params={"now": now}).json()
                there = writer.get(f"/cats/{cat_id}/today", params={"now": now}).json()
                assert here == there
                plans.append(here["decision"])
            assert len(plans) == 6


def test_a_form_from_one_process_is_accepted_by_the_other(pg: Settings) -> None:
    """The anti-forgery key is shared through the database, not made per process."""
    env = server_env(pg)
    with serving(env) as one, serving(env) as two:
        page_one = one.base.removesuffix("/api/v1")
        page_two = two.base.removesuffix("/api/v1")
        with httpx.Client(timeout=30) as http:
            form = http.get(f"{page_one}/cats/new")
            assert form.status_code == 200, form.text[:300]
            token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
            assert token is not None
            posted = http.post(
                f"{page_two}/cats",
                data={"csrf_token": token.group(1), "name": "Meister"},
                headers={"Origin": page_two},
            )
            assert posted.status_code == 303, posted.text[:300]
            assert re.fullmatch(r"/cats/\d+/today", posted.headers["location"])
