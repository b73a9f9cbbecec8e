"""a bank line posted to an account of the chart says so

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06

``bank_line.match_kind`` admits ``account``: a line that pays no order, bill or fee (a deposit
the landlord refunds) posted by an accountant to an account of the chart with a memo. On
SQLite the table is copied (batch mode) and any trigger on it is put back as it was. The
downgrade calls such lines fees again, the kind the older schema had for a posting by hand.
"""

from __future__ import annotations

from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

OLD_KINDS = ('order', 'bill', 'fee')
NEW_KINDS = ('order', 'bill', 'fee', 'account')


def _check(kinds: tuple[str, ...]) -> str:
    return "match_kind IS NULL OR match_kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def _triggers() -> list[tuple[str, str]]:
    if op.get_bind().dialect.name != "sqlite":
        return []
    return [(r[0], r[1]) for r in op.get_bind().exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'bank_line'")]


def _rekind(kinds: tuple[str, ...]) -> None:
    saved = _triggers()
    with op.batch_alter_table('bank_line', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_bank_line_match_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_bank_line_match_kind'), _check(kinds))
    present = {name for name, _ in _triggers()}
    for name, ddl in saved:
        if name not in present:
            op.execute(ddl)


def upgrade() -> None:
    _rekind(NEW_KINDS)


def downgrade() -> None:
    op.execute("UPDATE bank_line SET match_kind = 'fee' WHERE match_kind = 'account'")
    _rekind(OLD_KINDS)
