"""customers in law, produced documents by type, product descriptions

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-05

- ``customer.kind`` (person, organisation, sole_trader) and ``customer.kpp`` (organisations
  only). Existing customers get the kind their INN says: 10 digits an organisation, 12 a sole
  trader (a Russian INN given by a buyer is a business's), none a person.
- ``document.doc_type`` admits the shop's own documents: customer_invoice, packing_slip,
  purchase_order, reconciliation. Documents produced before (registered as "other") get the
  type of the form they were produced as. On SQLite the table is copied (batch mode); the
  full-text index's triggers live on ``document_text`` and are kept, and any trigger on
  ``document`` is put back as it was.
- ``product.description``: what the storefront shows under the name.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

OLD_TYPES = ('supplier_invoice', 'upd', 'waybill', 'act', 'contract', 'receipt', 'bank_statement', 'other')
NEW_TYPES = ('supplier_invoice', 'upd', 'waybill', 'act', 'contract', 'receipt', 'bank_statement',
             'customer_invoice', 'packing_slip', 'purchase_order', 'reconciliation', 'other')
#: outbound_document.kind -> the type its document now has
PRODUCED = {'invoice': 'customer_invoice', 'packing': 'packing_slip', 'packing_day': 'packing_slip',
            'po': 'purchase_order', 'statement': 'reconciliation'}


def _check(types: tuple[str, ...]) -> str:
    return "doc_type IN (" + ", ".join(f"'{t}'" for t in types) + ")"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _triggers(tables: tuple[str, ...]) -> list[tuple[str, str]]:
    marks = ", ".join(f"'{t}'" for t in tables)
    return [(r[0], r[1]) for r in op.get_bind().exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})")]


def _retype(types: tuple[str, ...]) -> None:
    """The document table's type check, replaced; SQLite copies the table, so the triggers on it
    and on its full-text companion are read first and any the copy lost is created again."""
    saved = _triggers(('document', 'document_text')) if _sqlite() else []
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_document_doc_type'), type_='check')
        batch_op.create_check_constraint(op.f('ck_document_doc_type'), _check(types))
    if saved:
        present = {name for name, _ in _triggers(('document', 'document_text'))}
        for name, ddl in saved:
            if name not in present:
                op.execute(ddl)


def upgrade() -> None:
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='person', nullable=False))
        batch_op.add_column(sa.Column('kpp', sa.String(length=9), server_default='', nullable=False))
    op.execute("UPDATE customer SET kind = 'organisation' WHERE country = 'RU' AND length(tax_id) = 10")
    op.execute("UPDATE customer SET kind = 'sole_trader' WHERE country = 'RU' AND length(tax_id) = 12")
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_customer_kind'), "kind IN ('person', 'organisation', 'sole_trader')")
        batch_op.create_check_constraint(op.f('ck_customer_kpp_of_organisation'), "kpp = '' OR kind = 'organisation'")

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', sa.Text(), server_default='', nullable=False))

    _retype(NEW_TYPES)
    for kind, doc_type in PRODUCED.items():
        op.execute(f"UPDATE document SET doc_type = '{doc_type}' WHERE doc_type = 'other' AND id IN "
                   f"(SELECT document_id FROM outbound_document WHERE kind = '{kind}')")


def downgrade() -> None:
    op.execute("UPDATE document SET doc_type = 'other' WHERE doc_type IN "
               "('customer_invoice', 'packing_slip', 'purchase_order', 'reconciliation')")
    _retype(OLD_TYPES)
    if op.get_bind().dialect.name == "sqlite":
        # in place, not by copying the table: the triggers that keep the sales summaries (0012)
        # name product, and a copy renamed into its place is refused while they do
        op.execute("ALTER TABLE product DROP COLUMN description")
    else:
        op.drop_column('product', 'description')
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_customer_kpp_of_organisation'), type_='check')
        batch_op.drop_constraint(op.f('ck_customer_kind'), type_='check')
        batch_op.drop_column('kpp')
        batch_op.drop_column('kind')
