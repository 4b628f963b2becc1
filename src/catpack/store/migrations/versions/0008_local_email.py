"""The e-mail a local owner was made for (CATPACK_CLI_USER), kept when
``catpack account set-login`` gives it a log-in under another e-mail: the CLI
and local mode find the account by either.

A unique index, not a constraint: on SQLite a new constraint means copying
the users table, and dropping the old copy would cascade to every row that
refers to an account (its tokens and log-ins).

Revision ID: 0008_local_email
Revises: 0007_readings_per_cat
Create Date: 2026-11-30 05:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_local_email"
down_revision = "0007_readings_per_cat"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("local_email", sa.String(length=254), nullable=True))
    op.create_index(op.f("ix_users_local_email"), "users", ["local_email"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_users_local_email"), table_name="users")
    op.drop_column("users", "local_email")  # SQLite 3.35+ drops a column in place
