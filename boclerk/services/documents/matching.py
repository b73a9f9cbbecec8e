"""Proposals for bank lines: which order, bill or fee a payment most likely is.

* money in  -> a customer order: its number in the purpose, else the amount due on an
  open order of the customer whose name the payer carries;
* money out -> a supplier bill: its number (or its PO's) in the purpose, else the bill of
  the supplier with the payee's tax id (or the supplier's own invoice number in the
  purpose) open for that amount; bank fees -> the bank fees account.

Every line that gets no proposal gets the reason why, in a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import RECORDS
from boclerk.domain.documents import BankLine, BankStatement, LineStatus, MatchKind
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.purchasing import BillStatus, PurchaseOrder, SupplierBill
from boclerk.domain.sales import OrderStatus, SalesOrder
from boclerk.i18n import N_
from boclerk.money import currency_decimals, decimal_str
from boclerk.services.documents.register import words
from boclerk.services.purchasing.hold_words import read_hold
from boclerk.services.shown import money as shop_money
from boclerk.services.shown import said

SO = re.compile(r"SO-\d{4}-\d{6}", re.IGNORECASE)
BILL = re.compile(r"BILL-\d{4}-\d{6}", re.IGNORECASE)
PO = re.compile(r"PO-\d{4}-\d{6}", re.IGNORECASE)
_FEE = re.compile(r"комисси|\bfees?\b|geb(ü|ue)hr|\bcharges?\b|обслуживани", re.IGNORECASE)
_LEGAL_FORMS = {"ооо", "оао", "зао", "пао", "ао", "ип", "llc", "ltd", "inc", "gmbh", "ag", "sa", "sas", "bv", "oy"}


def money(uow: UnitOfWork, minor: int) -> str:
    """decimal_str's text ("1234.50", "-0.05"), written directly for plain ints (what the audit keeps of a
    line; a reason says amounts as the shop's locale writes them, shop_money)."""
    decimals = uow.cache.get(("decimals", uow.currency))
    if decimals is None:
        decimals = uow.cache[("decimals", uow.currency)] = currency_decimals(uow.currency)
    if type(minor) is not int:
        return decimal_str(minor, uow.currency)
    sign, whole = ("-" if minor < 0 else ""), abs(minor)
    if not decimals:
        return f"{sign}{whole}"
    unit = 10 ** decimals
    return f"{sign}{whole // unit}.{whole % unit:0{decimals}d}"


def _name_words(name: str) -> set[str]:
    return {w for w in words(name) if w not in _LEGAL_FORMS}


def set_state(line: BankLine, status: LineStatus, reason: str, kind: MatchKind | None = None,
         order_id: int | None = None, bill_id: int | None = None) -> None:
    line.status, line.reason = status.value, reason[:500]
    line.match_kind = kind.value if kind else None
    line.order_id, line.bill_id = order_id, bill_id


@dataclass(frozen=True)
class Facts:
    """What the rules read of a bank line (an ORM row or a line about to be stored)."""

    id: int | None
    amount: int
    purpose: str
    reference: str
    counterparty_name: str
    counterparty_tax_id: str
    currency: str


@dataclass(frozen=True)
class Proposal:
    """What a line's state becomes: proposed with its match, or unmatched with the reason."""

    status: LineStatus
    reason: str
    kind: MatchKind | None = None
    order_id: int | None = None
    bill_id: int | None = None


