"""The accounting of the whole store, in one place.

One function per business event. Each returns the lines of one journal entry: account
roles (see :class:`~boclerk.domain.ledger.AccountRole`), signed amounts in minor units
(debit > 0, credit < 0) and the department that carries profit-and-loss lines. The
services call these and hand the lines to :func:`boclerk.services.ledger.book.post`;
nothing else in boclerk decides which accounts an event touches.
"""

from __future__ import annotations

from boclerk.domain.ledger import AccountRole as R
from boclerk.services.ledger.book import Line

WAREHOUSE = "WH"
SALES = "SALES"
PURCHASING = "PURCH"
ACCOUNTING = "ACCT"


def _pair(debit: str, credit: str, amount: int, *, debit_dept: str | None = None,
          credit_dept: str | None = None) -> list[Line]:
    return [Line(debit, amount, debit_dept), Line(credit, -amount, credit_dept)]


# -- stock ----------------------------------------------------------------------

def stock_receipt(value: int) -> list[Line]:
    """Goods received without a purchase order (to be billed later).

    Dr Inventory, Cr Goods received not invoiced.
    """
    return _pair(R.INVENTORY, R.GRNI, value)


def opening_stock(value: int) -> list[Line]:
    """Stock a shop already had when it started keeping its books in boclerk.

    Dr Inventory, Cr Opening balances.
    """
    return _pair(R.INVENTORY, R.OPENING_BALANCES, value)


def stock_gain(value: int) -> list[Line]:
    """Stock found (a positive adjustment): Dr Inventory, Cr Inventory gains (warehouse)."""
    return _pair(R.INVENTORY, R.INVENTORY_GAIN, value, credit_dept=WAREHOUSE)


def stock_loss(value: int) -> list[Line]:
    """Stock lost, damaged or written off: Dr Shrinkage (warehouse), Cr Inventory."""
    return _pair(R.SHRINKAGE, R.INVENTORY, value, debit_dept=WAREHOUSE)


def stocktake_difference(gain: int, loss: int) -> list[Line]:
    """A posted count: its gains and its losses, each at moving-average cost."""
    return stock_gain(gain) + stock_loss(loss)


# -- sales (order to cash) --------------------------------------------------------

def customer_payment(amount: int, *, method_account: str, shipped_unpaid: int) -> list[Line]:
    """Money in for an order. What settles shipped-but-unpaid goods clears receivables;
    the rest is an advance until the goods ship.

    Dr Bank/Cash/Card, Cr Accounts receivable and/or Customer advances.
    """
    to_receivable = min(amount, max(shipped_unpaid, 0))
    lines = [Line(method_account, amount)]
    if to_receivable:
        lines.append(Line(R.RECEIVABLE, -to_receivable))
    if amount - to_receivable:
        lines.append(Line(R.CUSTOMER_ADVANCES, -(amount - to_receivable)))
    return lines


def customer_refund(amount: int, *, method_account: str) -> list[Line]:
    """Money back to a customer out of what they have paid ahead (or been credited by a
    return): Dr Customer advances, Cr Bank/Cash/Card."""
    return _pair(R.CUSTOMER_ADVANCES, method_account, amount)


def sale_shipment(*, net: int, vat: int, cost: int, from_advances: int) -> list[Line]:
    """Goods (and charged services) leave for the customer.

    Revenue and VAT are recognised: Dr Customer advances (what was prepaid) and
    Accounts receivable (the rest), Cr Sales revenue (sales) and VAT payable; cost of
    goods sold at moving average: Dr COGS (sales), Cr Inventory.
    """
    gross = net + vat
    advances = min(gross, max(from_advances, 0))
    lines = []
    if advances:
        lines.append(Line(R.CUSTOMER_ADVANCES, advances))
    if gross - advances:
        lines.append(Line(R.RECEIVABLE, gross - advances))
    lines += [Line(R.SALES, -net, SALES), Line(R.VAT_PAYABLE, -vat)]
    lines += _pair(R.COGS, R.INVENTORY, cost, debit_dept=SALES)
    return lines


def sale_return(*, net: int, vat: int, cost_back: int, damaged_cost: int, to_receivable: int) -> list[Line]:
    """Shipped goods come back. Revenue and VAT are reversed (Dr Sales returns, Dr VAT
    payable); the customer's credit first reduces what they still owe (Cr Accounts
    receivable), the rest is owed back to them (Cr Customer advances). Goods fit to sell
    go back into stock at their cost (Dr Inventory, Cr COGS); damaged ones are written
    off at that cost (Dr Shrinkage, Cr COGS)."""
    gross = net + vat
    receivable = min(gross, max(to_receivable, 0))
    lines = [Line(R.SALES_RETURNS, net, SALES), Line(R.VAT_PAYABLE, vat)]
    if receivable:
        lines.append(Line(R.RECEIVABLE, -receivable))
    if gross - receivable:
        lines.append(Line(R.CUSTOMER_ADVANCES, -(gross - receivable)))
    lines += _pair(R.INVENTORY, R.COGS, cost_back, credit_dept=SALES)
    lines += _pair(R.SHRINKAGE, R.COGS, damaged_cost, debit_dept=WAREHOUSE, credit_dept=SALES)
    return lines


# -- purchases (procure to pay) -------------------------------------------------------

def goods_received(value: int) -> list[Line]:
    """Goods received against a purchase order, at the PO price.

    Dr Inventory, Cr Goods received not invoiced.
    """
    return _pair(R.INVENTORY, R.GRNI, value)


