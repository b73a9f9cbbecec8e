"""orders and purchases: customers, suppliers, sales orders, purchase orders, bills

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=200), server_default='', nullable=False),
    sa.Column('phone', sa.String(length=40), server_default='', nullable=False),
    sa.Column('phone_digits', sa.String(length=20), server_default='', nullable=False),
    sa.Column('address', sa.String(length=500), server_default='', nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer')),
    sa.UniqueConstraint('code', name=op.f('uq_customer_code'))
    )
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.create_index('ix_customer_email', ['email'], unique=False)
        batch_op.create_index('ix_customer_name', ['name'], unique=False)
        batch_op.create_index('ix_customer_phone', ['phone_digits'], unique=False)

    op.create_table('supplier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('tax_id', sa.String(length=20), server_default='', nullable=False),
    sa.Column('contact', sa.String(length=200), server_default='', nullable=False),
    sa.Column('email', sa.String(length=200), server_default='', nullable=False),
    sa.Column('phone', sa.String(length=40), server_default='', nullable=False),
    sa.Column('address', sa.String(length=500), server_default='', nullable=False),
    sa.Column('payment_terms_days', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('payment_terms_days >= 0', name=op.f('ck_supplier_terms_non_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier')),
    sa.UniqueConstraint('code', name=op.f('uq_supplier_code'))
    )
    with op.batch_alter_table('supplier', schema=None) as batch_op:
        batch_op.create_index('ix_supplier_name', ['name'], unique=False)
        batch_op.create_index('ix_supplier_tax_id', ['tax_id'], unique=False)

    op.create_table('purchase_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('order_date', sa.Date(), nullable=False),
    sa.Column('expected_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("status IN ('draft', 'sent', 'partially_received', 'received', 'billed', 'closed', 'cancelled')", name=op.f('ck_purchase_order_status')),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], name=op.f('fk_purchase_order_supplier_id_supplier')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], name=op.f('fk_purchase_order_warehouse_id_warehouse')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_order')),
    sa.UniqueConstraint('number', name=op.f('uq_purchase_order_number'))
    )
    with op.batch_alter_table('purchase_order', schema=None) as batch_op:
        batch_op.create_index('ix_purchase_order_status', ['status', 'id'], unique=False)
        batch_op.create_index('ix_purchase_order_supplier', ['supplier_id', 'id'], unique=False)

    op.create_table('sales_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('order_date', sa.Date(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('channel_ref', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=True),
    sa.Column('backorder', sa.Boolean(), nullable=False),
    sa.Column('historical', sa.Boolean(), nullable=False),
    sa.Column('delivery_address', sa.String(length=500), server_default='', nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('net_total', sa.BigInteger(), nullable=False),
    sa.Column('vat_total', sa.BigInteger(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('invoiced', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.BigInteger(), nullable=False),
    sa.Column('shipped_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("channel IN ('website', 'marketplace', 'phone', 'shop')", name=op.f('ck_sales_order_channel')),
    sa.CheckConstraint("status IN ('draft', 'confirmed', 'partially_shipped', 'shipped', 'delivered', 'cancelled')", name=op.f('ck_sales_order_status')),
    sa.CheckConstraint('total >= 0 AND net_total >= 0 AND vat_total >= 0', name=op.f('ck_sales_order_totals_non_negative')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_sales_order_customer_id_customer')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], name=op.f('fk_sales_order_warehouse_id_warehouse')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_order')),
    sa.UniqueConstraint('number', name=op.f('uq_sales_order_number'))
    )
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.create_index('ix_sales_order_customer', ['customer_id', 'id'], unique=False)
        batch_op.create_index('ix_sales_order_date', ['order_date', 'id'], unique=False)
        batch_op.create_index('ix_sales_order_status', ['status', 'id'], unique=False)
        batch_op.create_index('uq_sales_order_channel_ref', ['channel', 'channel_ref'], unique=True, sqlite_where=sa.text('channel_ref IS NOT NULL'), postgresql_where=sa.text('channel_ref IS NOT NULL'))

    op.create_table('goods_receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('po_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_goods_receipt_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['po_id'], ['purchase_order.id'], name=op.f('fk_goods_receipt_po_id_purchase_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goods_receipt'))
    )
    with op.batch_alter_table('goods_receipt', schema=None) as batch_op:
        batch_op.create_index('ix_goods_receipt_po', ['po_id', 'id'], unique=False)

    op.create_table('order_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('discount_bp', sa.Integer(), nullable=False),
    sa.Column('vat_rate', sa.Integer(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('qty_shipped', sa.Integer(), nullable=False),
    sa.Column('qty_returned', sa.Integer(), nullable=False),
    sa.Column('cost_shipped', sa.BigInteger(), nullable=False),
    sa.Column('cost_returned', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('discount_bp >= 0 AND discount_bp <= 10000', name=op.f('ck_order_line_discount_range')),
    sa.CheckConstraint('qty > 0', name=op.f('ck_order_line_qty_positive')),
    sa.CheckConstraint('qty_returned >= 0 AND qty_returned <= qty_shipped', name=op.f('ck_order_line_returned_within_shipped')),
    sa.CheckConstraint('qty_shipped >= 0 AND qty_shipped <= qty', name=op.f('ck_order_line_shipped_within_qty')),
    sa.ForeignKeyConstraint(['order_id'], ['sales_order.id'], name=op.f('fk_order_line_order_id_sales_order')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_order_line_product_id_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_line'))
    )
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.create_index('ix_order_line_order', ['order_id', 'line_no'], unique=True)
        batch_op.create_index('ix_order_line_product', ['product_id', 'order_id'], unique=False)

    op.create_table('order_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('reference', sa.String(length=100), server_default='', nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("method IN ('bank', 'card', 'cash')", name=op.f('ck_order_payment_method')),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_order_payment_amount_non_zero')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_order_payment_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['order_id'], ['sales_order.id'], name=op.f('fk_order_payment_order_id_sales_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_payment'))
    )
    with op.batch_alter_table('order_payment', schema=None) as batch_op:
        batch_op.create_index('ix_order_payment_order', ['order_id', 'id'], unique=False)

    op.create_table('po_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('po_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('vat_rate', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('qty_received', sa.Integer(), nullable=False),
    sa.Column('qty_billed', sa.Integer(), nullable=False),
    sa.CheckConstraint('qty > 0', name=op.f('ck_po_line_qty_positive')),
    sa.CheckConstraint('qty_received >= 0 AND qty_billed >= 0', name=op.f('ck_po_line_progress_non_negative')),
    sa.CheckConstraint('unit_price >= 0', name=op.f('ck_po_line_price_non_negative')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_po_line_department_id_department')),
    sa.ForeignKeyConstraint(['po_id'], ['purchase_order.id'], name=op.f('fk_po_line_po_id_purchase_order')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_po_line_product_id_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_po_line'))
    )
    with op.batch_alter_table('po_line', schema=None) as batch_op:
        batch_op.create_index('ix_po_line_po', ['po_id', 'line_no'], unique=True)
        batch_op.create_index('ix_po_line_product', ['product_id'], unique=False)

    op.create_table('shipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('damaged', sa.Boolean(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('cost', sa.BigInteger(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("kind IN ('ship', 'return')", name=op.f('ck_shipment_kind')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_shipment_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['order_id'], ['sales_order.id'], name=op.f('fk_shipment_order_id_sales_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shipment'))
    )
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.create_index('ix_shipment_order', ['order_id', 'id'], unique=False)

    op.create_table('supplier_bill',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('po_id', sa.Integer(), nullable=True),
    sa.Column('supplier_ref', sa.String(length=64), nullable=False),
    sa.Column('bill_date', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('hold_reason', sa.String(length=500), server_default='', nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.BigInteger(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("status IN ('held', 'posted', 'paid', 'rejected')", name=op.f('ck_supplier_bill_status')),
    sa.CheckConstraint('paid >= 0 AND paid <= total', name=op.f('ck_supplier_bill_paid_within_total')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_supplier_bill_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['po_id'], ['purchase_order.id'], name=op.f('fk_supplier_bill_po_id_purchase_order')),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], name=op.f('fk_supplier_bill_supplier_id_supplier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_bill')),
    sa.UniqueConstraint('number', name=op.f('uq_supplier_bill_number'))
    )
    with op.batch_alter_table('supplier_bill', schema=None) as batch_op:
        batch_op.create_index('ix_supplier_bill_po', ['po_id'], unique=False)
        batch_op.create_index('ix_supplier_bill_status', ['status', 'id'], unique=False)
        batch_op.create_index('uq_supplier_bill_ref', ['supplier_id', 'supplier_ref'], unique=True, sqlite_where=sa.text("status <> 'rejected'"), postgresql_where=sa.text("status <> 'rejected'"))

    op.create_table('bill_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bill_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('po_line_id', sa.Integer(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('vat_rate', sa.Integer(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('qty > 0', name=op.f('ck_bill_line_qty_positive')),
    sa.ForeignKeyConstraint(['bill_id'], ['supplier_bill.id'], name=op.f('fk_bill_line_bill_id_supplier_bill')),
    sa.ForeignKeyConstraint(['po_line_id'], ['po_line.id'], name=op.f('fk_bill_line_po_line_id_po_line')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_bill_line_product_id_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bill_line'))
    )
    with op.batch_alter_table('bill_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bill_line_bill_id'), ['bill_id'], unique=False)

    op.create_table('receipt_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('po_line_id', sa.Integer(), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('qty > 0', name=op.f('ck_receipt_line_qty_positive')),
    sa.ForeignKeyConstraint(['po_line_id'], ['po_line.id'], name=op.f('fk_receipt_line_po_line_id_po_line')),
    sa.ForeignKeyConstraint(['receipt_id'], ['goods_receipt.id'], name=op.f('fk_receipt_line_receipt_id_goods_receipt')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt_line'))
    )
    with op.batch_alter_table('receipt_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_line_receipt_id'), ['receipt_id'], unique=False)

    op.create_table('shipment_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('cost', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('qty > 0', name=op.f('ck_shipment_line_qty_positive')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_line.id'], name=op.f('fk_shipment_line_order_line_id_order_line')),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipment.id'], name=op.f('fk_shipment_line_shipment_id_shipment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shipment_line'))
    )
    with op.batch_alter_table('shipment_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shipment_line_shipment_id'), ['shipment_id'], unique=False)

    op.create_table('supplier_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bill_id', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('reference', sa.String(length=100), server_default='', nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_supplier_payment_amount_positive')),
    sa.ForeignKeyConstraint(['bill_id'], ['supplier_bill.id'], name=op.f('fk_supplier_payment_bill_id_supplier_bill')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_supplier_payment_entry_id_journal_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_payment'))
    )
    with op.batch_alter_table('supplier_payment', schema=None) as batch_op:
        batch_op.create_index('ix_supplier_payment_bill', ['bill_id'], unique=False)

    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.add_column(sa.Column('over_receipt_bp', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bill_qty_tolerance_bp', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bill_price_tolerance_bp', sa.Integer(), server_default='100', nullable=False))

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('preferred_supplier_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_product_preferred_supplier_id'), ['preferred_supplier_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_product_preferred_supplier_id_supplier'), 'supplier', ['preferred_supplier_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_product_preferred_supplier_id_supplier'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_product_preferred_supplier_id'))
        batch_op.drop_column('preferred_supplier_id')

    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.drop_column('bill_price_tolerance_bp')
        batch_op.drop_column('bill_qty_tolerance_bp')
        batch_op.drop_column('over_receipt_bp')

    with op.batch_alter_table('supplier_payment', schema=None) as batch_op:
        batch_op.drop_index('ix_supplier_payment_bill')

    op.drop_table('supplier_payment')
    with op.batch_alter_table('shipment_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shipment_line_shipment_id'))

    op.drop_table('shipment_line')
    with op.batch_alter_table('receipt_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_line_receipt_id'))

    op.drop_table('receipt_line')
    with op.batch_alter_table('bill_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bill_line_bill_id'))

    op.drop_table('bill_line')
    with op.batch_alter_table('supplier_bill', schema=None) as batch_op:
        batch_op.drop_index('uq_supplier_bill_ref')
        batch_op.drop_index('ix_supplier_bill_status')
        batch_op.drop_index('ix_supplier_bill_po')

    op.drop_table('supplier_bill')
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.drop_index('ix_shipment_order')

    op.drop_table('shipment')
    with op.batch_alter_table('po_line', schema=None) as batch_op:
        batch_op.drop_index('ix_po_line_product')
        batch_op.drop_index('ix_po_line_po')

    op.drop_table('po_line')
    with op.batch_alter_table('order_payment', schema=None) as batch_op:
        batch_op.drop_index('ix_order_payment_order')

    op.drop_table('order_payment')
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_index('ix_order_line_product')
        batch_op.drop_index('ix_order_line_order')

    op.drop_table('order_line')
    with op.batch_alter_table('goods_receipt', schema=None) as batch_op:
        batch_op.drop_index('ix_goods_receipt_po')

    op.drop_table('goods_receipt')
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.drop_index('uq_sales_order_channel_ref', sqlite_where=sa.text('channel_ref IS NOT NULL'), postgresql_where=sa.text('channel_ref IS NOT NULL'))
        batch_op.drop_index('ix_sales_order_status')
        batch_op.drop_index('ix_sales_order_date')
        batch_op.drop_index('ix_sales_order_customer')

    op.drop_table('sales_order')
    with op.batch_alter_table('purchase_order', schema=None) as batch_op:
        batch_op.drop_index('ix_purchase_order_supplier')
        batch_op.drop_index('ix_purchase_order_status')

    op.drop_table('purchase_order')
    with op.batch_alter_table('supplier', schema=None) as batch_op:
        batch_op.drop_index('ix_supplier_tax_id')
        batch_op.drop_index('ix_supplier_name')

    op.drop_table('supplier')
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.drop_index('ix_customer_phone')
        batch_op.drop_index('ix_customer_name')
        batch_op.drop_index('ix_customer_email')

    op.drop_table('customer')
