"""a statement file of several accounts keeps one statement per account

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06

A 1CClientBankExchange file with several РасчСчет, a camt.053 with statements of several
accounts, an OFX with several STMTRS: each account's statement is stored and matched on its
own, all under the one document the file is. ``bank_statement.document_id`` is therefore no
longer unique; an index keeps finding a document's statements quick. On SQLite the table is
copied (batch mode). The downgrade refuses while a document holds more than one statement.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('bank_statement', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_bank_statement_document_id'), type_='unique')
        batch_op.create_index('ix_bank_statement_document', ['document_id'], unique=False)


def downgrade() -> None:
    several = op.get_bind().execute(sa.text(
        "SELECT count(*) FROM (SELECT document_id FROM bank_statement GROUP BY document_id HAVING count(*) > 1) x"
    )).scalar()
    if several:
        raise RuntimeError(f"{several} document(s) hold statements of several accounts; the older schema keeps one "
                           "statement per document, so this database cannot go back to revision 0016.")
    with op.batch_alter_table('bank_statement', schema=None) as batch_op:
        batch_op.drop_index('ix_bank_statement_document')
        batch_op.create_unique_constraint(op.f('uq_bank_statement_document_id'), ['document_id'])
