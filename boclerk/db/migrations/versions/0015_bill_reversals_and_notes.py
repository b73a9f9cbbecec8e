"""bill reversals and supplier credit and debit notes

Revision ID: 0015
Revises: 0011
Create Date: 2026-12-05

- A posted bill may be reversed (status ``reversed``: its entry mirrored, e.g. when the supplier's
  corrected UPD replaces it); its supplier number may then be registered again.
- ``supplier_note`` and ``supplier_note_line``: the supplier's credit and debit notes (УКД, UBL
  credit notes, or by hand) against a posted bill, with their VAT per rate; the bill keeps what
  they changed of what is owed (``noted``, ``noted_base``), and a debit note may raise what may
  be paid above the bill's total.
- ``supplier_bill.prepaid``: what the supplier's invoice says was paid ahead (its PrepaidAmount),
  shown beside the bill; the payment itself is booked from the bank line that carried it.

SQLite rebuilds supplier_bill (batch mode) for its two checks; no trigger lives on it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

_OPEN_REF = "status NOT IN ('rejected', 'reversed')"


def upgrade() -> None:
    with op.batch_alter_table('supplier_bill', schema=None) as batch_op:
        batch_op.add_column(sa.Column('noted', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('noted_base', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('prepaid', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.drop_constraint(op.f('ck_supplier_bill_status'), type_='check')
        batch_op.drop_constraint(op.f('ck_supplier_bill_paid_within_total'), type_='check')
        batch_op.create_check_constraint('status', "status IN ('held', 'posted', 'paid', 'rejected', 'reversed')")
        batch_op.create_check_constraint(
            'paid_within_total', "paid >= 0 AND paid <= total + (CASE WHEN noted > 0 THEN noted ELSE 0 END)")
        batch_op.drop_index('uq_supplier_bill_ref')
        batch_op.create_index('uq_supplier_bill_ref', ['supplier_id', 'supplier_ref'], unique=True,
                              sqlite_where=sa.text(_OPEN_REF), postgresql_where=sa.text(_OPEN_REF))
    op.create_table('supplier_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('bill_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('supplier_ref', sa.String(length=64), nullable=False),
    sa.Column('note_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), server_default='', nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('total_base', sa.BigInteger(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("kind IN ('credit', 'debit')", name=op.f('ck_supplier_note_kind')),
    sa.CheckConstraint("(kind = 'credit' AND total < 0) OR (kind = 'debit' AND total > 0)",
                       name=op.f('ck_supplier_note_sign_of_kind')),
    sa.ForeignKeyConstraint(['bill_id'], ['supplier_bill.id'], name=op.f('fk_supplier_note_bill_id_supplier_bill')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_supplier_note_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], name=op.f('fk_supplier_note_supplier_id_supplier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_note')),
    sa.UniqueConstraint('number', name=op.f('uq_supplier_note_number'))
    )
    with op.batch_alter_table('supplier_note', schema=None) as batch_op:
        batch_op.create_index('ix_supplier_note_bill', ['bill_id', 'id'], unique=False)
        batch_op.create_index('ix_supplier_note_supplier', ['supplier_id', 'id'], unique=False)
    op.create_table('supplier_note_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), server_default='', nullable=False),
    sa.Column('vat_rate', sa.Integer(), nullable=True),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['note_id'], ['supplier_note.id'], name=op.f('fk_supplier_note_line_note_id_supplier_note')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_note_line'))
    )
    with op.batch_alter_table('supplier_note_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_note_line_note_id'), ['note_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('supplier_note_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_note_line_note_id'))
    op.drop_table('supplier_note_line')
    with op.batch_alter_table('supplier_note', schema=None) as batch_op:
        batch_op.drop_index('ix_supplier_note_supplier')
        batch_op.drop_index('ix_supplier_note_bill')
    op.drop_table('supplier_note')
    with op.batch_alter_table('supplier_bill', schema=None) as batch_op:
        batch_op.drop_index('uq_supplier_bill_ref')
        batch_op.create_index('uq_supplier_bill_ref', ['supplier_id', 'supplier_ref'], unique=True,
                              sqlite_where=sa.text("status <> 'rejected'"),
                              postgresql_where=sa.text("status <> 'rejected'"))
        batch_op.drop_constraint(op.f('ck_supplier_bill_paid_within_total'), type_='check')
        batch_op.drop_constraint(op.f('ck_supplier_bill_status'), type_='check')
        batch_op.create_check_constraint('paid_within_total', 'paid >= 0 AND paid <= total')
        batch_op.create_check_constraint('status', "status IN ('held', 'posted', 'paid', 'rejected')")
        batch_op.drop_column('prepaid')
        batch_op.drop_column('noted_base')
        batch_op.drop_column('noted')