class Lookups:
    """The records the rules look at, one query at a time (a line or two at a time).

    :class:`boclerk.services.documents.matching_sets.SetLookups` answers the same questions
    for a whole statement from a few queries over all its lines at once.
    """

    def __init__(self, uow: UnitOfWork):
        self.uow = uow
        self._due: dict[int, int] = {}

    def order_by_number(self, number: str) -> SalesOrder | None:
        return self.uow.s.scalars(select(SalesOrder).where(SalesOrder.number == number)).first()

    def amount_due(self, o: SalesOrder) -> int:
        from boclerk.services.sales.orders import amount_due

        return amount_due(self.uow, o)

    def orders_due(self, amount: int) -> list[tuple[SalesOrder, Customer]]:
        return [tuple(r) for r in self.uow.s.execute(
            select(SalesOrder, Customer).join(Customer, Customer.id == SalesOrder.customer_id).where(
                *OPEN_ORDER, SalesOrder.total - SalesOrder.paid == amount).order_by(SalesOrder.id)).all()]

    def bill_by_number(self, number: str) -> SupplierBill | None:
        return self.uow.s.scalars(select(SupplierBill).where(SupplierBill.number == number)).first()

    def po_by_number(self, number: str) -> PurchaseOrder | None:
        return self.uow.s.scalars(select(PurchaseOrder).where(PurchaseOrder.number == number)).first()

    def bills_of_po(self, po_id: int) -> list[SupplierBill]:
        return _open_bills(self.uow, SupplierBill.po_id == po_id)

    def supplier_by_tax_id(self, tax_id: str) -> Supplier | None:
        return self.uow.s.scalars(select(Supplier).where(Supplier.tax_id == tax_id)).first()

    def open_bills_of_supplier(self, supplier_id: int) -> list[SupplierBill]:
        return _open_bills(self.uow, SupplierBill.supplier_id == supplier_id, SupplierBill.status.in_(OPEN_BILL))

    def open_bills_by_refs(self, refs: list[str]) -> list[SupplierBill]:
        return _open_bills(self.uow, SupplierBill.supplier_ref.in_(refs), SupplierBill.status.in_(OPEN_BILL))

    def bill_currency(self, bill_id: int) -> str | None:
        return self.uow.s.get(SupplierBill, bill_id).currency


OPEN_ORDER = (SalesOrder.status != OrderStatus.CANCELLED.value, SalesOrder.historical.is_(False))
OPEN_BILL = (BillStatus.POSTED.value, BillStatus.HELD.value)


def facts(uow: UnitOfWork, line: BankLine) -> Facts:
    currency = uow.s.get(BankStatement, line.statement_id).currency
    return Facts(line.id, line.amount, line.purpose, line.reference, line.counterparty_name,
                 line.counterparty_tax_id, currency)


def propose(uow: UnitOfWork, line: BankLine) -> None:
    """Find the likeliest match for an unmatched line, or say why there is none."""
    p = proposal(uow, Lookups(uow), facts(uow, line))
    reason = unmatched_reason(uow, p.reason, line.id) if p.status == LineStatus.UNMATCHED else p.reason
    set_state(line, p.status, reason, p.kind, p.order_id, p.bill_id)
    uow.s.flush()


def proposal(uow: UnitOfWork, look: Lookups, line: Facts) -> Proposal:
    """The rules: what ``line`` most likely pays, or why nothing matches (the reason is not yet cut to size)."""
    text = f"{line.purpose} {line.reference}"
    currency = line.currency
    if currency != uow.currency and line.amount > 0:
        found = said(uow, N_("Money in in {currency}: orders are paid in {currency2}; post it by hand."), currency=currency, currency2=uow.currency)
    elif line.amount > 0:
        found = _propose_order(uow, look, line, text)
    elif line.amount < 0:
        found = _propose_bill(uow, look, line, text)
        if not isinstance(found, tuple) and not (BILL.search(text) or PO.search(text)) \
                and _FEE.search(f"{text} {line.counterparty_name}"):
            found = (MatchKind.FEE, None, None, said(uow, N_("a bank fee (by the words of the purpose)")))
    else:
        found = said(uow, N_("The line is for zero."))
    if isinstance(found, tuple) and found[2] is not None:  # a bill is paid from an account in its own currency
        bill_currency = look.bill_currency(found[2]) or uow.currency
        if bill_currency != currency:
            found = said(uow, N_("No match: the bill is in {bill_currency}, the line in {currency}."), bill_currency=bill_currency, currency=currency)
    if isinstance(found, tuple):
        kind, order_id, bill_id, why = found
        return Proposal(LineStatus.PROPOSED, said(uow, N_("Proposed: ")) + f"{why}.", kind, order_id, bill_id)
    return Proposal(LineStatus.UNMATCHED, found or said(uow, N_("Nothing matches.")))


