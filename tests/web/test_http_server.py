"""One test over real HTTP: ``catpack serve`` on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from catpack.services.setup import upgrade_database
from catpack.settings import Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_over_http(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'served.db'}"
    upgrade_database(Settings(database_url=url))
    port = _free_port()
    env = {**os.environ, "CATPACK_DATABASE_URL": url, "CATPACK_PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "catpack", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        banner = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in banner
        base = f"http://127.0.0.1:{port}/api/v1"
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        with httpx.Client(base_url=base, timeout=10) as http:
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
            rebound = http.get("/health", headers={"Host": f"rebind.example:{port}"})
            assert rebound.status_code == 400
            assert rebound.headers["x-frame-options"] == "DENY"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def test_serve_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    env = {**os.environ, "CATPACK_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"}
    done = subprocess.run(
        [sys.executable, "-m", "catpack", "serve", "--port", str(_free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 5
    assert "run `catpack db upgrade` first" in done.stderr
