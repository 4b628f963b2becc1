"""catpack's tables (SQLAlchemy 2 declarative). Rows only: no domain logic here.

Contract-shaped values (a cat's profile, a session, a trip) are kept as the
exact JSON text of the contract in a ``doc`` column, next to the few columns
that queries filter or sort on. That keeps export/import exact, lets the
protocol grow fields without a migration, and lets today's plan load a cat's
whole log with one indexed query and validate it in one pass.

Times are stored in UTC (:class:`UTCDateTime`); a session's own offset stays
in its ``doc``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> datetime:
    return datetime.now(UTC)


class Household(Base):
    __tablename__ = "households"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str | None] = mapped_column(String(64))
    #: "metric" (°C, kg) or "imperial" (°F, lb): what the pages show and new
    #: cats take; each cat also keeps its own units (the CLI and exports use them).
    units: Mapped[str] = mapped_column(String(8), default="metric", server_default="metric")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class AppKey(Base):
    """A secret the app made once and every process shares: ``signing``, the key
    of the pages' anti-forgery tokens (unless CATPACK_SECRET_KEY gives one), and
    ``vapid``, the Web Push key pair's private key (32 raw bytes, base64url);
    and ``pruned_at``, not a secret: when expired rows were last pruned
    (:mod:`catpack.services.housekeeping`)."""

    __tablename__ = "app_keys"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    #: "owner" | "member" (logs sessions) | "trainer" (reads) (revision 0005_accounts).
    role: Mapped[str] = mapped_column(String(16), default="owner", server_default="owner")
    #: The one local owner (CATPACK_CLI_USER) the CLI and local-mode pages act for.
    local_owner: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    #: The CATPACK_CLI_USER e-mail a local owner was made for, kept when
    #: ``catpack account set-login`` gives it a log-in under another e-mail, so
    #: the CLI and local mode still find it by that one (revision 0008_local_email).
    local_email: Mapped[str | None] = mapped_column(String(254), unique=True, index=True)


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    #: After this the token is refused (revision 0005_accounts; CATPACK_TOKEN_DAYS).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# ------------------------------------------- accounts (revision 0005_accounts)


class LoginSession(Base):
    """A browser's log-in to the pages; only the cookie value's SHA-256 is kept."""

    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoginThrottle(Base):
    """Failed log-ins counted per key (``account:<e-mail>`` or ``address:<ip>``)
    in a window, shared by every server process."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)


