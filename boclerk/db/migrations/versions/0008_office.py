"""office: staff, supply requests and budgets, equipment, contracts, internal deals between departments

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05

Seeds the accounts the office posts to (fixed assets and their depreciation, low-value
equipment, rent, repairs, disposals) unless the chart already has an account of that role;
a code already taken by another account moves on to the next free one. The office's
settings row carries the capitalisation threshold: 100,000.00 (in minor units) by default.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

#: (code, name, type, role): the accounts the office's postings need
ACCOUNTS = [
    ("1500", "Fixed assets", "asset", "fixed_assets"),
    ("1510", "Accumulated depreciation", "asset", "accumulated_depreciation"),
    ("5350", "Office equipment (expensed)", "expense", "equipment_expense"),
    ("5500", "Rent", "expense", "rent"),
    ("5600", "Repairs and maintenance", "expense", "repairs"),
    ("5700", "Depreciation", "expense", "depreciation"),
    ("5750", "Disposals of fixed assets", "expense", "asset_disposals"),
]


def _seed() -> None:
    bind = op.get_bind()
    codes = {row[0] for row in bind.execute(sa.text("SELECT code FROM account"))}
    roles = {row[0] for row in bind.execute(sa.text("SELECT role FROM account WHERE role IS NOT NULL"))}
    account = sa.table("account", sa.column("code"), sa.column("name"), sa.column("type"), sa.column("role"),
                       sa.column("active"))
    rows = []
    for code, name, type_, role in ACCOUNTS:
        if role in roles:
            continue
        while code in codes:
            code = str(int(code) + 1)
        codes.add(code)
        rows.append({"code": code, "name": name, "type": type_, "role": role, "active": True})
    if rows:
        op.bulk_insert(account, rows)
    settings = sa.table("office_settings", sa.column("id"))
    op.bulk_insert(settings, [{"id": 1}])


def upgrade() -> None:
    op.create_table('office_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('capitalisation_threshold', sa.BigInteger(), server_default='10000000', nullable=False),
    sa.Column('reminder_days', sa.Integer(), server_default='30', nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('capitalisation_threshold > 0', name=op.f('ck_office_settings_threshold_positive')),
    sa.CheckConstraint('id = 1', name=op.f('ck_office_settings_single_row')),
    sa.CheckConstraint('reminder_days >= 0', name=op.f('ck_office_settings_reminder_days_non_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office_settings'))
    )
    op.create_table('department_budget',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_department_budget_amount_non_negative')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_department_budget_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department_budget'))
    )
    with op.batch_alter_table('department_budget', schema=None) as batch_op:
        batch_op.create_index('ix_department_budget_period', ['period'], unique=False)
        batch_op.create_index('uq_department_budget', ['department_id', 'category', 'period'], unique=True)

    op.create_table('internal_deal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('from_department_id', sa.Integer(), nullable=True),
    sa.Column('to_department_id', sa.Integer(), nullable=True),
    sa.Column('basis', sa.String(length=12), nullable=True),
    sa.Column('basis_account_id', sa.Integer(), nullable=True),
    sa.Column('fee', sa.BigInteger(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("(basis = 'account') = (basis_account_id IS NOT NULL)", name=op.f('ck_internal_deal_basis_account')),
    sa.CheckConstraint("(kind = 'allocation') = (basis IS NOT NULL)", name=op.f('ck_internal_deal_allocation_has_basis')),
    sa.CheckConstraint("basis IS NULL OR basis IN ('headcount', 'area', 'fixed', 'account')", name=op.f('ck_internal_deal_basis')),
    sa.CheckConstraint("kind = 'allocation' OR (fee > 0 AND from_department_id IS NOT NULL AND to_department_id IS NOT NULL)", name=op.f('ck_internal_deal_service_complete')),
    sa.CheckConstraint("kind IN ('allocation', 'service')", name=op.f('ck_internal_deal_kind')),
    sa.CheckConstraint('valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from', name=op.f('ck_internal_deal_validity')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_internal_deal_account_id_account')),
    sa.ForeignKeyConstraint(['basis_account_id'], ['account.id'], name=op.f('fk_internal_deal_basis_account_id_account')),
    sa.ForeignKeyConstraint(['from_department_id'], ['department.id'], name=op.f('fk_internal_deal_from_department_id_department')),
    sa.ForeignKeyConstraint(['to_department_id'], ['department.id'], name=op.f('fk_internal_deal_to_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_internal_deal')),
    sa.UniqueConstraint('code', name=op.f('uq_internal_deal_code'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.String(length=100), server_default='', nullable=False),
    sa.Column('email', sa.String(length=200), server_default='', nullable=False),
    sa.Column('phone', sa.String(length=40), server_default='', nullable=False),
    sa.Column('user_name', sa.String(length=64), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_staff_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('code', name=op.f('uq_staff_code'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index('ix_staff_department', ['department_id', 'id'], unique=False)
        batch_op.create_index('ix_staff_name', ['name'], unique=False)
        batch_op.create_index('ix_staff_user', ['user_name'], unique=False)

    op.create_table('contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('their_number', sa.String(length=64), server_default='', nullable=False),
    sa.Column('party_kind', sa.String(length=10), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('party_name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('auto_renew', sa.Boolean(), nullable=False),
    sa.Column('renewal_months', sa.Integer(), server_default='12', nullable=False),
    sa.Column('notice_days', sa.Integer(), server_default='0', nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('responsible_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('terminated_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("(party_kind = 'customer') = (customer_id IS NOT NULL)", name=op.f('ck_contract_customer_party')),
    sa.CheckConstraint("(party_kind = 'supplier') = (supplier_id IS NOT NULL)", name=op.f('ck_contract_supplier_party')),
    sa.CheckConstraint("party_kind IN ('customer', 'supplier', 'other')", name=op.f('ck_contract_party_kind')),
    sa.CheckConstraint("status IN ('draft', 'with_lawyer', 'signed', 'terminated')", name=op.f('ck_contract_status')),
    sa.CheckConstraint('amount IS NULL OR amount >= 0', name=op.f('ck_contract_amount_non_negative')),
    sa.CheckConstraint('renewal_months > 0 AND notice_days >= 0', name=op.f('ck_contract_terms')),
    sa.CheckConstraint('valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from', name=op.f('ck_contract_validity')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_contract_customer_id_customer')),
    sa.ForeignKeyConstraint(['responsible_id'], ['staff.id'], name=op.f('fk_contract_responsible_id_staff')),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], name=op.f('fk_contract_supplier_id_supplier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract')),
    sa.UniqueConstraint('number', name=op.f('uq_contract_number'))
    )
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.create_index('ix_contract_customer', ['customer_id'], unique=False)
        batch_op.create_index('ix_contract_status', ['status', 'id'], unique=False)
        batch_op.create_index('ix_contract_supplier', ['supplier_id'], unique=False)
        batch_op.create_index('ix_contract_valid_to', ['valid_to'], unique=False)

    op.create_table('deal_posting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deal_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['deal_id'], ['internal_deal.id'], name=op.f('fk_deal_posting_deal_id_internal_deal')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_deal_posting_entry_id_journal_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deal_posting'))
    )
    with op.batch_alter_table('deal_posting', schema=None) as batch_op:
        batch_op.create_index('uq_deal_posting', ['deal_id', 'period'], unique=True)

    op.create_table('deal_share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deal_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('weight', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('weight >= 0', name=op.f('ck_deal_share_weight_non_negative')),
    sa.ForeignKeyConstraint(['deal_id'], ['internal_deal.id'], name=op.f('fk_deal_share_deal_id_internal_deal')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_deal_share_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deal_share'))
    )
    with op.batch_alter_table('deal_share', schema=None) as batch_op:
        batch_op.create_index('uq_deal_share', ['deal_id', 'department_id'], unique=True)

    op.create_table('supply_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('wanted_by', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("status IN ('open', 'decided', 'cancelled')", name=op.f('ck_supply_request_status')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_supply_request_department_id_department')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_supply_request_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supply_request')),
    sa.UniqueConstraint('number', name=op.f('uq_supply_request_number'))
    )
    with op.batch_alter_table('supply_request', schema=None) as batch_op:
        batch_op.create_index('ix_supply_request_creator', ['created_by', 'id'], unique=False)
        batch_op.create_index('ix_supply_request_department', ['department_id', 'id'], unique=False)
        batch_op.create_index('ix_supply_request_status', ['status', 'id'], unique=False)

    op.create_table('contract_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sa.String(length=10), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("target_kind IN ('document', 'annex', 'po', 'bill', 'order')", name=op.f('ck_contract_link_target_kind')),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_contract_link_contract_id_contract')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_link'))
    )
    with op.batch_alter_table('contract_link', schema=None) as batch_op:
        batch_op.create_index('ix_contract_link_target', ['target_kind', 'target_id'], unique=False)
        batch_op.create_index('uq_contract_link', ['contract_id', 'target_kind', 'target_id'], unique=True)

    op.create_table('equipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=100), server_default='', nullable=False),
    sa.Column('model', sa.String(length=100), server_default='', nullable=False),
    sa.Column('serial', sa.String(length=100), server_default='', nullable=False),
    sa.Column('location', sa.String(length=100), server_default='', nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=True),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('bill_id', sa.Integer(), nullable=True),
    sa.Column('po_line_id', sa.Integer(), nullable=True),
    sa.Column('cost', sa.BigInteger(), nullable=False),
    sa.Column('acquired_on', sa.Date(), nullable=False),
    sa.Column('warranty_until', sa.Date(), nullable=True),
    sa.Column('condition', sa.String(length=12), nullable=False),
    sa.Column('fixed_asset', sa.Boolean(), nullable=False),
    sa.Column('useful_life_months', sa.Integer(), nullable=True),
    sa.Column('capitalised_entry_id', sa.Integer(), nullable=True),
    sa.Column('written_off_on', sa.Date(), nullable=True),
    sa.Column('write_off_reason', sa.String(length=500), server_default='', nullable=False),
    sa.Column('write_off_document_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("(condition = 'written_off') = (written_off_on IS NOT NULL)", name=op.f('ck_equipment_written_off_dated')),
    sa.CheckConstraint("condition IN ('in_use', 'needs_repair', 'in_repair', 'in_store', 'written_off')", name=op.f('ck_equipment_condition')),
    sa.CheckConstraint('NOT fixed_asset OR useful_life_months > 0', name=op.f('ck_equipment_asset_has_life')),
    sa.CheckConstraint('cost >= 0', name=op.f('ck_equipment_cost_non_negative')),
    sa.ForeignKeyConstraint(['bill_id'], ['supplier_bill.id'], name=op.f('fk_equipment_bill_id_supplier_bill')),
    sa.ForeignKeyConstraint(['capitalised_entry_id'], ['journal_entry.id'], name=op.f('fk_equipment_capitalised_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_equipment_department_id_department')),
    sa.ForeignKeyConstraint(['holder_id'], ['staff.id'], name=op.f('fk_equipment_holder_id_staff')),
    sa.ForeignKeyConstraint(['po_line_id'], ['po_line.id'], name=op.f('fk_equipment_po_line_id_po_line')),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], name=op.f('fk_equipment_supplier_id_supplier')),
    sa.ForeignKeyConstraint(['write_off_document_id'], ['document.id'], name=op.f('fk_equipment_write_off_document_id_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equipment')),
    sa.UniqueConstraint('number', name=op.f('uq_equipment_number'))
    )
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.create_index('ix_equipment_condition', ['condition', 'id'], unique=False)
        batch_op.create_index('ix_equipment_department', ['department_id', 'id'], unique=False)
        batch_op.create_index('ix_equipment_holder', ['holder_id'], unique=False)
        batch_op.create_index('ix_equipment_po_line', ['po_line_id'], unique=False)
        batch_op.create_index('ix_equipment_serial', ['serial'], unique=False)
        batch_op.create_index('ix_equipment_warranty', ['warranty_until'], unique=False)

    op.create_table('request_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('qty', sa.BigInteger(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=500), server_default='', nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('po_line_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("po_line_id IS NULL OR status = 'approved'", name=op.f('ck_request_line_ordered_if_approved')),
    sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f('ck_request_line_status')),
    sa.CheckConstraint('qty > 0', name=op.f('ck_request_line_qty_positive')),
    sa.CheckConstraint('unit_price >= 0 AND value >= 0', name=op.f('ck_request_line_price_non_negative')),
    sa.ForeignKeyConstraint(['po_line_id'], ['po_line.id'], name=op.f('fk_request_line_po_line_id_po_line')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_request_line_product_id_product')),
    sa.ForeignKeyConstraint(['request_id'], ['supply_request.id'], name=op.f('fk_request_line_request_id_supply_request')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_line'))
    )
    with op.batch_alter_table('request_line', schema=None) as batch_op:
        batch_op.create_index('ix_request_line_po_line', ['po_line_id'], unique=False)
        batch_op.create_index('ix_request_line_product', ['product_id', 'request_id'], unique=False)
        batch_op.create_index('ix_request_line_request', ['request_id', 'line_no'], unique=True)
        batch_op.create_index('ix_request_line_status', ['status', 'request_id'], unique=False)

    op.create_table('depreciation_charge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_depreciation_charge_amount_positive')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_depreciation_charge_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['equipment_id'], ['equipment.id'], name=op.f('fk_depreciation_charge_equipment_id_equipment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_depreciation_charge'))
    )
    with op.batch_alter_table('depreciation_charge', schema=None) as batch_op:
        batch_op.create_index('ix_depreciation_charge_period', ['period'], unique=False)
        batch_op.create_index('uq_depreciation_charge', ['equipment_id', 'period'], unique=True)

    op.create_table('maintenance_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.String(length=200), nullable=False),
    sa.Column('every_months', sa.Integer(), nullable=False),
    sa.Column('next_due', sa.Date(), nullable=False),
    sa.Column('last_done', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('every_months > 0', name=op.f('ck_maintenance_plan_every_positive')),
    sa.ForeignKeyConstraint(['equipment_id'], ['equipment.id'], name=op.f('fk_maintenance_plan_equipment_id_equipment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maintenance_plan'))
    )
    with op.batch_alter_table('maintenance_plan', schema=None) as batch_op:
        batch_op.create_index('ix_maintenance_plan_due', ['active', 'next_due'], unique=False)
        batch_op.create_index('ix_maintenance_plan_equipment', ['equipment_id'], unique=False)

    op.create_table('equipment_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('what', sa.String(length=500), server_default='', nullable=False),
    sa.Column('done_by', sa.String(length=200), server_default='', nullable=False),
    sa.Column('cost', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('registered', 'moved', 'condition', 'service', 'planned', 'written_off')", name=op.f('ck_equipment_event_kind')),
    sa.CheckConstraint('cost >= 0', name=op.f('ck_equipment_event_cost_non_negative')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_equipment_event_entry_id_journal_entry')),
    sa.ForeignKeyConstraint(['equipment_id'], ['equipment.id'], name=op.f('fk_equipment_event_equipment_id_equipment')),
    sa.ForeignKeyConstraint(['plan_id'], ['maintenance_plan.id'], name=op.f('fk_equipment_event_plan_id_maintenance_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equipment_event'))
    )
    with op.batch_alter_table('equipment_event', schema=None) as batch_op:
        batch_op.create_index('ix_equipment_event_equipment', ['equipment_id', 'id'], unique=False)

    _seed()


def downgrade() -> None:
    with op.batch_alter_table('equipment_event', schema=None) as batch_op:
        batch_op.drop_index('ix_equipment_event_equipment')

    op.drop_table('equipment_event')
    with op.batch_alter_table('maintenance_plan', schema=None) as batch_op:
        batch_op.drop_index('ix_maintenance_plan_equipment')
        batch_op.drop_index('ix_maintenance_plan_due')

    op.drop_table('maintenance_plan')
    with op.batch_alter_table('depreciation_charge', schema=None) as batch_op:
        batch_op.drop_index('uq_depreciation_charge')
        batch_op.drop_index('ix_depreciation_charge_period')

    op.drop_table('depreciation_charge')
    with op.batch_alter_table('request_line', schema=None) as batch_op:
        batch_op.drop_index('ix_request_line_status')
        batch_op.drop_index('ix_request_line_product')
        batch_op.drop_index('ix_request_line_request')
        batch_op.drop_index('ix_request_line_po_line')

    op.drop_table('request_line')
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.drop_index('ix_equipment_warranty')
        batch_op.drop_index('ix_equipment_serial')
        batch_op.drop_index('ix_equipment_po_line')
        batch_op.drop_index('ix_equipment_holder')
        batch_op.drop_index('ix_equipment_department')
        batch_op.drop_index('ix_equipment_condition')

    op.drop_table('equipment')
    with op.batch_alter_table('contract_link', schema=None) as batch_op:
        batch_op.drop_index('uq_contract_link')
        batch_op.drop_index('ix_contract_link_target')

    op.drop_table('contract_link')
    with op.batch_alter_table('supply_request', schema=None) as batch_op:
        batch_op.drop_index('ix_supply_request_status')
        batch_op.drop_index('ix_supply_request_department')
        batch_op.drop_index('ix_supply_request_creator')

    op.drop_table('supply_request')
    with op.batch_alter_table('deal_share', schema=None) as batch_op:
        batch_op.drop_index('uq_deal_share')

    op.drop_table('deal_share')
    with op.batch_alter_table('deal_posting', schema=None) as batch_op:
        batch_op.drop_index('uq_deal_posting')

    op.drop_table('deal_posting')
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index('ix_contract_valid_to')
        batch_op.drop_index('ix_contract_supplier')
        batch_op.drop_index('ix_contract_status')
        batch_op.drop_index('ix_contract_customer')

    op.drop_table('contract')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_user')
        batch_op.drop_index('ix_staff_name')
        batch_op.drop_index('ix_staff_department')

    op.drop_table('staff')
    op.drop_table('internal_deal')
    with op.batch_alter_table('department_budget', schema=None) as batch_op:
        batch_op.drop_index('uq_department_budget')
        batch_op.drop_index('ix_department_budget_period')

    op.drop_table('department_budget')
    op.drop_table('office_settings')
    roles = ", ".join(f"'{role}'" for *_, role in ACCOUNTS)
    op.execute(f"DELETE FROM account WHERE role IN ({roles}) AND id NOT IN (SELECT account_id FROM posting) "
               f"AND id NOT IN (SELECT account_id FROM account_balance) AND id NOT IN (SELECT account_id FROM draft_line) "
               f"AND id NOT IN (SELECT expense_account_id FROM product WHERE expense_account_id IS NOT NULL)")
