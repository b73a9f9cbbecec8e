"""intake corrections: the allowances and charges of supplier bills

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

A bill made from an e-invoice carries the invoice's document-level allowances (discounts)
and charges (freight, packing), and the line-level ones its lines' prices do not explain,
each with its VAT, so that the bill's total is the invoice's.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('bill_adjustment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bill_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('bill_line_no', sa.Integer(), nullable=True),
    sa.Column('charge', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.String(length=200), server_default='', nullable=False),
    sa.Column('vat_rate', sa.Integer(), nullable=True),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['bill_id'], ['supplier_bill.id'], name=op.f('fk_bill_adjustment_bill_id_supplier_bill')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bill_adjustment'))
    )
    with op.batch_alter_table('bill_adjustment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bill_adjustment_bill_id'), ['bill_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('bill_adjustment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bill_adjustment_bill_id'))
    op.drop_table('bill_adjustment')
