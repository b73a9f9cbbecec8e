"""documents: document intake, links, full-text index, bank statements and their lines

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

The full-text index is dialect-specific DDL, not a model (tests/db/test_migrations.py
leaves these names out of its comparison): on SQLite an FTS5 table ``document_fts`` over
``document_text`` kept in step by triggers; on PostgreSQL a ``search`` tsvector column on
``document_text`` (written by the documents service) with a GIN index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE document_fts USING fts5(meta, body, content='document_text', "
    "content_rowid='document_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER trg_document_text_ai AFTER INSERT ON document_text BEGIN "
    "INSERT INTO document_fts(rowid, meta, body) VALUES (new.document_id, new.meta, new.body); END",
    "CREATE TRIGGER trg_document_text_ad AFTER DELETE ON document_text BEGIN "
    "INSERT INTO document_fts(document_fts, rowid, meta, body) VALUES ('delete', old.document_id, old.meta, old.body); "
    "END",
    "CREATE TRIGGER trg_document_text_au AFTER UPDATE ON document_text BEGIN "
    "INSERT INTO document_fts(document_fts, rowid, meta, body) VALUES ('delete', old.document_id, old.meta, old.body); "
    "INSERT INTO document_fts(rowid, meta, body) VALUES (new.document_id, new.meta, new.body); END",
]
PG_FTS = [
    "ALTER TABLE document_text ADD COLUMN search tsvector",
    "CREATE INDEX ix_document_text_search ON document_text USING gin (search)",
]

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('doc_type', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('their_number', sa.String(length=64), server_default='', nullable=False),
    sa.Column('their_date', sa.Date(), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('reason', sa.String(length=500), server_default='', nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("doc_type IN ('supplier_invoice', 'upd', 'waybill', 'act', 'contract', 'receipt', 'bank_statement', 'other')", name=op.f('ck_document_doc_type')),
    sa.CheckConstraint("status IN ('inbox', 'reviewed', 'filed', 'archived')", name=op.f('ck_document_status')),
    sa.CheckConstraint('customer_id IS NULL OR supplier_id IS NULL', name=op.f('ck_document_one_counterparty')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_document_size_non_negative')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_document_customer_id_customer')),
    sa.ForeignKeyConstraint(['parent_id'], ['document.id'], name=op.f('fk_document_parent_id_document')),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], name=op.f('fk_document_supplier_id_supplier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document')),
    sa.UniqueConstraint('number', name=op.f('uq_document_number')),
    sa.UniqueConstraint('sha256', name=op.f('uq_document_sha256'))
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index('ix_document_customer', ['customer_id', 'id'], unique=False)
        batch_op.create_index('ix_document_parent', ['parent_id'], unique=False)
        batch_op.create_index('ix_document_status', ['status', 'id'], unique=False)
        batch_op.create_index('ix_document_supplier', ['supplier_id', 'their_number'], unique=False)
        batch_op.create_index('ix_document_type', ['doc_type', 'id'], unique=False)

    op.create_table('bank_statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('account', sa.String(length=64), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('opening', sa.BigInteger(), nullable=False),
    sa.Column('closing', sa.BigInteger(), nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('new_lines', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_bank_statement_document_id_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_statement')),
    sa.UniqueConstraint('document_id', name=op.f('uq_bank_statement_document_id'))
    )
    op.create_table('document_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sa.String(length=16), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("target_kind IN ('order', 'po', 'bill', 'entry', 'customer', 'supplier')", name=op.f('ck_document_link_target_kind')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_document_link_document_id_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_link'))
    )
    with op.batch_alter_table('document_link', schema=None) as batch_op:
        batch_op.create_index('ix_document_link_target', ['target_kind', 'target_id'], unique=False)
        batch_op.create_index('uq_document_link', ['document_id', 'target_kind', 'target_id'], unique=True)

    op.create_table('document_text',
    sa.Column('document_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('meta', sa.Text(), server_default='', nullable=False),
    sa.Column('body', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_document_text_document_id_document')),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_document_text'))
    )
    op.create_table('bank_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=200), nullable=False),
    sa.Column('booked', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('counterparty_name', sa.String(length=300), server_default='', nullable=False),
    sa.Column('counterparty_tax_id', sa.String(length=32), server_default='', nullable=False),
    sa.Column('counterparty_account', sa.String(length=64), server_default='', nullable=False),
    sa.Column('purpose', sa.Text(), server_default='', nullable=False),
    sa.Column('reference', sa.String(length=140), server_default='', nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=500), server_default='', nullable=False),
    sa.Column('match_kind', sa.String(length=8), nullable=True),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('bill_id', sa.Integer(), nullable=True),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("(status = 'confirmed') = (entry_id IS NOT NULL)", name=op.f('ck_bank_line_entry_iff_confirmed')),
    sa.CheckConstraint("match_kind IS NULL OR match_kind IN ('order', 'bill', 'fee')", name=op.f('ck_bank_line_match_kind')),
    sa.CheckConstraint("status IN ('unmatched', 'proposed', 'confirmed', 'ignored')", name=op.f('ck_bank_line_status')),
    sa.CheckConstraint("status NOT IN ('proposed', 'confirmed') OR match_kind IS NOT NULL", name=op.f('ck_bank_line_matched_has_kind')),
    sa.ForeignKeyConstraint(['bill_id'], ['supplier_bill.id'], name=op.f('fk_bank_line_bill_id_supplier_bill')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_bank_line_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['order_id'], ['sales_order.id'], name=op.f('fk_bank_line_order_id_sales_order')),
    sa.ForeignKeyConstraint(['statement_id'], ['bank_statement.id'], name=op.f('fk_bank_line_statement_id_bank_statement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_line')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_bank_line_fingerprint'))
    )
    with op.batch_alter_table('bank_line', schema=None) as batch_op:
        batch_op.create_index('ix_bank_line_statement', ['statement_id', 'line_no'], unique=False)
        batch_op.create_index('ix_bank_line_status', ['status', 'id'], unique=False)

    for ddl in SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else PG_FTS:
        op.execute(ddl)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("trg_document_text_au", "trg_document_text_ad", "trg_document_text_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS document_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_document_text_search")
    with op.batch_alter_table('bank_line', schema=None) as batch_op:
        batch_op.drop_index('ix_bank_line_status')
        batch_op.drop_index('ix_bank_line_statement')

    op.drop_table('bank_line')
    op.drop_table('document_text')
    with op.batch_alter_table('document_link', schema=None) as batch_op:
        batch_op.drop_index('uq_document_link')
        batch_op.drop_index('ix_document_link_target')

    op.drop_table('document_link')
    op.drop_table('bank_statement')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index('ix_document_type')
        batch_op.drop_index('ix_document_supplier')
        batch_op.drop_index('ix_document_status')
        batch_op.drop_index('ix_document_parent')
        batch_op.drop_index('ix_document_customer')

    op.drop_table('document')
