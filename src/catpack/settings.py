"""catpack's settings: one validated object, built by :func:`load_settings`.

Nothing is read at import time: callers (the CLI, the web app factory, tests)
build a :class:`Settings` when they need one, from the environment
(``CATPACK_*`` variables) or from keyword arguments. Every field is listed,
with its variable, in ``docs/storage.md`` (a test checks that).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from catpack.domain.errors import ConfigError

APP_NAME = "catpack"
#: The names of this machine's loopback addresses: the default allowed hosts.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


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
    pool_size: int = Field(
        default=20,
        ge=1,
        le=200,
        description="Database connections a server process keeps open, and never more.",
    )
    sqlite_busy_timeout_ms: int = Field(
        default=5000, ge=0, le=600_000, description="How long SQLite waits for another writer."
    )
    worker_threads: int = Field(
        default=40, ge=1, le=1000, description="Threads serving blocking API routes."
    )
    host: str = Field(default="127.0.0.1", description="Address `catpack serve` listens on.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port `catpack serve` uses.")
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Server processes `catpack serve` runs (uvicorn workers); more than one "
        "needs PostgreSQL.",
    )
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
    auth: Literal["local", "accounts"] = Field(
        default="local",
        description="'local': the pages act for the one local owner and are served on "
        "loopback only; 'accounts': every page needs a log-in.",
    )
    signup: Literal["open", "closed", "invite"] = Field(
        default="open",
        description="Who may create an account: anyone ('open'), nobody ('closed') or only "
        "people with an invite link ('invite').",
    )
    behind_tls: bool = Field(
        default=False,
        description="The app is reached over https (a proxy ends TLS): log-in cookies are "
        "marked Secure.",
    )
    forwarded_allow_ips: str | None = Field(
        default=None,
        description="Addresses (or networks, comma-separated; '*' for any) of the reverse "
        "proxies whose X-Forwarded-For and X-Forwarded-Proto `catpack serve` trusts, so the "
        "log-in throttle counts the phone's address, not the proxy's (default: uvicorn's, "
        "127.0.0.1 and ::1).",
    )
    login_days: int = Field(
        default=30, ge=1, le=400, description="How long a page log-in lasts, in days."
    )
    token_days: int = Field(
        default=90, ge=1, le=3650, description="How long a new API token lasts, in days."
    )
    hash_concurrency: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Most passwords hashed at once per process (each argon2 hash takes "
        "argon2_memory_kib of memory).",
    )
    argon2_memory_kib: int = Field(
        default=65_536,
        ge=1024,
        le=4 * 1024 * 1024,
        description="Memory one argon2 password hash uses, in KiB (argon2-cffi's default, "
        "64 MiB; lower only in tests).",
    )
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
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(LOOPBACK_NAMES),
        min_length=1,
        description="Host names the server answers to (comma-separated); others get 400.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Key that signs the pages' anti-forgery tokens (default: one made "
        "once and kept in the database).",
    )
    max_body_bytes: int = Field(
        default=8 * 1024 * 1024,
        ge=1024,
        le=1024 * 1024 * 1024,
        description="Largest request body accepted, in bytes (413 above it).",
    )
    max_sessions_per_request: int = Field(
        default=5_000,
        ge=1,
        le=1_000_000,
        description="Most sessions one POST /coach or /trip request may carry.",
    )
    max_import_sessions: int = Field(
        default=20_000, ge=1, le=1_000_000, description="Most sessions one import may carry."
    )
    max_import_readings: int = Field(
        default=200_000,
        ge=1,
        le=10_000_000,
        description="Most pack thermometer readings one import may carry.",
    )
    import_chunk: int = Field(
        default=500,
        ge=1,
        le=100_000,
        description="Sessions (and readings) an import writes per transaction (others' "
        "writes go between).",
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
            from catpack.domain.contract import known_zones

            if value not in known_zones():
                raise ValueError(f"{value!r} is not a known time zone")
        return value

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _host_list(cls, value: object) -> object:
        """``CATPACK_ALLOWED_HOSTS=a.example,b.example`` (or a list in Python)."""
        if isinstance(value, str):
            return [h.strip().lower() for h in value.split(",") if h.strip()]
        return value

    @field_validator("allowed_hosts")
    @classmethod
    def _host_names(cls, value: list[str]) -> list[str]:
        for host in value:
            if host != "*" and ("*" in host[1:] or (host.startswith("*") and host[:2] != "*.")):
                raise ValueError(f"{host!r}: a wildcard must look like *.example.org")
        return value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _proxy_addresses(cls, value: str | None) -> str | None:
        if value is None:
            return None
        items = [item.strip() for item in value.split(",") if item.strip()]
        if not items:
            raise ValueError("name at least one address, such as 127.0.0.1 or 10.0.0.0/8")
        for item in items:
            if item == "*":
                continue
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                shown = item if len(item) <= 64 else item[:61] + "..."
                raise ValueError(
                    f"{shown!r} is not an IP address or network (such as 10.0.0.0/8)"
                ) from None
        return ",".join(items)

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
