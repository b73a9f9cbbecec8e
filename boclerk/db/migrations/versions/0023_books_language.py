"""the language of the books

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07

``company.language``: the language the services write in when they write words into the books
every clerk reads (a journal entry's memo, a bank line's reason), whatever a clerk's own interface
speaks: ``ru`` or ``en``. A shop's locale says how its days and money are written; its language,
what its stored words say (the demo built in English is a Russian shop, with Russian days and
roubles, whose books speak English). An existing shop takes its locale's language; the English
demo (named "Demo Shop") English.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN on both databases: the company table keeps its triggers (0022)
    op.add_column("company", sa.Column("language", sa.String(length=8), nullable=False, server_default="en"))
    op.execute("UPDATE company SET language = CASE WHEN name = 'Demo Shop' THEN 'en' "
               "WHEN lower(locale) LIKE 'ru%' THEN 'ru' ELSE 'en' END")


def downgrade() -> None:
    op.drop_column("company", "language")
