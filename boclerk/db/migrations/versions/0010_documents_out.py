"""documents that go out: the company's remaining requisites and the register of produced documents

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

- ``company`` carries what an invoice for payment and a UPD print: the legal address, the
  bank's name and correspondent account, the director and the chief accountant.
- ``outbound_document``: a document the shop produced (an invoice, a UPD and its printable
  form ...) for one record, so that printing it again gives the same document and number.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

COMPANY = (("legal_address", 500), ("bank_name", 200), ("corr_account", 20), ("director", 200),
           ("chief_accountant", 200))


def upgrade() -> None:
    for name, length in COMPANY:
        op.add_column('company', sa.Column(name, sa.String(length=length), server_default='', nullable=False))
    op.create_table('outbound_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('target_kind', sa.String(length=16), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=32), server_default='', nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_outbound_document_document_id_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_document'))
    )
    with op.batch_alter_table('outbound_document', schema=None) as batch_op:
        batch_op.create_index('uq_outbound_document', ['kind', 'target_kind', 'target_id', 'period'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('outbound_document', schema=None) as batch_op:
        batch_op.drop_index('uq_outbound_document')
    op.drop_table('outbound_document')
    with op.batch_alter_table('company', schema=None) as batch_op:
        for name, _ in reversed(COMPANY):
            batch_op.drop_column(name)
