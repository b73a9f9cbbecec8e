"""Every role against every permission, from a table written independently of the matrix."""

import pytest

from boclerk.domain.permissions import MATRIX, Perm, allowed
from boclerk.domain.users import Role

A, C, K, W, V = "admin", "accountant", "clerk", "warehouse", "viewer"

EXPECTED: dict[str, set[str]] = {
    "read": {A, C, K, W, V},
    "user.manage": {A},
    "audit.read": {A, C},
    "db.admin": {A},
    "db.check": {A, C},
    "settings.manage": {A},
    "catalog.manage": {A, K},
    "warehouse.manage": {A, W},
    "stock.move": {A, W},
    "stock.count": {A, C, W},
    "ledger.post": {A, C},
    "ledger.lock": {A},
    "ledger.reopen": {A},
    "accounts.manage": {A, C},
    "customer.manage": {A, K},
    "order.manage": {A, K},
    "order.pay": {A, C, K},
    "order.ship": {A, K, W},
    "order.return": {A, K, W},
    "supplier.manage": {A, C, K},
    "purchase.manage": {A, K},
    "purchase.receive": {A, K, W},
    "bill.enter": {A, C, K},
    "bill.approve": {A, C},
    "bill.pay": {A, C},
    "doc.intake": {A, C, K, W},
    "doc.manage": {A, C, K},
    "bank.reconcile": {A, C},
    "data.import": {A},
    "data.export": {A, C},
    "office.ask": {A, C, K, W, V},
    "office.approve": {A, K},
    "office.staff": {A, C, K},
    "office.budget": {A, C},
    "equipment.manage": {A, K, W},
    "contract.manage": {A, C, K},
    "allocation.run": {A, C},
}


def test_table_covers_every_permission():
    assert set(EXPECTED) == {p.value for p in Perm}
    assert set(MATRIX) == set(Role)


@pytest.mark.parametrize("perm", sorted(EXPECTED))
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_role_permission(role, perm):
    assert allowed(role, Perm(perm)) == (role in EXPECTED[perm])


def test_unknown_role_holds_nothing():
    assert not any(allowed("boss", p) for p in Perm)
