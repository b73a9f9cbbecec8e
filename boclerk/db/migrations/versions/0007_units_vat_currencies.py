"""units of measure, VAT by date and regime, currencies and tax ids by country

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05

- ``unit``: every product's unit, with its OKEI code and the decimals it allows. Quantities
  of products whose unit now allows decimals (kg, l, m ...) were whole units; they are kept
  as integers of the unit's smallest fraction, so they are multiplied by 10**decimals here
  (stock moves included: their immutability triggers step aside for that one statement).
- ``vat_rate`` (dated rates per category) and ``company_vat_regime``; products carry a VAT
  category instead of a number; lines may be "без НДС" (rate NULL); shipment lines carry the
  rate in force on their day.
- ``exchange_rate``; suppliers, purchase orders, bills and bank accounts may be in another
  currency; bills and payments keep their value in the company's currency too.
- partners and the company carry a country, tax ids and bank details.

SQLite rebuilds product, order_line, po_line and bill_line (batch mode); any trigger on them
is re-created afterwards.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

UNITS = [
    ("pcs", "796", "штука", "piece", "шт", "pcs", 0),
    ("kg", "166", "килограмм", "kilogram", "кг", "kg", 3),
    ("g", "163", "грамм", "gram", "г", "g", 0),
    ("t", "168", "тонна", "tonne", "т", "t", 3),
    ("m", "006", "метр", "metre", "м", "m", 3),
    ("m2", "055", "квадратный метр", "square metre", "м²", "m²", 2),
    ("m3", "113", "кубический метр", "cubic metre", "м³", "m³", 3),
    ("l", "112", "литр", "litre", "л", "l", 3),
    ("ml", "111", "миллилитр", "millilitre", "мл", "ml", 0),
    ("pack", "778", "упаковка", "pack", "упак", "pack", 0),
    ("box", "812", "ящик", "box", "ящ", "box", 0),
    ("set", "839", "комплект", "set", "компл", "set", 0),
    ("pair", "715", "пара", "pair", "пар", "pair", 0),
    ("roll", "736", "рулон", "roll", "рул", "roll", 0),
    ("h", "356", "час", "hour", "ч", "h", 2),
]

RATES = [("standard", "1993-01-01", 20), ("standard", "2004-01-01", 18), ("standard", "2019-01-01", 20),
         ("standard", "2026-01-01", 22), ("reduced", "1993-01-01", 10), ("zero", "1993-01-01", 0),
         ("exempt", "1993-01-01", None)]

#: (table, column, how the row reaches its product) of every quantity in the books.
QUANTITIES = [
    ("stock_level", ("on_hand", "reserved"), "product_id"),
    ("product_cost", ("qty",), "product_id"),
    ("stock_move", ("qty",), "product_id"),
    ("reservation", ("qty",), "product_id"),
    ("stock_count_line", ("expected", "counted"), "product_id"),
    ("order_line", ("qty", "qty_shipped", "qty_returned"), "product_id"),
    ("shipment_line", ("qty",), "(SELECT product_id FROM order_line WHERE order_line.id = shipment_line.order_line_id)"),
    ("po_line", ("qty", "qty_received", "qty_billed"), "product_id"),
    ("receipt_line", ("qty",), "(SELECT product_id FROM po_line WHERE po_line.id = receipt_line.po_line_id)"),
    ("bill_line", ("qty",), "product_id"),
    ("product", ("reorder_point", "reorder_qty"), "id"),
]

REBUILT = ("product", "order_line", "po_line", "bill_line")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _triggers(tables) -> list[tuple[str, str, str]]:
    """(name, table, sql) of the SQLite triggers on ``tables``."""
    marks = ", ".join(f"'{t}'" for t in tables)
    return [tuple(r) for r in op.get_bind().exec_driver_sql(
        f"SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})")]


def _recreate_missing(saved: list[tuple[str, str, str]]) -> None:
    present = {r[0] for r in op.get_bind().exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name, _, ddl in saved:
        if name not in present:
            op.execute(ddl)


def _scale_quantities() -> None:
    """Whole quantities of products whose unit now has decimals, in the unit's smallest fraction."""
    bind = op.get_bind()
    scaled = bind.execute(sa.text("SELECT p.id, u.decimals FROM product p JOIN unit u ON u.code = p.unit "
                                  "WHERE u.decimals > 0")).all()
    if not scaled:
        return
    if _sqlite():
        saved = _triggers(["stock_move"])
        for name, _, _ in saved:
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("ALTER TABLE stock_move DISABLE TRIGGER USER")
    for decimals in sorted({d for _, d in scaled}):
        ids = ", ".join(str(pid) for pid, d in scaled if d == decimals)
        factor = 10 ** decimals
        for table, columns, product in QUANTITIES:
            sets = ", ".join(f"{c} = {c} * {factor}" for c in columns)
            op.execute(f"UPDATE {table} SET {sets} WHERE {product} IN ({ids})")
    if _sqlite():
        for _, _, ddl in saved:
            op.execute(ddl)
    else:
        op.execute("ALTER TABLE stock_move ENABLE TRIGGER USER")


