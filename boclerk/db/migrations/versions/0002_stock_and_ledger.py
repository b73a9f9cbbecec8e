"""stock and ledger: catalog, warehouses, stock moves and levels, counts, accounts, journal

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


SQLITE_TRIGGERS = [
    """CREATE TRIGGER trg_journal_entry_insert BEFORE INSERT ON journal_entry WHEN NEW.status <> 'draft'
       BEGIN SELECT RAISE(ABORT, 'journal entries are created as drafts and then posted'); END""",
    """CREATE TRIGGER trg_journal_entry_immutable BEFORE UPDATE ON journal_entry WHEN OLD.status = 'posted'
       BEGIN SELECT RAISE(ABORT, 'posted journal entries are immutable'); END""",
    """CREATE TRIGGER trg_journal_entry_no_delete BEFORE DELETE ON journal_entry WHEN OLD.status = 'posted'
       BEGIN SELECT RAISE(ABORT, 'posted journal entries are immutable'); END""",
    """CREATE TRIGGER trg_journal_entry_post BEFORE UPDATE OF status ON journal_entry
       WHEN OLD.status = 'draft' AND NEW.status = 'posted'
       BEGIN
         SELECT RAISE(ABORT, 'a journal entry needs postings')
           WHERE NOT EXISTS (SELECT 1 FROM posting WHERE entry_id = NEW.id);
         SELECT RAISE(ABORT, 'journal entry does not balance')
           WHERE (SELECT SUM(amount) FROM posting WHERE entry_id = NEW.id) <> 0;
         SELECT RAISE(ABORT, 'journal entry date is on or before the lock date')
           WHERE NEW.entry_date <= (SELECT lock_date FROM company WHERE id = 1);
         SELECT RAISE(ABORT, 'postings must carry the entry date')
           WHERE EXISTS (SELECT 1 FROM posting WHERE entry_id = NEW.id AND entry_date <> NEW.entry_date);
       END""",
    """CREATE TRIGGER trg_posting_insert BEFORE INSERT ON posting
       WHEN (SELECT status FROM journal_entry WHERE id = NEW.entry_id) <> 'draft'
       BEGIN SELECT RAISE(ABORT, 'postings are added only while their entry is being posted'); END""",
    """CREATE TRIGGER trg_posting_no_update BEFORE UPDATE ON posting
       BEGIN SELECT RAISE(ABORT, 'postings are immutable'); END""",
    """CREATE TRIGGER trg_posting_no_delete BEFORE DELETE ON posting
       BEGIN SELECT RAISE(ABORT, 'postings are immutable'); END""",
    """CREATE TRIGGER trg_stock_move_no_update BEFORE UPDATE ON stock_move
       BEGIN SELECT RAISE(ABORT, 'stock moves are immutable'); END""",
    """CREATE TRIGGER trg_stock_move_no_delete BEFORE DELETE ON stock_move
       BEGIN SELECT RAISE(ABORT, 'stock moves are immutable'); END""",
]

PG_TRIGGERS = [
    """CREATE FUNCTION boclerk_journal_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           IF NEW.status <> 'draft' THEN
             RAISE EXCEPTION 'journal entries are created as drafts and then posted';
           END IF;
           RETURN NEW;
         END IF;
         IF OLD.status = 'posted' THEN
           RAISE EXCEPTION 'posted journal entries are immutable';
         END IF;
         IF TG_OP = 'DELETE' THEN
           RETURN OLD;
         END IF;
         IF NEW.status = 'posted' THEN
           IF NOT EXISTS (SELECT 1 FROM posting WHERE entry_id = NEW.id) THEN
             RAISE EXCEPTION 'a journal entry needs postings';
           END IF;
           IF (SELECT SUM(amount) FROM posting WHERE entry_id = NEW.id) <> 0 THEN
             RAISE EXCEPTION 'journal entry does not balance';
           END IF;
           IF NEW.entry_date <= (SELECT lock_date FROM company WHERE id = 1) THEN
             RAISE EXCEPTION 'journal entry date is on or before the lock date';
           END IF;
           IF EXISTS (SELECT 1 FROM posting WHERE entry_id = NEW.id AND entry_date <> NEW.entry_date) THEN
             RAISE EXCEPTION 'postings must carry the entry date';
           END IF;
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER trg_journal_entry_guard BEFORE INSERT OR UPDATE OR DELETE ON journal_entry
       FOR EACH ROW EXECUTE FUNCTION boclerk_journal_entry_guard()""",
    """CREATE FUNCTION boclerk_posting_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           IF (SELECT status FROM journal_entry WHERE id = NEW.entry_id) <> 'draft' THEN
             RAISE EXCEPTION 'postings are added only while their entry is being posted';
           END IF;
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'postings are immutable';
       END $$""",
    """CREATE TRIGGER trg_posting_guard BEFORE INSERT OR UPDATE OR DELETE ON posting
       FOR EACH ROW EXECUTE FUNCTION boclerk_posting_guard()""",
    """CREATE TRIGGER trg_stock_move_immutable BEFORE UPDATE OR DELETE ON stock_move
       FOR EACH ROW EXECUTE FUNCTION boclerk_refuse('stock moves are immutable')""",
]


CHART = [
    ("1000", "Cash", "asset", "cash"),
    ("1010", "Bank", "asset", "bank"),
    ("1020", "Card payments in transit", "asset", "card_clearing"),
    ("1100", "Accounts receivable", "asset", "receivable"),
    ("1200", "Inventory", "asset", "inventory"),
    ("1300", "VAT receivable", "asset", "vat_receivable"),
    ("2000", "Accounts payable", "liability", "payable"),
    ("2100", "Goods received not invoiced", "liability", "grni"),
    ("2200", "Customer advances", "liability", "customer_advances"),
    ("2300", "VAT payable", "liability", "vat_payable"),
    ("3000", "Owner's equity", "equity", "equity"),
    ("3900", "Opening balances", "equity", "opening_balances"),
    ("4000", "Sales revenue", "income", "sales"),
    ("4100", "Sales returns", "income", "sales_returns"),
    ("4200", "Inventory gains", "income", "inventory_gain"),
    ("5000", "Cost of goods sold", "expense", "cogs"),
    ("5050", "Purchase price differences", "expense", "purchase_variance"),
    ("5100", "Inventory shrinkage and write-offs", "expense", "shrinkage"),
    ("5200", "Shipping", "expense", "shipping"),
    ("5300", "Office supplies", "expense", "office_supplies"),
    ("5400", "Bank fees", "expense", "bank_fees"),
    ("5800", "Inter-department recharges", "expense", "recharges"),
    ("5900", "Other expenses", "expense", "other_expenses"),
]

DEPARTMENTS = [
    ("WH", "Warehouse"), ("SALES", "Sales"), ("PURCH", "Purchasing"), ("ACCT", "Accounting"),
    ("IT", "IT"), ("MKT", "Marketing"), ("MGMT", "Management"),
]


def _seed() -> None:
    """Every database starts with the compact chart, the departments and one warehouse."""
    account = sa.table("account", sa.column("code"), sa.column("name"), sa.column("type"),
                       sa.column("role"), sa.column("active"))
    op.bulk_insert(account, [{"code": c, "name": n, "type": t, "role": r, "active": True} for c, n, t, r in CHART])
    department = sa.table("department", sa.column("code"), sa.column("name"), sa.column("active"))
    op.bulk_insert(department, [{"code": c, "name": n, "active": True} for c, n in DEPARTMENTS])
    warehouse = sa.table("warehouse", sa.column("code"), sa.column("name"), sa.column("active"))
    op.bulk_insert(warehouse, [{"code": "MAIN", "name": "Main warehouse", "active": True}])


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("type IN ('asset', 'liability', 'equity', 'income', 'expense')", name=op.f('ck_account_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('code', name=op.f('uq_account_code'))
    )
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.create_index('uq_account_role', ['role'], unique=True, sqlite_where=sa.text('role IS NOT NULL'), postgresql_where=sa.text('role IS NOT NULL'))

    op.create_table('department',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department')),
    sa.UniqueConstraint('code', name=op.f('uq_department_code'))
    )
    op.create_table('journal_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=True),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('memo', sa.String(length=500), server_default='', nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('source_kind', sa.String(length=16), server_default='', nullable=False),
    sa.Column('source_ref', sa.String(length=32), server_default='', nullable=False),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('posted_by', sa.String(length=64), nullable=True),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("(status = 'posted') = (number IS NOT NULL)", name=op.f('ck_journal_entry_number_iff_posted')),
    sa.CheckConstraint("status IN ('draft', 'posted')", name=op.f('ck_journal_entry_status')),
    sa.ForeignKeyConstraint(['reverses_id'], ['journal_entry.id'], name=op.f('fk_journal_entry_reverses_id_journal_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entry')),
    sa.UniqueConstraint('number', name=op.f('uq_journal_entry_number')),
    sa.UniqueConstraint('reverses_id', name=op.f('uq_journal_entry_reverses_id'))
    )
    with op.batch_alter_table('journal_entry', schema=None) as batch_op:
        batch_op.create_index('ix_journal_entry_date', ['entry_date', 'id'], unique=False)
        batch_op.create_index('ix_journal_entry_source', ['source_ref'], unique=False)

    op.create_table('warehouse',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_warehouse')),
    sa.UniqueConstraint('code', name=op.f('uq_warehouse_code'))
    )
    op.create_table('account_balance',
    sa.Column('account_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('dept_key', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('period', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('debit', sa.BigInteger(), nullable=False),
    sa.Column('credit', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('debit >= 0 AND credit >= 0', name=op.f('ck_account_balance_non_negative')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_account_balance_account_id_account')),
    sa.PrimaryKeyConstraint('account_id', 'dept_key', 'period', name=op.f('pk_account_balance'))
    )
    op.create_table('draft_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_draft_line_amount_non_zero')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_draft_line_account_id_account')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_draft_line_department_id_department')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_draft_line_entry_id_journal_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_line'))
    )
    with op.batch_alter_table('draft_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_line_entry_id'), ['entry_id'], unique=False)

    op.create_table('posting',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_posting_amount_non_zero')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_posting_account_id_account')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_posting_department_id_department')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_posting_entry_id_journal_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting'))
    )
    with op.batch_alter_table('posting', schema=None) as batch_op:
        batch_op.create_index('ix_posting_account', ['account_id', 'entry_date', 'id'], unique=False)
        batch_op.create_index('ix_posting_date', ['entry_date'], unique=False)
        batch_op.create_index('ix_posting_entry', ['entry_id'], unique=False)

    op.create_table('product',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=100), server_default='', nullable=False),
    sa.Column('unit', sa.String(length=16), server_default='pcs', nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('sale_price', sa.BigInteger(), nullable=False),
    sa.Column('vat_rate', sa.Integer(), nullable=False),
    sa.Column('prices_include_vat', sa.Boolean(), nullable=False),
    sa.Column('standard_cost', sa.BigInteger(), nullable=False),
    sa.Column('reorder_point', sa.Integer(), nullable=False),
    sa.Column('reorder_qty', sa.Integer(), nullable=False),
    sa.Column('expense_account_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("kind IN ('goods', 'consumable', 'service')", name=op.f('ck_product_kind')),
    sa.CheckConstraint('reorder_point >= 0 AND reorder_qty >= 0', name=op.f('ck_product_reorder_non_negative')),
    sa.CheckConstraint('sale_price >= 0', name=op.f('ck_product_sale_price_non_negative')),
    sa.CheckConstraint('standard_cost >= 0', name=op.f('ck_product_standard_cost_non_negative')),
    sa.CheckConstraint('vat_rate >= 0 AND vat_rate <= 100', name=op.f('ck_product_vat_rate_range')),
    sa.ForeignKeyConstraint(['expense_account_id'], ['account.id'], name=op.f('fk_product_expense_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product')),
    sa.UniqueConstraint('sku', name=op.f('uq_product_sku'))
    )
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.create_index('ix_product_category', ['category', 'sku'], unique=False)
        batch_op.create_index('ix_product_name', ['name'], unique=False)

    op.create_table('stock_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_by', sa.String(length=64), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'posted', 'cancelled')", name=op.f('ck_stock_count_status')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_stock_count_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], name=op.f('fk_stock_count_warehouse_id_warehouse')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_count')),
    sa.UniqueConstraint('number', name=op.f('uq_stock_count_number'))
    )
    with op.batch_alter_table('stock_count', schema=None) as batch_op:
        batch_op.create_index('uq_stock_count_open', ['warehouse_id'], unique=True, sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))

    op.create_table('barcode',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_barcode_product_id_product')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_barcode'))
    )
    with op.batch_alter_table('barcode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_barcode_product_id'), ['product_id'], unique=False)

    op.create_table('product_cost',
    sa.Column('product_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('qty > 0 OR value = 0', name=op.f('ck_product_cost_no_value_without_qty')),
    sa.CheckConstraint('qty >= 0', name=op.f('ck_product_cost_qty_non_negative')),
    sa.CheckConstraint('value >= 0', name=op.f('ck_product_cost_value_non_negative')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_cost_product_id_product')),
    sa.PrimaryKeyConstraint('product_id', name=op.f('pk_product_cost'))
    )
    op.create_table('reservation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('source_kind', sa.String(length=16), nullable=False),
    sa.Column('source_ref', sa.String(length=32), nullable=False),
    sa.Column('source_line', sa.Integer(), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('active = (qty > 0)', name=op.f('ck_reservation_active_iff_qty')),
    sa.CheckConstraint('qty >= 0', name=op.f('ck_reservation_qty_non_negative')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_reservation_product_id_product')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], name=op.f('fk_reservation_warehouse_id_warehouse')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reservation'))
    )
    with op.batch_alter_table('reservation', schema=None) as batch_op:
        batch_op.create_index('ix_reservation_product', ['product_id', 'warehouse_id'], unique=False)
        batch_op.create_index('uq_reservation_active_line', ['source_ref', 'source_line'], unique=True, sqlite_where=sa.text('active'), postgresql_where=sa.text('active'))

    op.create_table('stock_count_line',
    sa.Column('count_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('product_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('expected', sa.Integer(), nullable=False),
    sa.Column('counted', sa.Integer(), nullable=True),
    sa.CheckConstraint('counted IS NULL OR counted >= 0', name=op.f('ck_stock_count_line_counted_non_negative')),
    sa.ForeignKeyConstraint(['count_id'], ['stock_count.id'], name=op.f('fk_stock_count_line_count_id_stock_count')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_stock_count_line_product_id_product')),
    sa.PrimaryKeyConstraint('count_id', 'product_id', name=op.f('pk_stock_count_line'))
    )
    op.create_table('stock_level',
    sa.Column('product_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('warehouse_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('on_hand', sa.Integer(), nullable=False),
    sa.Column('reserved', sa.Integer(), nullable=False),
    sa.CheckConstraint('on_hand >= 0', name=op.f('ck_stock_level_on_hand_non_negative')),
    sa.CheckConstraint('reserved <= on_hand', name=op.f('ck_stock_level_reserved_within_on_hand')),
    sa.CheckConstraint('reserved >= 0', name=op.f('ck_stock_level_reserved_non_negative')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_stock_level_product_id_product')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], name=op.f('fk_stock_level_warehouse_id_warehouse')),
    sa.PrimaryKeyConstraint('product_id', 'warehouse_id', name=op.f('pk_stock_level'))
    )
    with op.batch_alter_table('stock_level', schema=None) as batch_op:
        batch_op.create_index('ix_stock_level_warehouse', ['warehouse_id', 'product_id'], unique=False)

    op.create_table('stock_move',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('moved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('move_date', sa.Date(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('reason', sa.String(length=200), server_default='', nullable=False),
    sa.Column('source_kind', sa.String(length=16), server_default='', nullable=False),
    sa.Column('source_ref', sa.String(length=32), server_default='', nullable=False),
    sa.Column('source_line', sa.Integer(), nullable=True),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.CheckConstraint("kind IN ('receipt', 'shipment', 'transfer_out', 'transfer_in', 'adjustment', 'write_off', 'count_gain', 'count_loss', 'customer_return', 'supplier_return')", name=op.f('ck_stock_move_kind')),
    sa.CheckConstraint('qty <> 0', name=op.f('ck_stock_move_qty_non_zero')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_stock_move_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_stock_move_product_id_product')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], name=op.f('fk_stock_move_warehouse_id_warehouse')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_move'))
    )
    with op.batch_alter_table('stock_move', schema=None) as batch_op:
        batch_op.create_index('ix_stock_move_date', ['move_date', 'product_id'], unique=False)
        batch_op.create_index('ix_stock_move_product', ['product_id', 'warehouse_id', 'id'], unique=False)
        batch_op.create_index('ix_stock_move_source', ['source_ref'], unique=False)


    for ddl in SQLITE_TRIGGERS if op.get_bind().dialect.name == "sqlite" else PG_TRIGGERS:
        op.execute(ddl)
    _seed()

def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_stock_move_immutable ON stock_move")
        op.execute("DROP TRIGGER IF EXISTS trg_posting_guard ON posting")
        op.execute("DROP TRIGGER IF EXISTS trg_journal_entry_guard ON journal_entry")
        op.execute("DROP FUNCTION IF EXISTS boclerk_posting_guard()")
        op.execute("DROP FUNCTION IF EXISTS boclerk_journal_entry_guard()")
    with op.batch_alter_table('stock_move', schema=None) as batch_op:
        batch_op.drop_index('ix_stock_move_source')
        batch_op.drop_index('ix_stock_move_product')
        batch_op.drop_index('ix_stock_move_date')

    op.drop_table('stock_move')
    with op.batch_alter_table('stock_level', schema=None) as batch_op:
        batch_op.drop_index('ix_stock_level_warehouse')

    op.drop_table('stock_level')
    op.drop_table('stock_count_line')
    with op.batch_alter_table('reservation', schema=None) as batch_op:
        batch_op.drop_index('uq_reservation_active_line', sqlite_where=sa.text('active'), postgresql_where=sa.text('active'))
        batch_op.drop_index('ix_reservation_product')

    op.drop_table('reservation')
    op.drop_table('product_cost')
    with op.batch_alter_table('barcode', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_barcode_product_id'))

    op.drop_table('barcode')
    with op.batch_alter_table('stock_count', schema=None) as batch_op:
        batch_op.drop_index('uq_stock_count_open', sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))

    op.drop_table('stock_count')
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index('ix_product_name')
        batch_op.drop_index('ix_product_category')

    op.drop_table('product')
    with op.batch_alter_table('posting', schema=None) as batch_op:
        batch_op.drop_index('ix_posting_entry')
        batch_op.drop_index('ix_posting_date')
        batch_op.drop_index('ix_posting_account')

    op.drop_table('posting')
    with op.batch_alter_table('draft_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_line_entry_id'))

    op.drop_table('draft_line')
    op.drop_table('account_balance')
    op.drop_table('warehouse')
    with op.batch_alter_table('journal_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_journal_entry_source')
        batch_op.drop_index('ix_journal_entry_date')

    op.drop_table('journal_entry')
    op.drop_table('department')
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index('uq_account_role', sqlite_where=sa.text('role IS NOT NULL'), postgresql_where=sa.text('role IS NOT NULL'))

    op.drop_table('account')
