"""A real ``catpack serve`` process on a free loopback port, on each database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx2 as httpx
import pytest

from catpack.settings import Settings


@dataclass(frozen=True)
class Served:
    url: str
    settings: Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def cli_env(db_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The CLI in this process and the server process share one database."""
    monkeypatch.setenv("CATPACK_DATABASE_URL", db_settings.resolved_database_url())
    if db_settings.database_schema:
        monkeypatch.setenv("CATPACK_DATABASE_SCHEMA", db_settings.database_schema)
    else:
        monkeypatch.delenv("CATPACK_DATABASE_SCHEMA", raising=False)
    monkeypatch.setenv("CATPACK_DATA_DIR", str(db_settings.data_dir))
    for name in ("CATPACK_TOKEN", "CATPACK_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)
    return db_settings


@pytest.fixture
def served(cli_env: Settings) -> Iterator[Served]:
    port = _free_port()
    env = {**os.environ, "CATPACK_PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "catpack", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)  # waiting for the server's socket
        yield Served(url, cli_env)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
