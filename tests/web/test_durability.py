"""kill -9 loses no acknowledged write, on SQLite and on PostgreSQL.

A ``catpack serve`` child process takes concurrent session writes through the
API; it is killed with SIGKILL while writes are in flight, restarted on the
same database, and killed again. Every session the server answered 201 for
must be stored afterwards (0 lost), and the restarted server must serve and
take writes. Bounded: two rounds, each waits for at most 60 s of writes.
"""

from __future__ import annotations

from datetime import timedelta

import httpx2 as httpx

from catpack.settings import Settings
from tests.serving import Writers, server_env, serving, session_ids, sign_up
from tests.store_factories import START, session

ROUNDS = 2
WRITES_BEFORE_KILL = 60


def test_kill_9_loses_no_acknowledged_write(db_settings: Settings) -> None:
    env = server_env(db_settings)
    acked: set[int] = set()
    token, cat_id = "", 0
    for round_ in range(ROUNDS):
        with serving(env) as server:
            if not token:
                token, cat_id = sign_up(server.base)
            writers = Writers(server.base, token, cat_id, first_minute=10_000 * round_)
            writers.start()
            try:
                writers.wait_for(WRITES_BEFORE_KILL)
                server.kill()  # SIGKILL, with four writers mid-request
            finally:
                writers.stop()
            acked |= set(writers.acked)
    assert len(acked) >= ROUNDS * WRITES_BEFORE_KILL
    stored = session_ids(db_settings)
    lost = acked - stored
    assert not lost, f"{len(lost)} acknowledged sessions lost: {sorted(lost)[:10]}"
    with serving(env) as server, httpx.Client(base_url=server.base, timeout=30) as http:
        http.headers["Authorization"] = f"Bearer {token}"
        listed = http.get(f"/cats/{cat_id}/sessions", params={"limit": 1})
        assert listed.status_code == 200 and listed.json()["total"] == len(stored)
        at = (START + timedelta(minutes=9_000)).isoformat()
        after = http.post(f"/cats/{cat_id}/sessions", json={"session": session(at=at)})
        assert after.status_code == 201, after.text
