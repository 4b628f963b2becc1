"""One test over real HTTP: ``catpack serve`` on a free loopback port.

Start-up errors (port in use, database not ready, ...): tests/cli/test_serve_startup.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx

from catpack.services.setup import upgrade_database
from catpack.settings import Settings


@contextmanager
def served(tmp_path: Path, **env_extra: str) -> Iterator[str]:
    """``catpack serve`` on a free loopback port over a fresh SQLite file; yields /api/v1."""
    url = f"sqlite:///{tmp_path / 'served.db'}"
    upgrade_database(Settings(database_url=url))
    env = {**os.environ, "CATPACK_DATABASE_URL": url, "CATPACK_PORT": "1", **env_extra}
    # --port beats CATPACK_PORT; port 0 takes a free one, which --json reports.
    proc = subprocess.Popen(
        [sys.executable, "-m", "catpack", "serve", "--port", "0", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        started = json.loads(proc.stdout.readline())
        port = started["port"]
        assert started["url"] == f"http://127.0.0.1:{port}/" and port not in (0, 1)
        assert started["database"] == url
        base = f"http://127.0.0.1:{port}/api/v1"
        # The line comes only once the socket listens: the first request is
        # answered, with no retrying while the server starts.
        assert httpx.get(f"{base}/health", timeout=20).status_code == 200
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def test_serve_answers_over_http(tmp_path: Path) -> None:
    with served(tmp_path) as base, httpx.Client(base_url=base, timeout=10) as http:
        token = http.post(
            "/users", json={"email": "a@b.org", "name": "A", "password": "pw-123456"}
        ).json()["token"]
        http.headers["Authorization"] = f"Bearer {token}"
        cat = http.post("/cats", json={"cat": {"name": "Meister", "harness_trained": True}})
        assert cat.status_code == 201
        cat_id = cat.json()["id"]
        logged = http.post(
            f"/cats/{cat_id}/sessions",
            json={
                "session": {
                    "at": "2026-11-20T18:00:00+01:00",
                    "stage": "introduce",
                    "level": 1,
                    "reps": 5,
                    "calm_reps": 5,
                    "observation": {"tail": "upright"},
                }
            },
        )
        assert logged.status_code == 201
        plan = http.get(f"/cats/{cat_id}/today", params={"now": "2026-11-21T09:00:00Z"})
        assert plan.status_code == 200 and plan.json()["decision"] == "push"
        bad = http.get(f"/cats/{cat_id}/today", params={"sun": "moon"})
        assert bad.status_code == 422 and bad.json()["detail"].startswith("sun: 'moon'")
        # DNS rebinding: another site's name pointed at 127.0.0.1 is refused.
        port = httpx.URL(base).port
        rebound = http.get("/health", headers={"Host": f"rebind.example:{port}"})
        assert rebound.status_code == 400
        assert rebound.headers["x-frame-options"] == "DENY"
