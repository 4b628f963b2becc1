"""The app keeps the garbage collector off its long-lived objects while it runs.

A full collection over the ~236,000 objects every server process holds after
start-up (modules, the app, its routes) took about 130 ms on this machine: a
stall in the middle of requests, seen as a steady-load p99 of 100-130 ms in
some runs of bench/api.py. Frozen at start-up, they are not scanned; unfrozen
when the app stops (tests start many apps in one process)."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from catpack.settings import Settings
from catpack.web.app import create_app


def test_the_app_freezes_what_it_made_at_start_up_while_it_runs(db_settings: Settings) -> None:
    app = create_app(db_settings)
    try:
        assert gc.get_freeze_count() == 0
        with TestClient(app) as client:
            assert gc.get_freeze_count() > 10_000
            assert client.get("/api/v1/health").status_code == 200
            # What the app makes while it serves is still collected.
            cycle: list[object] = []
            cycle.append(cycle)
            del cycle
            assert gc.collect() >= 1
        assert gc.get_freeze_count() == 0
    finally:
        app.state.db.dispose()
