"""Accounts: roles and the reserved local owner, API token expiry, page log-in
sessions, shared log-in throttling, household invites and read-only cat shares.

Existing API tokens get 90 days from the upgrade (they never expired before);
accounts without a password are the local owner the CLI made.

Revision ID: 0005_accounts
Revises: 0004_gear
Create Date: 2026-11-29 23:55:00
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0005_accounts"
down_revision = "0004_gear"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("role", sa.String(length=16), server_default="owner", nullable=False)
        )
        batch.add_column(sa.Column("local_owner", sa.Boolean(), server_default="0", nullable=False))
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    users = sa.table(
        "users", sa.column("password_hash", sa.String), sa.column("local_owner", sa.Boolean)
    )
    op.execute(users.update().where(users.c.password_hash.is_(None)).values(local_owner=True))
    tokens = sa.table("api_tokens", sa.column("expires_at", sa.DateTime(timezone=True)))
    until = datetime.now(UTC) + timedelta(days=90)
    if op.get_bind().dialect.name == "sqlite":
        until = until.replace(tzinfo=None)  # stored as naive UTC (schema.UTCDateTime)
    op.execute(tokens.update().values(expires_at=until))
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        _fk("login_sessions", "user_id", "users", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_login_sessions_token_hash")),
    )
    op.create_index(op.f("ix_login_sessions_user_id"), "login_sessions", ["user_id"], unique=False)
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.Integer(), nullable=True),
        _fk("invites", "household_id", "households", "CASCADE"),
        _fk("invites", "created_by", "users", "SET NULL"),
        _fk("invites", "used_by", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invites")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invites_token_hash")),
    )
    op.create_index(op.f("ix_invites_household_id"), "invites", ["household_id"], unique=False)
    op.create_table(
        "cat_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cat_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        _fk("cat_shares", "cat_id", "cats", "CASCADE"),
        _fk("cat_shares", "created_by", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cat_shares")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_cat_shares_token_hash")),
    )
    op.create_index(op.f("ix_cat_shares_cat_id"), "cat_shares", ["cat_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_cat_shares_cat_id"), table_name="cat_shares")
    op.drop_table("cat_shares")
    op.drop_index(op.f("ix_invites_household_id"), table_name="invites")
    op.drop_table("invites")
    op.drop_table("login_throttle")
    op.drop_index(op.f("ix_login_sessions_user_id"), table_name="login_sessions")
    op.drop_table("login_sessions")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("local_owner")
        batch.drop_column("role")
