"""Dependencies shared by the API and the pages: the database, the settings, the clock.

Both interfaces reach :mod:`catpack.services` through these, so a page and an
API route do the same thing the same way. Each is a small function a test (or
a later layer) can override with ``app.dependency_overrides``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request

from catpack.services.setup import Database
from catpack.settings import Settings

#: Gives the current instant (aware). Services put it in the household's zone.
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def app_database(request: Request) -> Database:
    """The app's database (``app.state.db``)."""
    db = request.app.state.db
    assert isinstance(db, Database)
    return db


def app_settings(request: Request) -> Settings:
    """The app's settings (``app.state.settings``)."""
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


def app_clock(request: Request) -> Clock:
    """The app's clock (``app.state.clock``; the system clock unless a test moved it)."""
    clock: Clock = getattr(request.app.state, "clock", system_clock)
    return clock


async def get_db(request: Request) -> Database:
    return app_database(request)


async def get_settings(request: Request) -> Settings:
    return app_settings(request)


async def get_clock(request: Request) -> Clock:
    return app_clock(request)


DbDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ClockDep = Annotated[Clock, Depends(get_clock)]
