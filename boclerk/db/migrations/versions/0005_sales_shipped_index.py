"""sales report: index orders by the day they shipped

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

``boclerk report sales`` selects the orders shipped in a period by ``shipped_on``; without
this index that is a scan of every order ever taken.
"""

from __future__ import annotations

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.create_index('ix_sales_order_shipped', ['shipped_on', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_order_shipped')
