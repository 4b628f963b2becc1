"""The app the page and browser tests run: the real pages on a fresh backend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI

from catpack.web.pages import install_pages
from catpack.web.pages.deps import Clock
from tests.web.pages.memory_backend import MemoryBackend


def build_app(tmp_path: Path, clock: Clock) -> Any:
    app = FastAPI()
    install_pages(app, MemoryBackend(), clock)
    return app
