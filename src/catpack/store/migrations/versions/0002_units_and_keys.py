"""Households keep their units; the app keeps its signing key.

* ``households.units`` (metric or imperial): the pages kept the choice on each
  cat only, so an owner without a cat lost it. Existing households take the
  units of their cats (imperial if any cat shows °F).
* ``app_keys``: secrets the app generates once and every process shares (the
  key that signs the pages' anti-forgery tokens), unless a setting gives one.

Revision ID: 0002_units_and_keys
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_units_and_keys"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("households") as batch:
        batch.add_column(
            sa.Column("units", sa.String(length=8), nullable=False, server_default="metric")
        )
    op.execute(
        "UPDATE households SET units = 'imperial' WHERE id IN "
        "(SELECT household_id FROM cats WHERE temp_unit = 'F')"
    )
    op.create_table(
        "app_keys",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_app_keys")),
    )


def downgrade() -> None:
    op.drop_table("app_keys")
    with op.batch_alter_table("households") as batch:
        batch.drop_column("units")