class Invite(Base):
    """A single-use link to join a household in a role; only its SHA-256 is kept."""

    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class CatShare(Base):
    """A read-only link to one cat's progress and history (for a trainer or vet)."""

    __tablename__ = "cat_shares"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cat_id: Mapped[int] = mapped_column(ForeignKey("cats.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Backpack(Base):
    __tablename__ = "backpacks"
    __table_args__ = (UniqueConstraint("household_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    length_cm: Mapped[float | None] = mapped_column(Float)
    width_cm: Mapped[float | None] = mapped_column(Float)
    height_cm: Mapped[float | None] = mapped_column(Float)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    # The pack's profile (revision 0004_gear); None means "not recorded".
    max_cat_kg: Mapped[float | None] = mapped_column(Float)
    openings: Mapped[str | None] = mapped_column(String(32))  # "front,top"
    mesh_sides: Mapped[int | None] = mapped_column(Integer)
    bubble_window: Mapped[bool | None] = mapped_column(Boolean)
    inner_tether: Mapped[bool | None] = mapped_column(Boolean)
    tether_low: Mapped[bool | None] = mapped_column(Boolean)
    zip_clips: Mapped[bool | None] = mapped_column(Boolean)
    soft_sided: Mapped[bool | None] = mapped_column(Boolean)
    #: The unit the owner measured in ("cm" | "in"); stored values are cm.
    length_unit: Mapped[str] = mapped_column(String(2), default="cm", server_default="cm")


class Cat(Base):
    __tablename__ = "cats"
    # AUTOINCREMENT: SQLite must never hand a deleted cat's id to a new cat
    # (per-process caches are keyed by cat id and log_version).
    __table_args__ = (UniqueConstraint("household_id", "name"), {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    profile: Mapped[str] = mapped_column(Text)  # the contract's cat object, JSON
    notes: Mapped[str] = mapped_column(Text, default="")
    temp_unit: Mapped[str] = mapped_column(String(2), default="C")  # "C" | "F"
    weight_unit: Mapped[str] = mapped_column(String(2), default="kg")  # "kg" | "lb"
    backpack_id: Mapped[int | None] = mapped_column(
        ForeignKey("backpacks.id", ondelete="SET NULL"), index=True
    )
    #: +1 in the same transaction as every change to the cat's sessions.
    log_version: Mapped[int] = mapped_column(Integer, default=0)
    #: Short routine outings a week after graduation (revision 0004_gear).
    routine_per_week: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now, onupdate=_now)


class Session(Base):
    """One logged training session; ``doc`` is exactly the contract's session JSON."""

    __tablename__ = "sessions"
    __table_args__ = (
        # Today's plan reads a cat's live log in time order through this index.
        Index(
            "ix_sessions_cat_live",
            "cat_id",
            "at",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cat_id: Mapped[int] = mapped_column(ForeignKey("cats.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    stage: Mapped[str] = mapped_column(String(64))
    level: Mapped[int] = mapped_column(Integer)
    location: Mapped[str | None] = mapped_column(String(32))
    doc: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    logged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ClientSession(Base):
    """The id a client gave a session it logged (revision 0006_client_id).

    A phone that logs offline names each session with a UUID of its own and
    may send it again (a lost answer, a retried sync): unique per household,
    so a replay finds the stored session instead of adding a second one.
    ``body_hash`` is the SHA-256 of what was first sent with the id, so the
    same id with another session is told apart from a replay.
    """

    __tablename__ = "client_sessions"
    __table_args__ = (UniqueConstraint("household_id", "client_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(36))  # a UUID, lower-case, hyphenated
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), unique=True
    )
    body_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class SessionRevision(Base):
    """Audit trail: one row per create, edit or delete of a session."""

    __tablename__ = "session_revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))  # create | edit | delete
    doc: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    by_user: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class Trip(Base):
    __tablename__ = "trips"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cat_id: Mapped[int] = mapped_column(ForeignKey("cats.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    doc: Mapped[str] = mapped_column(Text)  # the contract's trip object, JSON
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    #: The session that records how the cat did (revision 0004_gear).
    outcome_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL")
    )


class Pause(Base):
    """A holiday or illness; an open pause (no ``ends_at``) lasts until resumed."""

    __tablename__ = "pauses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cat_id: Mapped[int] = mapped_column(ForeignKey("cats.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


# ------------------------------------------------ reminders (revision 0004_gear)


class CalendarFeed(Base):
    """A household's secret calendar address; only the token's SHA-256 is kept."""

    __tablename__ = "calendar_feeds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), unique=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class ReminderSettings(Base):
    """When a household wants reminders: the usual session time and quiet hours."""

    __tablename__ = "reminder_settings"
    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), primary_key=True
    )
    remind_at: Mapped[str] = mapped_column(String(5), default="18:00")  # HH:MM, local
    quiet_from: Mapped[str] = mapped_column(String(5), default="21:00")
    quiet_until: Mapped[str] = mapped_column(String(5), default="08:00")
    push_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now, onupdate=_now)


class PushSubscription(Base):
    """A browser's Web Push subscription (endpoint and its encryption keys)."""

    __tablename__ = "push_subscriptions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class SentReminder(Base):
    """One reminder sent (or claimed for sending): ``catpack remind`` never repeats one."""

    __tablename__ = "sent_reminders"
    __table_args__ = (UniqueConstraint("cat_id", "kind", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    cat_id: Mapped[int] = mapped_column(ForeignKey("cats.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text, default="")
    delivered: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class Sensor(Base):
    """A thermometer a household owns; ``cat_id`` is the cat whose pack it is in (paired)."""

    __tablename__ = "sensors"
    __table_args__ = (UniqueConstraint("household_id", "address"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(36))  # MAC, or the UUID macOS gives instead
    name: Mapped[str] = mapped_column(String(100), default="")
    cat_id: Mapped[int | None] = mapped_column(
        ForeignKey("cats.id", ondelete="SET NULL"), index=True
    )
    paired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class Reading(Base):
    """One in-pack air reading; unique per cat, sensor and instant, so a replayed batch
    adds nothing (and a cat copied by export and import keeps its own copy).

    ``session_id`` is the logged session the reading belongs to, set when
    that session is logged (or when a late reading arrives after it).
    """

    __tablename__ = "readings"
    __table_args__ = (
        UniqueConstraint("cat_id", "sensor_id", "at"),
        Index("ix_readings_cat_at", "cat_id", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cat_id: Mapped[int] = mapped_column(ForeignKey("cats.id", ondelete="CASCADE"))
    sensor_id: Mapped[int] = mapped_column(ForeignKey("sensors.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    temp_c: Mapped[float] = mapped_column(Float)
    humidity_pct: Mapped[float | None] = mapped_column(Float)
    battery_pct: Mapped[int | None] = mapped_column(Integer)
    packet_id: Mapped[int | None] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
