"""the working calendar's time zone

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06

``work_calendar.zone``: a named zone whose clocks change (Europe/Berlin), for a shop outside
Russia; '' (every existing calendar) keeps the fixed ``utc_offset``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("work_calendar") as batch:
        batch.add_column(sa.Column("zone", sa.String(length=64), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("work_calendar") as batch:
        batch.drop_column("zone")
