"""summaries kept in step with the books: stock value per day, product and warehouse; sales per day shipped

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

``stock_value_day`` sums the stock moves per day, product and warehouse; a trigger on
``stock_move`` keeps it in step in every writer's transaction (boclerk/db/summaries.py).
``sales_day`` and ``sales_day_orders`` hold what the sales report counts per day shipped and
channel (``sales_day`` also per the decimals of the products' units), kept in step by triggers on ``order_line`` and ``sales_order``.
Existing books get them filled here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from boclerk.db import summaries

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stock_value_day',
    sa.Column('move_date', sa.Date(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('qty', sa.BigInteger(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_stock_value_day_product_id_product')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'],
                            name=op.f('fk_stock_value_day_warehouse_id_warehouse')),
    sa.PrimaryKeyConstraint('move_date', 'product_id', 'warehouse_id', name=op.f('pk_stock_value_day'))
    )
    op.create_table('sales_day',
    sa.Column('shipped_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('decimals', sa.Integer(), nullable=False),
    sa.Column('qty', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('shipped_on', 'channel', 'decimals', name=op.f('pk_sales_day'))
    )
    op.create_table('sales_day_orders',
    sa.Column('shipped_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('orders', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('shipped_on', 'channel', name=op.f('pk_sales_day_orders'))
    )
    op.execute(summaries.FILL)
    for fill in summaries.FILL_SALES:
        op.execute(fill)
    summaries.create(op.execute, op.get_bind().dialect.name)


def downgrade() -> None:
    summaries.drop(op.execute, op.get_bind().dialect.name)
    op.drop_table('sales_day_orders')
    op.drop_table('sales_day')
    op.drop_table('stock_value_day')
