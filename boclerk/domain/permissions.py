"""The one permission matrix: which role may do what.

Services consult :func:`allowed`; faces only hide what it forbids. Every role may read
(the viewer sees everything read-only); writes are granted per role below.
"""

from __future__ import annotations

from enum import StrEnum

from boclerk.domain.roles import Role
from boclerk.i18n import N_


class Perm(StrEnum):
    READ = "read"
    USER_MANAGE = "user.manage"
    AUDIT_READ = "audit.read"
    DB_ADMIN = "db.admin"
    DB_CHECK = "db.check"
    SETTINGS = "settings.manage"
    CATALOG_MANAGE = "catalog.manage"
    WAREHOUSE_MANAGE = "warehouse.manage"
    STOCK_MOVE = "stock.move"
    STOCK_COUNT = "stock.count"
    LEDGER_POST = "ledger.post"
    LEDGER_LOCK = "ledger.lock"
    LEDGER_REOPEN = "ledger.reopen"
    ACCOUNTS_MANAGE = "accounts.manage"
    CUSTOMER_MANAGE = "customer.manage"
    ORDER_MANAGE = "order.manage"
    ORDER_PAY = "order.pay"
    ORDER_SHIP = "order.ship"
    ORDER_RETURN = "order.return"
    SUPPLIER_MANAGE = "supplier.manage"
    PURCHASE_MANAGE = "purchase.manage"
    PURCHASE_RECEIVE = "purchase.receive"
    BILL_ENTER = "bill.enter"
    BILL_APPROVE = "bill.approve"
    BILL_PAY = "bill.pay"
    DOC_INTAKE = "doc.intake"
    DOC_MANAGE = "doc.manage"
    BANK_RECONCILE = "bank.reconcile"
    DATA_IMPORT = "data.import"
    DATA_EXPORT = "data.export"
    OFFICE_ASK = "office.ask"
    OFFICE_APPROVE = "office.approve"
    OFFICE_STAFF = "office.staff"
    OFFICE_BUDGET = "office.budget"
    EQUIPMENT_MANAGE = "equipment.manage"
    CONTRACT_MANAGE = "contract.manage"
    ALLOCATION_RUN = "allocation.run"


_ALL = frozenset(Perm)
_P = Perm

MATRIX: dict[Role, frozenset[Perm]] = {
    Role.ADMIN: _ALL,
    Role.ACCOUNTANT: frozenset({
        _P.READ, _P.AUDIT_READ, _P.DB_CHECK, _P.LEDGER_POST, _P.ACCOUNTS_MANAGE,
        _P.ORDER_PAY, _P.SUPPLIER_MANAGE, _P.BILL_ENTER, _P.BILL_APPROVE, _P.BILL_PAY,
        _P.DOC_INTAKE, _P.DOC_MANAGE, _P.BANK_RECONCILE, _P.DATA_EXPORT, _P.STOCK_COUNT,
        _P.OFFICE_ASK, _P.OFFICE_STAFF, _P.OFFICE_BUDGET, _P.CONTRACT_MANAGE, _P.ALLOCATION_RUN,
    }),
    Role.CLERK: frozenset({
        _P.READ, _P.CATALOG_MANAGE, _P.CUSTOMER_MANAGE, _P.ORDER_MANAGE, _P.ORDER_PAY,
        _P.ORDER_SHIP, _P.ORDER_RETURN, _P.SUPPLIER_MANAGE, _P.PURCHASE_MANAGE,
        _P.PURCHASE_RECEIVE, _P.BILL_ENTER, _P.DOC_INTAKE, _P.DOC_MANAGE,
        _P.OFFICE_ASK, _P.OFFICE_APPROVE, _P.OFFICE_STAFF, _P.EQUIPMENT_MANAGE, _P.CONTRACT_MANAGE,
    }),
    Role.WAREHOUSE: frozenset({
        _P.READ, _P.WAREHOUSE_MANAGE, _P.STOCK_MOVE, _P.STOCK_COUNT, _P.ORDER_SHIP,
        _P.ORDER_RETURN, _P.PURCHASE_RECEIVE, _P.DOC_INTAKE,
        _P.OFFICE_ASK, _P.EQUIPMENT_MANAGE,
    }),
    # a viewer changes no record of the shop's, but may ask for paper and tea like anyone in the
    # company: a request commits nothing until the office manager approves it
    Role.VIEWER: frozenset({_P.READ, _P.OFFICE_ASK}),
}

#: What each permission lets a user do, in words (for refusals and help; marked for the catalogue,
#: translated where shown).
DESCRIPTIONS: dict[Perm, str] = {
    _P.READ: N_("read the shop's records"),
    _P.USER_MANAGE: N_("manage users"),
    _P.AUDIT_READ: N_("read the audit trail"),
    _P.DB_ADMIN: N_("administer the database"),
    _P.DB_CHECK: N_("check the database"),
    _P.SETTINGS: N_("change the shop's settings"),
    _P.CATALOG_MANAGE: N_("manage products"),
    _P.WAREHOUSE_MANAGE: N_("manage warehouses"),
    _P.STOCK_MOVE: N_("move stock"),
    _P.STOCK_COUNT: N_("count stock"),
    _P.LEDGER_POST: N_("post journal entries"),
    _P.LEDGER_LOCK: N_("set the lock date"),
    _P.LEDGER_REOPEN: N_("move the lock date back (reopen a closed period)"),
    _P.ACCOUNTS_MANAGE: N_("manage accounts and departments"),
    _P.CUSTOMER_MANAGE: N_("manage customers"),
    _P.ORDER_MANAGE: N_("manage orders"),
    _P.ORDER_PAY: N_("take order payments"),
    _P.ORDER_SHIP: N_("ship orders"),
    _P.ORDER_RETURN: N_("take returns"),
    _P.SUPPLIER_MANAGE: N_("manage suppliers"),
    _P.PURCHASE_MANAGE: N_("manage purchase orders"),
    _P.PURCHASE_RECEIVE: N_("receive purchases"),
    _P.BILL_ENTER: N_("enter supplier bills"),
    _P.BILL_APPROVE: N_("approve supplier bills"),
    _P.BILL_PAY: N_("pay supplier bills"),
    _P.DOC_INTAKE: N_("register documents"),
    _P.DOC_MANAGE: N_("file and link documents"),
    _P.BANK_RECONCILE: N_("reconcile bank statements"),
    _P.DATA_IMPORT: N_("import data"),
    _P.DATA_EXPORT: N_("export data"),
    _P.OFFICE_ASK: N_("ask for supplies"),
    _P.OFFICE_APPROVE: N_("approve supply requests"),
    _P.OFFICE_STAFF: N_("keep the staff list"),
    _P.OFFICE_BUDGET: N_("set department budgets"),
    _P.EQUIPMENT_MANAGE: N_("manage the equipment register"),
    _P.CONTRACT_MANAGE: N_("manage contracts"),
    _P.ALLOCATION_RUN: N_("allocate costs between departments"),
}


def allowed(role: str | Role, perm: Perm) -> bool:
    """Whether ``role`` holds ``perm``. Unknown roles hold nothing."""
    try:
        return perm in MATRIX[Role(role)]
    except ValueError:
        return False