def consumables_received(value: int, *, expense_account: str, department: str | None) -> list[Line]:
    """Office supplies and materials received: straight to their expense and department.

    Dr the product's expense account, Cr Goods received not invoiced.
    """
    return _pair(expense_account, R.GRNI, value, debit_dept=department or ACCOUNTING)


def supplier_bill(*, grni: int, variance: int, vat: int, total: int) -> list[Line]:
    """A matched supplier bill: clears what was received (GRNI at PO price), books the
    price difference within tolerance, and recognises input VAT and the payable.

    Dr GRNI, Dr/Cr Purchase price differences, Dr VAT receivable, Cr Accounts payable.
    """
    lines = [Line(R.GRNI, grni), Line(R.VAT_RECEIVABLE, vat), Line(R.PAYABLE, -total)]
    if variance:
        lines.append(Line(R.PURCHASE_VARIANCE, variance, PURCHASING))
    return lines


def supplier_note(*, variance: int, vat: int, total: int) -> list[Line]:
    """A supplier's credit note (amounts < 0) or debit note (> 0) against a posted bill: the
    payable falls (rises) by its total, input VAT by what of it is recovered, and the rest is a
    purchase price difference (the goods stay in stock at the cost they came in at).

    Credit note: Dr Accounts payable, Cr VAT receivable, Cr Purchase price differences;
    a debit note the other way round.
    """
    lines = [Line(R.PAYABLE, -total), Line(R.VAT_RECEIVABLE, vat)]
    if variance:
        lines.append(Line(R.PURCHASE_VARIANCE, variance, PURCHASING))
    return lines


def supplier_payment(amount: int, *, paid: int | None = None, bank: str = R.BANK) -> list[Line]:
    """Paying a supplier: Dr Accounts payable, Cr Bank.

    A bill in a foreign currency clears ``amount`` of the payable (at the bill's rate) while
    ``paid`` leaves the bank (at the payment day's rate): the difference is an exchange loss
    (Dr Exchange losses) or gain (Cr Exchange gains), in the accounting department.
    """
    paid = amount if paid is None else paid
    lines = [Line(R.PAYABLE, amount), Line(bank, -paid)]
    if paid > amount:
        lines.append(Line(R.FX_LOSS, paid - amount, ACCOUNTING))
    elif paid < amount:
        lines.append(Line(R.FX_GAIN, paid - amount, ACCOUNTING))
    return lines


def bank_fee(amount: int, *, bank: str | None = None) -> list[Line]:
    """A fee the bank took: Dr Bank fees (accounting), Cr Bank (or the account in the fee's currency)."""
    return _pair(R.BANK_FEES, bank or R.BANK, amount, debit_dept=ACCOUNTING)


# -- the office: equipment and internal deals between departments -------------------------------------

def capitalisation(cost: int, *, expense_account: str, department: str | None) -> list[Line]:
    """An item of equipment at or above the capitalisation threshold becomes a fixed asset: what
    its purchase booked as an expense (of the department that bought it) moves to the asset.

    Dr Fixed assets, Cr the expense its receipt was booked to.
    """
    return _pair(R.FIXED_ASSETS, expense_account, cost, credit_dept=department or ACCOUNTING)


def depreciation(charges: list[tuple[int, str]]) -> list[Line]:
    """A month's straight-line depreciation of fixed assets, each on its department.

    Dr Depreciation (per department), Cr Accumulated depreciation.
    """
    per_dept: dict[str, int] = {}
    for amount, dept in charges:
        per_dept[dept] = per_dept.get(dept, 0) + amount
    lines = [Line(R.DEPRECIATION, amount, dept) for dept, amount in sorted(per_dept.items())]
    return lines + [Line(R.ACCUMULATED_DEPRECIATION, -sum(per_dept.values()))]


def asset_disposal(*, cost: int, depreciated: int, department: str) -> list[Line]:
    """A fixed asset written off: its depreciation to date and what was left of it (a loss of
    its department) clear its cost.

    Dr Accumulated depreciation, Dr Disposals of fixed assets, Cr Fixed assets.
    """
    lines = [Line(R.ACCUMULATED_DEPRECIATION, depreciated)]
    if cost - depreciated:
        lines.append(Line(R.ASSET_DISPOSALS, cost - depreciated, department))
    return lines + [Line(R.FIXED_ASSETS, -cost)]


def equipment_service(cost: int, *, department: str, paid_from: str) -> list[Line]:
    """A service or repair of equipment paid at once: Dr Repairs and maintenance (the item's
    department), Cr Bank or Cash."""
    return _pair(R.REPAIRS, paid_from, cost, debit_dept=department)


def allocation(account: str, *, source: str | None, shares: list[tuple[str, int]]) -> list[Line]:
    """A shared cost (or revenue) spread over departments: each department's share on the same
    account, out of where it sat (the source department, or no department). The company's
    total is unchanged; only its departments differ.

    Dr the account per department, Cr the account of the source (for an expense; the other way
    round for income, where the amounts come in negative).
    """
    lines = [Line(account, amount, dept) for dept, amount in shares]
    return lines + [Line(account, -sum(amount for _, amount in shares), source)]


def service_charge(fee: int, *, account: str, provider: str, receiver: str) -> list[Line]:
    """An internal service agreement's monthly fee: the receiving department bears it, the
    providing one is relieved of it. Dr the account (receiver), Cr the account (provider)."""
    return _pair(account, account, fee, debit_dept=receiver, credit_dept=provider)
