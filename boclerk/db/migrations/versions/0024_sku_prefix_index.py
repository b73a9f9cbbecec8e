"""a PostgreSQL index for the SKU prefix search in any collation

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07

``boclerk find`` asks for the SKUs that begin with what was typed, in any case
(boclerk/services/like.py: ``sku_prefix_sql``). On PostgreSQL it asks for a range of
``lower(sku) COLLATE "C"``: this index holds exactly that expression, so the range is read from
it whatever the database's own collation (the unique index on ``sku`` sorts in that collation, and
serves a byte-order range only in a database made in the C locale). SQLite needs nothing: its
unique index on ``sku`` sorts by bytes, and its search asks it one range per case of the first
character.
"""

from __future__ import annotations

from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

#: the expression of boclerk.services.like.sku_prefix_sql on PostgreSQL, for ``product.sku``
INDEX = "ix_product_sku_lower_c"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'CREATE INDEX {INDEX} ON product ((lower(sku) COLLATE "C"))')


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")
