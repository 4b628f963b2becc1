"""Households keep their owner's units (metric or imperial) for the pages.

Until now the pages kept the choice on each cat only, so an owner without a
cat lost it. Existing households take the units of their first cat.

Revision ID: 0002_household_units
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_household_units"
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


def downgrade() -> None:
    with op.batch_alter_table("households") as batch:
        batch.drop_column("units")
