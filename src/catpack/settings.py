"""catpack's settings: one validated object, built by :func:`load_settings`.

Nothing is read at import time: callers (the CLI, the web app factory, tests)
build a :class:`Settings` when they need one, from the environment
(``CATPACK_*`` variables) or from keyword arguments. Every field is listed,
with its variable, in ``docs/storage.md`` (a test checks that).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from catpack.domain.errors import ConfigError

APP_NAME = "catpack"


class Settings(BaseSettings):
    """Every setting catpack reads; the variable is ``CATPACK_`` + the upper-cased name."""

    model_config = SettingsConfigDict(env_prefix="CATPACK_", extra="ignore", frozen=True)

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the database; unset means SQLite in data_dir.",
    )
    database_schema: str | None = Field(
        default=None,
        pattern=r"^[a-z_][a-z0-9_]{0,62}$",
        description="PostgreSQL only: schema that holds catpack's tables (search_path).",
    )
    data_dir: Path | None = Field(
        default=None, description="Folder of the default SQLite file (default: platformdirs)."
    )
    pool_size: int = Field(default=10, ge=1, le=200, description="Database connections kept.")
    sqlite_busy_timeout_ms: int = Field(
        default=5000, ge=0, le=600_000, description="How long SQLite waits for another writer."
    )
    worker_threads: int = Field(
        default=40, ge=1, le=1000, description="Threads serving blocking API routes."
    )
    host: str = Field(default="127.0.0.1", description="Address `catpack serve` listens on.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port `catpack serve` uses.")
    cli_user: str = Field(
        default="owner@localhost",
        min_length=3,
        max_length=254,
        description="E-mail of the account the CLI acts for (created on first use).",
    )
    timezone: str | None = Field(
        default=None, description="IANA zone for 'today' when the household has none."
    )
    max_page_size: int = Field(default=200, ge=1, le=10_000, description="API page size cap.")
    allow_signup: bool = Field(default=True, description="Whether POST /api/v1/users is open.")
    public_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$",
        description="Address people reach the app at, for links such as the calendar feed "
        "(default: http://host:port).",
    )
    push_services: str = Field(
        default="fcm.googleapis.com,push.services.mozilla.com,notify.windows.com,push.apple.com",
        description="Hosts (and their subdomains) of the browsers' push services that push "
        "subscriptions may point at, comma-separated; only https.",
    )
    push_allow_loopback: bool = Field(
        default=False,
        description="Also accept push endpoints on 127.0.0.1 over http (tests, development).",
    )
    push_contact: str | None = Field(
        default=None,
        pattern=r"^(mailto:[^\s@]+@[^\s@]+|https://\S+)$",
        description="Contact given to push services with each push (VAPID 'sub'); "
        "default: mailto: the CLI user.",
    )

    def base_url(self) -> str:
        """The app's address for links: ``public_url``, or where ``serve`` listens."""
        if self.public_url:
            return self.public_url.rstrip("/")
        return f"http://{self.host}:{self.port}"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"{value!r} is not a known time zone") from None
        return value

    def resolved_database_url(self) -> str:
        """The URL to connect to: the configured one, or SQLite in the data folder."""
        if self.database_url:
            return self.database_url
        folder = self.data_dir
        if folder is None:
            from platformdirs import user_data_dir

            folder = Path(user_data_dir(APP_NAME, appauthor=False))
        return f"sqlite:///{folder / 'catpack.db'}"


def load_settings(**overrides: Any) -> Settings:
    """Build the settings from the environment plus ``overrides``.

    Raises :class:`ConfigError` with a one-line message naming the variable.
    """
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        name = ".".join(str(p) for p in first["loc"]) or "settings"
        raise ConfigError(f"CATPACK_{name.upper()}: {first['msg']}") from None
