"""Readings unique per cat, sensor and instant (was: per sensor and instant).

A cat exported and imported again into the same household (a copy under
another name) brings its pack thermometer's readings along: the copy's
readings are the same sensor's at the same instants, so the key must hold the
cat. A replayed batch still adds nothing (the watcher posts for one cat).

Revision ID: 0007_readings_per_cat
Revises: 0006_client_id
Create Date: 2026-11-30 05:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0007_readings_per_cat"
down_revision = "0006_client_id"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("readings", schema=None) as batch_op:
        batch_op.drop_constraint("uq_readings_sensor_id", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_readings_cat_id"), ["cat_id", "sensor_id", "at"]
        )


def downgrade() -> None:
    # The old key allows one reading per sensor and instant: a copied cat's
    # readings give way to the first cat's (the lowest id is kept).
    op.execute(
        "DELETE FROM readings WHERE id NOT IN (SELECT MIN(id) FROM readings GROUP BY sensor_id, at)"
    )
    with op.batch_alter_table("readings", schema=None) as batch_op:
        batch_op.drop_constraint("uq_readings_cat_id", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_readings_sensor_id"), ["sensor_id", "at"])
