"""storefront: the website's ids for products, groups, warehouses and prices; what was sent; exchanges; web orders

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05

Nothing is seeded: ids are given the first time something is sent to the website.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shop_ident',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('guid', sa.String(length=40), nullable=False),
    sa.CheckConstraint("kind IN ('product', 'group', 'warehouse', 'price_type', 'catalogue')",
                       name=op.f('ck_shop_ident_kind')),
    sa.PrimaryKeyConstraint('kind', 'key', name=op.f('pk_shop_ident')),
    sa.UniqueConstraint('guid', name=op.f('uq_shop_ident_guid'))
    )
    op.create_table('shop_sent',
    sa.Column('product_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('catalogue_digest', sa.String(length=64), nullable=False),
    sa.Column('offer_digest', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_shop_sent_product_id_product')),
    sa.PrimaryKeyConstraint('product_id', name=op.f('pk_shop_sent'))
    )
    op.create_table('shop_exchange',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('only_changes', sa.Boolean(), nullable=False),
    sa.Column('products', sa.Integer(), nullable=False),
    sa.Column('offers', sa.Integer(), nullable=False),
    sa.Column('orders_new', sa.Integer(), nullable=False),
    sa.Column('orders_updated', sa.Integer(), nullable=False),
    sa.Column('orders_refused', sa.Integer(), nullable=False),
    sa.Column('orders_unchanged', sa.Integer(), nullable=False),
    sa.CheckConstraint("direction IN ('catalogue', 'orders_in', 'statuses')", name=op.f('ck_shop_exchange_direction')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_exchange'))
    )
    with op.batch_alter_table('shop_exchange', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_exchange_direction'), ['direction'], unique=False)

    op.create_table('shop_order',
    sa.Column('order_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('site_id', sa.String(length=64), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('site_status', sa.String(length=100), server_default='', nullable=False),
    sa.Column('payment_method', sa.String(length=100), server_default='', nullable=False),
    sa.Column('site_paid', sa.Boolean(), nullable=False),
    sa.Column('pending_change', sa.Boolean(), nullable=False),
    sa.Column('sent_state', sa.String(length=120), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['sales_order.id'], name=op.f('fk_shop_order_order_id_sales_order')),
    sa.PrimaryKeyConstraint('order_id', name=op.f('pk_shop_order')),
    sa.UniqueConstraint('site_id', name=op.f('uq_shop_order_site_id'))
    )


def downgrade() -> None:
    op.drop_table('shop_order')
    with op.batch_alter_table('shop_exchange', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shop_exchange_direction'))
    op.drop_table('shop_exchange')
    op.drop_table('shop_sent')
    op.drop_table('shop_ident')