def _free_code(taken: set[str], start: int) -> str:
    code = start
    while str(code) in taken:
        code += 1
    return str(code)


def _fx_accounts() -> None:
    bind = op.get_bind()
    taken = {r[0] for r in bind.execute(sa.text("SELECT code FROM account"))}
    roles = {r[0] for r in bind.execute(sa.text("SELECT role FROM account WHERE role IS NOT NULL"))}
    account = sa.table("account", sa.column("code"), sa.column("name"), sa.column("type"), sa.column("role"),
                       sa.column("active"))
    rows = []
    for start, name, kind, role in ((4300, "Exchange gains", "income", "fx_gain"),
                                    (5950, "Exchange losses", "expense", "fx_loss")):
        if role not in roles:
            code = _free_code(taken, start)
            taken.add(code)
            rows.append({"code": code, "name": name, "type": kind, "role": role, "active": True})
    if rows:
        op.bulk_insert(account, rows)


def upgrade() -> None:
    saved = _triggers(REBUILT) if _sqlite() else []
    op.create_table('unit',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('okei', sa.String(length=4), nullable=False),
    sa.Column('name_ru', sa.String(length=64), nullable=False),
    sa.Column('name_en', sa.String(length=64), nullable=False),
    sa.Column('symbol_ru', sa.String(length=16), nullable=False),
    sa.Column('symbol_en', sa.String(length=16), nullable=False),
    sa.Column('decimals', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint('decimals >= 0 AND decimals <= 3', name=op.f('ck_unit_decimals_range')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_unit')),
    sa.UniqueConstraint('okei', name=op.f('uq_unit_okei'))
    )
    unit = sa.table("unit", *(sa.column(c) for c in ("code", "okei", "name_ru", "name_en", "symbol_ru",
                                                      "symbol_en", "decimals")))
    op.bulk_insert(unit, [dict(zip(("code", "okei", "name_ru", "name_en", "symbol_ru", "symbol_en", "decimals"), u,
                                   strict=True)) for u in UNITS])
    known = {u[0] for u in UNITS}
    others = [r[0] for r in op.get_bind().execute(sa.text("SELECT DISTINCT unit FROM product"))
              if r[0] not in known]
    op.bulk_insert(unit, [{"code": u, "okei": f"X{i:03d}", "name_ru": u, "name_en": u, "symbol_ru": u,
                           "symbol_en": u, "decimals": 0} for i, u in enumerate(others, start=1)])
    op.create_table('vat_rate',
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('rate', sa.Integer(), nullable=True),
    sa.CheckConstraint("category IN ('standard', 'reduced', 'zero', 'exempt')", name=op.f('ck_vat_rate_category')),
    sa.CheckConstraint('rate IS NULL OR (rate >= 0 AND rate <= 100)', name=op.f('ck_vat_rate_rate_range')),
    sa.PrimaryKeyConstraint('category', 'valid_from', name=op.f('pk_vat_rate'))
    )
    from datetime import date

    vat_rate = sa.table("vat_rate", sa.column("category"), sa.column("valid_from", sa.Date), sa.column("rate"))
    op.bulk_insert(vat_rate, [{"category": c, "valid_from": date.fromisoformat(d), "rate": r} for c, d, r in RATES])
    op.create_table('company_vat_regime',
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('regime', sa.String(length=16), nullable=False),
    sa.CheckConstraint("regime IN ('general', 'usn_vat5', 'usn_vat7', 'usn_exempt')",
                       name=op.f('ck_company_vat_regime_regime')),
    sa.PrimaryKeyConstraint('valid_from', name=op.f('pk_company_vat_regime'))
    )
    regime = sa.table("company_vat_regime", sa.column("valid_from", sa.Date), sa.column("regime"))
    op.bulk_insert(regime, [{"valid_from": date(1993, 1, 1), "regime": "general"}])
    op.create_table('exchange_rate',
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('rate', sa.BigInteger(), nullable=False),
    sa.Column('nominal', sa.Integer(), server_default='1', nullable=False),
    sa.Column('source', sa.String(length=16), server_default='manual', nullable=False),
    sa.CheckConstraint('nominal > 0', name=op.f('ck_exchange_rate_nominal_positive')),
    sa.CheckConstraint('rate > 0', name=op.f('ck_exchange_rate_rate_positive')),
    sa.PrimaryKeyConstraint('currency', 'day', name=op.f('pk_exchange_rate'))
    )

    _scale_quantities()

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vat_category', sa.String(length=16), server_default='standard', nullable=False))
    op.execute("UPDATE product SET vat_category = CASE WHEN vat_rate = 10 THEN 'reduced' "
               "WHEN vat_rate = 0 THEN 'zero' ELSE 'standard' END")
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_product_vat_rate_range'), type_='check')
        batch_op.drop_column('vat_rate')
        batch_op.create_check_constraint(
            'vat_category', "vat_category IN ('standard', 'reduced', 'zero', 'exempt')")
        batch_op.create_foreign_key(batch_op.f('fk_product_unit_unit'), 'unit', ['unit'], ['code'])
    for table in ('order_line', 'po_line', 'bill_line'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('vat_rate', existing_type=sa.Integer(), nullable=True)

    op.add_column('shipment_line', sa.Column('vat_rate', sa.Integer(), nullable=True))
    op.execute("UPDATE shipment_line SET vat_rate = (SELECT vat_rate FROM order_line "
               "WHERE order_line.id = shipment_line.order_line_id)")

    for table in ('customer', 'supplier', 'company'):
        op.add_column(table, sa.Column('country', sa.String(length=2), server_default='RU', nullable=False))
    for table in ('customer', 'company'):
        op.add_column(table, sa.Column('tax_id', sa.String(length=20), server_default='', nullable=False))
    for table in ('supplier', 'company'):
        op.add_column(table, sa.Column('kpp', sa.String(length=9), server_default='', nullable=False))
        op.add_column(table, sa.Column('ogrn', sa.String(length=15), server_default='', nullable=False))
        op.add_column(table, sa.Column('bik', sa.String(length=9), server_default='', nullable=False))
        op.add_column(table, sa.Column('bank_account', sa.String(length=20), server_default='', nullable=False))
    for table in ('supplier', 'purchase_order', 'supplier_bill', 'account'):
        op.add_column(table, sa.Column('currency', sa.String(length=3), nullable=True))
    op.drop_index('ix_supplier_tax_id', table_name='supplier')
    op.create_index('ix_supplier_tax_id', 'supplier', ['country', 'tax_id'], unique=False)

    op.add_column('supplier_bill', sa.Column('rate', sa.BigInteger(), nullable=True))
    op.add_column('supplier_bill', sa.Column('rate_nominal', sa.Integer(), nullable=True))
    op.add_column('supplier_bill', sa.Column('total_base', sa.BigInteger(), server_default='0', nullable=False))
    op.add_column('supplier_bill', sa.Column('paid_base', sa.BigInteger(), server_default='0', nullable=False))
    op.execute("UPDATE supplier_bill SET total_base = total, paid_base = paid")
    op.add_column('supplier_payment', sa.Column('amount_base', sa.BigInteger(), server_default='0', nullable=False))
    op.add_column('supplier_payment', sa.Column('cleared_base', sa.BigInteger(), server_default='0', nullable=False))
    op.add_column('supplier_payment', sa.Column('rate', sa.BigInteger(), nullable=True))
    op.add_column('supplier_payment', sa.Column('rate_nominal', sa.Integer(), nullable=True))
    op.execute("UPDATE supplier_payment SET amount_base = amount, cleared_base = amount")

    _fx_accounts()
    if _sqlite():
        _recreate_missing(saved)


def downgrade() -> None:
    raise NotImplementedError("0007 keeps quantities in new units; restore the backup db upgrade made instead.")