def unmatched_reason(uow: UnitOfWork, reason: str, line_id: int | None) -> str:
    """An unmatched line's reason with what to do next, naming the line's own number."""
    if line_id is not None and "rematch" not in reason:
        reason = reason.removesuffix(said(uow, N_("; match the line by hand."))).rstrip(".") + (
            said(uow, N_(". Match it by hand (boclerk bank match {line_id} SO-..., BILL-... or fee) or set it aside (boclerk bank ignore {line_id})."), line_id=line_id))
    return reason[:500]


def _propose_order(uow: UnitOfWork, look: Lookups, line: Facts, text: str):
    amount = line.amount
    reasons = []
    for number in dict.fromkeys(n.upper() for n in SO.findall(text)):
        o = look.order_by_number(number)
        if o is None:
            reasons.append(said(uow, N_("the purpose names {number}, which is not an order"), number=number))
        elif o.status == OrderStatus.CANCELLED.value:
            reasons.append(said(uow, N_("{number} is cancelled"), number=number))
        elif amount > (due := look.amount_due(o)):
            reasons.append(said(uow, N_("{number} has {amount} left to pay, the line brings {amount2}"), number=number, amount=shop_money(uow, max(due, 0)), amount2=shop_money(uow, amount)))
        else:
            return MatchKind.ORDER, o.id, None, said(uow, N_("order {number} named in the purpose"), number=number)
    if reasons:
        return said(uow, N_("No match: ")) + "; ".join(reasons) + "."
    payer = _name_words(line.counterparty_name)
    candidates = look.orders_due(amount)
    mine = [(o, c) for o, c in candidates if (cw := _name_words(c.name)) and cw <= payer and look.amount_due(o) == amount]
    if len(mine) == 1:
        o, c = mine[0]
        return MatchKind.ORDER, o.id, None, said(uow, N_("order {number} of {code} is due exactly this amount from this payer"), number=o.number, code=c.code)
    if mine:
        return (said(uow, N_("No single match: {names} are all due {amount} from {code}; match the line by hand."), names=', '.join((o.number for o, _ in mine)), amount=shop_money(uow, amount), code=mine[0][1].code))
    shown = said(uow, N_(" ({names} of other customers)"), names=', '.join((o.number for o, _ in candidates[:3]))) if candidates else ""
    return (said(uow, N_("No match: the purpose names no order (SO-...) and no open order of a customer named like '{counterparty_name}' is due {amount}{shown}."), counterparty_name=line.counterparty_name[:60], amount=shop_money(uow, amount), shown=shown))


class Ambiguous(str):
    """A reason saying that more than one record fits the line: matching stops there (a later
    rule must not pick one of them by a weaker sign), in whatever language the reason is."""


def _open_bills(uow: UnitOfWork, *conditions) -> list[SupplierBill]:
    return list(uow.s.scalars(select(SupplierBill).where(*conditions).order_by(SupplierBill.id)))


def owed(bill: SupplierBill) -> int:
    """What a bill still owes: its total, changed by the supplier's credit and debit notes, less what was paid."""
    return bill.total + bill.noted - bill.paid


def _bill_problem(uow: UnitOfWork, bill: SupplierBill, amount: int) -> str | None:
    if bill.status == BillStatus.HELD.value:
        return said(uow, N_("{number} is held as an exception ({hold_reason}); approve it, then run bank rematch"), number=bill.number, hold_reason=read_hold(uow, bill.hold_reason)[:120])
    if bill.status != BillStatus.POSTED.value:
        return said(uow, N_("{number} is {state}"), number=bill.number, state=said(uow, RECORDS["bill"].state_message(bill.status)))
    if amount > owed(bill):
        return said(uow, N_("{number} has {amount} left to pay, the line pays {amount2}"), number=bill.number, amount=shop_money(uow, owed(bill)), amount2=shop_money(uow, amount))
    return None


def supplier_refs(text: str) -> list[str]:
    """The words of a purpose that may be a supplier's own invoice number (at most 200, sorted)."""
    tokens = {t.strip(".,;:()«»\"'") for t in text.split()} - {""}
    return sorted(tokens)[:200]


