"""where the last clean db check got to

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06

``check_mark`` (one row) keeps what the last clean ``boclerk db check`` covered: the highest
ids of entries, postings and stock moves and the audit and journal chains' verified links, so
that the next check looks at what came after (``db check --full`` looks at everything).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from boclerk.domain.base import UTCDateTime

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'check_mark',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('checked_at', UTCDateTime(), nullable=False),
        sa.Column('full', sa.Boolean(), nullable=False),
        sa.Column('entry_id', sa.BigInteger(), nullable=False),
        sa.Column('posting_id', sa.BigInteger(), nullable=False),
        sa.Column('move_id', sa.BigInteger(), nullable=False),
        sa.Column('audit_seq', sa.BigInteger(), nullable=False),
        sa.Column('audit_hash', sa.String(length=64), nullable=True),
        sa.Column('journal_seq', sa.BigInteger(), nullable=False),
        sa.Column('journal_hash', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_check_mark')),
    )


def downgrade() -> None:
    op.drop_table('check_mark')
