"""The one permission matrix: which role may do what.

Services consult :func:`allowed`; faces only hide what it forbids. Every role may read
(the viewer sees everything read-only); writes are granted per role below.
"""

from __future__ import annotations

from enum import StrEnum

from boclerk.domain.roles import Role


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

#: What each permission lets a user do, in words (for refusals and help).
DESCRIPTIONS: dict[Perm, str] = {
    _P.READ: "read the shop's records",
    _P.USER_MANAGE: "manage users",
    _P.AUDIT_READ: "read the audit trail",
    _P.DB_ADMIN: "administer the database",
    _P.DB_CHECK: "check the database",
    _P.SETTINGS: "change the shop's settings",
    _P.CATALOG_MANAGE: "manage products",
    _P.WAREHOUSE_MANAGE: "manage warehouses",
    _P.STOCK_MOVE: "move stock",
    _P.STOCK_COUNT: "count stock",
    _P.LEDGER_POST: "post journal entries",
    _P.LEDGER_LOCK: "set the lock date",
    _P.LEDGER_REOPEN: "move the lock date back (reopen a closed period)",
    _P.ACCOUNTS_MANAGE: "manage accounts and departments",
    _P.CUSTOMER_MANAGE: "manage customers",
    _P.ORDER_MANAGE: "manage orders",
    _P.ORDER_PAY: "take order payments",
    _P.ORDER_SHIP: "ship orders",
    _P.ORDER_RETURN: "take returns",
    _P.SUPPLIER_MANAGE: "manage suppliers",
    _P.PURCHASE_MANAGE: "manage purchase orders",
    _P.PURCHASE_RECEIVE: "receive purchases",
    _P.BILL_ENTER: "enter supplier bills",
    _P.BILL_APPROVE: "approve supplier bills",
    _P.BILL_PAY: "pay supplier bills",
    _P.DOC_INTAKE: "register documents",
    _P.DOC_MANAGE: "file and link documents",
    _P.BANK_RECONCILE: "reconcile bank statements",
    _P.DATA_IMPORT: "import data",
    _P.DATA_EXPORT: "export data",
    _P.OFFICE_ASK: "ask for supplies",
    _P.OFFICE_APPROVE: "approve supply requests",
    _P.OFFICE_STAFF: "keep the staff list",
    _P.OFFICE_BUDGET: "set department budgets",
    _P.EQUIPMENT_MANAGE: "manage the equipment register",
    _P.CONTRACT_MANAGE: "manage contracts",
    _P.ALLOCATION_RUN: "allocate costs between departments",
}


def allowed(role: str | Role, perm: Perm) -> bool:
    """Whether ``role`` holds ``perm``. Unknown roles hold nothing."""
    try:
        return perm in MATRIX[Role(role)]
    except ValueError:
        return False