def _propose_bill(uow: UnitOfWork, look: Lookups, line: Facts, text: str):
    amount = -line.amount
    reasons = []
    for number in dict.fromkeys(n.upper() for n in BILL.findall(text)):
        bill = look.bill_by_number(number)
        problem = said(uow, N_("the purpose names {number}, which is not a bill"), number=number) if bill is None else _bill_problem(uow, bill, amount)
        if problem is None:
            return MatchKind.BILL, None, bill.id, said(uow, N_("bill {number} named in the purpose"), number=number)
        reasons.append(problem)
    for number in dict.fromkeys(n.upper() for n in PO.findall(text)):
        po = look.po_by_number(number)
        bills = look.bills_of_po(po.id) if po else []
        fits = [b for b in bills if _bill_problem(uow, b, amount) is None]
        exact = [b for b in fits if owed(b) == amount]
        pick = exact[0] if len(exact) == 1 else (fits[0] if len(fits) == 1 else None)
        if pick:
            return MatchKind.BILL, None, pick.id, said(uow, N_("bill {number} of {number2} named in the purpose"), number=pick.number, number2=number)
        reasons.append(said(uow, N_("{number} has no single open bill for {amount}"), number=number, amount=shop_money(uow, amount)) if po else
                       said(uow, N_("the purpose names {number}, which is not a purchase order"), number=number))
    tax_id = tax_id_key(line.counterparty_tax_id)
    sup = look.supplier_by_tax_id(tax_id) if tax_id else None
    if sup is not None:
        found = _among(uow, look.open_bills_of_supplier(sup.id), text, amount, said(uow, N_("of {code} (tax id {tax_id})"), code=sup.code, tax_id=tax_id))
        if isinstance(found, (tuple, Ambiguous)):
            return found
        reasons.append(found or said(uow, N_("{code} (tax id {tax_id}) has no bill open for {amount}"), code=sup.code, tax_id=tax_id, amount=shop_money(uow, amount)))
    else:  # no supplier by tax id: the supplier's own invoice number in the purpose
        refs = supplier_refs(text)
        if refs:
            bills = look.open_bills_by_refs(refs)
            found = _among(uow, bills, text, amount, said(uow, N_("by the supplier's invoice number"))) if bills else None
            if isinstance(found, (tuple, Ambiguous)):
                return found
            if found:
                reasons.append(found)
    if reasons:
        return said(uow, N_("No match: ")) + "; ".join(dict.fromkeys(reasons)) + "."
    if not tax_id:
        return (said(uow, N_("No match: the purpose names no bill or purchase order, and the payee's tax id is not given, so no supplier's bill open for {amount} can be found by it."), amount=shop_money(uow, amount)))
    return (said(uow, N_("No match: the purpose names no bill or purchase order, and no supplier with tax id {tax_id} has a bill open for {amount}."), tax_id=tax_id, amount=shop_money(uow, amount)))


def _among(uow: UnitOfWork, bills: list[SupplierBill], text: str, amount: int, whose: str):
    """The one bill of ``bills`` this payment is for: a proposal, an :class:`Ambiguous` reason, another reason, or ''."""
    payable = [b for b in bills if _bill_problem(uow, b, amount) is None]
    named = [b for b in payable if b.supplier_ref and re.search(rf"(?<!\w){re.escape(b.supplier_ref)}(?!\w)", text)]
    exact = [b for b in payable if owed(b) == amount]
    for group, why in (([b for b in named if b in exact], said(uow, N_("its invoice number in the purpose and the amount"))),
                       (named, said(uow, N_("its invoice number in the purpose"))), (exact, said(uow, N_("the amount")))):
        if len(group) == 1:
            return MatchKind.BILL, None, group[0].id, said(uow, N_("bill {number} {whose}, by {why}"), number=group[0].number, whose=whose, why=why)
    if len(exact) > 1:
        return Ambiguous(said(uow, N_("No single match: {names} are all open for {amount}; match the line by hand."),
                              names=', '.join(b.number for b in exact), amount=shop_money(uow, amount)))
    held = [p for b in bills if owed(b) == amount and (p := _bill_problem(uow, b, amount))]
    return held[0] if held else ""


def tax_id_key(value: str) -> str:
    """A tax id as suppliers keep it: digits only (a country prefix like RU dropped)."""
    key = "".join(value.split()).upper()
    return key[2:] if len(key) > 2 and key[:2].isalpha() and key[2:].isdigit() else key
