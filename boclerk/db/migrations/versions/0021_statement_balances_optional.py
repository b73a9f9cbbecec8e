"""a bank statement's balances may be missing

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06

``bank_statement.opening`` and ``closing`` become nullable: a camt.054 notification gives no
balance, nor may a camt.052 report, and neither can then be worked out from the lines; it is
kept as NULL, not as 0 (which is a balance). Every existing row keeps its values. On SQLite the
table is copied (batch mode). The downgrade refuses while a statement has a missing balance, as
the older schema has no way to say so.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('bank_statement', schema=None) as batch_op:
        batch_op.alter_column('opening', existing_type=sa.BigInteger(), nullable=True)
        batch_op.alter_column('closing', existing_type=sa.BigInteger(), nullable=True)


def downgrade() -> None:
    missing = op.get_bind().execute(sa.text(
        "SELECT count(*) FROM bank_statement WHERE opening IS NULL OR closing IS NULL")).scalar()
    if missing:
        raise RuntimeError(f"{missing} bank statement(s) have no balance from their file; the older schema "
                           "needs one, so this database cannot go back to revision 0020.")
    with op.batch_alter_table('bank_statement', schema=None) as batch_op:
        batch_op.alter_column('opening', existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column('closing', existing_type=sa.BigInteger(), nullable=False)
